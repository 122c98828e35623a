package dev.airlock.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The only form in which a sensitive value may leave the engine: a short prefix and a short hash,
 * for example {@code AKIA…(sha256:1a2b3c)}. The prefix is at most a fifth of the value and never
 * more than four characters, so it names the token family without giving the secret away.
 */
public final class Redaction {
  private static final int HASH_HEX_CHARS = 6;

  private Redaction() {}

  public static String redact(CharSequence value) {
    int prefix = Math.min(4, value.length() / 5);
    return value.subSequence(0, prefix) + "…(sha256:" + hashHex(value, HASH_HEX_CHARS) + ")";
  }

  /** Hex of the SHA-256 of {@code value}, cut to {@code hexChars} characters. */
  public static String hashHex(CharSequence value, int hexChars) {
    return HexFormat.of().formatHex(sha256(value.toString())).substring(0, hexChars);
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
