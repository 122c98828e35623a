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

  /** A repository's scan finished. */
  default void finished(ScanResult result) {}
}
