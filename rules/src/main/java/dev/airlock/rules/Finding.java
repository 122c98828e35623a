package dev.airlock.rules;

/**
 * One sensitive value found at one location. It never holds the value itself: only its {@link
 * Redaction redacted} form and a {@link Fingerprint}, so a finding may be logged, printed and
 * stored freely.
 */
public record Finding(
    String ruleId,
    String title,
    Category category,
    Severity severity,
    Confidence confidence,
    Location location,
    String redacted,
    String fingerprint) {

  /** Orders findings by path, page, line, column, then rule id: the order every report uses. */
  public static final java.util.Comparator<Finding> REPORT_ORDER =
      java.util.Comparator.comparing((Finding f) -> f.location().path())
          .thenComparingInt(f -> f.location().page())
          .thenComparingInt(f -> f.location().line())
          .thenComparingInt(f -> f.location().column())
          .thenComparing(Finding::ruleId)
          .thenComparing(Finding::fingerprint);
}
