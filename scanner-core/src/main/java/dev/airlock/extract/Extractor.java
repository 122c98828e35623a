package dev.airlock.extract;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import dev.airlock.rules.engine.Utf8Text;

/**
 * Turns a file's bytes into text for the engine, or says why it cannot: the fast path for source
 * files (charset sniffing, no parsing). Documents and archives (PDF, Office, ODF, RTF, mail, EPUB,
 * ZIP/JAR/TAR/GZIP/7z, JPEG/TIFF metadata) are recognised here by their magic bytes and name, and
 * left to {@link Documents}, which parses them in a child process. Stateless and thread-safe.
 */
public final class Extractor {
  /** Git's own heuristic: a NUL byte in the first 8000 bytes means binary. */
  private static final int BINARY_PROBE = 8000;

  private static final byte[] LFS_POINTER =
      "version https://git-lfs.github.com/spec/".getBytes(StandardCharsets.US_ASCII);

  /** What extraction produced: text, or the reason the file is skipped. */
  public sealed interface Result permits Text, Utf8, Skipped, Document {}

  /**
   * A text to match.
   *
   * @param utf8 true when {@code text} is the file's bytes decoded as UTF-8 (a byte order mark
   *     dropped, malformed bytes replaced), so an engine may read those bytes instead
   */
  public record Text(String text, boolean utf8) implements Result {
    public Text(String text) {
      this(text, false);
    }
  }

  /**
   * A text that is its bytes decoded as UTF-8 (a byte order mark dropped, malformed bytes
   * replaced), not decoded yet: {@link #extract(String, byte[], int)} gives this for the fast path,
   * so that an engine reading bytes decodes only the files it must confirm matches in.
   */
  public record Utf8(Utf8Text text) implements Result {}

  public record Skipped(String reason) implements Result {}

  /** A document or archive: its text comes from {@link Documents}, out of process. */
  public record Document() implements Result {}

  /** Names whose text Tika reads better than the fast path, though they hold no NUL byte. */
  private static boolean isTextDocumentName(String path) {
    int n = path.length();
    // Asked of every file: a comparison of the last four characters, no regex.
    return path.regionMatches(true, n - 4, ".rtf", 0, 4)
        || path.regionMatches(true, n - 4, ".eml", 0, 4);
  }

  /**
   * The file's text, or {@link Document} when it is a document or archive to parse out of
   * process. The name only decides for formats that look like text (RTF, mail); everything else
   * is recognised by its first bytes.
   */
  public Result extract(String path, byte[] bytes) {
    return decoded(extract(path, bytes, bytes.length));
  }

  /**
   * The same for {@code bytes[0, length)}, with the fast path's text as {@link Utf8}, not decoded
   * yet. The result may hold {@code bytes}: the caller keeps them unchanged while it is in use.
   */
  public Result extract(String path, byte[] bytes, int length) {
    if (isDocument(path, bytes, length)) {
      return new Document();
    }
    return extract(bytes, length);
  }

  /** {@link Utf8} made {@link Text}; every other result as it is. */
  private static Result decoded(Result r) {
    return r instanceof Utf8 u ? new Text(u.text().text(), true) : r;
  }

  /** True for bytes {@link #extract(String, byte[])} leaves to {@link Documents}. */
  static boolean isDocument(String path, byte[] bytes) {
    return isDocument(path, bytes, bytes.length);
  }

  private static boolean isDocument(String path, byte[] bytes, int length) {
    if (length < 4) {
      return false;
    }
    int b0 = bytes[0] & 0xff;
    int b1 = bytes[1] & 0xff;
    int b2 = bytes[2] & 0xff;
    int b3 = bytes[3] & 0xff;
    if (b0 == '%' && b1 == 'P' && b2 == 'D' && b3 == 'F') {
      return true;
    }
    if (b0 == 'P' && b1 == 'K' && (b2 == 3 && b3 == 4 || b2 == 5 && b3 == 6)) {
      return true; // ZIP, and so JAR, OOXML, ODF and EPUB
    }
    if (b0 == 0xd0 && b1 == 0xcf && b2 == 0x11 && b3 == 0xe0) {
      return true; // OLE2: DOC, XLS, PPT, MSG
    }
    if (b0 == 0x1f && b1 == 0x8b) {
      return true; // GZIP
    }
    if (b0 == '7' && b1 == 'z' && b2 == 0xbc && b3 == 0xaf) {
      return true;
    }
    if (b0 == 0xff && b1 == 0xd8 && b2 == 0xff) {
      return true; // JPEG, for its EXIF metadata
    }
    if (b0 == 'I' && b1 == 'I' && b2 == '*' && b3 == 0 || b0 == 'M' && b1 == 'M' && b2 == 0 && b3 == '*') {
      return true; // TIFF
    }
    if (length > 262 && startsWith(bytes, length, USTAR, 257)) {
      return true;
    }
    if (b0 == '{' && b1 == '\\' && b2 == 'r' && b3 == 't') {
      return true;
    }
    return path != null && isTextDocumentName(path);
  }

  private static final byte[] USTAR = "ustar".getBytes(StandardCharsets.US_ASCII);

  public Result extract(byte[] bytes) {
    return decoded(extract(bytes, bytes.length));
  }

  private Result extract(byte[] bytes, int length) {
    if (length < 1024 && startsWith(bytes, length, LFS_POINTER, 0)) {
      return new Skipped("lfs-pointer");
    }
    if (length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
      return new Text(new String(bytes, 2, length - 2, StandardCharsets.UTF_16LE));
    }
    if (length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
      return new Text(new String(bytes, 2, length - 2, StandardCharsets.UTF_16BE));
    }
    if (DicomHeader.isDicom(bytes, length)) {
      // A medical image is binary, but its header names the patient: scan those tags as text.
      String patient = DicomHeader.patientLines(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
      return patient.isEmpty() ? new Skipped("binary") : new Text(patient);
    }
    int offset = length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
        && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
    int kind = probe(bytes, offset, length);
    if (kind == BINARY) {
      return new Skipped("binary");
    }
    // Invalid UTF-8 becomes U+FFFD: the text around it is still scanned. ASCII decodes as a
    // plain copy (Utf8Text.text), when an engine needs the characters at all.
    return new Utf8(new Utf8Text(bytes, offset, length - offset, kind == ASCII));
  }

  static final int BINARY = 0;
  static final int ASCII = 1;
  static final int UTF8 = 2;

  /**
   * {@link #BINARY} when {@code bytes[0, BINARY_PROBE)} (within {@code length}) hold a NUL byte;
   * else {@link #ASCII} when every byte of {@code bytes[offset, length)} is ASCII, {@link #UTF8}
   * otherwise. One pass over the probed bytes answers both questions there: the NUL test and the
   * ASCII test read each of them once, not twice (a source file is often no longer than the probe).
   * {@code offset} is 0 or the 3 bytes of a byte order mark, none of them NUL.
   */
  static int probe(byte[] bytes, int offset, int length) {
    int end = Math.min(length, BINARY_PROBE);
    long high = 0;
    int i = offset;
    for (; i + 8 <= end; i += 8) {
      long x = (long) LONGS.get(bytes, i);
      // Non-zero exactly when one of the eight bytes is zero.
      if (((x - LOW_BITS) & ~x & HIGH_BITS) != 0) {
        return BINARY;
      }
      high |= x;
    }
    for (; i < end; i++) {
      if (bytes[i] == 0) {
        return BINARY;
      }
      high |= bytes[i];
    }
    if ((high & HIGH_BITS) != 0) {
      return UTF8;
    }
    return isAscii(bytes, i, length) ? ASCII : UTF8;
  }

  /** Reads a byte array eight bytes at a time, which both compilers turn into one load. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long LOW_BITS = 0x0101010101010101L;

  /** True when every byte of {@code bytes[from, end)} is ASCII. */
  static boolean isAscii(byte[] bytes, int from, int end) {
    int i = from;
    for (; i + 8 <= end; i += 8) {
      if (((long) LONGS.get(bytes, i) & HIGH_BITS) != 0) {
        return false;
      }
    }
    for (; i < end; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] bytes, int length, byte[] prefix, int at) {
    if (length - at < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
