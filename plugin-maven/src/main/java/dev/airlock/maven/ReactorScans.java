package dev.airlock.maven;

import dev.airlock.rules.RuleSet;
import dev.airlock.rules.policy.Policy;
import dev.airlock.rules.policy.Routing;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.maven.execution.MavenSession;
import org.eclipse.aether.SessionData;

/**
 * The scans of one Maven session: a scanner per rules-and-policy setting, built once for all
 * modules, and every module's result, from which the aggregated report is written.
 *
 * <p>Shared by the modules of a build that run in parallel ({@code -T}): every method is
 * thread-safe. Modules finish in any order, so the aggregated report is rewritten, whole and
 * sorted by module path, each time a module is added; the last write holds the whole build
 * whatever the order, and a build that stops early still leaves the modules scanned so far.
 */
final class ReactorScans {
  private final Map<ScannerKey, Scanner> scanners = new ConcurrentHashMap<>();
  private final Map<String, ScanResult> results = new TreeMap<>();
  private int finished;

  /** What makes two modules' scanners the same. */
  record ScannerKey(List<Path> ruleDirs, Path policy) {}

  /** The outcome of adding a module: set when this was the last module the build expects. */
  record Added(List<Path> aggregateFiles, Optional<String> reactorSummary) {}

  /** This session's instance, created by the first module that asks. */
  static ReactorScans of(MavenSession session) {
    SessionData data = session.getRepositorySession().getData();
    Object existing = data.get(ReactorScans.class);
    if (existing == null) {
      data.set(ReactorScans.class, null, new ReactorScans());
      existing = data.get(ReactorScans.class);
    }
    return (ReactorScans) existing;
  }

  /** The scanner for these rules and policy, built on first use (rules compile once). */
  Scanner scanner(ScannerKey key, Function<ScannerKey, Scanner> build) {
    return scanners.computeIfAbsent(key, build);
  }

  static Scanner build(ScannerKey key, Function<Path, Policy> policyReader) {
    return Scanner.builder()
        .rules(RuleSet.load(key.ruleDirs()))
        .policy(key.policy() == null ? Policy.defaultPolicy() : policyReader.apply(key.policy()))
        .build();
  }

  /** Counts a module that skipped its scan. */
  synchronized Optional<String> skipped(int expected) {
    finished++;
    return summaryIfLast(expected, null);
  }

  /**
   * Adds a module's result under its unit path and, when {@code aggregateDir} is set, rewrites the
   * aggregated report there with every module so far.
   *
   * @param expected how many modules of the session run the scan, to know the last one
   */
  synchronized Added add(
      String unitPath,
      ScanResult result,
      Path aggregateDir,
      List<String> formats,
      int expected,
      Function<Path, String> shown)
      throws IOException {
    results.put(unitPath, result);
    finished++;
    List<Path> files =
        aggregateDir == null
            ? List.of()
            : ReportFiles.write(aggregateDir, formats, new ArrayList<>(results.values()));
    return new Added(
        files, summaryIfLast(expected, files.isEmpty() ? null : shown.apply(files.get(0))));
  }

  private Optional<String> summaryIfLast(int expected, String report) {
    if (finished != expected || results.size() < 2) {
      return Optional.empty();
    }
    long onPrem =
        results.values().stream()
            .filter(r -> r.label().routing() == Routing.ON_PREM_ONLY)
            .count();
    String overall = onPrem > 0 ? Routing.ON_PREM_ONLY.name() : Routing.CLOUD_ELIGIBLE.name();
    return Optional.of(
        String.format(
            java.util.Locale.ROOT,
            "airlock: build %s: %d of %d modules ON_PREM_ONLY%s",
            overall,
            onPrem,
            results.size(),
            report == null ? "" : "; aggregated report " + report));
  }
}
