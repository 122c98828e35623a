package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.rules.policy.Policy;
import dev.airlock.scan.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock policy show}, and {@code airlock scan} of repositories with an airlock.yml. */
class ConfigurationCommandsTest {
  @TempDir Path tmp;

  @RegisterExtension final CapturedOutput io = new CapturedOutput();

  private String stdout() {
    return io.stdout();
  }

  private String stderr() {
    return io.stderr();
  }

  @Test
  void policyShowPrintsTheBuiltInPolicyYamlThatParsesBackToTheSamePolicy() {
    assertThat(Main.run("policy", "show")).isZero();
    String shown = stdout();
    assertThat(shown).isEqualTo(Policy.defaultPolicy().text());
    assertThat(shown).contains("routing:").contains("id: live-credential");
    assertThat(Policy.parse("shown.yml", shown).hash()).isEqualTo(Policy.defaultPolicy().hash());
  }

  @Test
  void policyShowChecksAndPrintsAGivenPolicyFile() throws Exception {
    Path file = tmp.resolve("strict.yml");
    String text =
        "rules:\n  - id: anything\n    sensitivity: RESTRICTED\nrouting:\n  PUBLIC: CLOUD_ELIGIBLE\n"
            + "  INTERNAL: CLOUD_ELIGIBLE\n  CONFIDENTIAL: ON_PREM_ONLY\n  RESTRICTED: ON_PREM_ONLY\n";
    Files.writeString(file, text);
    assertThat(Main.run("policy", "show", "--policy", file.toString())).isZero();
    assertThat(stdout()).isEqualTo(text);
  }

  @Test
  void policyShowRejectsAnInvalidPolicyInOneLineNamingTheFile() throws Exception {
    Path file = tmp.resolve("broken.yml");
    Files.writeString(file, "rules:\n  - id: x\n    sensitivity: SECRETIVE\n");
    assertThat(Main.run("policy", "show", "--policy", file.toString())).isEqualTo(2);
    assertThat(stdout()).isEmpty();
    assertThat(stderr().lines().findFirst().orElseThrow()).startsWith("airlock: " + file);
    assertThat(Main.run("policy")).isEqualTo(2);
  }

  @Test
  void aBrokenAirlockYmlFailsItsRepositoryWithExitTwoWhileTheOthersAreReported() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("broken"))) {
      repo.write("README.md", "# broken\n").write("airlock.yml", "units: services\n").commit("initial");
    }
    try (TestRepo repo = TestRepo.init(tmp.resolve("fine"))) {
      repo.write("services/a/package.json", "{}\n").write("README.md", "# fine\n").commit("initial");
    }
    int code =
        Main.run("scan", "--no-progress", "-f", "json",
            tmp.resolve("broken").toString(), tmp.resolve("fine").toString());

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains(
        "airlock: " + tmp.resolve("broken") + "/airlock.yml:1: 'units' must be a list of strings\n");
    JsonNode repos = new ObjectMapper().readTree(stdout()).get("repositories");
    assertThat(repos.get(0).get("error").asText()).contains("airlock.yml:1");
    assertThat(repos.get(0).get("label").isNull()).isTrue();
    assertThat(repos.get(1).get("label").asText()).isEqualTo("CLOUD_ELIGIBLE");
    assertThat(repos.get(1).get("units").get(1).get("path").asText()).isEqualTo("services/a");
    assertThat(repos.get(1).get("ruleSetHash").asText()).hasSize(64);
  }

  @Test
  void noRepoConfigIgnoresTheRepositoryAirlockYml() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("ignored"))) {
      repo.write("README.md", "# x\n").write("airlock.yml", "units: services\n").commit("initial");
    }
    assertThat(Main.run("scan", "--no-progress", "--no-repo-config", tmp.resolve("ignored").toString()))
        .isZero();
    assertThat(stdout()).startsWith("ignored  CLOUD_ELIGIBLE");
  }
}
