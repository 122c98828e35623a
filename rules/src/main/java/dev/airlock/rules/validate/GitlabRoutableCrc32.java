package dev.airlock.rules.validate;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The checksum of GitLab's routable tokens ({@code glpat-<base64url payload>.01.<ll><ccccccc>}):
 * after the version {@code 01} come the payload's length in base36 (2 characters) and the CRC-32
 * of everything before the checksum, prefix included, in base36 left-padded with '0' to 7
 * characters. Older GitLab tokens (20 random characters, no dots) carry no checksum.
 */
public final class GitlabRoutableCrc32 implements Checksum {
  private static final String VERSION = ".01.";
  private static final int LENGTH = 2;
  private static final int CHECK = 7;

  @Override
  public String name() {
    return "gitlab-crc32";
  }

  @Override
  public boolean covers(CharSequence value) {
    String s = value.toString();
    int version = s.lastIndexOf(VERSION);
    return version > 0
        && s.length() - version - VERSION.length() == LENGTH + CHECK
        && base36(s, version + VERSION.length(), s.length());
  }

  @Override
  public boolean verifies(CharSequence value) {
    if (!covers(value)) {
      return false;
    }
    String s = value.toString();
    int version = s.lastIndexOf(VERSION);
    int lengthAt = version + VERSION.length();
    // The payload's declared length must fit before the version; the prefix ("glpat-",
    // "glrt-t1_", ...) is whatever precedes it, and the CRC covers it too.
    long declared = Long.parseLong(s.substring(lengthAt, lengthAt + LENGTH), 36);
    if (declared <= 0 || declared >= version) {
      return false;
    }
    String signed = s.substring(0, s.length() - CHECK);
    return checksumOf(signed).equals(s.substring(s.length() - CHECK));
  }

  /** The 7-character base36 CRC-32 of {@code signed}. */
  static String checksumOf(String signed) {
    CRC32 crc = new CRC32();
    crc.update(signed.getBytes(StandardCharsets.US_ASCII));
    String digits = Long.toString(crc.getValue(), 36);
    return "0".repeat(CHECK - digits.length()) + digits;
  }

  private static boolean base36(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
        return false;
      }
    }
    return true;
  }
}
