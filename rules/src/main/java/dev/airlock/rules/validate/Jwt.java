package dev.airlock.rules.validate;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A JSON Web Token whose header decodes to a JSON object naming an algorithm and whose payload
 * decodes to a JSON object. Random base64 that only looks like a token fails.
 */
public final class Jwt implements Validator {
  @Override
  public String name() {
    return "jwt";
  }

  @Override
  public boolean isValid(CharSequence value) {
    String[] parts = value.toString().split("\\.", -1);
    if (parts.length != 3) {
      return false;
    }
    String header = decode(parts[0]);
    String payload = decode(parts[1]);
    return header != null
        && payload != null
        && header.startsWith("{")
        && header.contains("\"alg\"")
        && payload.startsWith("{");
  }

  private static String decode(String part) {
    try {
      return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8).strip();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
