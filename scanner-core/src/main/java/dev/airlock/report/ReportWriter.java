package dev.airlock.report;

import dev.airlock.scan.ScanResult;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** Writes the results of one run in one format. Writers are stateless and thread-safe. */
public interface ReportWriter {
  void write(List<ScanResult> results, Writer out) throws IOException;

  /**
   * The writer for a format name as the CLI spells it: {@code text}, {@code json} or {@code
   * sarif}. ({@code labels} needs the rule set's and policy's hashes: see {@link
   * LabelsReportWriter}.)
   */
  static ReportWriter forFormat(String format) {
    return switch (format) {
      case "text" -> new TextReportWriter(false);
      case "json" -> new JsonReportWriter();
      case "sarif" -> new SarifReportWriter();
      default -> throw new IllegalArgumentException(
          "unknown format '" + format + "'; known formats: text, json, sarif");
    };
  }
}
