package dev.airlock.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.engine.Matches;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every example of every built-in rule is a test: match lines must match, nomatch lines not. */
class RuleExamplesTest {
  private static final RuleSet RULES = RuleSet.builtIn();

  @TestFactory
  Stream<DynamicTest> everyExampleBehavesAsDeclared() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Rule rule : RULES.rules()) {
      for (int i = 0; i < rule.matchExamples().size(); i++) {
        String example = rule.matchExamples().get(i);
        // Test names carry the example's index, never its text: examples look like secrets.
        tests.add(
            DynamicTest.dynamicTest(
                rule.id() + " matches example " + (i + 1),
                () ->
                    assertThat(ruleIdsFound(example, pathFor(rule)))
                        .as("rule %s must match its example %d", rule.id(), i(rule, example))
                        .contains(rule.id())));
      }
      for (int i = 0; i < rule.nomatchExamples().size(); i++) {
        String example = rule.nomatchExamples().get(i);
        tests.add(
            DynamicTest.dynamicTest(
                rule.id() + " ignores nomatch example " + (i + 1),
                () ->
                    assertThat(ruleIdsFound(example, pathFor(rule)))
                        .as("rule %s must not match its nomatch example %d", rule.id(), i(rule, example))
                        .doesNotContain(rule.id())));
      }
    }
    return tests.stream();
  }

  @Test
  void theExampleCheckFindsNoFailureInTheBuiltInPacks() {
    assertThat(ExampleCheck.run(RULES)).isEmpty();
  }

  @Test
  void everyRuleHasAMatchAndANomatchExample() {
    for (Rule rule : RULES.rules()) {
      assertThat(rule.matchExamples()).as("match examples of %s", rule.id()).isNotEmpty();
      assertThat(rule.nomatchExamples()).as("nomatch examples of %s", rule.id()).isNotEmpty();
    }
  }

  @Test
  void everyRuleWithAChecksumHasAMatchExampleThatVerifies() {
    for (Rule rule : RULES.rules()) {
      if (rule.checksum() == null) {
        continue;
      }
      boolean verified =
          rule.matchExamples().stream()
              .flatMap(e -> RULES.matcher().match(e).forPath(ExampleCheck.pathFor(rule)).stream())
              .anyMatch(f -> f.ruleId().equals(rule.id()) && f.confidence() == Confidence.HIGH);
      assertThat(verified).as("a match example of %s with a correct checksum", rule.id()).isTrue();
    }
  }

  private static int i(Rule rule, String example) {
    int m = rule.matchExamples().indexOf(example);
    return m >= 0 ? m + 1 : rule.nomatchExamples().indexOf(example) + 1;
  }

  private static String pathFor(Rule rule) {
    String path = ExampleCheck.pathFor(rule);
    assertThat(rule.appliesTo(path)).as("a path for rule %s", rule.id()).isTrue();
    return path;
  }

  /** Rule ids found in an example placed in a file at {@code path}. */
  private static List<String> ruleIdsFound(String example, String path) {
    Matches matches = RULES.matcher().match(example);
    return matches.forPath(path).stream()
        .map(Finding::ruleId)
        .toList();
  }
}
