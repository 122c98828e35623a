package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class GitlabRoutableCrc32Test {
  private static final long SEED = 0x617AL;
  private final Checksum checksum = new GitlabRoutableCrc32();

  /** A routable token built as GitLab's generator builds it: payload, version, length, CRC. */
  static String token(Random random, String prefix) {
    byte[] secret = new byte[16];
    random.nextBytes(secret);
    String routing = "o:" + Integer.toString(random.nextInt(1 << 20), 36) + "\nu:7";
    byte[] payload = new byte[secret.length + routing.length() + 1];
    System.arraycopy(secret, 0, payload, 0, secret.length);
    byte[] r = routing.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(r, 0, payload, secret.length, r.length);
    payload[payload.length - 1] = (byte) routing.length();
    String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
    String length = Integer.toString(b64.length(), 36);
    String signed = prefix + b64 + ".01." + (length.length() < 2 ? "0" + length : length);
    CRC32 crc = new CRC32();
    crc.update(signed.getBytes(StandardCharsets.US_ASCII));
    String check = Long.toString(crc.getValue(), 36);
    return signed + "0".repeat(7 - check.length()) + check;
  }

  @Test
  void verifiesRoutableTokens() {
    Random random = new Random(SEED);
    for (String prefix : new String[] {"glpat-", "glrt-t1_"}) {
      for (int i = 0; i < 100; i++) {
        String token = token(random, prefix);
        assertThat(checksum.covers(token)).as("%s token %d", prefix, i).isTrue();
        assertThat(checksum.verifies(token)).as("%s token %d", prefix, i).isTrue();
      }
    }
  }

  @Test
  void rejectsAChangedPayloadOrChecksum() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 200; i++) {
      String token = token(random, "glpat-");
      int at = 6 + random.nextInt(token.length() - 6);
      char c = token.charAt(at);
      if (c == '.') {
        continue;
      }
      char replacement = c == 'a' ? 'b' : 'a';
      String changed = token.substring(0, at) + replacement + token.substring(at + 1);
      assertThat(checksum.verifies(changed)).as("token %d changed at %d", i, at).isFalse();
    }
  }

  @Test
  void legacyTokensWithoutAVersionAreNotCovered() {
    assertThat(checksum.covers("glpat-JpLxmpMcv5GU1HXvv2FP")).isFalse();
    assertThat(checksum.covers("glpat-JpLxmpMcv5GU1HXvv2FP.01.abc")).isFalse();
    assertThat(checksum.covers("glpat-JpLxmpMcv5GU1HXvv2FP.01.ABCDEFGHI")).isFalse();
  }
}
