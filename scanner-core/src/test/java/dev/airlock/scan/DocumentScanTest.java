package dev.airlock.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.extract.Documents;
import dev.airlock.extract.TestDocuments;
import dev.airlock.report.JsonReportReader;
import dev.airlock.report.JsonReportWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import dev.airlock.rules.Finding;
import dev.airlock.rules.policy.Routing;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scans of real repositories whose sensitive content sits only inside documents and archives. */
class DocumentScanTest {
  private static final long SEED = 20261201L;

  @TempDir Path tmp;

  private final Random random = new Random(SEED);

  @Test
  void credentialsOnlyInsideDocxPdfAndZippedCsvMakeRepositoryOnPremOnlyWithTheirLocations()
      throws Exception {
    String inDocx = TestRepo.githubToken(random);
    String inPdf = TestRepo.githubToken(random);
    String inCsv = TestRepo.githubToken(random);
    String inSheet = TestRepo.githubToken(random);
    try (TestRepo repo = TestRepo.init(tmp.resolve("contracts"))) {
      repo.write("README.md", "# Contracts\nNothing secret here.\n")
          .write("src/Main.java", "class Main { public static void main(String[] a) {} }\n")
          .writeBytes(
              "docs/roster.docx",
              TestDocuments.docx("HR roster", "Deploy notes", "github token " + inDocx))
          .writeBytes(
              "docs/plan.pdf",
              TestDocuments.pdf("Plan, first page\nnothing here", "Second page\ntoken " + inPdf))
          .writeBytes(
              "data/dump.zip",
              TestDocuments.zip(
                  "export/readme.txt", "an export\n",
                  "export/users.csv", "service,owner,token\nbuild,ops,none\nci,ops," + inCsv + "\n"))
          .writeBytes(
              "finance/q3.xlsx",
              TestDocuments.xlsx(
                  "Sheet2",
                  List.of(
                      List.of("service", "owner", "token"),
                      List.of("build", "ops", "none"),
                      List.of("ci", "ops", inSheet))))
          .commit("initial");
    }
    ScanResult r = Scanner.builder().threads(2).build().scanPaths(List.of(tmp.resolve("contracts")), null).get(0);

    assertThat(r.failed()).isFalse();
    assertThat(r.skipped()).isEmpty();
    assertThat(r.label().routing()).isEqualTo(Routing.ON_PREM_ONLY);
    assertThat(r.findings())
        .filteredOn(f -> f.ruleId().startsWith("github"))
        .extracting(DocumentScanTest::where)
        .containsExactly(
            "data/dump.zip!/export/users.csv page 0 line 3",
            "docs/plan.pdf page 2 line 2",
            "docs/roster.docx page 0 line 3",
            "finance/q3.xlsx!/Sheet2 page 0 line 3 column 3");
    assertThat(r.findings()).allSatisfy(f -> {
      for (String secret : List.of(inDocx, inPdf, inCsv, inSheet)) {
        assertThat(f.redacted()).doesNotContain(secret);
      }
    });
    assertThat(r.onPremFiles())
        .containsExactly("data/dump.zip", "docs/plan.pdf", "docs/roster.docx", "finance/q3.xlsx");

    StringWriter json = new StringWriter();
    new JsonReportWriter().write(List.of(r), json);
    assertThat(json.toString()).contains("\"path\" : \"docs/plan.pdf\"").contains("\"page\" : 2");
    List<ScanResult> back = JsonReportReader.read("report.json", json.toString());
    assertThat(back.get(0).findings()).extracting(DocumentScanTest::where)
        .containsAll(r.findings().stream().map(DocumentScanTest::where).toList());
  }

  @Test
  void everyOtherFormatGivesItsFindingAtItsPlace() throws Exception {
    String[] t = new String[11];
    for (int i = 0; i < t.length; i++) {
      t[i] = TestRepo.githubToken(random);
    }
    try (TestRepo repo = TestRepo.init(tmp.resolve("formats"))) {
      repo.write("README.md", "# Formats\n")
          .writeBytes("slides/deck.pptx", TestDocuments.pptx("Title\nagenda", "Rollout\ntoken " + t[0]))
          .writeBytes("docs/notes.odt", TestDocuments.odt("Notes", "nothing", "token " + t[1]))
          .writeBytes(
              "data/book.ods",
              TestDocuments.ods("Keys", List.of(List.of("service", "token"), List.of("ci", t[2]))))
          .writeBytes("docs/guide.epub", TestDocuments.epub("Chapter one\nplain", "Chapter two\ntoken " + t[3]))
          .writeBytes("mail/roster.msg", TestDocuments.msg("Roster", "Hello\nthe token is " + t[4] + "\n"))
          .writeBytes(
              "lib/app.jar",
              TestDocuments.jar("config/app.properties", "name=app\ntoken=" + t[5] + "\n"))
          .writeBytes("logs/deploy.log.gz", TestDocuments.gzip("started\nstep two\ntoken " + t[6] + "\n"))
          .writeBytes("img/photo.jpg", TestDocuments.jpegWithExif("token " + t[7], "Synthetic Artist"))
          .writeBytes("docs/legacy.doc", TestDocuments.doc("token " + t[8]))
          .writeBytes("slides/old.ppt", TestDocuments.ppt("Title\nagenda", "Plan\nmore", "Keys\ntoken " + t[9]))
          .commit("initial");
    }
    ScanResult r =
        Scanner.builder().threads(2).build().scanPaths(List.of(tmp.resolve("formats")), null).get(0);

    assertThat(r.skipped()).isEmpty();
    assertThat(r.findings())
        .filteredOn(f -> f.ruleId().startsWith("github"))
        .extracting(DocumentScanTest::where)
        .containsExactly(
            "data/book.ods page 0 line 2 column 2",
            "docs/guide.epub page 0 line 4",
            "docs/legacy.doc page 0 line 3",
            "docs/notes.odt page 0 line 3",
            // The description twice, sorted: as EXIF's ImageDescription and as Dublin Core's.
            "img/photo.jpg!/metadata page 0 line 7",
            "img/photo.jpg!/metadata page 0 line 18",
            "lib/app.jar!/config/app.properties page 0 line 2",
            "logs/deploy.log.gz!/deploy.log page 0 line 3",
            "mail/roster.msg page 0 line 3",
            "slides/deck.pptx page 2 line 2",
            "slides/old.ppt page 3 line 2");
    assertThat(r.label().routing()).isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void documentPastTheCharactersLimitKeepsItsEarlyFindingsAndIsListedAsPartlyScanned()
      throws Exception {
    String early = TestRepo.githubToken(random);
    String late = TestRepo.githubToken(random);
    String[] paragraphs = new String[60];
    for (int i = 0; i < paragraphs.length; i++) {
      paragraphs[i] = "paragraph " + i + " of the handbook, nothing sensitive in it at all";
    }
    paragraphs[1] = "token " + early;
    paragraphs[59] = "token " + late;
    try (TestRepo repo = TestRepo.init(tmp.resolve("long"))) {
      repo.writeBytes("docs/handbook.docx", TestDocuments.docx(paragraphs)).commit("initial");
    }
    Documents.Limits limits = new Documents.Limits(2_000, 100, 100, 3, 60_000, 512, 1);
    ScanResult r = Scanner.builder().threads(2).documents(limits).build()
        .scanPaths(List.of(tmp.resolve("long")), null).get(0);

    assertThat(r.skipped()).isEmpty();
    assertThat(r.findings()).filteredOn(f -> f.ruleId().startsWith("github"))
        .extracting(DocumentScanTest::where)
        .containsExactly("docs/handbook.docx page 0 line 2");
    assertThat(r.partial())
        .containsExactly(new PartialItem("docs/handbook.docx", List.of(), "extract-limit"));
  }

  @Test
  void hostileDocumentsEachCostOneNamedSkipAndTheScanFinishes() throws Exception {
    byte[] nested = TestDocuments.zip("deep.txt", "bottom\n");
    for (int level = 5; level >= 1; level--) {
      nested = TestDocuments.zip("level" + level + ".zip", nested);
    }
    try (TestRepo repo = TestRepo.init(tmp.resolve("hostile"))) {
      repo.write("src/App.java", "class App {}\n")
          .writeBytes("bomb.zip", TestDocuments.zipBomb(120))
          .writeBytes("nested.zip", nested)
          .writeBytes("broken.pdf", "%PDF-1.7\nnot really\n%%EOF".getBytes(StandardCharsets.US_ASCII))
          .writeBytes("empty.pdf", new byte[0])
          .writeBytes("locked.pdf", TestDocuments.encryptedPdf("user-pass", "hidden"))
          .writeBytes("fine.pdf", TestDocuments.pdf("an ordinary page"))
          .commit("initial");
    }
    ScanResult r =
        Scanner.builder().threads(2).build().scanPaths(List.of(tmp.resolve("hostile")), null).get(0);

    assertThat(r.failed()).isFalse();
    assertThat(r.skipped())
        .extracting(x -> x.path() + " " + x.reason().replaceFirst(":.*", ""))
        .containsExactly(
            "bomb.zip!/zeros.txt compression-ratio",
            "broken.pdf malformed",
            "locked.pdf encrypted",
            "nested.zip!/level1.zip!/level2.zip!/level3.zip!/level4.zip max-depth");
    // Every file is accounted for: scanned (a skipped entry leaves its archive scanned) or skipped.
    assertThat(r.stats().files()).isEqualTo(5);
    assertThat(r.label().routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
  }

  private static String where(Finding f) {
    String at = f.location().path() + " page " + f.location().page() + " line " + f.location().line();
    boolean table = f.location().path().contains(".xlsx!") || f.location().path().endsWith(".ods");
    return table ? at + " column " + f.location().column() : at;
  }
}
