package dev.airlock.scan;

/**
 * Progress events of a scan, for progress displays. Called from worker threads concurrently:
 * implementations must be thread-safe and cheap.
 */
public interface ScanListener {
  ScanListener NONE = new ScanListener() {};

  /** A file was read and matched. */
  default void fileScanned(String repository, long bytes) {}

  /** A file was skipped without being matched. */
  default void fileSkipped(String repository, String reason) {}

  /**
   * Something the user should know that did not stop the scan, e.g. a damaged index was rebuilt.
   * The message names what and where, and never holds a value.
   */
  default void warning(String repository, String message) {}

  /** One line about the repository's index and its cache, after its scan. */
  default void indexSummary(String repository, String summary) {}

  /** A repository's scan finished. */
  default void finished(ScanResult result) {}
}
