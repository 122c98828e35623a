package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base58CheckTest {
  private static final long SEED = 0xB58CL;
  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private final Checksum checksum = new Base58Check();

  @Test
  void verifiesGeneratedWalletKeysAndExtendedKeys() throws Exception {
    Random random = new Random(SEED);
    for (int i = 0; i < 100; i++) {
      byte[] payload = new byte[i % 2 == 0 ? 34 : 78];
      random.nextBytes(payload);
      payload[0] = (byte) 0x80;
      String encoded = encode(payload);
      assertThat(checksum.covers(encoded)).as("value %d", i).isTrue();
      assertThat(checksum.verifies(encoded)).as("value %d", i).isTrue();
    }
  }

  @Test
  void rejectsAnySingleCharacterChange() throws Exception {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 200; i++) {
      byte[] payload = new byte[33];
      random.nextBytes(payload);
      payload[0] = (byte) 0x80;
      String encoded = encode(payload);
      int at = 1 + random.nextInt(encoded.length() - 1);
      char other = ALPHABET.charAt((ALPHABET.indexOf(encoded.charAt(at)) + 1 + random.nextInt(57)) % 58);
      String changed = encoded.substring(0, at) + other + encoded.substring(at + 1);
      assertThat(checksum.verifies(changed)).as("value %d changed at %d", i, at).isFalse();
    }
  }

  @Test
  void coversOnlyTheBase58Alphabet() {
    assertThat(checksum.covers("5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyT0")).isFalse();
    assertThat(checksum.covers("xprvIl")).isFalse();
  }

  /** Base58Check with the test's own encoder: payload, then 4 bytes of double SHA-256. */
  private static String encode(byte[] payload) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] hash = sha.digest(sha.digest(payload));
    byte[] raw = new byte[payload.length + 4];
    System.arraycopy(payload, 0, raw, 0, payload.length);
    System.arraycopy(hash, 0, raw, payload.length, 4);
    StringBuilder sb = new StringBuilder();
    BigInteger n = new BigInteger(1, raw);
    BigInteger base = BigInteger.valueOf(58);
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(base);
      sb.insert(0, ALPHABET.charAt(qr[1].intValue()));
      n = qr[0];
    }
    for (int i = 0; i < raw.length && raw[i] == 0; i++) {
      sb.insert(0, '1');
    }
    return sb.toString();
  }
}
