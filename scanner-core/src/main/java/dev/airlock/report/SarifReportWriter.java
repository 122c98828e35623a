package dev.airlock.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Severity;
import dev.airlock.scan.PartialItem;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.SkippedItem;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * SARIF 2.1.0 for code-scanning tools: one run per repository, with the rules that fired, one
 * result per finding (its message holds only the redacted value), paths relative to the
 * repository root under {@code uriBaseId} {@value #ROOT}, and the finding's fingerprint as a
 * partial fingerprint, so a result keeps its identity when lines move. Skipped and partly scanned
 * files are the invocation's notifications. Field order is fixed and lists are sorted: equal
 * scans give equal bytes.
 */
public final class SarifReportWriter implements ReportWriter {
  static final String SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
  static final String ROOT = "SRCROOT";
  static final String FINGERPRINT_KEY = "airlock/v1";

  @Override
  public void write(List<ScanResult> results, Writer out) throws IOException {
    try (JsonGenerator g = JsonReportWriter.prettyGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("$schema", SCHEMA);
      g.writeStringField("version", "2.1.0");
      g.writeArrayFieldStart("runs");
      for (ScanResult r : results) {
        run(g, r);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
    }
  }

  private static void run(JsonGenerator g, ScanResult r) throws IOException {
    // The rules of this run, sorted by id; results refer to them by index.
    Map<String, Finding> rules = new TreeMap<>();
    for (Finding f : r.findings()) {
      rules.putIfAbsent(f.ruleId(), f);
    }
    List<String> ruleIds = new ArrayList<>(rules.keySet());

    g.writeStartObject();
    g.writeObjectFieldStart("tool");
    g.writeObjectFieldStart("driver");
    Tool tool = Tool.current();
    g.writeStringField("name", tool.name());
    g.writeStringField("version", tool.version());
    g.writeStringField("informationUri", tool.informationUri());
    g.writeArrayFieldStart("rules");
    for (Finding f : rules.values()) {
      rule(g, f);
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();

    invocation(g, r);

    g.writeObjectFieldStart("originalUriBaseIds");
    g.writeObjectFieldStart(ROOT);
    String root = Path.of(r.path()).toAbsolutePath().normalize().toUri().toString();
    // SARIF wants a base URI to end with '/'; toUri() adds it only for folders that exist.
    g.writeStringField("uri", root.endsWith("/") ? root : root + "/");
    g.writeEndObject();
    g.writeEndObject();

    if (r.commit() != null && r.remote() != null) {
      g.writeArrayFieldStart("versionControlProvenance");
      g.writeStartObject();
      g.writeStringField("repositoryUri", repositoryUri(r.remote()));
      g.writeStringField("revisionId", r.commit());
      g.writeEndObject();
      g.writeEndArray();
    }

    g.writeArrayFieldStart("results");
    for (Finding f : r.findings()) {
      result(g, f, ruleIds.indexOf(f.ruleId()));
    }
    g.writeEndArray();
    g.writeStringField("columnKind", "utf16CodeUnits");
    g.writeObjectFieldStart("properties");
    g.writeStringField("repository", r.name());
    if (r.label() != null) {
      g.writeStringField("label", r.label().routing().name());
      g.writeStringField("sensitivity", r.label().sensitivity().name());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void rule(JsonGenerator g, Finding f) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", f.ruleId());
    g.writeStringField("name", pascalCase(f.ruleId()));
    g.writeObjectFieldStart("shortDescription");
    g.writeStringField("text", f.title());
    g.writeEndObject();
    g.writeObjectFieldStart("defaultConfiguration");
    g.writeStringField("level", level(f.severity()));
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    g.writeStringField("category", f.category().name());
    g.writeStringField("severity", f.severity().name());
    // Code-scanning UIs rank security results by this number (0.0 to 10.0).
    g.writeStringField("security-severity", securitySeverity(f.severity()));
    g.writeArrayFieldStart("tags");
    g.writeString("security");
    g.writeString(f.category().name().toLowerCase(Locale.ROOT));
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void result(JsonGenerator g, Finding f, int ruleIndex) throws IOException {
    g.writeStartObject();
    g.writeStringField("ruleId", f.ruleId());
    g.writeNumberField("ruleIndex", ruleIndex);
    g.writeStringField("level", level(f.severity()));
    g.writeObjectFieldStart("message");
    g.writeStringField("text", f.title() + ": " + f.redacted());
    g.writeEndObject();
    g.writeArrayFieldStart("locations");
    g.writeStartObject();
    g.writeObjectFieldStart("physicalLocation");
    // Inside a document or archive the file is what a code-scanning UI can open; where in it
    // goes to the properties, as the line of an archive entry is no line of the file.
    boolean inside = !f.location().file().equals(f.location().path()) || f.location().page() > 0;
    artifactLocation(g, f.location().file());
    g.writeObjectFieldStart("region");
    g.writeNumberField("startLine", inside ? 1 : f.location().line());
    if (!inside) {
      g.writeNumberField("startColumn", f.location().column());
    }
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndArray();
    g.writeObjectFieldStart("partialFingerprints");
    g.writeStringField(FINGERPRINT_KEY, f.fingerprint());
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    g.writeStringField("category", f.category().name());
    g.writeStringField("confidence", f.confidence().name());
    if (inside) {
      g.writeStringField("documentLocation", f.location().toString());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void invocation(JsonGenerator g, ScanResult r) throws IOException {
    g.writeArrayFieldStart("invocations");
    g.writeStartObject();
    g.writeBooleanField("executionSuccessful", !r.failed());
    g.writeArrayFieldStart("toolExecutionNotifications");
    if (r.failed()) {
      notification(g, "error", "scan-failed", r.error(), null);
    }
    for (SkippedItem s : r.skipped()) {
      notification(g, "note", "skipped", "skipped: " + s.reason(), s.path());
    }
    for (PartialItem p : r.partial()) {
      notification(
          g,
          "warning",
          "partly-scanned",
          p.reason().equals(PartialItem.REGEX_BUDGET)
              ? "partly scanned: rules " + String.join(", ", p.ruleIds())
                  + " ran out of their regex work budget here; their matches may be missing"
              : "partly scanned: " + p.reason() + "; only the document's first characters were"
                  + " matched",
          p.path());
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
  }

  private static void notification(
      JsonGenerator g, String level, String id, String text, String path) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("descriptor");
    g.writeStringField("id", id);
    g.writeEndObject();
    g.writeStringField("level", level);
    g.writeObjectFieldStart("message");
    g.writeStringField("text", text);
    g.writeEndObject();
    if (path != null && !path.isEmpty()) {
      g.writeArrayFieldStart("locations");
      g.writeStartObject();
      g.writeObjectFieldStart("physicalLocation");
      artifactLocation(g, path);
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void artifactLocation(JsonGenerator g, String path) throws IOException {
    g.writeObjectFieldStart("artifactLocation");
    g.writeStringField("uri", relativeUri(path));
    g.writeStringField("uriBaseId", ROOT);
    g.writeEndObject();
  }

  /** SARIF levels: a finding that must not leave is an error; weaker ones warn or note. */
  static String level(Severity severity) {
    return switch (severity) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW -> "note";
    };
  }

  private static String securitySeverity(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "3.0";
    };
  }

  /**
   * A repository-relative path as a relative URI reference: each byte outside RFC 3986's
   * unreserved characters and '/' is percent-encoded, so spaces, '#', ':' and '%' survive.
   */
  static String relativeUri(String path) {
    StringBuilder s = new StringBuilder(path.length() + 8);
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
        s.append((char) c);
      } else {
        s.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return s.toString();
  }

  private static String repositoryUri(String remote) {
    return remote.startsWith("/") ? "file://" + relativeUri(remote) : "https://" + remote;
  }

  private static String pascalCase(String ruleId) {
    StringBuilder s = new StringBuilder();
    boolean up = true;
    for (char c : ruleId.toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        s.append(up ? Character.toUpperCase(c) : c);
        up = false;
      } else {
        up = true;
      }
    }
    return s.toString();
  }
}
