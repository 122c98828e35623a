package dev.airlock.rules.validate;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rejects a value that is the base64 encoding of placeholder text, such as {@code cGFzc3dvcmQ=}
 * ("password") or the encoded "user:not my real password" of a README. Kubernetes Secret data and
 * HTTP Basic credentials are base64, so the engine's plain-text placeholder filter cannot see
 * through them. Any value that is not base64 of printable ASCII passes.
 */
public final class EncodedPlaceholder implements Validator {

  /** Text in a decoded value that marks it as a stand-in, not a credential. */
  private static final List<String> MARKERS =
      List.of(
          "password", "passwd", "changeme", "change_me", "change-me", "example", "sample",
          "placeholder", "dummy", "fake", "not my real", "not-real", "notreal", "not_real",
          "your_", "your-", "yourpass", "xxxx", "redacted", "replace_me", "replaceme", "secret_here",
          "token_here", "${", "{{", "<");

  /** Whole decoded values that are stand-ins. */
  private static final Set<String> VALUES =
      Set.of(
          "admin", "root", "test", "testing", "secret", "token", "user", "username", "guest",
          "pass", "pwd", "123456", "12345678", "qwerty", "letmein", "user:pass", "admin:admin");

  @Override
  public String name() {
    return "not-encoded-placeholder";
  }

  @Override
  public boolean isValid(CharSequence value) {
    String text = decode(value.toString());
    if (text == null) {
      return true;
    }
    String lower = text.toLowerCase(Locale.ROOT).strip();
    if (VALUES.contains(lower)) {
      return false;
    }
    for (String marker : MARKERS) {
      if (lower.contains(marker)) {
        return false;
      }
    }
    return true;
  }

  /** The value's base64 (standard or URL alphabet) decoding as ASCII text, or null. */
  private static String decode(String value) {
    if (value.length() < 4) {
      return null;
    }
    byte[] bytes;
    try {
      bytes =
          value.indexOf('-') >= 0 || value.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(value)
              : Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (bytes.length == 0) {
      return null;
    }
    for (byte b : bytes) {
      if (b < 0x20 || b > 0x7e) {
        return null;
      }
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
