package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.Category;
import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Location;
import dev.airlock.rules.Severity;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MatchesForPathTest {
  private static final String VALUE = "zq_k3m9p2x7w4v8";
  private static final String TEXT = "first line\nkey = " + VALUE + "\n";

  private static TestRule zq(String id) {
    return rule(id).keywords("zq_").pattern("\\bzq_[a-z0-9]{12}\\b");
  }

  private final Matches matches = TestRule.matcher(zq("t-zq").severity("CRITICAL")).match(TEXT);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "src/test/java/dev/x/Foo.java",
        "src/test/resources/app.properties",
        "fixtures/tokens.txt",
        "a/b/fixture/data.json",
        "examples/config.yml",
        "docs/samples/app.yml",
        "pkg/server_test.go",
        "src/main/java/dev/x/FooTest.java",
        "src/it/java/dev/x/FooIT.java",
        "web/app.spec.ts",
        "lib/__tests__/a.js",
        "lib/__mocks__/b.js",
        "testdata/keys.pem",
        "tests/conftest.py",
        "python/test_client.py",
        ".env.example",
        "config/app.yml.sample",
        "config/settings.template",
        "config/database.yml.dist",
        "SRC/TEST/Foo.java"
      })
  void capsConfidenceAtLowOnTestLikePaths(String path) {
    assertThat(Matches.isTestLike(path)).isTrue();
    List<Finding> findings = matches.forPath(path);
    assertThat(findings).singleElement().extracting(Finding::confidence).isEqualTo(Confidence.LOW);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "src/main/java/Latest.java",
        "contest/Main.java",
        "attestation/x.py",
        "src/main/java/dev/x/Protest.java",
        "src/main/resources/latest.json",
        "testament/book.txt",
        "cmd/server/main.go",
        "config/application.yml",
        ".env"
      })
  void keepsConfidenceOnOrdinaryPaths(String path) {
    assertThat(Matches.isTestLike(path)).isFalse();
    assertThat(matches.forPath(path))
        .singleElement()
        .extracting(Finding::confidence)
        .isEqualTo(Confidence.HIGH);
  }

  @Test
  void aFindingCarriesTheRuleThePathAndThePosition() {
    Finding f = matches.forPath("src/main/App.java").get(0);
    assertThat(f.ruleId()).isEqualTo("t-zq");
    assertThat(f.title()).isEqualTo("test rule t-zq");
    assertThat(f.category()).isEqualTo(Category.PROPRIETARY);
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.location()).isEqualTo(new Location("src/main/App.java", 2, 7));
  }

  @Test
  void honoursTheRulesIncludeAndExcludeGlobs() {
    Matches m =
        TestRule.matcher(
                zq("t-scoped")
                    .yaml("paths:\n  include: ['src/**', '*.cfg']\n  exclude: ['**/generated/**']"))
            .match(TEXT);
    assertThat(m.forPath("src/main/App.java")).hasSize(1);
    assertThat(m.forPath("conf/deep/app.cfg")).hasSize(1);
    assertThat(m.forPath("lib/App.java")).isEmpty();
    assertThat(m.forPath("src/generated/Stub.java")).isEmpty();
    assertThat(m.forPath("src/a/generated/b/Stub.java")).isEmpty();
  }

  @Test
  void anExcludeAloneAppliesEverywhereElse() {
    Matches m =
        TestRule.matcher(zq("t-excluding").yaml("paths:\n  exclude: ['*.lock']")).match(TEXT);
    assertThat(m.forPath("a/b/App.java")).hasSize(1);
    assertThat(m.forPath("a/b/deps.lock")).isEmpty();
  }

  @Test
  void theFingerprintIsStableForEqualInputsAndDiffersByPath() {
    Matches again = TestRule.matcher(zq("t-zq").severity("CRITICAL")).match(TEXT);
    String here = matches.forPath("src/a/App.java").get(0).fingerprint();
    assertThat(again.forPath("src/a/App.java").get(0).fingerprint()).isEqualTo(here);
    assertThat(matches.forPath("src/b/App.java").get(0).fingerprint()).isNotEqualTo(here);
  }

  @Test
  void theFingerprintIgnoresWhichLineTheValueMovedTo() {
    JavaMatcher m = TestRule.matcher(zq("t-zq"));
    String before = m.match("key = " + VALUE).forPath("a.txt").get(0).fingerprint();
    String after = m.match("\n\n# moved\n  other = " + VALUE).forPath("a.txt").get(0).fingerprint();
    assertThat(after).isEqualTo(before);
  }

  @Test
  void theFingerprintDiffersByRuleAndByValue() {
    JavaMatcher m = TestRule.matcher(zq("t-one").category("PII"), zq("t-two").category("PHI"));
    List<Finding> both = m.match(TEXT).forPath("a.txt");
    assertThat(both).extracting(Finding::ruleId).containsExactly("t-one", "t-two");
    assertThat(both.get(0).fingerprint()).isNotEqualTo(both.get(1).fingerprint());
    String other = m.match("key = zq_k3m9p2x7w4v9").forPath("a.txt").get(0).fingerprint();
    assertThat(other).isNotEqualTo(both.get(0).fingerprint());
  }

  @Test
  void theRedactedFormNeverContainsTheWholeValue() {
    JavaMatcher m =
        TestRule.matcher(
            rule("t-val").category("PII").keywords("val=").pattern("val=(?<value>[A-Za-z0-9]+)"));
    Random random = new Random(0x4EDAL);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < 300; i++) {
      int length = 8 + random.nextInt(60);
      StringBuilder value = new StringBuilder();
      for (int j = 0; j < length; j++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      Finding f = m.match("val=" + value).forPath("a.txt").get(0);
      String redacted = f.redacted();
      assertThat(redacted.contains(value))
          .as("value %d (length %d) appears whole", i, length)
          .isFalse();
      int prefix = redacted.indexOf('\u2026');
      assertThat(prefix).as("prefix length of value %d", i).isBetween(0, Math.min(4, length / 5));
      assertThat(value.toString().startsWith(redacted.substring(0, prefix)))
          .as("the prefix of value %d is the value's own start", i)
          .isTrue();
    }
  }

  @Test
  void noMatchesGiveNoFindings() {
    assertThat(Matches.NONE.forPath("a.txt")).isEmpty();
    assertThat(TestRule.matcher(zq("t-zq")).match("nothing here").forPath("a.txt")).isEmpty();
  }

  @Test
  void aRuleThatDoesNotApplyToTheFileDoesNotHideAnotherRulesFinding() {
    Matches m =
        TestRule.matcher(
                zq("t-python-only").severity("CRITICAL").yaml("paths:\n  include: ['*.py']"),
                zq("t-everywhere").severity("HIGH"))
            .match(TEXT);
    assertThat(m.forPath("tool.py")).extracting(Finding::ruleId).containsExactly("t-python-only");
    assertThat(m.forPath("src/Main.java"))
        .extracting(Finding::ruleId)
        .containsExactly("t-everywhere");
  }
}
