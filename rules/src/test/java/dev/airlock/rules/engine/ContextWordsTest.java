package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.Confidence;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextWordsTest {
  private static final String VALUE = "zq_k3m9p2x7w4v8";

  private static TestRule contextRule(String confidence, String context) {
    return rule("t-ctx")
        .confidence(confidence)
        .keywords("zq_")
        .pattern("\\bzq_[a-z0-9]{12}\\b")
        .yaml("context:\n" + context);
  }

  private static final String RAISE_LOWER = "  window: 30\n  raise: [live, Prod]\n  lower: [mock]";

  private static List<Confidence> confidences(Matcher matcher, String text) {
    return matcher.match(text).matches().stream().map(Match::confidence).toList();
  }

  @Test
  void aRaiseWordNearbyRaisesConfidenceOneLevel() {
    JavaMatcher m = TestRule.matcher(contextRule("MEDIUM", RAISE_LOWER));
    assertThat(confidences(m, "live " + VALUE)).containsExactly(Confidence.HIGH);
    assertThat(confidences(m, VALUE + " # prod")).containsExactly(Confidence.HIGH);
    assertThat(confidences(m, "PROD=" + VALUE)).containsExactly(Confidence.HIGH);
  }

  @Test
  void aLowerWordNearbyLowersConfidenceOneLevel() {
    JavaMatcher m = TestRule.matcher(contextRule("MEDIUM", RAISE_LOWER));
    assertThat(confidences(m, "mock " + VALUE)).containsExactly(Confidence.LOW);
    assertThat(confidences(m, "MockClient(" + VALUE + ")")).containsExactly(Confidence.LOW);
  }

  @Test
  void raiseAndLowerWordsTogetherCancelOut() {
    JavaMatcher m = TestRule.matcher(contextRule("MEDIUM", RAISE_LOWER));
    assertThat(confidences(m, "live mock " + VALUE)).containsExactly(Confidence.MEDIUM);
  }

  @Test
  void withoutContextWordsTheRulesConfidenceStands() {
    JavaMatcher m = TestRule.matcher(contextRule("MEDIUM", RAISE_LOWER));
    assertThat(confidences(m, "key " + VALUE)).containsExactly(Confidence.MEDIUM);
  }

  @Test
  void wordsOutsideTheWindowDoNotCount() {
    JavaMatcher m = TestRule.matcher(contextRule("MEDIUM", RAISE_LOWER));
    assertThat(confidences(m, "live" + " ".repeat(26) + VALUE)).containsExactly(Confidence.HIGH);
    assertThat(confidences(m, "live" + " ".repeat(40) + VALUE)).containsExactly(Confidence.MEDIUM);
    assertThat(confidences(m, VALUE + " ".repeat(40) + "mock")).containsExactly(Confidence.MEDIUM);
  }

  @Test
  void theWindowDefaultsToEightyCharacters() {
    JavaMatcher m = TestRule.matcher(contextRule("MEDIUM", "  raise: [live]"));
    assertThat(confidences(m, "live" + " ".repeat(70) + VALUE)).containsExactly(Confidence.HIGH);
    assertThat(confidences(m, "live" + " ".repeat(90) + VALUE)).containsExactly(Confidence.MEDIUM);
  }

  @Test
  void confidenceSaturatesAtHighAndLow() {
    assertThat(confidences(TestRule.matcher(contextRule("HIGH", RAISE_LOWER)), "live " + VALUE))
        .containsExactly(Confidence.HIGH);
    assertThat(confidences(TestRule.matcher(contextRule("LOW", RAISE_LOWER)), "mock " + VALUE))
        .containsExactly(Confidence.LOW);
    assertThat(confidences(TestRule.matcher(contextRule("LOW", RAISE_LOWER)), "live " + VALUE))
        .containsExactly(Confidence.MEDIUM);
  }

  @Test
  void requiredContextDropsMatchesWithoutARaiseWord() {
    JavaMatcher m = TestRule.matcher(contextRule("MEDIUM", "  raise: [live]\n  required: true"));
    assertThat(confidences(m, "key " + VALUE)).isEmpty();
    assertThat(confidences(m, "live key " + VALUE)).containsExactly(Confidence.HIGH);
  }

  @Test
  void aMatchWithoutContextKeepsTheDefaultHighConfidence() {
    JavaMatcher m =
        TestRule.matcher(rule("t-plain").keywords("zq_").pattern("\\bzq_[a-z0-9]{12}\\b"));
    assertThat(confidences(m, "mock " + VALUE)).containsExactly(Confidence.HIGH);
  }
}
