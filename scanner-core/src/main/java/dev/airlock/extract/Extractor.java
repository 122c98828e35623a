package dev.airlock.extract;

import java.nio.charset.StandardCharsets;

/**
 * Turns a file's bytes into text for the engine, or says why it cannot: the fast path for source
 * files (charset sniffing, no parsing). Stateless and thread-safe.
 */
public final class Extractor {
  /** Git's own heuristic: a NUL byte in the first 8000 bytes means binary. */
  private static final int BINARY_PROBE = 8000;

  private static final byte[] LFS_POINTER =
      "version https://git-lfs.github.com/spec/".getBytes(StandardCharsets.US_ASCII);

  /** What extraction produced: text, or the reason the file is skipped. */
  public sealed interface Result permits Text, Skipped {}

  public record Text(String text) implements Result {}

  public record Skipped(String reason) implements Result {}

  public Result extract(byte[] bytes) {
    if (bytes.length < 1024 && startsWith(bytes, LFS_POINTER, 0)) {
      return new Skipped("lfs-pointer");
    }
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
      return new Text(new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE));
    }
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
      return new Text(new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE));
    }
    if (DicomHeader.isDicom(bytes)) {
      // A medical image is binary, but its header names the patient: scan those tags as text.
      String patient = DicomHeader.patientLines(bytes);
      return patient.isEmpty() ? new Skipped("binary") : new Text(patient);
    }
    int probe = Math.min(bytes.length, BINARY_PROBE);
    for (int i = 0; i < probe; i++) {
      if (bytes[i] == 0) {
        return new Skipped("binary");
      }
    }
    int offset = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
        && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
    // Invalid UTF-8 becomes U+FFFD: the text around it is still scanned.
    return new Text(new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8));
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix, int at) {
    if (bytes.length - at < prefix.length) {
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
