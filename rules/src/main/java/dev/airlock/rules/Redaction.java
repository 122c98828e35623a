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
    byte[] hash = sha256(value.toString());
    // Only the bytes shown are formatted: a scan makes one such hash per finding.
    return HexFormat.of().formatHex(hash, 0, Math.min(hash.length, (hexChars + 1) / 2)).substring(0, hexChars);
  }

  /** One digest per thread, reset for each use: looking one up by name costs more than hashing. */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
          });

  static byte[] sha256(String text) {
    MessageDigest digest = SHA256.get();
    digest.reset();
    return digest.digest(text.getBytes(StandardCharsets.UTF_8));
  }
}
