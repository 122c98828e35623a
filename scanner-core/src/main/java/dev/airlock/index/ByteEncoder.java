package dev.airlock.index;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes what {@link java.io.DataOutputStream} would (big-endian numbers, modified UTF-8 strings),
 * and variable-length numbers and length-prefixed UTF-8, into one growing array: a stream, its
 * buffer and its checks cost more than the bytes themselves, once per blob or per path.
 */
final class ByteEncoder {
  private byte[] bytes;
  private int length;

  ByteEncoder(int capacity) {
    bytes = new byte[capacity];
  }

  void writeByte(int b) {
    ensure(1);
    bytes[length++] = (byte) b;
  }

  void writeInt(int v) {
    ensure(4);
    bytes[length] = (byte) (v >>> 24);
    bytes[length + 1] = (byte) (v >>> 16);
    bytes[length + 2] = (byte) (v >>> 8);
    bytes[length + 3] = (byte) v;
    length += 4;
  }

  void writeBytes(byte[] b) {
    writeBytes(b, 0, b.length);
  }

  void writeBytes(byte[] b, int offset, int count) {
    ensure(count);
    System.arraycopy(b, offset, bytes, length, count);
    length += count;
  }

  /** Seven bits a byte, low bits first, as Lucene's {@code DataOutput#writeVInt}. */
  void writeVInt(int v) {
    writeVLong(v & 0xffffffffL);
  }

  /** Seven bits a byte, low bits first, the high bit set on all but the last byte. */
  void writeVLong(long v) {
    ensure(10);
    while ((v & ~0x7fL) != 0) {
      bytes[length++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    bytes[length++] = (byte) v;
  }

  /** The string's UTF-8 length as a variable-length number, then its UTF-8 bytes. */
  void writeUtf8(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeVInt(utf8.length);
    writeBytes(utf8);
  }

  void writeLong(long v) {
    writeInt((int) (v >>> 32));
    writeInt((int) v);
  }

  void writeUTF(String s) {
    // Nearly every string here (keys, paths, rule ids, redacted values) is ASCII, whose modified
    // UTF-8 is its UTF-8: one copy, against two passes of a char at a time. UTF-8 has one byte per
    // char only when every char is below 0x80; NUL is the one such char modified UTF-8 writes as
    // two bytes.
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (utf8.length == s.length() && utf8.length <= 0xffff && s.indexOf(0) < 0) {
      ensure(2 + utf8.length);
      bytes[length++] = (byte) (utf8.length >>> 8);
      bytes[length++] = (byte) utf8.length;
      System.arraycopy(utf8, 0, bytes, length, utf8.length);
      length += utf8.length;
      return;
    }
    int n = s.length();
    int encoded = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      encoded += c >= 1 && c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
    if (encoded > 0xffff) {
      throw new IllegalArgumentException("string too long to encode: " + encoded + " bytes");
    }
    ensure(2 + encoded);
    bytes[length++] = (byte) (encoded >>> 8);
    bytes[length++] = (byte) encoded;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 1 && c < 0x80) {
        bytes[length++] = (byte) c;
      } else if (c < 0x800) {
        bytes[length++] = (byte) (0xc0 | (c >> 6));
        bytes[length++] = (byte) (0x80 | (c & 0x3f));
      } else {
        bytes[length++] = (byte) (0xe0 | (c >> 12));
        bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        bytes[length++] = (byte) (0x80 | (c & 0x3f));
      }
    }
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
