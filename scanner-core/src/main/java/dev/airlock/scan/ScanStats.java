package dev.airlock.scan;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts of one repository's scan.
 *
 * @param files files matched (a blob under several paths counts once per path)
 * @param bytes bytes of those files
 * @param blobsScanned distinct blobs read and matched
 * @param blobsReused distinct blobs whose outcome came from the index of an earlier scan, unread
 * @param skipped skipped files per reason, sorted by reason
 */
public record ScanStats(
    long files,
    long bytes,
    long blobsScanned,
    long blobsReused,
    SortedMap<String, Long> skipped,
    long durationMs) {
  public ScanStats {
    skipped = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(skipped));
  }

  public long skippedTotal() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Megabytes (10^6 bytes) per second, or 0 for a scan too quick to time. */
  public double megabytesPerSecond() {
    return durationMs <= 0 ? 0 : bytes / 1e6 / (durationMs / 1000.0);
  }

  static ScanStats empty() {
    return new ScanStats(0, 0, 0, 0, new TreeMap<>(Map.of()), 0);
  }
}
