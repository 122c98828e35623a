package dev.airlock.maven;

import dev.airlock.report.LabelsReportWriter;
import dev.airlock.report.ReportWriter;
import dev.airlock.scan.ScanResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Report files in a folder, one per format, each written whole or not at all. */
final class ReportFiles {
  private ReportFiles() {}

  /** The file name of a format's report: {@code report.json}, {@code report.txt}, ... */
  static String fileName(String format) {
    return switch (format) {
      case "text" -> "report.txt";
      case "labels" -> "labels.json";
      case "sarif" -> "report.sarif";
      default -> "report." + format;
    };
  }

  /** Checks the format names at once, so a typo fails before anything is scanned. */
  static void check(List<String> formats) {
    for (String format : formats) {
      if (!format.equals("labels")) {
        try {
          ReportWriter.forFormat(format);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "unknown format '" + format + "'; known formats: json, text, sarif, labels", e);
        }
      }
    }
  }

  private static ReportWriter writer(String format, String rulesHash, String policyHash) {
    return format.equals("labels")
        ? new LabelsReportWriter(rulesHash, policyHash, Instant.now())
        : ReportWriter.forFormat(format);
  }

  /**
   * Writes each format's report into {@code dir}; returns the files in the order of formats.
   *
   * @param rulesHash the rule set's hash, for the labels feed
   * @param policyHash the policy's hash, for the labels feed
   */
  static List<Path> write(
      Path dir, List<String> formats, List<ScanResult> results, String rulesHash, String policyHash)
      throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (String format : formats) {
      Path file = dir.resolve(fileName(format));
      // Written beside the target and moved over it, so a reader never sees half a report.
      Path tmp = Files.createTempFile(dir, fileName(format), ".tmp");
      try {
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          writer(format, rulesHash, policyHash).write(results, out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      written.add(file);
    }
    return written;
  }
}
