package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Entropy floors, a rule's allow list, and the placeholders every secret rule ignores. */
class MatchFiltersTest {
  private static final long SEED = 0xF11EL;
  private final Random random = new Random(SEED);

  /** A random 16-char token value that is no placeholder and has at least 3.2 bits per char. */
  static String randomValue(Random random) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    while (true) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 16; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String v = sb.toString();
      if (!Placeholders.isPlaceholder(v) && Entropy.bitsPerChar(v) >= 3.2) {
        return v;
      }
    }
  }

  private static List<String> ruleIds(Matcher matcher, String text) {
    return matcher.match(text).matches().stream().map(m -> m.rule().id()).toList();
  }

  private static TestRule tokenRule(String id) {
    return rule(id).category("SECRET").keywords("tk_").pattern("\\btk_(?<secret>[a-z0-9]{16})\\b");
  }

  @Test
  void dropsValuesBelowTheEntropyFloor() {
    JavaMatcher floored = TestRule.matcher(tokenRule("t-floored").yaml("entropy: 3.0"));
    JavaMatcher unfloored = TestRule.matcher(tokenRule("t-unfloored"));
    String low = "abcdabcdabcdabcd"; // 2 bits per char, and no placeholder
    assertThat(Placeholders.isPlaceholder(low)).isFalse();
    assertThat(ruleIds(unfloored, "k = tk_" + low)).containsExactly("t-unfloored");
    assertThat(ruleIds(floored, "k = tk_" + low)).isEmpty();
    for (int i = 0; i < 20; i++) {
      assertThat(ruleIds(floored, "k = tk_" + randomValue(random)))
          .as("random value %d", i)
          .containsExactly("t-floored");
    }
  }

  @Test
  void entropyIsMeasuredOnTheValueGroupNotTheWholeMatch() {
    // The whole match "tk_aaaabbbbaaaabbbb..." is about 1.7 bits per char; the value alone is 1.0.
    JavaMatcher floored =
        TestRule.matcher(tokenRule("t-floored").category("PROPRIETARY").yaml("entropy: 1.5"));
    assertThat(ruleIds(floored, "tk_aaaabbbbaaaabbbb")).isEmpty();
    assertThat(ruleIds(floored, "tk_aaaabbbbccccdddd")).containsExactly("t-floored");
  }

  @Test
  void dropsValuesMatchingAnAllowPatternAnywhere() {
    JavaMatcher m =
        TestRule.matcher(tokenRule("t-allow").yaml("allow:\n  patterns: ['^0000', 'beef']"));
    String kept = randomValue(random);
    assertThat(ruleIds(m, "tk_0000" + kept.substring(4))).isEmpty();
    assertThat(ruleIds(m, "tk_" + kept.substring(0, 6) + "beef" + kept.substring(10))).isEmpty();
    assertThat(ruleIds(m, "tk_" + kept.substring(0, 4) + "0000" + kept.substring(8)))
        .containsExactly("t-allow");
    assertThat(ruleIds(m, "tk_" + kept)).containsExactly("t-allow");
  }

  @Test
  void dropsValuesContainingAStopwordIgnoringCase() {
    JavaMatcher m =
        TestRule.matcher(
            rule("t-stop")
                .category("SECRET")
                .keywords("tk_")
                .pattern("(?i)\\btk_(?<secret>[a-z0-9]{16})\\b")
                .yaml("allow:\n  stopwords: [Demo]"));
    String kept = randomValue(random);
    assertThat(ruleIds(m, "tk_" + kept.substring(0, 5) + "DEMO" + kept.substring(9))).isEmpty();
    assertThat(ruleIds(m, "tk_" + kept.substring(0, 5) + "demo" + kept.substring(9))).isEmpty();
    assertThat(ruleIds(m, "tk_" + kept)).containsExactly("t-stop");
  }

  @Test
  void dropsValuesEqualToAnAllowedValueIgnoringCase() {
    String allowed = randomValue(random);
    JavaMatcher m =
        TestRule.matcher(
            rule("t-values")
                .category("SECRET")
                .keywords("tk_")
                .pattern("(?i)\\btk_(?<secret>[a-z0-9]{16})\\b")
                .yaml("allow:\n  values: ['" + allowed.toUpperCase(java.util.Locale.ROOT) + "']"));
    assertThat(ruleIds(m, "tk_" + allowed)).isEmpty();
    String almost = allowed.substring(0, 15) + (allowed.charAt(15) == 'q' ? 'r' : 'q');
    assertThat(ruleIds(m, "tk_" + almost)).containsExactly("t-values");
  }

  @Test
  void placeholdersAreDroppedForSecretRulesOnly() {
    JavaMatcher m =
        TestRule.matcher(
            rule("t-secret")
                .category("SECRET")
                .keywords("apitoken")
                .pattern("apitoken\\s*=\\s*(?<secret>\\S+)"),
            rule("t-pii")
                .category("PII")
                .keywords("apitoken")
                .pattern("apitoken\\s*=\\s*(?<value>\\S+)"));
    List<String> placeholders =
        List.of(
            "k9Q2EXAMPLEz7W",
            "${API_TOKEN}",
            "xxxxxxxxxxxxxxxx",
            "ab12xxxx34cd56ef",
            "{{apiToken}}",
            "<your-token>",
            "changeme",
            "process.env.API_TOKEN",
            "password",
            "0123456789");
    for (String p : placeholders) {
      assertThat(ruleIds(m, "apitoken = " + p)).as("placeholder %s", p).containsExactly("t-pii");
    }
    assertThat(ruleIds(m, "apitoken = " + randomValue(random)))
        .containsExactly("t-secret", "t-pii");
  }
}
