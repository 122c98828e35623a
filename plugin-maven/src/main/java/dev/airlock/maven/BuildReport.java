package dev.airlock.maven;

import dev.airlock.label.Labeller;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Location;
import dev.airlock.rules.policy.Policy;
import dev.airlock.scan.PartialItem;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.ScanStats;
import dev.airlock.scan.SkippedItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole build as one repository whose units are its modules, the shape a monorepo scan has:
 * file paths from the build's root folder, one unit per module (the root module is unit {@code
 * ""}), and the build's label the strictest module's. It has no commit: the files were read from
 * disk, committed or not. Nothing is scanned again: the modules'
 * findings are only placed under their folders and labelled per unit.
 */
final class BuildReport {
  private BuildReport() {}

  /**
   * @param modules each module's result by its path from the build root ("." for the root)
   * @param policy labels the units; the modules' own policy, so each unit keeps its module's label
   */
  static ScanResult of(String name, String remote, Map<String, ScanResult> modules, Policy policy) {
    List<Finding> findings = new ArrayList<>();
    List<SkippedItem> skipped = new ArrayList<>();
    List<PartialItem> partial = new ArrayList<>();
    List<String> onPremFiles = new ArrayList<>();
    Map<String, String> units = new TreeMap<>();
    long files = 0;
    long bytes = 0;
    long blobs = 0;
    long reused = 0;
    long durationMs = 0;
    Map<String, Long> skippedByReason = new TreeMap<>();
    for (Map.Entry<String, ScanResult> e : modules.entrySet()) {
      String unit = e.getKey().equals(".") ? "" : e.getKey();
      ScanResult m = e.getValue();
      units.put(unit, "pom.xml");
      // Units found inside a module (a package.json folder, say) stay units of their own.
      m.units().stream()
          .filter(u -> !u.path().isEmpty())
          .forEach(u -> units.put(under(unit, u.path()), u.origin()));
      for (Finding f : m.findings()) {
        Location l = f.location();
        findings.add(
            new Finding(
                f.ruleId(), f.title(), f.category(), f.severity(), f.confidence(),
                new Location(under(unit, l.path()), l.line(), l.column()),
                f.redacted(), f.fingerprint()));
      }
      m.skipped().forEach(s -> skipped.add(new SkippedItem(under(unit, s.path()), s.reason())));
      m.partial().forEach(p -> partial.add(new PartialItem(under(unit, p.path()), p.ruleIds(), p.reason())));
      m.onPremFiles().forEach(f -> onPremFiles.add(under(unit, f)));
      files += m.stats().files();
      bytes += m.stats().bytes();
      blobs += m.stats().blobsScanned();
      reused += m.stats().blobsReused();
      durationMs += m.stats().durationMs();
      m.stats().skipped().forEach((reason, n) -> skippedByReason.merge(reason, n, Long::sum));
    }
    findings.sort(Finding.REPORT_ORDER);
    skipped.sort(Comparator.comparing(SkippedItem::path).thenComparing(SkippedItem::reason));
    partial.sort(Comparator.comparing(PartialItem::path));
    onPremFiles.sort(null);
    Labeller.Labelled labelled = new Labeller(policy).label(findings, units);
    ScanResult first = modules.values().iterator().next();
    return new ScanResult(
        name,
        ".",
        null,
        remote,
        labelled.label(),
        labelled.units(),
        onPremFiles,
        findings,
        skipped,
        partial,
        new ScanStats(files, bytes, blobs, reused, new TreeMap<>(skippedByReason), durationMs),
        first.rulesHash(),
        first.policyHash(),
        null);
  }

  private static String under(String unit, String path) {
    return unit.isEmpty() ? path : path.isEmpty() ? unit : unit + "/" + path;
  }
}
