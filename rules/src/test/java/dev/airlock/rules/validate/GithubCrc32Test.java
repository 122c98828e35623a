package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class GithubCrc32Test {
  private static final long SEED = 0x6817L;
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private final Checksum checksum = new GithubCrc32();

  /** A token built the way GitHub documents it, with an encoder of the test's own. */
  static String token(Random random, String prefix) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      body.append(BASE62.charAt(random.nextInt(62)));
    }
    CRC32 crc = new CRC32();
    crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
    StringBuilder check = new StringBuilder();
    for (long n = crc.getValue(); n > 0; n /= 62) {
      check.insert(0, BASE62.charAt((int) (n % 62)));
    }
    while (check.length() < 6) {
      check.insert(0, '0');
    }
    return prefix + body + check;
  }

  @Test
  void verifiesTokensWhoseTailIsTheCrcOfTheirBody() {
    Random random = new Random(SEED);
    for (String prefix : new String[] {"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"}) {
      for (int i = 0; i < 100; i++) {
        String token = token(random, prefix);
        assertThat(checksum.covers(token)).as("%s token %d", prefix, i).isTrue();
        assertThat(checksum.verifies(token)).as("%s token %d", prefix, i).isTrue();
      }
    }
  }

  @Test
  void rejectsAnySingleCharacterChange() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 200; i++) {
      String token = token(random, "ghp_");
      int at = 4 + random.nextInt(36);
      char replacement = BASE62.charAt(random.nextInt(62));
      if (replacement == token.charAt(at)) {
        continue;
      }
      String changed = token.substring(0, at) + replacement + token.substring(at + 1);
      assertThat(checksum.covers(changed)).isTrue();
      assertThat(checksum.verifies(changed)).as("token %d changed at %d", i, at).isFalse();
    }
  }

  @Test
  void coversOnlyThirtySixBase62CharactersAfterThePrefix() {
    Random random = new Random(SEED + 2);
    String token = token(random, "ghr_");
    assertThat(checksum.covers(token + "abc")).isFalse();
    assertThat(checksum.covers(token.substring(0, token.length() - 1))).isFalse();
    assertThat(checksum.covers(token.substring(0, 10) + "-" + token.substring(11))).isFalse();
    assertThat(checksum.verifies("ghp_")).isFalse();
  }
}
