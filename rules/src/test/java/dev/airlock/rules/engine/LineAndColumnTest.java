package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.KeywordPrefilterTest.hits;
import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.engine.KeywordPrefilterTest.Hit;
import org.junit.jupiter.api.Test;

/** Lines and columns are 1-based; a column counts UTF-16 chars from the line's start. */
class LineAndColumnTest {
  private static final String VALUE = "zq_k3m9p2x7w4v8";

  private final JavaMatcher matcher =
      TestRule.matcher(rule("t-zq").keywords("zq_").pattern("(?i)\\bzq_[a-z0-9]{12}\\b"));

  @Test
  void theFirstCharacterOfTheTextIsLineOneColumnOne() {
    assertThat(hits(matcher, VALUE + "\n")).containsExactly(new Hit("t-zq", 1, 1, VALUE));
  }

  @Test
  void columnsOnLineOneCountFromTheStartOfTheText() {
    assertThat(hits(matcher, "key: " + VALUE)).containsExactly(new Hit("t-zq", 1, 6, VALUE));
  }

  @Test
  void linesCountNewlinesIncludingEmptyLines() {
    String text = "\n\n\n   " + VALUE + "\n\n" + VALUE;
    assertThat(hits(matcher, text))
        .containsExactly(new Hit("t-zq", 4, 4, VALUE), new Hit("t-zq", 6, 1, VALUE));
  }

  @Test
  void multiByteCharactersCountOnceBeforeTheValue() {
    // "é", "ü" and "日本" take 2 or 3 bytes in UTF-8, one char each in Java.
    String text = "caf\u00e9 \u00fcber\n\u65e5\u672c = " + VALUE + "\nna\u00efve: " + VALUE;
    assertThat(hits(matcher, text))
        .containsExactly(new Hit("t-zq", 2, 6, VALUE), new Hit("t-zq", 3, 8, VALUE));
  }

  @Test
  void severalValuesOnOneLineEachGetTheirOwnColumn() {
    String text = "x\n" + VALUE + "," + VALUE + ", " + VALUE;
    assertThat(hits(matcher, text))
        .containsExactly(
            new Hit("t-zq", 2, 1, VALUE),
            new Hit("t-zq", 2, 17, VALUE),
            new Hit("t-zq", 2, 34, VALUE));
  }

  @Test
  void lineNumbersStayRightAcrossRulesOfDifferentWindows() {
    JavaMatcher two =
        TestRule.matcher(
            rule("t-zq").keywords("zq_").pattern("(?i)\\bzq_[a-z0-9]{12}\\b"),
            rule("t-num").category("PII").yaml("digits: 12").pattern("\\b\\d{4}-\\d{4}-\\d{4}\\b"));
    String text = "a\n" + VALUE + "\nb\n  8765-4321-0987\nc\n" + VALUE;
    assertThat(hits(two, text))
        .containsExactly(
            new Hit("t-zq", 2, 1, VALUE),
            new Hit("t-num", 4, 3, "8765-4321-0987"),
            new Hit("t-zq", 6, 1, VALUE));
  }
}
