package dev.airlock.source;

import java.util.Arrays;

/**
 * Where {@link Source#load(BlobRef, ReadBuffer)} puts a file's content: {@code bytes()[0,
 * length())}. A worker keeps one and loads file after file into it, so that a file read from disk
 * costs no new array: on a scan each such array was as large as the file, and together they were
 * most of the garbage the collector copied and the kernel mapped. For one thread; the content is
 * valid until the next load into the same buffer.
 */
public final class ReadBuffer {
  /** Arrays up to this size are kept for the next file; a larger one is dropped after use. */
  static final int KEPT = 4 << 20;

  private byte[] own;
  private byte[] bytes;
  private int length;

  /** A buffer that starts with {@code capacity} bytes of room and grows as files need. */
  public ReadBuffer(int capacity) {
    own = new byte[capacity];
    bytes = own;
  }

  /** The array that holds the content (possibly longer than it). */
  public byte[] bytes() {
    return bytes;
  }

  /** How many bytes of {@link #bytes()} are the content. */
  public int length() {
    return length;
  }

  /** The content in an array of its own, exactly as long: for content that must outlive the buffer. */
  public byte[] copy() {
    return bytes != own && bytes.length == length ? bytes : Arrays.copyOf(bytes, length);
  }

  /** The content in an exact-length array, for a buffer that is not used again: no copy when it is one. */
  byte[] detach() {
    return bytes.length == length ? bytes : Arrays.copyOf(bytes, length);
  }

  /**
   * Room for {@code size} bytes of content, in the buffer's own array; the caller fills {@code
   * [0, size)} of it and then calls {@link #filled}.
   */
  byte[] room(int size) {
    if (own.length < size) {
      // Doubling would keep up to twice the largest file for the rest of the scan.
      own = new byte[size];
    }
    return own;
  }

  /** The content is the first {@code size} bytes of the array {@link #room} gave. */
  void filled(int size) {
    bytes = own;
    length = size;
  }

  /** The content is {@code content}, an array that someone else made (and the buffer never writes). */
  void set(byte[] content) {
    bytes = content;
    length = content.length;
  }

  /**
   * Forgets the content, and the buffer's own array if a large file made it larger than worth
   * keeping for the next one.
   */
  public void clear() {
    if (own.length > KEPT) {
      own = new byte[KEPT >> 6];
    }
    bytes = own;
    length = 0;
  }
}
