package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The cheap checks that decide whether a rule's regex runs on a window at all. */
class WindowChecksTest {

  private static List<Integer> lines(JavaMatcher matcher, String text) {
    return matcher.match(text).matches().stream().map(Match::line).toList();
  }

  @Test
  void requiredLiteralsMustAllBeOnTheKeywordsLine() {
    JavaMatcher m =
        TestRule.matcher(
            rule("t-userinfo")
                .keywords("://")
                .pattern("://\\w+:(?<secret>\\w{6,})@")
                .yaml("requires: ['@', ':']"));
    String text = "see https://example.org/a\nhttps://svc:Q7w2Lp9x@db.local/\nhttps://x.org @ y\n";
    assertThat(lines(m, text)).containsExactly(2);
  }

  @Test
  void requiredLiteralsAreMatchedIgnoringCase() {
    JavaMatcher m =
        TestRule.matcher(
            rule("t-tagged").keywords("tag").pattern("tag=(?<value>\\d{4})").yaml("requires: ['MARK']"));
    assertThat(lines(m, "tag=1234 mark\ntag=5678\n")).containsExactly(1);
  }

  @Test
  void aRuleWhoseContextIsRequiredStillFindsValuesWithContextOnANeighbouringLine() {
    JavaMatcher m =
        TestRule.matcher(
            rule("t-ssnish")
                .keywords("id")
                .pattern("id (?<value>\\d{5})")
                .yaml("context:\n  window: 40\n  raise: [social]\n  required: true"));
    // The context word sits on the previous line, within the 40-character window of the match.
    assertThat(lines(m, "social security\nid 12345\n\n" + "x".repeat(80) + "\nid 67890\n"))
        .containsExactly(2);
  }

  @Test
  void requiredContextIsDecidedForEveryWindowWhereTheContextReachesOverlap() {
    // Windows on consecutive lines share most of their reach; each must still see exactly the
    // words within its own: "vault" ends just past line 1's reach but inside lines 2 and 3's,
    // "keystor" is no word of the list, and "keystore" serves lines 7 and 8.
    JavaMatcher m =
        TestRule.matcher(
            rule("t-near")
                .keywords("id")
                .pattern("id (?<value>\\d{5})")
                .yaml("context:\n  window: 12\n  raise: [vault, keystore]\n  required: true"));
    String text =
        "id 10001\n"
            + "id 10002 ..vault\n"
            + "id 10003\n"
            + "--------------------\n"
            + "id 10004\n"
            + "keystor\n"
            + "id 10005 keystore\n"
            + "id 10006\n";
    assertThat(lines(m, text)).containsExactly(2, 3, 7, 8);
  }

  @Test
  void anAnchoredRuleIsTriedOnlyWhereAKeywordStarts() {
    JavaMatcher anchored =
        TestRule.matcher(
            rule("t-anchored").keywords("key").pattern("key=(?<value>\\w{4})").yaml("anchor: keyword"));
    // "mykey=efgh" holds the keyword too: anchored there, the match starts at "key".
    assertThat(lines(anchored, "key=abcd\nmykey=efgh and key=ijkl\n")).containsExactly(1, 2, 2);
    JavaMatcher wholeName =
        TestRule.matcher(
            rule("t-whole-name")
                .keywords("key")
                .pattern("(?<![a-z])key=(?<value>\\w{4})")
                .yaml("anchor: keyword"));
    assertThat(lines(wholeName, "key=abcd\nmykey=efgh\n")).containsExactly(1);
  }

  @Test
  void anchorNeedsKeywordsAndNoDigits() {
    String yaml =
        "rules:\n  - id: t-bad\n    title: t\n    category: PII\n    severity: LOW\n"
            + "    digits: 9\n    anchor: keyword\n    pattern: '\\d{9}'\n";
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> dev.airlock.rules.RulePack.parse("bad.yml", yaml))
        .hasMessageContaining("t-bad")
        .hasMessageContaining("anchor: keyword");
  }

  @Test
  void contextWordsCountOnlyAsWholeWordsOrAtCamelAndSnakeBoundaries() {
    JavaMatcher m =
        TestRule.matcher(
            rule("t-num")
                .keywords("no")
                .pattern("no (?<value>\\d{5})")
                .yaml("context:\n  raise: [ssn]\n  required: true"));
    assertThat(lines(m, "GSSNEGOTIATE no 12345\n")).isEmpty();
    assertThat(lines(m, "ssn no 12345\n")).containsExactly(1);
    assertThat(lines(m, "user_ssn no 12345\n")).containsExactly(1);
    assertThat(lines(m, "userSsn no 12345\n")).containsExactly(1);
    assertThat(lines(m, "ssnValue no 12345\n")).containsExactly(1);
  }
}
