package dev.airlock.index;

import dev.airlock.scan.ScanListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the warnings and index summaries of scans, in the order given, for tests to read. */
final class RecordingListener implements ScanListener {
  final List<String> warnings = new CopyOnWriteArrayList<>();
  final List<String> summaries = new CopyOnWriteArrayList<>();

  @Override
  public void warning(String repository, String message) {
    warnings.add(message);
  }

  @Override
  public void indexSummary(String repository, String summary) {
    summaries.add(summary);
  }
}
