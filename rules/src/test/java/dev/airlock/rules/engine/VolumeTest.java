package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.RulePackException;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeTest {
  private static final TestRule CONTACT =
      rule("t-contact")
          .category("PII")
          .confidence("MEDIUM")
          .keywords("zq_")
          .pattern("\\bzq_[a-z]{6}\\b")
          .yaml("volume: {few: 1, many: 5}");

  private static String values(int distinct, int copies) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < distinct; i++) {
      String v = "zq_" + (char) ('a' + i / 26) + (char) ('a' + i % 26) + "abcd";
      for (int c = 0; c < copies; c++) {
        sb.append("contact ").append(v).append('\n');
      }
    }
    return sb.toString();
  }

  private static List<Confidence> confidences(String text, String path) {
    return TestRule.matcher(CONTACT).match(text).forPath(path).stream()
        .map(Finding::confidence)
        .distinct()
        .toList();
  }

  @Test
  void oneDistinctValueInAFileIsLowHoweverOftenItRepeats() {
    assertThat(confidences(values(1, 1), "src/App.java")).containsExactly(Confidence.LOW);
    assertThat(confidences(values(1, 7), "src/App.java")).containsExactly(Confidence.LOW);
  }

  @Test
  void betweenFewAndManyTheRulesOwnConfidenceStands() {
    assertThat(confidences(values(2, 1), "src/App.java")).containsExactly(Confidence.MEDIUM);
    assertThat(confidences(values(4, 3), "src/App.java")).containsExactly(Confidence.MEDIUM);
  }

  @Test
  void manyDistinctValuesInAFileAreHigh() {
    assertThat(confidences(values(5, 1), "data/people.csv")).containsExactly(Confidence.HIGH);
    assertThat(confidences(values(40, 1), "data/people.csv")).containsExactly(Confidence.HIGH);
  }

  @Test
  void testPathsStayLowWhateverTheVolume() {
    assertThat(confidences(values(40, 1), "src/test/people.csv")).containsExactly(Confidence.LOW);
  }

  @Test
  void aRuleWithoutVolumeIsNotCounted() {
    TestRule plain = rule("t-plain").category("PII").confidence("MEDIUM").keywords("zq_").pattern("\\bzq_[a-z]{6}\\b");
    List<Confidence> found =
        TestRule.matcher(plain).match(values(1, 1)).forPath("src/App.java").stream()
            .map(Finding::confidence)
            .toList();
    assertThat(found).containsExactly(Confidence.MEDIUM);
  }

  @Test
  void aVolumeWhoseManyIsNotAboveFewIsRejectedNamingTheRule() {
    TestRule bad = rule("t-bad").keywords("zq_").pattern("zq_").yaml("volume: {few: 5, many: 5}");
    assertThatThrownBy(() -> TestRule.matcher(bad))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("t-bad")
        .hasMessageContaining("volume");
  }
}
