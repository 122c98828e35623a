package dev.airlock.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.airlock.label.Unit;
import dev.airlock.rules.Finding;
import dev.airlock.rules.policy.Label;
import dev.airlock.rules.policy.Reason;
import dev.airlock.scan.PartialItem;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.SkippedItem;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * The JSON report ({@code schemaVersion} 1). Fields may be added in later versions; none is renamed
 * or removed. Field order is fixed and every list is sorted, so equal scans give equal bytes.
 */
public final class JsonReportWriter implements ReportWriter {
  public static final int SCHEMA_VERSION = 1;

  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public void write(List<ScanResult> results, Writer out) throws IOException {
    try (JsonGenerator g = prettyGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("schemaVersion", SCHEMA_VERSION);
      g.writeObjectFieldStart("tool");
      g.writeStringField("name", Tool.current().name());
      g.writeStringField("version", Tool.current().version());
      g.writeEndObject();
      g.writeArrayFieldStart("repositories");
      for (ScanResult r : results) {
        repository(g, r);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
    }
  }

  /**
   * A generator for Airlock's JSON outputs: two-space indent, '\n' line ends on every platform,
   * and closing it leaves {@code out} open.
   */
  public static JsonGenerator prettyGenerator(Writer out) throws IOException {
    JsonGenerator g = JSON.createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    DefaultPrettyPrinter pretty = new DefaultPrettyPrinter();
    pretty.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
    pretty.indentObjectsWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
    g.setPrettyPrinter(pretty);
    return g;
  }

  private static void repository(JsonGenerator g, ScanResult r) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", r.name());
    g.writeStringField("path", r.path());
    g.writeStringField("commit", r.commit());
    g.writeStringField("remote", r.remote());
    labelFields(g, r);
    g.writeArrayFieldStart("units");
    for (Unit u : r.units()) {
      g.writeStartObject();
      unitLabelFields(g, u);
      g.writeNumberField("findingCount", u.findings());
      reasons(g, u.label().reasons());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("onPremFiles");
    for (String file : r.onPremFiles()) {
      g.writeString(file);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("findings");
    for (Finding f : r.findings()) {
      finding(g, f);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("skipped");
    for (SkippedItem s : r.skipped()) {
      skipped(g, s);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("partial");
    for (PartialItem p : r.partial()) {
      g.writeStartObject();
      g.writeStringField("path", p.path());
      g.writeStringField("reason", p.reason());
      g.writeArrayFieldStart("ruleIds");
      for (String id : p.ruleIds()) {
        g.writeString(id);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeObjectFieldStart("stats");
    g.writeNumberField("files", r.stats().files());
    g.writeNumberField("bytes", r.stats().bytes());
    g.writeNumberField("blobsScanned", r.stats().blobsScanned());
    g.writeNumberField("blobsReused", r.stats().blobsReused());
    g.writeObjectFieldStart("skipped");
    for (Map.Entry<String, Long> e : r.stats().skipped().entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeNumberField("durationMs", r.stats().durationMs());
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * One finding. A method, not the body of the loop over findings: the JIT compiles a method after
   * a few hundred calls, but a loop run once only after tens of thousands of iterations, so a
   * report of ten thousand findings was written interpreted.
   */
  private static void finding(JsonGenerator g, Finding f) throws IOException {
    g.writeStartObject();
    g.writeStringField("ruleId", f.ruleId());
    g.writeStringField("title", f.title());
    g.writeStringField("category", f.category().name());
    g.writeStringField("severity", f.severity().name());
    g.writeStringField("confidence", f.confidence().name());
    g.writeStringField("path", f.location().path());
    g.writeNumberField("line", f.location().line());
    g.writeNumberField("column", f.location().column());
    if (f.location().page() > 0) {
      g.writeNumberField("page", f.location().page());
    }
    g.writeStringField("fingerprint", f.fingerprint());
    g.writeStringField("redacted", f.redacted());
    g.writeEndObject();
  }

  private static void skipped(JsonGenerator g, SkippedItem s) throws IOException {
    g.writeStartObject();
    g.writeStringField("path", s.path());
    g.writeStringField("reason", s.reason());
    g.writeEndObject();
  }

  /**
   * A repository's label fields, as the report and the gateway feed both write them: label,
   * sensitivity, the rule set's and policy's hashes, the error of a failed scan, and the reasons.
   */
  static void labelFields(JsonGenerator g, ScanResult r) throws IOException {
    Label label = r.label();
    g.writeStringField("label", label == null ? null : label.routing().name());
    g.writeStringField("sensitivity", label == null ? null : label.sensitivity().name());
    g.writeStringField("ruleSetHash", r.rulesHash());
    g.writeStringField("policyHash", r.policyHash());
    if (r.failed()) {
      g.writeStringField("error", r.error());
    }
    reasons(g, label == null ? List.of() : label.reasons());
  }

  /** A unit's path, origin, label and sensitivity. */
  static void unitLabelFields(JsonGenerator g, Unit u) throws IOException {
    g.writeStringField("path", u.path());
    g.writeStringField("origin", u.origin());
    g.writeStringField("label", u.routing().name());
    g.writeStringField("sensitivity", u.sensitivity().name());
  }

  /** A {@code reasons} array: rule ids, categories, counts and policy rules, never a value. */
  static void reasons(JsonGenerator g, List<Reason> reasons) throws IOException {
    g.writeArrayFieldStart("reasons");
    for (Reason reason : reasons) {
      g.writeStartObject();
      g.writeStringField("ruleId", reason.ruleId());
      g.writeStringField("category", reason.category().name());
      g.writeNumberField("count", reason.count());
      g.writeStringField("policyRule", reason.policyRule());
      g.writeStringField("sensitivity", reason.sensitivity().name());
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
