package dev.airlock.rules.validate;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The structure of a PyPI API token: {@code pypi-} and a base64url version-2 macaroon whose
 * location is {@code pypi.org} or {@code test.pypi.org}. A macaroon has no checksum, but its
 * binary form is strict (a version byte, tagged length-prefixed fields, end-of-section markers and
 * a 32-byte signature that ends the token), so random text of the token's shape fails to parse.
 */
public final class PypiMacaroon implements Checksum {
  private static final String PREFIX = "pypi-";
  private static final int EOS = 0;
  private static final int LOCATION = 1;
  private static final int IDENTIFIER = 2;
  private static final int VID = 4;
  private static final int SIGNATURE = 6;

  @Override
  public String name() {
    return "pypi-macaroon";
  }

  @Override
  public boolean covers(CharSequence value) {
    String s = value.toString();
    return s.startsWith(PREFIX)
        && s.length() > PREFIX.length() + 16
        && new Alphabet(GithubCrc32.BASE62 + "-_").spans(s, PREFIX.length());
  }

  @Override
  public boolean verifies(CharSequence value) {
    if (!covers(value)) {
      return false;
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(value.toString().substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return new Reader(bytes).macaroon();
  }

  /** A cursor over the decoded bytes; every method returns false on anything malformed. */
  private static final class Reader {
    private final byte[] b;
    private int at;
    private int tag;
    private byte[] data;

    Reader(byte[] bytes) {
      this.b = bytes;
    }

    boolean macaroon() {
      if (b.length == 0 || b[at++] != 2) {
        return false;
      }
      if (!field() || tag != LOCATION) {
        return false;
      }
      String location = new String(data, StandardCharsets.US_ASCII);
      if (!location.equals("pypi.org") && !location.equals("test.pypi.org")) {
        return false;
      }
      if (!field() || tag != IDENTIFIER || !field() || tag != EOS) {
        return false;
      }
      // Caveats: each is [location] identifier [vid] and an end-of-section; an empty section ends them.
      while (true) {
        if (!field()) {
          return false;
        }
        if (tag == EOS) {
          break;
        }
        if (tag == LOCATION && !field()) {
          return false;
        }
        if (tag != IDENTIFIER || !field()) {
          return false;
        }
        if (tag == VID && !field()) {
          return false;
        }
        if (tag != EOS) {
          return false;
        }
      }
      return field() && tag == SIGNATURE && data.length == 32 && at == b.length;
    }

    /** Reads one tag and, unless it ends a section, its length-prefixed data. */
    private boolean field() {
      long t = varint();
      if (t < 0 || t > 127) {
        return false;
      }
      tag = (int) t;
      if (tag == EOS) {
        data = new byte[0];
        return true;
      }
      long length = varint();
      if (length < 0 || length > b.length - at) {
        return false;
      }
      data = java.util.Arrays.copyOfRange(b, at, at + (int) length);
      at += (int) length;
      return true;
    }

    private long varint() {
      long value = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        if (at >= b.length) {
          return -1;
        }
        int x = b[at++] & 0xff;
        value |= (long) (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          return value;
        }
      }
      return -1;
    }
  }
}
