package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user rule with a catastrophic regex costs its own windows, never the scan. The timeouts are a
 * hang guard only: a hung matcher fails the test instead of the build.
 */
class HostileRegexTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(20);
  private static final String VALUE = "zq_k3m9p2x7w4v8";

  private static TestRule marker() {
    return rule("t-marker").severity("CRITICAL").keywords("zq_").pattern("\\bzq_[a-z0-9]{12}\\b");
  }

  private static List<String> ruleIds(Matches matches) {
    return matches.matches().stream()
        .map(m -> m.rule().id())
        .filter(id -> id.startsWith("t-"))
        .toList();
  }

  @Test
  void aCatastrophicUserRuleIsReportedExhaustedAndOtherRulesStillReport(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("hostile.yml"), TestRule.pack(rule("t-hostile").pattern("(a+)+b"), marker()));
    RuleSet rules = RuleSet.load(List.of(dir));
    String text = "a".repeat(6000) + "\nkey = " + VALUE + "\n";

    Matches matches = assertTimeoutPreemptively(HANG_GUARD, () -> rules.matcher().match(text));

    assertThat(matches.exhaustedRules()).contains("t-hostile").doesNotContain("t-marker");
    assertThat(ruleIds(matches)).containsExactly("t-marker");
  }

  @Test
  void theSameRuleIsNotExhaustedOnHarmlessText() {
    JavaMatcher m = TestRule.matcher(rule("t-hostile").pattern("(a+)+b"), marker());
    Matches matches = assertTimeoutPreemptively(HANG_GUARD, () -> m.match("aaaab and " + VALUE));
    assertThat(matches.exhaustedRules()).isEmpty();
    assertThat(ruleIds(matches)).containsExactly("t-hostile", "t-marker");
  }

  @Test
  void nestedQuantifiersOverALongRunAreCutOffOnTheSameLineAsARealFinding() {
    JavaMatcher m = TestRule.matcher(rule("t-hostile").pattern("(x+x+)+y"), marker());
    String text = VALUE + " " + "x".repeat(5000);
    Matches matches = assertTimeoutPreemptively(HANG_GUARD, () -> m.match(text));
    assertThat(matches.exhaustedRules()).containsExactly("t-hostile");
    assertThat(ruleIds(matches)).containsExactly("t-marker");
  }

  @Test
  void runningOutOfBudgetAbandonsOneWindowOnly() {
    JavaMatcher m = TestRule.matcher(rule("t-hostile").keywords("zz").pattern("zz(a+)+b"));
    String text = "zz" + "a".repeat(5000) + "\n" + "filler\n" + "zzaab\n";
    Matches matches = assertTimeoutPreemptively(HANG_GUARD, () -> m.match(text));
    assertThat(matches.exhaustedRules()).containsExactly("t-hostile");
    assertThat(matches.matches())
        .singleElement()
        .satisfies(found -> assertThat(found.line()).isEqualTo(3));
  }

  @Test
  void aPatternThatOverflowsTheRegexStackIsReportedExhaustedNotThrown() {
    String text = "ab".repeat(50_000) + " " + VALUE;
    JavaMatcher m = TestRule.matcher(rule("t-deep").pattern("(a|b)*c"), marker());
    assertTimeoutPreemptively(
        HANG_GUARD,
        () -> {
          // Checked on the thread that runs the matcher, whose stack size is what counts.
          assumeTrue(overflowsTheStack(text), "this JVM's stack is deep enough for (a|b)*c");
          Matches matches = m.match(text);
          assertThat(matches.exhaustedRules()).containsExactly("t-deep");
          assertThat(ruleIds(matches)).containsExactly("t-marker");
        });
  }

  private static boolean overflowsTheStack(String text) {
    try {
      Pattern.compile("(a|b)*c").matcher(text).find();
      return false;
    } catch (StackOverflowError e) {
      return true;
    }
  }
}
