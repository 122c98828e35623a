package dev.airlock.report;

import dev.airlock.label.Unit;
import dev.airlock.rules.Finding;
import dev.airlock.rules.policy.Reason;
import dev.airlock.rules.policy.Routing;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.ScanStats;
import dev.airlock.scan.SkippedItem;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The report a person reads in ten seconds: per repository its label and why, the top findings
 * (redacted), what was skipped, and how fast the scan ran.
 */
public final class TextReportWriter implements ReportWriter {
  private static final int TOP_FINDINGS = 10;
  private static final int TOP_REASONS = 6;
  private static final int NAMED_SKIPS = 5;
  private static final int UNIT_REASONS = 3;
  /**
   * The digits, separators and decimal point of the root locale, but named as the US locale:
   * java.util.Formatter writes '0', ',' and '.' for that one without loading the locale's
   * DecimalFormatSymbols, which for the root locale brought up the CLDR locale providers, a
   * sixth of the main thread's samples in a small scan with the text report.
   */
  static final Locale NUMBERS = Locale.US;

  private final boolean color;

  public TextReportWriter(boolean color) {
    this.color = color;
  }

  @Override
  public void write(List<ScanResult> results, Writer out) throws IOException {
    StringBuilder s = new StringBuilder();
    for (ScanResult r : results) {
      repository(s, r);
      s.append('\n');
    }
    if (results.size() > 1) {
      long onPrem = results.stream().filter(r -> r.label() != null && r.label().routing() == Routing.ON_PREM_ONLY).count();
      long failed = results.stream().filter(ScanResult::failed).count();
      s.append(String.format(NUMBERS, "%d repositories: %d ON_PREM_ONLY, %d CLOUD_ELIGIBLE%s%n",
          results.size(), onPrem, results.size() - onPrem - failed,
          failed == 0 ? "" : ", " + failed + " failed"));
    }
    out.write(s.toString());
    out.flush();
  }

  private void repository(StringBuilder s, ScanResult r) {
    if (r.failed()) {
      s.append(bold(r.name())).append("  ").append(red("ERROR")).append('\n');
      s.append("  ").append(r.error()).append('\n');
      return;
    }
    Routing routing = r.label().routing();
    String shown = routing == Routing.ON_PREM_ONLY ? red(routing.name()) : green(routing.name());
    s.append(bold(r.name())).append("  ").append(shown)
        .append(" (").append(r.label().sensitivity()).append(')');
    if (r.commit() != null) {
      s.append("  commit ").append(r.commit(), 0, Math.min(12, r.commit().length()));
    }
    s.append('\n');

    List<Reason> reasons = r.label().reasons();
    if (reasons.isEmpty()) {
      s.append("  why: no policy rule fired (nothing sensitive, no licence evidence): the policy's baseline\n");
    } else {
      for (int i = 0; i < Math.min(TOP_REASONS, reasons.size()); i++) {
        Reason reason = reasons.get(i);
        s.append(i == 0 ? "  why: " : "       ")
            .append(reason.count()).append(" × ").append(reason.ruleId())
            .append(" (").append(reason.category()).append(") → ")
            .append(reason.policyRule()).append(" → ").append(reason.sensitivity()).append('\n');
      }
      if (reasons.size() > TOP_REASONS) {
        s.append("       … and ").append(reasons.size() - TOP_REASONS).append(" more rules\n");
      }
    }

    units(s, r.units());

    List<Finding> top = new ArrayList<>(r.findings());
    top.sort(Comparator.comparing(Finding::severity).reversed()
        .thenComparing(Comparator.comparing(Finding::confidence).reversed())
        .thenComparing(Finding.REPORT_ORDER));
    if (!top.isEmpty()) {
      s.append("  top findings (").append(r.findings().size()).append(" in all):\n");
      for (Finding f : top.subList(0, Math.min(TOP_FINDINGS, top.size()))) {
        s.append(String.format(NUMBERS, "    %-8s %-6s %-28s %s  %s%n",
            f.severity(), f.confidence(), f.ruleId(), f.location(), f.redacted()));
      }
    }

    ScanStats st = r.stats();
    if (!st.skipped().isEmpty()) {
      s.append("  skipped: ").append(st.skipped().entrySet().stream()
          .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
      List<SkippedItem> notable = r.skipped().stream()
          .filter(i -> !i.reason().equals("binary") && !i.reason().equals("excluded"))
          .limit(NAMED_SKIPS).toList();
      if (!notable.isEmpty()) {
        s.append(" (").append(notable.stream().map(i -> i.path() + ": " + i.reason())
            .collect(Collectors.joining("; "))).append(r.skipped().size() > notable.size() ? "; …" : "").append(')');
      }
      s.append('\n');
    }
    if (!r.partial().isEmpty()) {
      s.append("  partly scanned: ").append(r.partial().size())
          .append(" files where a rule ran out of its regex budget or a document passed the"
              + " characters limit (see the JSON report)\n");
    }
    s.append(String.format(NUMBERS, "  scanned %,d files, %s in %.1f s (%.1f MB/s)",
        st.files(), megabytes(st.bytes()), st.durationMs() / 1000.0, st.megabytesPerSecond()));
    if (st.blobsReused() > 0) {
      s.append(String.format(NUMBERS, "; %,d read, %,d unchanged since the last scan",
          st.blobsScanned(), st.blobsReused()));
    }
    s.append('\n');
    if (r.rulesHash() != null) {
      // Repositories with their own airlock.yml rules or policy differ here from the others.
      s.append("  rule set ").append(r.rulesHash(), 0, 12)
          .append(", policy ").append(r.policyHash(), 0, 12).append('\n');
    }
  }

  /** One line per unit that must stay on premises; the others are only counted. */
  private void units(StringBuilder s, List<Unit> units) {
    if (units.size() < 2) {
      return;
    }
    List<Unit> onPrem = units.stream().filter(u -> u.routing() != Routing.CLOUD_ELIGIBLE).toList();
    s.append("  units: ").append(units.size()).append(" (").append(onPrem.size())
        .append(" ON_PREM_ONLY, ").append(units.size() - onPrem.size()).append(" CLOUD_ELIGIBLE)\n");
    for (Unit u : onPrem) {
      s.append("    ").append(u.path().isEmpty() ? "(root)" : u.path()).append("  ")
          .append(red(u.routing().name())).append(" (").append(u.sensitivity()).append(")  ")
          .append(u.label().reasons().stream()
              .limit(UNIT_REASONS)
              .map(reason -> reason.count() + " × " + reason.ruleId() + " → " + reason.policyRule())
              .collect(Collectors.joining(", ")))
          .append(u.label().reasons().size() > UNIT_REASONS
              ? ", … " + (u.label().reasons().size() - UNIT_REASONS) + " more" : "")
          .append('\n');
    }
  }

  private static String megabytes(long bytes) {
    return String.format(NUMBERS, "%.1f MB", bytes / 1e6);
  }

  private String bold(String t) {
    return color ? "\u001b[1m" + t + "\u001b[0m" : t;
  }

  private String red(String t) {
    return color ? "\u001b[31;1m" + t + "\u001b[0m" : t;
  }

  private String green(String t) {
    return color ? "\u001b[32;1m" + t + "\u001b[0m" : t;
  }
}
