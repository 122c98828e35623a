package dev.airlock.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.airlock.label.Unit;
import dev.airlock.scan.ScanResult;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The gateway feed, {@code labels.json} ({@code schemaVersion} {@value #SCHEMA_VERSION}, described
 * by {@code docs/labels.schema.json}): per repository its identity (name, normalised remote,
 * commit), its label, and its units with path prefixes, labels and reasons. Reasons name rules,
 * counts and policy rules, never a value or the path of a finding. The same scan gives the same
 * bytes except {@code generatedAt}; fields may be added in later versions, none renamed or
 * removed.
 */
public final class LabelsReportWriter implements ReportWriter {
  public static final int SCHEMA_VERSION = 1;

  private final String ruleSetHash;
  private final String policyHash;
  private final Instant generatedAt;

  /**
   * @param ruleSetHash {@code RuleSet.hash()} of the rules the run was given (a repository whose
   *     {@code airlock.yml} adds rules names its own in its entry)
   * @param policyHash {@code Policy.hash()} of the policy the run was given (likewise)
   * @param generatedAt the feed's time, written to the second in UTC
   */
  public LabelsReportWriter(String ruleSetHash, String policyHash, Instant generatedAt) {
    this.ruleSetHash = Objects.requireNonNull(ruleSetHash, "ruleSetHash");
    this.policyHash = Objects.requireNonNull(policyHash, "policyHash");
    this.generatedAt = generatedAt.truncatedTo(ChronoUnit.SECONDS);
  }

  @Override
  public void write(List<ScanResult> results, Writer out) throws IOException {
    try (JsonGenerator g = JsonReportWriter.prettyGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("schemaVersion", SCHEMA_VERSION);
      g.writeObjectFieldStart("tool");
      g.writeStringField("name", Tool.current().name());
      g.writeStringField("version", Tool.current().version());
      g.writeEndObject();
      g.writeStringField("ruleSetHash", ruleSetHash);
      g.writeStringField("policyHash", policyHash);
      g.writeStringField("generatedAt", DateTimeFormatter.ISO_INSTANT.format(generatedAt));
      g.writeArrayFieldStart("repositories");
      for (ScanResult r : results) {
        repository(g, r);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
    }
  }

  private static void repository(JsonGenerator g, ScanResult r) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", r.name());
    g.writeStringField("remote", r.remote());
    g.writeStringField("commit", r.commit());
    JsonReportWriter.labelFields(g, r);
    g.writeArrayFieldStart("units");
    for (Unit u : r.units()) {
      g.writeStartObject();
      JsonReportWriter.unitLabelFields(g, u);
      JsonReportWriter.reasons(g, u.label().reasons());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
