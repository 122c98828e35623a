package dev.airlock.maven;

import dev.airlock.rules.Finding;
import dev.airlock.rules.policy.Reason;
import dev.airlock.rules.policy.Routing;
import dev.airlock.scan.ScanResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What one module's scan means for the build: its summary line, whether it fails the build and, if
 * so, the lines that say why. Only redacted values ever appear, as the findings carry them.
 *
 * @param unit the module's path from the build's root directory, '/'-separated, "." for the root
 * @param failures why the build fails, each a clause that follows the label; empty when it passes
 */
record Verdict(ScanResult result, String unit, List<String> failures) {
  static final int TOP_FINDINGS = 5;

  static Verdict of(ScanResult result, String unit, FailOn failOn, Routing expected) {
    Routing routing = result.label().routing();
    List<String> failures = new ArrayList<>();
    if (failOn == FailOn.ON_PREM_ONLY && routing == Routing.ON_PREM_ONLY) {
      failures.add(", and airlock.failOn is ON_PREM_ONLY");
    }
    if (expected != null && routing != expected) {
      failures.add(", but airlock.expectedLabel is " + expected + ": the label drifted");
    }
    return new Verdict(result, unit, List.copyOf(failures));
  }

  boolean fails() {
    return !failures.isEmpty();
  }

  /** One line for the build log: {@code billing ON_PREM_ONLY (RESTRICTED) 3 findings}. */
  String summary() {
    int n = result.findings().size();
    return String.format(
        Locale.ROOT,
        "airlock: %s %s (%s) %d finding%s",
        result.name(),
        result.label().routing(),
        result.label().sensitivity(),
        n,
        n == 1 ? "" : "s");
  }

  /** The lines to log as errors: what failed, then the findings that decided the label. */
  List<String> errorLines() {
    List<String> lines = new ArrayList<>();
    for (String failure : failures) {
      lines.add(head() + failure);
    }
    List<Finding> top = topFindings();
    for (Finding f : top) {
      lines.add(
          String.format(
              Locale.ROOT,
              "  %s:%d:%d  %s (%s, %s)  %s",
              fileInBuild(f),
              f.location().line(),
              f.location().column(),
              f.ruleId(),
              f.category(),
              f.severity(),
              f.redacted()));
    }
    int more = result.findings().size() - top.size();
    if (more > 0) {
      lines.add("  … and " + more + " more finding" + (more == 1 ? "" : "s") + " in the report");
    }
    return lines;
  }

  /** The message of the build failure: one line with the label, the unit and the first finding. */
  String failureMessage(String reportHint) {
    StringBuilder s = new StringBuilder(head()).append(String.join("", failures));
    List<Finding> top = topFindings();
    if (!top.isEmpty()) {
      Finding f = top.get(0);
      s.append(": ")
          .append(f.ruleId())
          .append(" at ")
          .append(fileInBuild(f))
          .append(':')
          .append(f.location().line())
          .append(' ')
          .append(f.redacted());
      if (result.findings().size() > 1) {
        s.append(" and ").append(result.findings().size() - 1).append(" more");
      }
    }
    return s.append(reportHint.isEmpty() ? "" : "; see " + reportHint).toString();
  }

  private String head() {
    return "airlock: module "
        + result.name()
        + " ("
        + unit
        + ") is "
        + result.label().routing()
        + " ("
        + result.label().sensitivity()
        + ")";
  }

  private String fileInBuild(Finding f) {
    return unit.equals(".") ? f.location().path() : unit + "/" + f.location().path();
  }

  /**
   * The findings that decided the label first (rules in the order of the label's reasons, which is
   * most decisive first), then the most severe; report order within a rule.
   */
  List<Finding> topFindings() {
    List<Reason> reasons = result.label().reasons();
    Map<String, Integer> rank =
        reasons.stream()
            .collect(Collectors.toMap(Reason::ruleId, reasons::indexOf, Math::min));
    Function<Finding, Integer> byReason = f -> rank.getOrDefault(f.ruleId(), Integer.MAX_VALUE);
    return result.findings().stream()
        .sorted(
            Comparator.comparing(byReason)
                .thenComparing(Finding::severity, Comparator.reverseOrder())
                .thenComparing(Finding::confidence, Comparator.reverseOrder())
                .thenComparing(Finding.REPORT_ORDER))
        .limit(TOP_FINDINGS)
        .toList();
  }
}
