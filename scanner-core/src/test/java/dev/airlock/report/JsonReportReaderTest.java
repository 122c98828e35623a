package dev.airlock.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.report.ExclusionWriter.Target;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import dev.airlock.scan.TestRepo;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JSON report read back gives the results it was written from. */
class JsonReportReaderTest {
  @TempDir Path tmp;

  private final Random random = new Random(77L);

  private List<ScanResult> scan() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("shop"))) {
      repo.write("services/billing/go.mod", "module example.invalid/billing\n")
          .write("services/billing/app.properties", "github.token=" + TestRepo.githubToken(random) + "\n")
          .write("services/search/go.mod", "module example.invalid/search\n")
          .write("deploy/prod.env", "GITHUB_TOKEN=" + TestRepo.githubToken(random) + "\n")
          .writeBytes("logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2})
          .commit("initial");
      repo.remote("https://github.com/acme/shop.git");
    }
    return Scanner.builder().threads(2).build().scanPaths(List.of(tmp.resolve("shop"), tmp.resolve("missing")), null);
  }

  private static String write(ReportWriter writer, List<ScanResult> results) throws IOException {
    StringWriter out = new StringWriter();
    writer.write(results, out);
    return out.toString();
  }

  @Test
  void aReportReadBackWritesTheSameBytes() throws Exception {
    String report = write(new JsonReportWriter(), scan());

    List<ScanResult> read = JsonReportReader.read("report.json", report);

    assertThat(write(new JsonReportWriter(), read)).isEqualTo(report);
  }

  @Test
  void exportsFromAReportEqualExportsFromTheScan() throws Exception {
    List<ScanResult> scanned = scan().subList(0, 1);
    List<ScanResult> read = JsonReportReader.read("report.json", write(new JsonReportWriter(), scanned));

    for (Target target : Target.values()) {
      assertThat(write(new ExclusionWriter(target), read)).isEqualTo(write(new ExclusionWriter(target), scanned));
    }
  }

  @Test
  void whatIsNotAReportIsRefusedInOneLine() {
    assertThatThrownBy(() -> JsonReportReader.read("r.json", "{ nope"))
        .hasMessageStartingWith("r.json: not JSON (line 1)");
    assertThatThrownBy(() -> JsonReportReader.read("r.json", "{\"schemaVersion\": 1, \"runs\": []}"))
        .hasMessageContaining("not an Airlock JSON report");
    assertThatThrownBy(() -> JsonReportReader.read("r.json",
            "{\"schemaVersion\": 1, \"repositories\": [{\"name\": \"x\", \"label\": \"ON_PREM\", \"onPremFiles\": []}]}"))
        .hasMessageStartingWith("r.json: repository 0 (x): ");
    assertThatThrownBy(() -> JsonReportReader.read("r.json",
            "{\"schemaVersion\": 1, \"repositories\": [{\"name\": \"x\"}]}"))
        .hasMessageContaining("the report is from an older Airlock; scan again");
  }
}
