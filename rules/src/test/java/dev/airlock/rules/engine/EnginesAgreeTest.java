package dev.airlock.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.rules.ExampleCheck;
import dev.airlock.rules.Rule;
import dev.airlock.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Hyperscan engine finds exactly what the Java engine finds: same rules, spans, lines,
 * columns, confidences and redactions, on every example of every built-in rule. Skipped (not
 * failed) where the Hyperscan natives do not load.
 */
class EnginesAgreeTest {
  private static RuleSet rules;
  private static Matcher java;
  private static Matcher hyperscan;

  @BeforeAll
  static void build() {
    assumeTrue(
        HyperscanMatcher.unavailableReason() == null,
        "Hyperscan natives: " + HyperscanMatcher.unavailableReason());
    rules = RuleSet.builtIn();
    java = rules.matcher();
    hyperscan = rules.withEngine(Engine.HYPERSCAN).matcher();
  }

  @Test
  void theBuiltInRulesCompileIntoHyperscanMostlyAsRegexes() {
    assertThat(hyperscan).isInstanceOf(HyperscanMatcher.class);
    assertThat(hyperscan.describe()).startsWith("hyperscan 5.4.0");
  }

  @Test
  void everyRuleExampleGivesIdenticalMatchesInBothEngines() {
    List<String> differing = new ArrayList<>();
    int compared = 0;
    for (Rule rule : rules.rules()) {
      List<String> examples = new ArrayList<>(rule.matchExamples());
      examples.addAll(rule.nomatchExamples());
      String path = ExampleCheck.pathFor(rule);
      for (int i = 0; i < examples.size(); i++) {
        String text = examples.get(i);
        compared++;
        for (String p : new String[] {null, path}) {
          Matches a = p == null ? java.match(text) : java.match(text, p);
          Matches b = p == null ? hyperscan.match(text) : hyperscan.match(text, p);
          if (!a.equals(b)) {
            // Names the example by index only: examples look like secrets.
            differing.add(rule.id() + " example " + (i + 1) + (p == null ? "" : " at " + p));
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(800);
    assertThat(differing).isEmpty();
  }

  @Test
  void allExamplesInOneTextGiveIdenticalMatches() {
    StringBuilder all = new StringBuilder();
    for (Rule rule : rules.rules()) {
      for (String e : rule.matchExamples()) {
        all.append(e).append('\n');
      }
      for (String e : rule.nomatchExamples()) {
        all.append(e).append("\r\n");
      }
    }
    String text = all.toString();
    Matches a = java.match(text, "src/main/resources/application.properties");
    Matches b = hyperscan.match(text, "src/main/resources/application.properties");
    assertThat(a.matches()).hasSizeGreaterThan(300);
    assertThat(b.matches()).hasSameSizeAs(a.matches());
    assertThat(b).isEqualTo(a);
  }
}
