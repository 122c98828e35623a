package dev.airlock.maven;

import dev.airlock.index.StateOptions;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.engine.Engine;
import dev.airlock.rules.policy.Policy;
import dev.airlock.rules.policy.Routing;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
  private final Map<Setup, Scanning> scanners = new ConcurrentHashMap<>();
  private final Map<String, Module> modules = new TreeMap<>();
  private int finished;

  /** What makes two modules' scanners the same: rule folders, policy file, state and engine. */
  record Setup(List<Path> ruleDirs, Path policyFile, StateOptions state, Engine engine) {}

  /** A scanner and the policy it labels with. */
  record Scanning(Scanner scanner, Policy policy) {
    String rulesHash() {
      return scanner.rules().hash();
    }

    String policyHash() {
      return policy.hash();
    }
  }

  private record Module(ScanResult result, Scanning scanning) {}

  /** The outcome of adding a module: the summary is set when it was the last module expected. */
  record Added(List<Path> aggregateFiles, Optional<String> buildSummary) {}

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

  /** The scanner for this setup, built on first use: rules compile once per build. */
  Scanning scanning(Setup setup, Function<Path, Policy> policyReader) {
    return scanners.computeIfAbsent(
        setup,
        s -> {
          Policy policy =
              s.policyFile() == null ? Policy.defaultPolicy() : policyReader.apply(s.policyFile());
          Scanner scanner =
              Scanner.builder()
                  .rules(RuleSet.load(s.ruleDirs()).withEngine(s.engine()))
                  .policy(policy)
                  .state(s.state())
                  .build();
          return new Scanning(scanner, policy);
        });
  }

  /** Counts a module that skipped its scan. */
  synchronized Optional<String> skipped(int expected) {
    finished++;
    return summaryIfLast(expected, null);
  }

  /**
   * Adds a module's result under its path from the build root and, when {@code aggregateDir} is
   * set, rewrites the aggregated report there with every module so far.
   *
   * @param buildName the name of the build's repository in the aggregated report
   * @param expected how many modules of the session run the scan, to know the last one
   * @param shown how a report file is named in the log
   */
  synchronized Added add(
      String unitPath,
      ScanResult result,
      Scanning scanning,
      String buildName,
      Path aggregateDir,
      List<String> formats,
      int expected,
      Function<Path, String> shown)
      throws IOException {
    modules.put(unitPath, new Module(result, scanning));
    finished++;
    List<Path> files = List.of();
    if (aggregateDir != null) {
      Map<String, ScanResult> results = new TreeMap<>();
      modules.forEach((path, m) -> results.put(path, m.result()));
      // The first module by path (the root, when it is scanned) decides the policy of the whole.
      Scanning first = modules.values().iterator().next().scanning();
      ScanResult build = BuildReport.of(buildName, result.remote(), results, first.policy());
      files =
          ReportFiles.write(
              aggregateDir, formats, List.of(build), first.rulesHash(), first.policyHash());
    }
    return new Added(files, summaryIfLast(expected, files.isEmpty() ? null : shown.apply(files.get(0))));
  }

  private Optional<String> summaryIfLast(int expected, String report) {
    if (finished != expected || modules.size() < 2) {
      return Optional.empty();
    }
    long onPrem =
        modules.values().stream()
            .filter(m -> m.result().label().routing() == Routing.ON_PREM_ONLY)
            .count();
    Routing overall = onPrem > 0 ? Routing.ON_PREM_ONLY : Routing.CLOUD_ELIGIBLE;
    return Optional.of(
        String.format(
            Locale.ROOT,
            "airlock: build %s: %d of %d modules ON_PREM_ONLY%s",
            overall,
            onPrem,
            modules.size(),
            report == null ? "" : "; aggregated report " + report));
  }
}
