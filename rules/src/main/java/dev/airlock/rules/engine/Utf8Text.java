package dev.airlock.rules.engine;

import java.nio.charset.StandardCharsets;

/**
 * A text given as UTF-8 bytes, such as a file's content in a read buffer that the caller reuses
 * for the next file, decoded to a {@code String} only when first asked ({@link #text}). An engine
 * that finds nothing to confirm in the bytes never needs the characters: on generated code that
 * is half the bytes, and each decoding was an allocation and a copy of the whole file. Holds the
 * caller's array, which must not change while the text is in use. For one thread.
 */
public final class Utf8Text {
  private final byte[] bytes;
  private final int offset;
  private final int length;
  private final boolean ascii;
  private String text;

  /**
   * The text of {@code bytes[offset, offset + length)} decoded as UTF-8, malformed bytes replaced.
   *
   * @param ascii true only when every one of those bytes is ASCII: the text then has a character
   *     per byte at the same offsets, and decoding is a plain copy
   */
  public Utf8Text(byte[] bytes, int offset, int length, boolean ascii) {
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new IllegalArgumentException(
          "range [" + offset + ", " + offset + "+" + length + ") is outside the " + bytes.length + " bytes");
    }
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
    this.ascii = ascii;
  }

  /** The text of the whole of {@code utf8}, for callers that have one array per text. */
  public static Utf8Text of(byte[] utf8) {
    boolean ascii = true;
    for (byte b : utf8) {
      if (b < 0) {
        ascii = false;
        break;
      }
    }
    return new Utf8Text(utf8, 0, utf8.length, ascii);
  }

  /** The decoded text, made at the first call. */
  public String text() {
    String t = text;
    if (t == null) {
      // As ISO-8859-1, ASCII is a plain copy; the UTF-8 decoder first tests every byte.
      t = text = new String(bytes, offset, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }
    return t;
  }

  /** True once {@link #text} has been called: the String exists. */
  public boolean decoded() {
    return text != null;
  }

  /** The caller's array, not a copy: not to be modified, nor kept past the caller's use. */
  public byte[] bytes() {
    return bytes;
  }

  public int offset() {
    return offset;
  }

  public int length() {
    return length;
  }

  /** True only when every byte of the text is ASCII (a character per byte). */
  public boolean ascii() {
    return ascii;
  }
}
