package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.scan.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock search} as a user runs it after {@code airlock scan}. */
class SearchCommandTest {
  @TempDir Path tmp;

  @RegisterExtension final CapturedOutput io = new CapturedOutput();

  private Path repo() throws Exception {
    Path dir = tmp.resolve("mono");
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("services/billing/Plan.java", "// Project Falcon billing\nclass Plan {}\n")
          .write("README.md", "# mono\n")
          .commit("initial");
    }
    return dir;
  }

  @Test
  void findsLinesAfterAScanAndExitsOneWhenNothingMatches() throws Exception {
    Path dir = repo();
    assertThat(Main.run("scan", "--no-progress", dir.toString())).isZero();
    io.clearStdout();
    assertThat(Main.run("search", "content:\"project falcon\" AND path:services/*", dir.toString())).isZero();
    assertThat(io.stdout())
        .isEqualTo("services/billing/Plan.java:1: // Project Falcon billing" + System.lineSeparator());
    io.clearStdout();
    assertThat(Main.run("search", "osprey", dir.toString())).isEqualTo(1);
    assertThat(io.stdout()).isEmpty();
  }

  @Test
  void jsonListsPathLineAndText() throws Exception {
    Path dir = repo();
    Main.run("scan", "--no-progress", dir.toString());
    io.clearStdout();
    assertThat(Main.run("search", "--format", "json", "falcon", dir.toString())).isZero();
    JsonNode json = new ObjectMapper().readTree(io.stdout());
    assertThat(json.get("hits")).hasSize(1);
    assertThat(json.get("hits").get(0).get("path").asText()).isEqualTo("services/billing/Plan.java");
    assertThat(json.get("hits").get(0).get("line").asInt()).isEqualTo(1);
    assertThat(json.get("truncated").asBoolean()).isFalse();
    assertThat(json.get("skipped")).isEmpty();
  }

  @Test
  void aFileThatCannotBeReadIsNamedInJsonAndOnStderr() throws Exception {
    Path dir = repo();
    Main.run("scan", "--no-progress", dir.toString());
    Path plan = dir.resolve("services/billing/Plan.java");
    String id = dev.airlock.source.BlobRef.gitBlobId(java.nio.file.Files.readAllBytes(plan));
    java.nio.file.Files.delete(dir.resolve(".git/objects/" + id.substring(0, 2) + "/" + id.substring(2)));
    java.nio.file.Files.writeString(plan, "changed since the commit\n");
    io.clearStdout();
    assertThat(Main.run("search", "--format", "json", "falcon", dir.toString())).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(io.stdout());
    assertThat(json.get("hits")).isEmpty();
    assertThat(json.get("skipped")).singleElement()
        .satisfies(s -> assertThat(s.get("path").asText()).isEqualTo("services/billing/Plan.java"))
        .satisfies(s -> assertThat(s.get("reason").asText()).isNotBlank());
    assertThat(io.stderr()).contains("not searched: services/billing/Plan.java (");
  }

  @Test
  void withoutACodeIndexSaysWhatToRun() throws Exception {
    Path dir = repo();
    assertThat(Main.run("search", "falcon", dir.toString())).isEqualTo(2);
    assertThat(io.stderr()).contains("no index yet").contains("airlock scan");
    io.clearStderr();
    Main.run("scan", "--no-progress", "--index", "findings", dir.toString());
    assertThat(Main.run("search", "falcon", dir.toString())).isEqualTo(2);
    assertThat(io.stderr()).contains("--index code");
  }
}
