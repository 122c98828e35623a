package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PypiMacaroonTest {
  private static final long SEED = 0x9191L;
  private final Checksum checksum = new PypiMacaroon();

  /** A version-2 macaroon as PyPI issues them: location, identifier, caveats, signature. */
  static String token(Random random, String location, int caveats) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(2);
    field(out, 1, location.getBytes(StandardCharsets.US_ASCII));
    field(out, 2, ("{\"nonce\": \"" + Long.toHexString(random.nextLong()) + "\", \"version\": 1}")
        .getBytes(StandardCharsets.US_ASCII));
    out.write(0);
    for (int i = 0; i < caveats; i++) {
      field(out, 2, ("{\"permissions\": \"user\", \"n\": " + random.nextInt(1000) + "}")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(0);
    }
    out.write(0);
    byte[] signature = new byte[32];
    random.nextBytes(signature);
    field(out, 6, signature);
    return "pypi-" + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
  }

  private static void field(ByteArrayOutputStream out, int tag, byte[] data) {
    out.write(tag);
    int n = data.length;
    while (n >= 128) {
      out.write((n & 127) | 128);
      n >>>= 7;
    }
    out.write(n);
    out.writeBytes(data);
  }

  @Test
  void verifiesWellFormedTokensForPypiAndTestPypi() {
    Random random = new Random(SEED);
    for (int i = 0; i < 50; i++) {
      String location = i % 2 == 0 ? "pypi.org" : "test.pypi.org";
      String token = token(random, location, i % 4);
      assertThat(checksum.covers(token)).as("token %d", i).isTrue();
      assertThat(checksum.verifies(token)).as("token %d", i).isTrue();
    }
  }

  @Test
  void rejectsRandomTextAfterTheRealPrefix() {
    Random random = new Random(SEED + 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < 200; i++) {
      StringBuilder s = new StringBuilder("pypi-AgEIcHlwaS5vcmc");
      for (int j = 0; j < 60 + random.nextInt(150); j++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThat(checksum.verifies(s)).as("random token %d", i).isFalse();
    }
  }

  @Test
  void rejectsTruncatedTokensAndOtherLocations() {
    Random random = new Random(SEED + 2);
    String token = token(random, "pypi.org", 1);
    assertThat(checksum.verifies(token.substring(0, token.length() - 4))).isFalse();
    assertThat(checksum.verifies(token + "AAAA")).isFalse();
    assertThat(checksum.verifies(token(random, "pypi.example", 1))).isFalse();
    assertThat(checksum.covers("pypi-")).isFalse();
  }
}
