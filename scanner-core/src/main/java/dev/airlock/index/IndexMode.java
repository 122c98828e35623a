package dev.airlock.index;

import java.util.Locale;

/** How much a scan keeps in its index. */
public enum IndexMode {
  /** Blobs, findings and the content of every scanned file, for {@code airlock search}. */
  CODE,
  /** Blobs and findings only: incremental rescans without the cost of indexing content. */
  FINDINGS,
  /** No index: nothing is read or written, every blob is scanned. */
  NONE;

  /** Parses {@code code}, {@code findings} or {@code none}, ignoring case. */
  public static IndexMode parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "code" -> CODE;
      case "findings" -> FINDINGS;
      case "none" -> NONE;
      default -> throw new IllegalArgumentException(
          "'" + text + "' is not an index mode; use code, findings or none");
    };
  }
}
