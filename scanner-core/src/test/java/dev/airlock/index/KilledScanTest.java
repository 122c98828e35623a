package dev.airlock.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.RuleSet;
import dev.airlock.scan.ScanListener;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import dev.airlock.scan.TestRepo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scan killed with SIGKILL at any moment leaves an index the next scan can use. */
class KilledScanTest {
  private static final long SEED = 99;

  @TempDir Path tmp;

  @Test
  void indexSurvivesScansKilledWithSigkill() throws Exception {
    Random random = new Random(SEED);
    Path dir = tmp.resolve("repo");
    try (TestRepo repo = TestRepo.init(dir)) {
      for (int i = 0; i < 400; i++) {
        StringBuilder text = new StringBuilder("package app;\n");
        for (int line = 0; line < 60; line++) {
          text.append("  int handleRequest").append(i).append('_').append(line)
              .append("(int x) { return x * ").append(random.nextInt()).append("; }\n");
        }
        repo.write("src/app/Service" + i + ".java", text.toString());
      }
      repo.write("config/creds.env", "AWS_ACCESS_KEY_ID=" + TestRepo.awsKeyId(random) + "\n");
      repo.commit("initial");
    }
    Path packs = tmp.resolve("packs");
    Files.createDirectories(packs);
    Files.writeString(packs.resolve("extra.yml"), """
        rules:
          - id: codename-osprey
            title: Osprey
            category: PROPRIETARY
            severity: HIGH
            keywords: [osprey]
            pattern: '(?i)\\bosprey\\b'
            examples:
              match: ['osprey']
              nomatch: ['eagle']
        """);
    ScanResult expected =
        Scanner.builder().threads(2).build().scanPaths(List.of(dir), null).get(0);
    List<String> warnings = new CopyOnWriteArrayList<>();
    ScanListener listener =
        new ScanListener() {
          @Override
          public void warning(String repository, String message) {
            warnings.add(message);
          }
        };

    for (int round = 0; round < 3; round++) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child =
          new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                  ScanForever.class.getName(), dir.toString(), packs.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        // Let it finish a scan or two, so it is rewriting a committed index, then kill it.
        assertThat(out.readLine()).startsWith("scanned 0 ok");
        Thread.sleep(50 + random.nextInt(400));
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      } finally {
        child.destroyForcibly();
      }
      ScanResult after =
          Scanner.builder().rules(RuleSet.builtIn()).threads(2).listener(listener)
              .state(StateOptions.inRepository(IndexMode.CODE)).build()
              .scanPaths(List.of(dir), null).get(0);
      assertThat(after.error()).isNull();
      assertThat(after.findings()).isEqualTo(expected.findings());
      assertThat(after.label()).isEqualTo(expected.label());
      // Lucene's commits are atomic: a kill loses the unfinished scan, never the last commit.
      assertThat(warnings).isEmpty();
    }
  }
}
