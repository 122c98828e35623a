package dev.airlock.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.label.Unit;
import dev.airlock.rules.Category;
import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Location;
import dev.airlock.rules.Severity;
import dev.airlock.rules.policy.Label;
import dev.airlock.rules.policy.Reason;
import dev.airlock.rules.policy.Routing;
import dev.airlock.rules.policy.Sensitivity;
import dev.airlock.scan.PartialItem;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.ScanStats;
import dev.airlock.scan.SkippedItem;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads back a JSON report ({@link JsonReportWriter}, {@code schemaVersion} 1), so that exports
 * can be made from a report instead of a new scan. Stateless and thread-safe.
 */
public final class JsonReportReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonReportReader() {}

  /** A report that cannot be read back; the message is one line naming what is wrong. */
  public static final class ReportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReportException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The results the report holds, in its order.
   *
   * @param name how messages refer to the report, e.g. its file name
   * @throws ReportException when the text is not an Airlock JSON report of schemaVersion 1
   */
  public static List<ScanResult> read(String name, String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ReportException(
          name + ": not JSON (line " + e.getLocation().getLineNr() + "); give a report from"
              + " 'airlock scan --format json'", e);
    }
    if (root == null || root.path("schemaVersion").asInt() != JsonReportWriter.SCHEMA_VERSION
        || !root.path("repositories").isArray()) {
      throw new ReportException(
          name + ": not an Airlock JSON report of schemaVersion " + JsonReportWriter.SCHEMA_VERSION
              + "; give a report from 'airlock scan --format json'", null);
    }
    List<ScanResult> results = new ArrayList<>();
    int i = 0;
    for (JsonNode r : root.get("repositories")) {
      try {
        results.add(repository(r));
      } catch (RuntimeException e) {
        throw new ReportException(
            name + ": repository " + i + " (" + r.path("name").asText("?") + "): " + e.getMessage(), e);
      }
      i++;
    }
    return results;
  }

  private static ScanResult repository(JsonNode r) {
    if (!r.path("onPremFiles").isArray()) {
      throw new IllegalArgumentException(
          "no 'onPremFiles': the report is from an older Airlock; scan again");
    }
    Label label =
        r.path("label").isTextual()
            ? new Label(
                Routing.valueOf(r.get("label").asText()),
                Sensitivity.valueOf(r.path("sensitivity").asText()),
                reasons(r.path("reasons")))
            : null;
    List<Unit> units = new ArrayList<>();
    for (JsonNode u : r.path("units")) {
      units.add(
          new Unit(
              u.path("path").asText(),
              u.path("origin").asText(),
              new Label(
                  Routing.valueOf(u.path("label").asText()),
                  Sensitivity.valueOf(u.path("sensitivity").asText()),
                  reasons(u.path("reasons"))),
              u.path("findingCount").asInt()));
    }
    List<String> onPremFiles = new ArrayList<>();
    r.get("onPremFiles").forEach(f -> onPremFiles.add(f.asText()));
    List<Finding> findings = new ArrayList<>();
    for (JsonNode f : r.path("findings")) {
      findings.add(
          new Finding(
              f.path("ruleId").asText(),
              f.path("title").asText(),
              Category.valueOf(f.path("category").asText()),
              Severity.valueOf(f.path("severity").asText()),
              Confidence.valueOf(f.path("confidence").asText()),
              new Location(
                  f.path("path").asText(), f.path("line").asInt(), f.path("column").asInt(),
                  f.path("page").asInt(0)),
              f.path("redacted").asText(),
              f.path("fingerprint").asText()));
    }
    List<SkippedItem> skipped = new ArrayList<>();
    for (JsonNode s : r.path("skipped")) {
      skipped.add(new SkippedItem(s.path("path").asText(), s.path("reason").asText()));
    }
    List<PartialItem> partial = new ArrayList<>();
    for (JsonNode p : r.path("partial")) {
      List<String> ids = new ArrayList<>();
      p.path("ruleIds").forEach(id -> ids.add(id.asText()));
      partial.add(new PartialItem(
          p.path("path").asText(), ids, p.path("reason").asText(PartialItem.REGEX_BUDGET)));
    }
    JsonNode st = r.path("stats");
    TreeMap<String, Long> skippedByReason = new TreeMap<>();
    st.path("skipped").fields().forEachRemaining(e -> skippedByReason.put(e.getKey(), e.getValue().asLong()));
    ScanStats stats =
        new ScanStats(
            st.path("files").asLong(), st.path("bytes").asLong(), st.path("blobsScanned").asLong(),
            st.path("blobsReused").asLong(), skippedByReason, st.path("durationMs").asLong());
    return new ScanResult(
        r.path("name").asText(),
        r.path("path").asText(),
        text(r.path("commit")),
        text(r.path("remote")),
        label,
        units,
        onPremFiles,
        findings,
        skipped,
        partial,
        stats,
        text(r.path("ruleSetHash")),
        text(r.path("policyHash")),
        text(r.path("error")));
  }

  private static List<Reason> reasons(JsonNode node) {
    List<Reason> reasons = new ArrayList<>();
    for (JsonNode n : node) {
      reasons.add(
          new Reason(
              n.path("ruleId").asText(),
              Category.valueOf(n.path("category").asText()),
              n.path("count").asInt(),
              n.path("policyRule").asText(),
              Sensitivity.valueOf(n.path("sensitivity").asText())));
    }
    return reasons;
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}
