package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock rules list} and {@code airlock rules test}. */
class RulesCommandTest {
  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream savedOut;

  @BeforeEach
  void captureStdout() {
    savedOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStdout() {
    System.setOut(savedOut);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private Path pack(String name, String match, String nomatch) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.writeString(dir.resolve("codenames.yml"), String.join("\n",
        "rules:",
        "  - id: codename-falcon",
        "    title: Project Falcon code name",
        "    category: PROPRIETARY",
        "    severity: HIGH",
        "    keywords: [falcon]",
        "    pattern: '(?i)\\bproject[ _-]?falcon\\b'",
        "    examples:",
        "      match: ['" + match + "']",
        "      nomatch: ['" + nomatch + "']",
        ""));
    return dir;
  }

  @Test
  void listShowsBuiltInAndUserRulesAsJson() throws Exception {
    Path dir = pack("ok", "Project Falcon roadmap", "falcon heavy");
    assertThat(Main.run("rules", "list", "--format", "json", "--rules", dir.toString())).isZero();
    JsonNode root = new ObjectMapper().readTree(stdout());
    assertThat(root.get("ruleSetHash").asText()).hasSize(64);
    assertThat(root.get("rules").size()).isGreaterThan(100);
    assertThat(root.get("rules")).anySatisfy(r -> {
      assertThat(r.get("id").asText()).isEqualTo("codename-falcon");
      assertThat(r.get("category").asText()).isEqualTo("PROPRIETARY");
      assertThat(r.get("source").asText()).endsWith("codenames.yml");
      assertThat(r.get("pattern").asText()).isEqualTo("(?i)\\bproject[ _-]?falcon\\b");
    });
  }

  @Test
  void testPassesOnGoodExamplesAndFailsNamingTheBadOnes() throws Exception {
    assertThat(Main.run("rules", "test", pack("good", "Project Falcon roadmap", "falcon heavy").toString()))
        .isZero();
    assertThat(stdout()).contains(" 0 failed");
    out.reset();
    // The match example does not match, and the nomatch example does.
    Path bad = pack("bad", "falcon heavy", "Project Falcon roadmap");
    assertThat(Main.run("rules", "test", bad.toString())).isEqualTo(1);
    assertThat(stdout())
        .contains("FAIL codename-falcon")
        .contains("match example 1 is not found")
        .contains("nomatch example 1 is found")
        .contains(" 2 failed")
        .doesNotContain("Project Falcon roadmap");
  }
}
