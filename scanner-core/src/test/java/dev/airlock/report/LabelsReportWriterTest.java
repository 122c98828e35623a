package dev.airlock.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.policy.Policy;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import dev.airlock.scan.TestRepo;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** labels.json, the gateway feed, from scans of real repositories. */
class LabelsReportWriterTest {
  private static final Scanner SCANNER = Scanner.builder().threads(2).build();
  private static final Instant TIME = Instant.parse("2026-11-30T08:15:30.123Z");

  @TempDir Path tmp;

  private final Random random = new Random(42L);

  private static String labels(List<ScanResult> results, Instant time) throws IOException {
    StringWriter out = new StringWriter();
    new LabelsReportWriter(RuleSet.builtIn().hash(), Policy.defaultPolicy().hash(), time)
        .write(results, out);
    // Every feed a test writes must be valid, whatever else the test checks.
    JsonSchemaCheck.assertValidLabels(out.toString());
    return out.toString();
  }

  private Path billing(String token) throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("billing"))) {
      repo.write("config/app.properties", "name=billing\ngithub.token=" + token + "\n")
          .write("README.md", "# Billing\n")
          .commit("initial");
      repo.remote("https://deploy:Pa55w0rdXyz@github.com/Acme/Billing.git");
    }
    return tmp.resolve("billing");
  }

  @Test
  void feedCarriesIdentityLabelUnitsAndHashesAndValidates() throws Exception {
    String token = TestRepo.githubToken(random);
    List<ScanResult> results = SCANNER.scanPaths(List.of(billing(token)), null);

    String json = labels(results, TIME);

    JsonSchemaCheck.assertValidLabels(json);
    JsonNode root = new ObjectMapper().readTree(json);
    assertThat(root.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(root.at("/tool/name").asText()).isEqualTo("airlock");
    assertThat(root.get("ruleSetHash").asText()).isEqualTo(RuleSet.builtIn().hash());
    assertThat(root.get("policyHash").asText()).isEqualTo(Policy.defaultPolicy().hash());
    assertThat(root.get("generatedAt").asText()).isEqualTo("2026-11-30T08:15:30Z");
    JsonNode repo = root.at("/repositories/0");
    assertThat(repo.get("name").asText()).isEqualTo("billing");
    assertThat(repo.get("remote").asText()).isEqualTo("github.com/acme/billing");
    assertThat(repo.get("commit").asText()).isEqualTo(results.get(0).commit());
    assertThat(repo.get("label").asText()).isEqualTo("ON_PREM_ONLY");
    assertThat(repo.get("sensitivity").asText()).isEqualTo("RESTRICTED");
    assertThat(repo.at("/reasons/0/ruleId").asText()).isEqualTo(results.get(0).findings().get(0).ruleId());
    assertThat(repo.at("/reasons/0/count").asInt()).isEqualTo(1);
    assertThat(repo.at("/reasons/0/policyRule").asText()).isNotBlank();
    assertThat(repo.get("ruleSetHash").asText()).isEqualTo(results.get(0).rulesHash());
    assertThat(repo.get("policyHash").asText()).isEqualTo(results.get(0).policyHash());
    assertThat(repo.get("units")).hasSize(1);
    assertThat(repo.at("/units/0/path").asText()).isEmpty();
    assertThat(repo.at("/units/0/label").asText()).isEqualTo("ON_PREM_ONLY");
    assertThat(repo.at("/units/0/reasons")).isEqualTo(repo.get("reasons"));
  }

  @Test
  void eachUnitOfAMonorepoHasItsPathLabelAndReasons() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("shop"))) {
      repo.write("services/billing/go.mod", "module example.invalid/billing\n")
          .write("services/billing/app.properties", "github.token=" + TestRepo.githubToken(random) + "\n")
          .write("services/search/go.mod", "module example.invalid/search\n")
          .write("services/search/main.go", "package main\n")
          .commit("initial");
    }

    String json = labels(SCANNER.scanPaths(List.of(tmp.resolve("shop")), null), TIME);

    JsonNode units = new ObjectMapper().readTree(json).at("/repositories/0/units");
    assertThat(units.findValuesAsText("path")).containsExactly("", "services/billing", "services/search");
    assertThat(units.get(1).get("origin").asText()).isEqualTo("go.mod");
    assertThat(units.get(1).get("label").asText()).isEqualTo("ON_PREM_ONLY");
    assertThat(units.get(1).at("/reasons/0/policyRule").asText()).isNotBlank();
    assertThat(units.get(2).get("label").asText()).isEqualTo("CLOUD_ELIGIBLE");
    assertThat(units.get(2).get("reasons")).isEmpty();
  }

  @Test
  void feedHoldsNoValueNoFindingPathAndNoRemoteCredential() throws Exception {
    String token = TestRepo.githubToken(random);
    List<ScanResult> results = SCANNER.scanPaths(List.of(billing(token)), null);

    String json = labels(results, TIME);

    assertThat(json)
        .doesNotContain(token)
        .doesNotContain(token.substring(0, 12))
        .doesNotContain(results.get(0).findings().get(0).redacted())
        .doesNotContain("config/app.properties")
        .doesNotContain("Pa55w0rd")
        .doesNotContain("deploy");
  }

  @Test
  void sameScanGivesSameBytesExceptTheTime() throws Exception {
    Path repo = billing(TestRepo.githubToken(random));
    String first = labels(SCANNER.scanPaths(List.of(repo), null), TIME);
    String second = labels(Scanner.builder().threads(1).build().scanPaths(List.of(repo), null), TIME);
    String later = labels(SCANNER.scanPaths(List.of(repo), null), TIME.plusSeconds(3600));

    assertThat(second).isEqualTo(first);
    assertThat(later).isNotEqualTo(first);
    assertThat(later.replace("2026-11-30T09:15:30Z", "2026-11-30T08:15:30Z")).isEqualTo(first);
  }

  @Test
  void folderWithoutGitAndUnscannablePathStillValidate() throws Exception {
    Path folder = tmp.resolve("notes");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("todo.txt"), "buy milk\n");
    Path missing = tmp.resolve("no-such-repo");

    String json = labels(SCANNER.scanPaths(List.of(folder, missing), null), TIME);

    JsonSchemaCheck.assertValidLabels(json);
    JsonNode repos = new ObjectMapper().readTree(json).get("repositories");
    assertThat(repos.get(0).get("remote").isNull()).isTrue();
    assertThat(repos.get(0).get("commit").isNull()).isTrue();
    assertThat(repos.get(0).get("label").asText()).isEqualTo("CLOUD_ELIGIBLE");
    assertThat(repos.get(1).get("label").isNull()).isTrue();
    assertThat(repos.get(1).get("error").asText()).contains("no-such-repo");
    assertThat(repos.get(1).get("units")).isEmpty();
  }

  @Test
  void schemaNamesEveryCategoryAndNoOther() throws Exception {
    JsonNode categories =
        new ObjectMapper().readTree(JsonSchemaCheck.labelsSchemaText()).at("/$defs/reason/properties/category/enum");

    List<String> inSchema = new java.util.ArrayList<>();
    categories.forEach(c -> inSchema.add(c.asText()));
    assertThat(inSchema)
        .containsExactlyInAnyOrderElementsOf(
            java.util.Arrays.stream(dev.airlock.rules.Category.values()).map(Enum::name).toList());
  }

  @Test
  void schemaRejectsAFeedWithACredentialInTheRemoteOrAValueInAReason() throws Exception {
    String json = labels(SCANNER.scanPaths(List.of(billing(TestRepo.githubToken(random))), null), TIME);

    String withUser = json.replace("\"github.com/acme/billing\"", "\"deploy@github.com/acme/billing\"");
    String withValue = json.replaceFirst("\"policyRule\"", "\"value\" : \"x\",\n \"policyRule\"");

    assertThat(JsonSchemaCheck.labelsViolations(withUser)).isNotEmpty();
    assertThat(JsonSchemaCheck.labelsViolations(withValue)).isNotEmpty();
  }
}
