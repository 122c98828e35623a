package dev.airlock.scan;

import dev.airlock.label.Unit;
import dev.airlock.rules.Finding;
import dev.airlock.rules.policy.Label;
import java.util.List;

/**
 * Everything one repository's scan produced. Findings are in report order (path, line, column,
 * rule); units, skipped and partial items are sorted by path. The repository's label is its most
 * restrictive unit's; a repository without detected units has one unit, the root {@code ""}. When
 * {@code error} is set the repository could not be scanned at all: {@code label} is null and
 * {@code units} is empty.
 *
 * @param remote the repository's {@code origin} as a {@link dev.airlock.source.RemoteUrl
 *     normalised} identity (never with credentials), or null for a folder or a repository without
 *     one
 * @param onPremFiles files whose own findings, labelled as a unit of their own, route ON_PREM_ONLY
 *     (sorted): what an AI-assistant exclusion file names outside the ON_PREM_ONLY units
 * @param rulesHash the hash of the rule set this repository was scanned with (it differs between
 *     repositories whose {@code airlock.yml} adds rules), or null when the scan failed before it
 * @param policyHash the hash of the policy that labelled it, or null likewise
 */
public record ScanResult(
    String name,
    String path,
    String commit,
    String remote,
    Label label,
    List<Unit> units,
    List<String> onPremFiles,
    List<Finding> findings,
    List<SkippedItem> skipped,
    List<PartialItem> partial,
    ScanStats stats,
    String rulesHash,
    String policyHash,
    String error) {

  public ScanResult {
    units = List.copyOf(units);
    onPremFiles = List.copyOf(onPremFiles);
    findings = List.copyOf(findings);
    skipped = List.copyOf(skipped);
    partial = List.copyOf(partial);
  }

  static ScanResult failed(String name, String path, String error) {
    return failed(name, path, null, error);
  }

  static ScanResult failed(String name, String path, String commit, String error) {
    return new ScanResult(
        name, path, commit, null, null, List.of(), List.of(), List.of(), List.of(), List.of(), ScanStats.empty(),
        null, null, error);
  }

  /** This result with the scan's duration measured once everything about it was done. */
  ScanResult withDurationMs(long durationMs) {
    ScanStats s = stats;
    return new ScanResult(name, path, commit, remote, label, units, onPremFiles, findings, skipped, partial,
        new ScanStats(s.files(), s.bytes(), s.blobsScanned(), s.blobsReused(), s.skipped(), durationMs),
        rulesHash, policyHash, error);
  }

  public boolean failed() {
    return error != null;
  }
}
