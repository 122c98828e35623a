package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tokens here are built in the test from JSON and random signature bytes; none was ever issued. */
class JwtTest {
  private static final long SEED = 0x1A7L;
  private final Validator jwt = new Jwt();

  @Test
  void acceptsATokenBuiltFromAJsonHeaderNamingAnAlgorithmAndAJsonPayload() {
    Random random = new Random(SEED);
    for (int i = 0; i < 50; i++) {
      String token =
          b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")
              + "."
              + b64(
                  "{\"sub\":\"user-"
                      + random.nextInt(1_000_000)
                      + "\",\"iat\":"
                      + (1_600_000_000L + random.nextInt(100_000_000))
                      + "}")
              + "."
              + randomB64(random, 32);
      assertThat(jwt.isValid(token)).as("token %d", i).isTrue();
    }
  }

  @Test
  void acceptsWhitespaceAroundTheJsonAndAnEmptySignature() {
    String token = b64("  {\"typ\":\"JWT\", \"alg\": \"none\"}\n") + "." + b64("\n{}") + ".";
    assertThat(jwt.isValid(token)).isTrue();
  }

  @Test
  void rejectsRandomBase64InEveryPart() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 200; i++) {
      String token =
          randomB64(random, 10 + random.nextInt(40))
              + "."
              + randomB64(random, 10 + random.nextInt(80))
              + "."
              + randomB64(random, 32);
      assertThat(jwt.isValid(token)).as("random token %d", i).isFalse();
    }
  }

  @Test
  void rejectsAHeaderWithoutAnAlgorithm() {
    String token = b64("{\"typ\":\"JWT\"}") + "." + b64("{\"sub\":\"x\"}") + "." + b64("sig");
    assertThat(jwt.isValid(token)).isFalse();
  }

  @Test
  void rejectsAPayloadThatIsNotAJsonObject() {
    String header = b64("{\"alg\":\"HS256\"}");
    assertThat(jwt.isValid(header + "." + b64("[1,2,3]") + "." + b64("sig"))).isFalse();
    assertThat(jwt.isValid(header + "." + b64("hello") + "." + b64("sig"))).isFalse();
  }

  @Test
  void rejectsAHeaderThatIsNotBase64Url() {
    String payload = b64("{\"sub\":\"x\"}");
    assertThat(jwt.isValid("{\"alg\":\"HS256\"}." + payload + ".sig")).isFalse();
    assertThat(jwt.isValid("ab$cd." + payload + ".sig")).isFalse();
  }

  @Test
  void rejectsOtherNumbersOfParts() {
    String header = b64("{\"alg\":\"HS256\"}");
    String payload = b64("{\"sub\":\"x\"}");
    assertThat(jwt.isValid(header + "." + payload)).isFalse();
    assertThat(jwt.isValid(header + "." + payload + ".sig.extra")).isFalse();
    assertThat(jwt.isValid(header)).isFalse();
    assertThat(jwt.isValid("")).isFalse();
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String randomB64(Random random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
