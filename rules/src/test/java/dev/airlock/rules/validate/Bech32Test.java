package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Bech32Test {
  private static final long SEED = 0xBEC3L;
  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private final Checksum checksum = new Bech32();

  @Test
  void verifiesTheValidStringsOfBip173() {
    for (String s :
        new String[] {
          "A12UEL5L",
          "a12uel5l",
          "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
          "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
          "?1ezyfcl"
        }) {
      assertThat(checksum.verifies(s)).as(s).isTrue();
    }
  }

  @Test
  void rejectsTheInvalidChecksumsOfBip173() {
    assertThat(checksum.verifies("A1G7SGD8")).isFalse();
    assertThat(checksum.covers("A12UeL5L")).as("mixed case").isFalse();
    assertThat(checksum.covers("pzry9x0s0muk")).as("no separator").isFalse();
  }

  @Test
  void verifiesGeneratedKeysAndRejectsEverySingleCharacterChange() {
    Random random = new Random(SEED);
    for (int i = 0; i < 100; i++) {
      String hrp = i % 2 == 0 ? "nsec" : "age-secret-key-";
      String key = encode(hrp, random);
      String shown = i % 2 == 0 ? key : key.toUpperCase(Locale.ROOT);
      assertThat(checksum.verifies(shown)).as("key %d", i).isTrue();
      int at = hrp.length() + 1 + random.nextInt(key.length() - hrp.length() - 1);
      char other = CHARSET.charAt((CHARSET.indexOf(key.charAt(at)) + 1 + random.nextInt(31)) % 32);
      String changed = key.substring(0, at) + other + key.substring(at + 1);
      assertThat(checksum.verifies(changed)).as("key %d changed at %d", i, at).isFalse();
    }
  }

  /** 32 random bytes as Bech32 data under {@code hrp}, with BIP-173's reference polymod. */
  private static String encode(String hrp, Random random) {
    int[] data = new int[52];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextInt(32);
    }
    data[51] &= 0x10; // 256 bits in 52 five-bit groups leave 4 padding bits at zero
    int[] values = new int[hrp.length() * 2 + 1 + data.length + 6];
    int n = 0;
    for (char c : hrp.toCharArray()) {
      values[n++] = c >> 5;
    }
    values[n++] = 0;
    for (char c : hrp.toCharArray()) {
      values[n++] = c & 31;
    }
    for (int d : data) {
      values[n++] = d;
    }
    int mod = polymod(values) ^ 1;
    StringBuilder sb = new StringBuilder(hrp).append('1');
    for (int d : data) {
      sb.append(CHARSET.charAt(d));
    }
    for (int i = 0; i < 6; i++) {
      sb.append(CHARSET.charAt(mod >> 5 * (5 - i) & 31));
    }
    return sb.toString();
  }

  private static int polymod(int[] values) {
    int[] gen = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    int chk = 1;
    for (int v : values) {
      int b = chk >>> 25;
      chk = (chk & 0x1ffffff) << 5 ^ v;
      for (int i = 0; i < 5; i++) {
        chk ^= ((b >>> i) & 1) != 0 ? gen[i] : 0;
      }
    }
    return chk;
  }
}
