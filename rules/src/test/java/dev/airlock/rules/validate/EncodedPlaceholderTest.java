package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EncodedPlaceholderTest {
  private final EncodedPlaceholder validator = new EncodedPlaceholder();

  @Test
  void isRegisteredUnderItsName() {
    assertThat(Validator.named("not-encoded-placeholder")).isInstanceOf(EncodedPlaceholder.class);
  }

  @Test
  void rejectsBase64OfPlaceholderText() {
    for (String text :
        new String[] {"password", "changeme", "admin", "user:not my real password", "<your-token>",
          "example-secret-value", "${DB_PASSWORD}"}) {
      assertThat(validator.isValid(base64(text))).as("base64 of %s", text).isFalse();
      assertThat(validator.isValid(base64Url(text))).as("base64url of %s", text).isFalse();
    }
  }

  @Test
  void acceptsBase64OfOtherText() {
    assertThat(validator.isValid(base64("ledger_app"))).isTrue();
    assertThat(validator.isValid(base64("svc-orders:Tq8mZ2vLx9pW"))).isTrue();
  }

  @Test
  void acceptsValuesThatAreNotBase64OfText() {
    byte[] random = new byte[30];
    new Random(7).nextBytes(random);
    assertThat(validator.isValid(Base64.getEncoder().encodeToString(random))).isTrue();
    assertThat(validator.isValid("Tq8#mZ2vLx9!")).isTrue();
    assertThat(validator.isValid("abc")).isTrue();
    assertThat(validator.isValid("")).isTrue();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String base64Url(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
