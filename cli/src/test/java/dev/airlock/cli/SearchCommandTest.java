package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.scan.TestRepo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock search} as a user runs it after {@code airlock scan}. */
class SearchCommandTest {
  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedOut;
  private PrintStream savedErr;

  @BeforeEach
  void captureStreams() {
    savedOut = System.out;
    savedErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStreams() {
    System.setOut(savedOut);
    System.setErr(savedErr);
  }

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
    out.reset();
    assertThat(Main.run("search", "content:\"project falcon\" AND path:services/*", dir.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("services/billing/Plan.java:1: // Project Falcon billing" + System.lineSeparator());
    out.reset();
    assertThat(Main.run("search", "osprey", dir.toString())).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void jsonListsPathLineAndText() throws Exception {
    Path dir = repo();
    Main.run("scan", "--no-progress", dir.toString());
    out.reset();
    assertThat(Main.run("search", "--format", "json", "falcon", dir.toString())).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(json.get("hits")).hasSize(1);
    assertThat(json.get("hits").get(0).get("path").asText()).isEqualTo("services/billing/Plan.java");
    assertThat(json.get("hits").get(0).get("line").asInt()).isEqualTo(1);
    assertThat(json.get("truncated").asBoolean()).isFalse();
  }

  @Test
  void withoutACodeIndexSaysWhatToRun() throws Exception {
    Path dir = repo();
    assertThat(Main.run("search", "falcon", dir.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no index yet").contains("airlock scan");
    err.reset();
    Main.run("scan", "--no-progress", "--index", "findings", dir.toString());
    assertThat(Main.run("search", "falcon", dir.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--index code");
  }
}
