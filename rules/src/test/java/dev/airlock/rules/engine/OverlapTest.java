package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When values of one category overlap, one match survives: most severe, most confident, first. */
class OverlapTest {
  private static final String TEXT = "key = zq_k3m9p2x7w4v8\n";

  private static TestRule zq(String id) {
    return rule(id).keywords("zq_").pattern("\\bzq_[a-z0-9]{12}\\b");
  }

  /** Overlaps are resolved per file, after path filtering: look at the findings of a file. */
  private static List<String> ruleIds(Matcher matcher, String text) {
    return matcher.match(text).forPath("src/main/App.java").stream()
        .map(dev.airlock.rules.Finding::ruleId)
        .toList();
  }

  @Test
  void theMoreSevereRuleWinsWhereverItIsListed() {
    TestRule medium = zq("t-medium").severity("MEDIUM");
    TestRule critical = zq("t-critical").severity("CRITICAL");
    assertThat(ruleIds(TestRule.matcher(medium, critical), TEXT)).containsExactly("t-critical");
    assertThat(ruleIds(TestRule.matcher(critical, medium), TEXT)).containsExactly("t-critical");
  }

  @Test
  void severityCountsBeforeConfidence() {
    TestRule criticalLow = zq("t-critical-low").severity("CRITICAL").confidence("LOW");
    TestRule highHigh = zq("t-high-high").severity("HIGH").confidence("HIGH");
    assertThat(ruleIds(TestRule.matcher(highHigh, criticalLow), TEXT))
        .containsExactly("t-critical-low");
  }

  @Test
  void atEqualSeverityTheMoreConfidentRuleWins() {
    TestRule medium = zq("t-medium").confidence("MEDIUM");
    TestRule high = zq("t-high").confidence("HIGH");
    assertThat(ruleIds(TestRule.matcher(medium, high), TEXT)).containsExactly("t-high");
    assertThat(ruleIds(TestRule.matcher(high, medium), TEXT)).containsExactly("t-high");
  }

  @Test
  void confidenceAfterContextWordsIsWhatCounts() {
    TestRule lowered = zq("t-lowered").confidence("MEDIUM").yaml("context:\n  lower: [mock]");
    TestRule plain = zq("t-plain").confidence("MEDIUM");
    JavaMatcher m = TestRule.matcher(lowered, plain);
    assertThat(ruleIds(m, TEXT)).containsExactly("t-lowered");
    assertThat(ruleIds(m, "mock " + TEXT)).containsExactly("t-plain");
  }

  @Test
  void atEqualSeverityAndConfidenceTheRuleListedFirstWins() {
    assertThat(ruleIds(TestRule.matcher(zq("t-first"), zq("t-second")), TEXT))
        .containsExactly("t-first");
    assertThat(ruleIds(TestRule.matcher(zq("t-second"), zq("t-first")), TEXT))
        .containsExactly("t-second");
  }

  @Test
  void aPartialOverlapCountsAsAnOverlap() {
    TestRule whole = zq("t-whole").severity("HIGH");
    TestRule prefix =
        rule("t-prefix").severity("CRITICAL").keywords("key").pattern("key = zq_[a-z0-9]{4}");
    assertThat(ruleIds(TestRule.matcher(whole, prefix), TEXT)).containsExactly("t-prefix");
  }

  @Test
  void rulesOfDifferentCategoriesBothSurvive() {
    TestRule secret = zq("t-secret").category("SECRET").severity("CRITICAL");
    TestRule proprietary = zq("t-proprietary").category("PROPRIETARY").severity("LOW");
    assertThat(ruleIds(TestRule.matcher(secret, proprietary), TEXT))
        .containsExactlyInAnyOrder("t-secret", "t-proprietary");
  }

  @Test
  void valuesThatOnlyTouchDoNotOverlap() {
    JavaMatcher m =
        TestRule.matcher(
            rule("t-abc").severity("CRITICAL").pattern("abc"),
            rule("t-def").severity("LOW").pattern("def"));
    assertThat(ruleIds(m, "abcdef")).containsExactly("t-abc", "t-def");
  }

  @Test
  void aDroppedMatchDoesNotSuppressAnother() {
    // abc wins over cde; efg overlaps only the dropped cde, so it stays.
    JavaMatcher m =
        TestRule.matcher(
            rule("t-efg").severity("LOW").pattern("efg"),
            rule("t-cde").severity("HIGH").pattern("cde"),
            rule("t-abc").severity("CRITICAL").pattern("abc"));
    assertThat(ruleIds(m, "abcdefg")).containsExactly("t-abc", "t-efg");
  }

  @Test
  void survivorsAreReportedInTextOrder() {
    JavaMatcher m = TestRule.matcher(rule("t-late").pattern("zz"), rule("t-early").pattern("yy"));
    assertThat(m.match("yy zz yy").matches()).extracting(Match::start).containsExactly(0, 3, 6);
  }
}
