package dev.airlock.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.rules.Finding;
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

/** SARIF 2.1.0 from scans of real repositories, validated against the official schema. */
class SarifReportWriterTest {
  private static final Scanner SCANNER = Scanner.builder().threads(2).build();

  @TempDir Path tmp;

  private final Random random = new Random(11L);

  private static String sarif(List<ScanResult> results) throws IOException {
    StringWriter out = new StringWriter();
    new SarifReportWriter().write(results, out);
    JsonSchemaCheck.assertValidSarif(out.toString());
    return out.toString();
  }

  private Path repo(String token) throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("billing"))) {
      repo.write("src/main/resources/app config.properties", "name=billing\napi.token=" + token + "\n")
          .write("deploy/aws.env", "AWS_ACCESS_KEY_ID=" + TestRepo.awsKeyId(random) + "\n")
          .writeBytes("img/logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 0, 1, 2})
          .write("README.md", "# Billing\n")
          .commit("initial");
      repo.remote("git@github.com:Acme/Billing.git");
    }
    return tmp.resolve("billing");
  }

  @Test
  void sarifIsValidAgainstTheOfficialSchema() throws Exception {
    String json = sarif(SCANNER.scanPaths(List.of(repo(TestRepo.githubToken(random))), null));

    JsonSchemaCheck.assertValidSarif(json);
  }

  @Test
  void theSchemaCheckRejectsWhatSarifDoesNotAllow() throws Exception {
    String json = sarif(SCANNER.scanPaths(List.of(repo(TestRepo.githubToken(random))), null));
    String misspelt = json.replace("\"startLine\"", "\"line\"");

    assertThatThrownBy(() -> JsonSchemaCheck.assertValidSarif(misspelt))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("line");
  }

  @Test
  void resultsPointAtRulesLocationsAndFingerprintsWithRedactedMessagesOnly() throws Exception {
    String token = TestRepo.githubToken(random);
    ScanResult scan = SCANNER.scanPaths(List.of(repo(token)), null).get(0);

    String json = sarif(List.of(scan));

    assertThat(json).doesNotContain(token);
    JsonNode run = new ObjectMapper().readTree(json).at("/runs/0");
    assertThat(run.at("/tool/driver/name").asText()).isEqualTo("airlock");
    assertThat(run.at("/tool/driver/informationUri").asText()).startsWith("https://");
    JsonNode rules = run.at("/tool/driver/rules");
    JsonNode results = run.get("results");
    assertThat(results).hasSize(scan.findings().size());
    for (int i = 0; i < results.size(); i++) {
      Finding f = scan.findings().get(i);
      JsonNode result = results.get(i);
      JsonNode rule = rules.get(result.get("ruleIndex").asInt());
      assertThat(rule.get("id").asText()).isEqualTo(f.ruleId()).isEqualTo(result.get("ruleId").asText());
      assertThat(rule.at("/shortDescription/text").asText()).isEqualTo(f.title());
      assertThat(rule.at("/properties/category").asText()).isEqualTo(f.category().name());
      assertThat(rule.at("/properties/severity").asText()).isEqualTo(f.severity().name());
      assertThat(rule.at("/defaultConfiguration/level").asText()).isIn("error", "warning", "note");
      assertThat(result.at("/message/text").asText()).endsWith(f.redacted());
      JsonNode location = result.at("/locations/0/physicalLocation");
      assertThat(location.at("/artifactLocation/uriBaseId").asText()).isEqualTo("SRCROOT");
      assertThat(location.at("/region/startLine").asInt()).isEqualTo(f.location().line());
      assertThat(location.at("/region/startColumn").asInt()).isEqualTo(f.location().column());
      assertThat(result.at("/partialFingerprints/airlock~1v1").asText()).isEqualTo(f.fingerprint());
    }
    assertThat(results.findValuesAsText("uri"))
        .contains("src/main/resources/app%20config.properties", "deploy/aws.env");
    assertThat(run.at("/originalUriBaseIds/SRCROOT/uri").asText()).startsWith("file:/").endsWith("/billing/");
    assertThat(run.at("/versionControlProvenance/0/repositoryUri").asText())
        .isEqualTo("https://github.com/acme/billing");
    assertThat(run.at("/versionControlProvenance/0/revisionId").asText()).isEqualTo(scan.commit());
  }

  @Test
  void skippedFilesAreToolExecutionNotifications() throws Exception {
    String json = sarif(SCANNER.scanPaths(List.of(repo(TestRepo.githubToken(random))), null));

    JsonNode invocation = new ObjectMapper().readTree(json).at("/runs/0/invocations/0");
    assertThat(invocation.get("executionSuccessful").asBoolean()).isTrue();
    JsonNode note = invocation.at("/toolExecutionNotifications/0");
    assertThat(note.at("/message/text").asText()).isEqualTo("skipped: binary");
    assertThat(note.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("img/logo.png");
  }

  @Test
  void anUnscannablePathIsAFailedInvocationAndStillValid() throws Exception {
    String json = sarif(SCANNER.scanPaths(List.of(tmp.resolve("missing")), null));

    JsonSchemaCheck.assertValidSarif(json);
    JsonNode run = new ObjectMapper().readTree(json).at("/runs/0");
    assertThat(run.at("/invocations/0/executionSuccessful").asBoolean()).isFalse();
    assertThat(run.at("/invocations/0/toolExecutionNotifications/0/level").asText()).isEqualTo("error");
    assertThat(run.get("results")).isEmpty();
    assertThat(run.at("/originalUriBaseIds/SRCROOT/uri").asText()).endsWith("/missing/");
  }

  @Test
  void sameScanGivesSameBytes() throws Exception {
    Path repo = repo(TestRepo.githubToken(random));
    String first = sarif(SCANNER.scanPaths(List.of(repo), null));
    String second = sarif(Scanner.builder().threads(1).build().scanPaths(List.of(repo), null));

    assertThat(second).isEqualTo(first);
  }
}
