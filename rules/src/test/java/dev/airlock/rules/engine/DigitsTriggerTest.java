package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.KeywordPrefilterTest.hits;
import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.engine.KeywordPrefilterTest.Hit;
import org.junit.jupiter.api.Test;

/** Numbers here are made up; none passes any validator. */
class DigitsTriggerTest {
  private final JavaMatcher matcher =
      TestRule.matcher(
          rule("t-acct")
              .category("PII")
              .yaml("digits: 12")
              .pattern("\\b(?<value>\\d{4}[ -]?\\d{4}[ -]?\\d{4})\\b"));

  @Test
  void findsNumbersWithSpacesDashesOrNoSeparatorsWithoutAnyKeyword() {
    String text = "ref: 4821 7730 1945\nid=4821-7730-1945;\n482177301945";
    assertThat(hits(matcher, text))
        .containsExactly(
            new Hit("t-acct", 1, 6, "4821 7730 1945"),
            new Hit("t-acct", 2, 4, "4821-7730-1945"),
            new Hit("t-acct", 3, 1, "482177301945"));
  }

  @Test
  void findsNumbersWithDotsSlashesAndParenthesesAsSeparators() {
    JavaMatcher dotted =
        TestRule.matcher(
            rule("t-dotted")
                .category("PII")
                .yaml("digits: 12")
                .pattern("\\d{4}[./)]\\d{4}[./(]\\d{4}"));
    assertThat(hits(dotted, "a 4821.7730.1945\nb 4821/7730/1945\nc 4821)7730(1945"))
        .extracting(Hit::line)
        .containsExactly(1, 2, 3);
  }

  @Test
  void aRunWithFewerDigitsThanTheRuleAsksForOpensNoWindow() {
    JavaMatcher sixteen =
        TestRule.matcher(
            rule("t-16").category("PII").yaml("digits: 16").pattern("\\b\\d{4}-\\d{4}-\\d{4}\\b"));
    assertThat(hits(sixteen, "x 4821-7730-1945 y")).isEmpty();
    assertThat(hits(sixteen, "x 4821-7730-1945-2210 y"))
        .containsExactly(new Hit("t-16", 1, 3, "4821-7730-1945"));
  }

  @Test
  void twoSeparatorsInARowEndADigitRun() {
    JavaMatcher spaced =
        TestRule.matcher(
            rule("t-spaced").category("PII").yaml("digits: 12").pattern("\\d{4}(?:\\s+\\d{4}){2}"));
    assertThat(hits(spaced, "4821  7730  1945")).isEmpty();
    assertThat(hits(spaced, "4821 7730 1945")).hasSize(1);
  }

  @Test
  void eachDigitsRuleGetsWindowsForItsOwnMinimum() {
    JavaMatcher two =
        TestRule.matcher(
            rule("t-nine").category("PII").yaml("digits: 9").pattern("\\b\\d{3}-\\d{2}-\\d{4}\\b"),
            rule("t-sixteen")
                .category("PCI")
                .yaml("digits: 16")
                .pattern("\\b\\d{4}(?: \\d{4}){3}\\b"));
    String text = "ssn 900-12-3456\ncard 9100 2200 3300 4400\n";
    assertThat(hits(two, text))
        .containsExactly(
            new Hit("t-nine", 1, 5, "900-12-3456"),
            new Hit("t-sixteen", 2, 6, "9100 2200 3300 4400"));
  }

  @Test
  void aNumberCannotContinueOnTheNextLine() {
    assertThat(hits(matcher, "4821 7730\n1945")).isEmpty();
  }

  @Test
  void aRuleWithKeywordsAndDigitsFindsNumbersBeforeItsLastKeyword() {
    JavaMatcher both =
        TestRule.matcher(
            rule("t-both")
                .category("PII")
                .keywords("acct")
                .yaml("digits: 12")
                .pattern("\\b\\d{4}-\\d{4}-\\d{4}\\b"));
    // Found through its digit run alone when no keyword follows it...
    assertThat(hits(both, "4821-7730-1945\n")).hasSize(1);
    // ...so a keyword on a later line must not hide it.
    assertThat(hits(both, "4821-7730-1945\nacct 9100-2200-3300\n"))
        .containsExactly(
            new Hit("t-both", 1, 1, "4821-7730-1945"), new Hit("t-both", 2, 6, "9100-2200-3300"));
  }

  @Test
  void aClosingParenthesisMayTakeASpaceOrDashWithinARun() {
    JavaMatcher phone =
        TestRule.matcher(
            rule("t-phone")
                .category("PII")
                .yaml("digits: 10")
                .pattern("\\((?<value>\\d{3}\\)[ -]\\d{3}-\\d{4})"));
    assertThat(hits(phone, "call (415) 867-2291\nfax (415)-867-2291\nnot (415)  867-2291"))
        .extracting(Hit::line)
        .containsExactly(1, 2);
  }
}
