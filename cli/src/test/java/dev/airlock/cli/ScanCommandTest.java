package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.scan.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The {@code airlock scan} command as a user runs it: arguments in, report and exit code out. */
class ScanCommandTest {
  private static final long SEED = 7L;

  @TempDir Path tmp;

  private final Random random = new Random(SEED);

  @RegisterExtension final CapturedOutput io = new CapturedOutput();

  private int run(String... args) {
    return Main.run(args);
  }

  private String stdout() {
    return io.stdout();
  }

  private String stderr() {
    return io.stderr();
  }

  private Path repoWithSecret(String name, String token) throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve(name))) {
      repo.write("src/main/resources/app.properties", "db.user=app\napi.token=" + token + "\n")
          .write("README.md", "# " + name + "\n")
          .commit("initial");
    }
    return tmp.resolve(name);
  }

  private Path cleanRepo(String name) throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve(name))) {
      repo.write("src/Main.java", "class Main {}\n").commit("initial");
    }
    return tmp.resolve(name);
  }

  @Test
  void documentsAreReadUnlessNoDocumentsIsGiven() throws Exception {
    String token = TestRepo.githubToken(random);
    try (TestRepo repo = TestRepo.init(tmp.resolve("dump"))) {
      repo.writeBytes(
              "data/dump.zip",
              dev.airlock.extract.TestDocuments.zip("export/keys.csv", "name,token\nci," + token + "\n"))
          .commit("initial");
    }
    String dir = tmp.resolve("dump").toString();

    assertThat(run("scan", "--no-progress", "--no-state", "--document-processes", "1", "--format", "json", dir))
        .isZero();
    assertThat(stdout()).contains("\"path\" : \"data/dump.zip!/export/keys.csv\"").doesNotContain(token);

    io.clearStdout();
    assertThat(run("scan", "--no-progress", "--no-state", "--no-documents", "--format", "json", dir))
        .isZero();
    assertThat(stdout()).contains("\"reason\" : \"binary\"").doesNotContain("keys.csv");

    assertThat(run("scan", "--document-processes", "-1", dir)).isEqualTo(2);
    assertThat(stderr()).contains("--document-processes must be between 1 and 64");
  }

  @Test
  void jsonReportHasTheDocumentedShapeAndNoFullSecret() throws Exception {
    String token = TestRepo.githubToken(random);
    Path repo = repoWithSecret("svc", token);
    Path report = tmp.resolve("out/report.json");

    int code = run("scan", "--no-progress", "--format", "json", "--output", report.toString(), repo.toString());

    assertThat(code).isZero();
    String text = Files.readString(report);
    assertThat(text).doesNotContain(token);
    JsonNode root = new ObjectMapper().readTree(text);
    assertThat(root.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(root.at("/tool/name").asText()).isEqualTo("airlock");
    assertThat(root.at("/tool/version").asText()).isNotBlank().doesNotContain("${");
    JsonNode r = root.get("repositories").get(0);
    assertThat(r.get("name").asText()).isEqualTo("svc");
    assertThat(r.get("commit").asText()).hasSize(40);
    assertThat(r.get("label").asText()).isEqualTo("ON_PREM_ONLY");
    assertThat(r.get("sensitivity").asText()).isEqualTo("RESTRICTED");
    JsonNode reason = r.get("reasons").get(0);
    assertThat(reason.get("category").asText()).isEqualTo("SECRET");
    assertThat(reason.get("count").asInt()).isEqualTo(1);
    JsonNode f = r.get("findings").get(0);
    assertThat(f.get("path").asText()).isEqualTo("src/main/resources/app.properties");
    assertThat(f.get("line").asInt()).isEqualTo(2);
    assertThat(f.get("column").asInt()).isEqualTo(11);
    assertThat(f.get("confidence").asText()).isIn("HIGH", "MEDIUM");
    assertThat(f.get("redacted").asText()).matches("ghp_…\\(sha256:[0-9a-f]{6}\\)");
    assertThat(f.get("fingerprint").asText()).matches("[0-9a-f]{16}");
    assertThat(r.at("/stats/files").asInt()).isEqualTo(2);
    assertThat(r.at("/stats/bytes").asLong()).isPositive();
    assertThat(r.at("/stats/skipped").isObject()).isTrue();
    assertThat(r.at("/stats/durationMs").isNumber()).isTrue();
    assertThat(stdout()).isEmpty();
  }

  @Test
  void jsonGoesToStdoutWhenNoOutputFileIsGiven() throws Exception {
    Path repo = cleanRepo("clean");
    assertThat(run("scan", "--no-progress", "-f", "json", repo.toString())).isZero();
    JsonNode root = new ObjectMapper().readTree(stdout());
    assertThat(root.at("/repositories/0/label").asText()).isEqualTo("CLOUD_ELIGIBLE");
    // No licence evidence: company code, the default policy's baseline.
    assertThat(root.at("/repositories/0/sensitivity").asText()).isEqualTo("INTERNAL");
    assertThat(root.at("/repositories/0/reasons").size()).isZero();
  }

  @Test
  void textReportShowsLabelReasonAndRedactedFinding() throws Exception {
    String token = TestRepo.githubToken(random);
    Path repo = repoWithSecret("payments", token);
    assertThat(run("scan", "--no-progress", repo.toString())).isZero();
    String text = stdout();
    assertThat(text).contains("payments").contains("ON_PREM_ONLY").contains("why:")
        .contains("src/main/resources/app.properties:2:11").contains("MB/s")
        .doesNotContain(token);
  }

  @Test
  void failOnOnPremExitsOneOnlyWhenARepositoryIsOnPremOnly() throws Exception {
    Path secret = repoWithSecret("s", TestRepo.githubToken(random));
    Path clean = cleanRepo("c");
    assertThat(run("scan", "--no-progress", "--fail-on", "on-prem", clean.toString())).isZero();
    assertThat(run("scan", "--no-progress", "--fail-on", "on-prem", clean.toString(), secret.toString())).isEqualTo(1);
    assertThat(run("scan", "--no-progress", secret.toString())).isZero();
  }

  @Test
  void usageErrorsExitTwoWithOneLine() {
    assertThat(run("scan", "--format", "yaml", ".")).isEqualTo(2);
    assertThat(stderr()).contains("airlock:").contains("yaml").doesNotContain("\tat ");
    assertThat(run("scan", "--threads", "0x")).isEqualTo(2);
    assertThat(run("scan", "--threads", "-3", ".")).isEqualTo(2);
    assertThat(stderr()).contains("--threads must be 1 or more");
    assertThat(run("scan", "--fail-on", "sometimes", ".")).isEqualTo(2);
    assertThat(run("scan", "--max-file-size", "huge", ".")).isEqualTo(2);
    assertThat(run("frobnicate")).isEqualTo(2);
  }

  @Test
  void pathThatCannotBeScannedExitsTwoAndIsNamed() throws Exception {
    TestRepo.init(tmp.resolve("empty")).close();
    Path clean = cleanRepo("fine");
    int code = run("scan", "--no-progress", "-f", "json", tmp.resolve("empty").toString(), clean.toString());
    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("no commits");
    JsonNode root = new ObjectMapper().readTree(stdout());
    assertThat(root.at("/repositories/0/error").asText()).contains("no commits");
    assertThat(root.at("/repositories/1/label").asText()).isEqualTo("CLOUD_ELIGIBLE");
  }

  @Test
  void userRulePackAddsARule() throws Exception {
    Path rules = tmp.resolve("rules");
    Files.createDirectories(rules);
    Files.writeString(rules.resolve("codenames.yml"), String.join("\n",
        "rules:",
        "  - id: codename-falcon",
        "    title: Project Falcon code name",
        "    category: PROPRIETARY",
        "    severity: HIGH",
        "    keywords: [falcon]",
        "    pattern: '(?i)\\bproject[ _-]?falcon\\b'",
        "    examples:",
        "      match: ['Project Falcon roadmap']",
        "      nomatch: ['falcon heavy']",
        ""));
    try (TestRepo repo = TestRepo.init(tmp.resolve("plans"))) {
      repo.write("docs/plan.md", "Roadmap for Project Falcon, Q3.\n").commit("initial");
    }
    assertThat(run("scan", "--no-progress", "-f", "json", "--rules", rules.toString(), tmp.resolve("plans").toString())).isZero();
    JsonNode root = new ObjectMapper().readTree(stdout());
    assertThat(root.at("/repositories/0/findings/0/ruleId").asText()).isEqualTo("codename-falcon");
    assertThat(root.at("/repositories/0/label").asText()).isEqualTo("ON_PREM_ONLY");
  }

  @Test
  void verboseSaysWhichEngineRanOrThatNoneWasNeeded() throws Exception {
    Path repo = repoWithSecret("svc", TestRepo.githubToken(random));
    String state = tmp.resolve("state").toString();

    assertThat(run("scan", "--no-progress", "-v", "--state", state, "--format", "json", repo.toString()))
        .isEqualTo(0);
    assertThat(stderr()).containsPattern("airlock: engine (hyperscan|java)");

    io.clearStderr();
    assertThat(run("scan", "--no-progress", "-v", "--state", state, "--format", "json", repo.toString()))
        .isEqualTo(0);
    assertThat(stderr())
        .contains("airlock: engine not needed: no file was read, all came from the index")
        .doesNotContainPattern("airlock: engine (hyperscan|java)");
  }

  @Test
  void brokenUserRulePackIsAUsageErrorNamingFileAndRule() throws Exception {
    Path rules = tmp.resolve("bad");
    Files.createDirectories(rules);
    Files.writeString(rules.resolve("bad.yml"), "rules:\n  - id: broken-one\n    title: t\n    category: SECRET\n    severity: HIGH\n    pattern: '(unclosed'\n");
    assertThat(run("scan", "--rules", rules.toString(), tmp.toString())).isEqualTo(2);
    assertThat(stderr()).contains("bad.yml:2").contains("broken-one").contains("not a valid regex");
  }

  @Test
  void helpTeachesTheCommand() {
    assertThat(run("scan", "--help")).isZero();
    assertThat(stdout()).contains("--format").contains("--fail-on").contains("Exit codes").contains("Examples");
  }
}
