package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.KeywordPrefilterTest.hits;
import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.engine.KeywordPrefilterTest.Hit;
import org.junit.jupiter.api.Test;

class SpanTest {
  private static final String VALUE = "Q7v2Lm9X4kP8sR3t";

  private static JavaMatcher blockRule(int span) {
    TestRule r =
        rule("t-block")
            .keywords("begin-block")
            .pattern("(?s)begin-block:\\s*(?<value>[A-Za-z0-9]{16})");
    return TestRule.matcher(span > 0 ? r.yaml("span: " + span) : r);
  }

  @Test
  void withoutSpanAMatchStaysOnTheKeywordsLine() {
    assertThat(hits(blockRule(0), "begin-block:\n    " + VALUE + "\n")).isEmpty();
    assertThat(hits(blockRule(0), "begin-block: " + VALUE + "\n"))
        .containsExactly(new Hit("t-block", 1, 14, VALUE));
  }

  @Test
  void spanLetsAMatchContinueOverFollowingLines() {
    assertThat(hits(blockRule(60), "x\nbegin-block:\n\n    " + VALUE + "\ny\n"))
        .containsExactly(new Hit("t-block", 4, 5, VALUE));
  }

  @Test
  void spanStopsThatManyCharactersPastTheKeywordsLine() {
    String farAway = "begin-block:\n" + " ".repeat(100) + VALUE + "\n";
    assertThat(hits(blockRule(60), farAway)).isEmpty();
    assertThat(hits(blockRule(200), farAway)).containsExactly(new Hit("t-block", 2, 101, VALUE));
  }

  @Test
  void aKeywordInsideAnEarlierKeywordsSpanStillGetsItsOwnSpan() {
    // Line 1's window ends 30 chars past line 1, at offset 44; line 2's keyword lies inside it, but
    // the value it introduces ends at 46, inside line 2's own span (up to 57).
    String text = "begin-block: -\nbegin-block:\n  " + VALUE + "\n";
    assertThat(hits(blockRule(30), text)).containsExactly(new Hit("t-block", 3, 3, VALUE));
  }

  @Test
  void aMultiLineBlockIsFoundWhole() {
    JavaMatcher pem =
        TestRule.matcher(
            rule("t-pem")
                .keywords("-----begin test block-----")
                .pattern(
                    "-----BEGIN TEST"
                        + " BLOCK-----\\s*(?<value>[A-Za-z0-9+/=][A-Za-z0-9+/=\\s]*?)\\s*-----END"
                        + " TEST BLOCK-----")
                .yaml("span: 300"));
    String body = "QUJDREVGR0hJSktMTU5PUA==\nUVJTVFVWV1hZWjAxMjM0NTY3\nODk=";
    String text =
        "k = \"\"\"\n-----BEGIN TEST BLOCK-----\n"
            + body
            + "\n-----END TEST BLOCK-----\n\"\"\"\n"
            + "-----BEGIN TEST BLOCK-----\n"
            + body
            + "\n-----END TEST BLOCK-----\n";
    assertThat(hits(pem, text))
        .containsExactly(new Hit("t-pem", 3, 1, body), new Hit("t-pem", 9, 1, body));
  }
}
