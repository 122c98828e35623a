package dev.airlock.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The classifier gives, for every path, exactly the rules whose {@link Rule#appliesTo} is false:
 * it is an index over the same globs, never a second reading of them.
 */
class PathClassifierTest {

  /** Rules with one glob each of every kind the classifier treats apart, and two sharing globs. */
  private static final List<Rule> MIXED =
      RulePack.parse(
              "globs.yml",
              """
              pack: globs
              rules:
              """
                  + rule("name-a", "include: [pom.xml, Makefile]")
                  + rule("name-b", "include: [pom.xml, Makefile]")
                  + rule("suffix", "include: ['*.md', '*.cdx.json', '*rc', '*.env']")
                  + rule("prefix", "include: ['LICENSE*', '.env.*', 'Dockerfile*']")
                  + rule("folders", "include: ['src/**/*.java', 'docs/api', '/build', 'vendor/']")
                  + rule("regex", "include: ['**/*.dist-info/**', 'config/credentials/*.key', 'a?c']")
                  + rule("both", "include: ['*.json']\n  exclude: ['*.cdx.json', 'node_modules']")
                  + rule("exclude-only", "exclude: ['*.md', 'test', 'x/**/y']")
                  + rule("everywhere", ""))
          .rules();

  private static String rule(String id, String paths) {
    return "  - id: "
        + id
        + "\n    title: rule "
        + id
        + "\n    category: PROPRIETARY\n    severity: LOW\n    keywords: [zzq]\n    pattern: 'zzq'\n"
        + (paths.isEmpty() ? "" : "    paths:\n      " + paths.replace("\n", "\n    ") + "\n");
  }

  @Test
  void decidesLikeEachRuleOnHandPickedPaths() {
    PathClassifier classifier = PathClassifier.of(MIXED);
    for (String path :
        List.of(
            "pom.xml", "a/pom.xml", "pom.xml/x", "apom.xml", "README.md", "docs/x.md/y", ".md",
            "sbom.cdx.json", "x.json", "node_modules/a.json", ".npmrc", "rc", "LICENSE",
            "LICENSE.txt", "a/LICENSES/b", ".env.local", ".env", "prod.env", "Dockerfile.dev",
            "src/A.java", "src/a/b/A.java", "lib/src/A.java", "docs/api/index.html", "docs/apix",
            "build/out.class", "m/build/out.class", "vendor/lib/a.js", "x/foo.dist-info/RECORD",
            "foo.dist-info/RECORD", "config/credentials/prod.key", "x/config/credentials/p.key",
            "abc", "a/abc", "abbc", "test/x.txt", "x/y", "x/a/b/y/z", "", "/", "//", "a//b",
            "/pom.xml", "pom.xml/", "Makefile", "tools/GNUMakefile")) {
      assertAgrees(classifier, MIXED, path);
    }
  }

  @Test
  void decidesLikeEachRuleOnRandomPaths() {
    assertAgreesOnRandomPaths(MIXED, 20261201L, 10_000);
  }

  /** The oracle over the rules a scan uses: every built-in rule, paths built from their globs. */
  @Test
  void decidesLikeEveryBuiltInRuleOnRandomPaths() {
    assertAgreesOnRandomPaths(RuleSet.builtIn().rules(), 1712L, 8_000);
  }

  @Test
  void aNullPathAndRulesWithoutGlobsSkipNothing() {
    PathClassifier classifier = PathClassifier.of(MIXED);
    assertThat(classifier.classify(null).skip()).isNull();
    assertThat(classifier.classify(null).skipped()).isEmpty();
    List<Rule> plain = MIXED.stream().filter(r -> r.id().equals("everywhere")).toList();
    assertThat(PathClassifier.of(plain).classify("a/b.md").skipped()).isEmpty();
  }

  @Test
  void pathsThatRuleOutTheSameRulesShareOneVerdict() {
    PathClassifier classifier = PathClassifier.of(MIXED);
    assertThat(classifier.classify("a/B.java")).isSameAs(classifier.classify("c/d/E.go"));
    assertThat(classifier.classify("a/B.java").skipped())
        .extracting(Rule::id)
        .containsExactly("name-a", "name-b", "suffix", "prefix", "folders", "regex", "both");
  }

  /** Threads share the folder and verdict caches while each keeps its own scratch arrays. */
  @Test
  void threadsSharingOneClassifierEachGetTheRuleAnswers() throws Exception {
    PathClassifier classifier = PathClassifier.of(MIXED);
    String[] parts = vocabulary(MIXED);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 4; t++) {
      long seed = 77L + t;
      Thread thread =
          new Thread(
              () -> {
                Random random = new Random(seed);
                try {
                  for (int i = 0; i < 2_000; i++) {
                    String path =
                        parts[random.nextInt(parts.length)]
                            + "/"
                            + parts[random.nextInt(parts.length)]
                            + (random.nextBoolean() ? "/" + parts[random.nextInt(parts.length)] : "");
                    assertAgrees(classifier, MIXED, path, seed);
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void theRequiredLiteralIsTheLongestRunBetweenWildcards() {
    assertThat(PathClassifier.requiredLiteral(Glob.of("**/*.dist-info/**"))).isEqualTo(".dist-info/");
    assertThat(PathClassifier.requiredLiteral(Glob.of("config/credentials/*.key")))
        .isEqualTo("config/credentials/");
    assertThat(PathClassifier.requiredLiteral(Glob.of("a/**/b"))).isEqualTo("a/");
    assertThat(PathClassifier.requiredLiteral(Glob.of("/build/"))).isEqualTo("build");
    assertThat(PathClassifier.requiredLiteral(Glob.of("**"))).isEmpty();
  }

  private static void assertAgreesOnRandomPaths(List<Rule> rules, long seed, int count) {
    PathClassifier classifier = PathClassifier.of(rules);
    String[] parts = vocabulary(rules);
    Random random = new Random(seed);
    Set<List<Rule>> verdicts = new java.util.HashSet<>();
    for (int i = 0; i < count; i++) {
      StringBuilder path = new StringBuilder();
      int n = 1 + random.nextInt(6);
      for (int j = 0; j < n; j++) {
        int pick = random.nextInt(10);
        if (pick < 3) {
          path.append('/');
        } else if (pick == 3) {
          path.append((char) ('a' + random.nextInt(3)));
        } else {
          path.append(parts[random.nextInt(parts.length)]);
        }
      }
      assertAgrees(classifier, rules, path.toString(), seed);
      verdicts.add(classifier.classify(path.toString()).skipped());
    }
    // The paths reach many combinations of included and excluded rules, not only the common one.
    assertThat(verdicts).as("seed %d", seed).hasSizeGreaterThan(10);
  }

  /** Pieces of paths that the rules' globs care about: their literals and the parts between. */
  private static String[] vocabulary(List<Rule> rules) {
    Set<String> parts = new LinkedHashSet<>(List.of("src", "main", "x.java", "a.go", ".", "-", ""));
    for (Rule r : rules) {
      for (List<Glob> globs : List.of(r.includePaths(), r.excludePaths())) {
        for (Glob g : globs) {
          parts.add(g.text().replace("*", "").replace("?", "q"));
          parts.add(g.text().replace("**/", "").replace("*", "x").replace("?", "y"));
          for (String piece : g.text().split("[*?/]")) {
            parts.add(piece);
          }
        }
      }
    }
    return parts.toArray(String[]::new);
  }

  private static void assertAgrees(PathClassifier classifier, List<Rule> rules, String path) {
    assertAgrees(classifier, rules, path, 0);
  }

  private static void assertAgrees(PathClassifier classifier, List<Rule> rules, String path, long seed) {
    PathClassifier.Verdict verdict = classifier.classify(path);
    List<Rule> expected = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) {
      boolean applies = rules.get(r).appliesTo(path);
      if (verdict.skips(r) == applies) {
        // Asserted only on a difference: an assertion per rule and path made this test slow.
        assertThat(verdict.skips(r))
            .as("seed %d, rule %s, path '%s'", seed, rules.get(r).id(), path)
            .isEqualTo(!applies);
      }
      if (!applies) {
        expected.add(rules.get(r));
      }
    }
    if (!verdict.skipped().equals(expected)) {
      assertThat(verdict.skipped()).as("seed %d, path '%s'", seed, path).isEqualTo(expected);
    }
  }
}
