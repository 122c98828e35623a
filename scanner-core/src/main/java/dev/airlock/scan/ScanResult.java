package dev.airlock.scan;

import dev.airlock.rules.Finding;
import dev.airlock.rules.policy.Label;
import java.util.List;

/**
 * Everything one repository's scan produced. Findings are in report order (path, line, column,
 * rule); skipped and partial items are sorted by path. When {@code error} is set the repository
 * could not be scanned at all, and {@code label} is null.
 */
public record ScanResult(
    String name,
    String path,
    String commit,
    Label label,
    List<Finding> findings,
    List<SkippedItem> skipped,
    List<PartialItem> partial,
    ScanStats stats,
    String error) {

  public ScanResult {
    findings = List.copyOf(findings);
    skipped = List.copyOf(skipped);
    partial = List.copyOf(partial);
  }

  static ScanResult failed(String name, String path, String error) {
    return new ScanResult(name, path, null, null, List.of(), List.of(), List.of(), ScanStats.empty(), error);
  }

  public boolean failed() {
    return error != null;
  }
}
