package dev.airlock.rules.validate;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The checksum of GitHub's tokens ({@code ghp_}, {@code gho_}, {@code ghu_}, {@code ghs_}, {@code
 * ghr_}) and npm's ({@code npm_}): a prefix ending in '_', 30 random base62 characters, then the
 * CRC-32 of those 30 characters in base62 (digits, upper case, lower case), left-padded with '0'
 * to 6 characters.
 */
public final class GithubCrc32 implements Checksum {
  static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final int RANDOM = 30;
  private static final int CHECK = 6;

  @Override
  public String name() {
    return "github-crc32";
  }

  @Override
  public boolean covers(CharSequence value) {
    int underscore = value.toString().lastIndexOf('_');
    return underscore >= 0
        && value.length() - underscore - 1 == RANDOM + CHECK
        && new Alphabet(BASE62).spans(value, underscore + 1);
  }

  @Override
  public boolean verifies(CharSequence value) {
    if (!covers(value)) {
      return false;
    }
    String s = value.toString();
    String random = s.substring(s.length() - RANDOM - CHECK, s.length() - CHECK);
    return checksumOf(random).equals(s.substring(s.length() - CHECK));
  }

  /**
   * A token of this format: {@code prefix}, the 30 base62 characters of {@code random}, their
   * checksum. For tests and corpora that need well-formed tokens.
   */
  public static String token(String prefix, String random) {
    if (random.length() != RANDOM) {
      throw new IllegalArgumentException("a token has 30 random characters, got " + random.length());
    }
    return prefix + random + checksumOf(random);
  }

  /** The 6-character base62 CRC-32 of {@code random}. */
  static String checksumOf(String random) {
    CRC32 crc = new CRC32();
    crc.update(random.getBytes(StandardCharsets.US_ASCII));
    long n = crc.getValue();
    char[] out = new char[CHECK];
    for (int i = CHECK - 1; i >= 0; i--) {
      out[i] = BASE62.charAt((int) (n % 62));
      n /= 62;
    }
    return new String(out);
  }
}
