package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.engine.KeywordPrefilterTest.Hit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules with the same line-level trigger (a digit-run length, a keyword) share one Hyperscan
 * expression, and a digit run is reported once where it ends, with the character after it: each
 * rule still gets the windows the Java engine gives it, wherever the run sits in its line or the
 * text. Numbers here are made up. Skipped where the Hyperscan natives do not load.
 */
class SharedTriggersTest {
  private static final TestRule[] RULES = {
    rule("t-nine-a").category("PII").yaml("digits: 9").pattern("\\b(?<value>\\d{3}-\\d{2}-\\d{4})\\b"),
    rule("t-nine-b").category("PII").yaml("digits: 9").pattern("\\b(?<value>\\d{9})\\b"),
    rule("t-twelve").category("PII").yaml("digits: 12").pattern("\\b(?<value>\\d{4} \\d{4} \\d{4})\\b"),
    // Fewer than three literal characters: the keyword, not the expression, is in the database.
    rule("t-kw-a").category("PII").keywords("serial").pattern("\\b(?<value>[A-Z]{6})\\b"),
    rule("t-kw-b").category("PII").keywords("serial").pattern("\\b(?<value>[a-z]{2}\\d{4})\\b"),
  };

  private static BothEngines engines;

  @BeforeAll
  static void build() {
    engines = BothEngines.of(RULES);
  }

  @Test
  void rulesSharingADigitRunLengthEachFindTheirOwnNumbers() {
    engines.agree("a 900-12-3456 b\nc 900123456 d\n", 2);
  }

  @Test
  void aDigitRunIsFoundAtTheEndOfTheTextBeforeABreakAndMidLine() {
    engines.agree("id 900123456", 1);
    engines.agree("id 900123456\n", 1);
    engines.agree("id 900123456\r\nnext", 1);
    engines.agree("x=900-12-3456;y=4821 7730 1945", 2);
    engines.agree("900123456", 1);
  }

  @Test
  void aLongRunAndRunsOnConsecutiveLinesGiveTheSameWindows() {
    engines.agree("n 123456789012345678901234567890 m\n900123456\n900123457\n4821 7730 1945\n", 3);
    engines.agree("4821 7730 1945 900-12-3456 900123456\n", 3);
  }

  @Test
  void rulesSharingAKeywordEachGetTheirWindows() {
    // Line 3's keyword is itself six capitals; line 4 has no keyword, so no window.
    engines.agree("serial ABCDEF\nserial ab1234\nSERIAL QWERTY xy9876\nother ZZZZZZ cd5678\n", 5);
  }
}
