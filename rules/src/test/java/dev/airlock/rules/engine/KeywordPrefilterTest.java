package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordPrefilterTest {
  private static final String VALUE = "zq_k3m9p2x7w4v8";

  private final JavaMatcher matcher =
      TestRule.matcher(rule("t-zq").keywords("zq_").pattern("(?i)\\bzq_[a-z0-9]{12}\\b"));

  /** A match as line, column and the text it covers. */
  record Hit(String rule, int line, int column, String value) {}

  static List<Hit> hits(Matcher matcher, String text) {
    return matcher.match(text).matches().stream()
        .map(m -> new Hit(m.rule().id(), m.line(), m.column(), text.substring(m.start(), m.end())))
        .toList();
  }

  @Test
  void keywordMatchingIgnoresCase() {
    String upper = VALUE.toUpperCase(java.util.Locale.ROOT);
    String mixed = "Zq_K3m9P2x7W4v8";
    assertThat(hits(matcher, "a = " + upper + "\nb = " + mixed + "\n"))
        .containsExactly(new Hit("t-zq", 1, 5, upper), new Hit("t-zq", 2, 5, mixed));
  }

  @Test
  void findsAValueThatIsTheWholeText() {
    assertThat(hits(matcher, VALUE)).containsExactly(new Hit("t-zq", 1, 1, VALUE));
  }

  @Test
  void findsValuesAtTheVeryStartAndVeryEndOfTheText() {
    String text = VALUE + " and then, at the end: " + VALUE;
    assertThat(hits(matcher, text))
        .containsExactly(new Hit("t-zq", 1, 1, VALUE), new Hit("t-zq", 1, 39, VALUE));
  }

  @Test
  void findsValuesOnTheFirstAndLastLine() {
    String text = VALUE + "\nfiller line\n\nanother\nlast " + VALUE;
    assertThat(hits(matcher, text))
        .containsExactly(new Hit("t-zq", 1, 1, VALUE), new Hit("t-zq", 5, 6, VALUE));
    assertThat(hits(matcher, text + "\n")).hasSize(2);
  }

  @Test
  void findsValuesInCrlfText() {
    String text = "first " + VALUE + "\r\n" + VALUE + "\r\n\r\nx=" + VALUE + "\r\n";
    assertThat(hits(matcher, text))
        .containsExactly(
            new Hit("t-zq", 1, 7, VALUE),
            new Hit("t-zq", 2, 1, VALUE),
            new Hit("t-zq", 4, 3, VALUE));
  }

  @Test
  void findsValuesNextToNonAsciiCharacters() {
    // Non-word non-ASCII characters right against the keyword and the value's end.
    String text = "\u00ab" + VALUE + "\u00bb \u2192" + VALUE + "\u20ac\n\u65e5\u672c " + VALUE;
    assertThat(hits(matcher, text))
        .containsExactly(
            new Hit("t-zq", 1, 2, VALUE),
            new Hit("t-zq", 1, 20, VALUE),
            new Hit("t-zq", 2, 4, VALUE));
  }

  @Test
  void aKeywordBrokenByANonAsciiCharacterIsNotAKeyword() {
    JavaMatcher loose =
        TestRule.matcher(rule("t-loose").keywords("zq_").pattern("(?i)zq.?_[a-z0-9]{12}"));
    assertThat(hits(loose, "zq\u00e9_k3m9p2x7w4v8")).isEmpty();
    assertThat(hits(loose, "zq_k3m9p2x7w4v8")).hasSize(1);
  }

  @Test
  void thePatternRunsOnlyOnLinesWithAKeyword() {
    JavaMatcher gated =
        TestRule.matcher(rule("t-gated").keywords("deploykey").pattern("\\bval_[0-9]{6}\\b"));
    assertThat(hits(gated, "val_314159")).isEmpty();
    assertThat(hits(gated, "deploykey\nval_314159")).isEmpty();
    assertThat(hits(gated, "val_314159 # DeployKey"))
        .containsExactly(new Hit("t-gated", 1, 1, "val_314159"));
    assertThat(hits(gated, "a\nDEPLOYKEY: val_314159\nb"))
        .containsExactly(new Hit("t-gated", 2, 12, "val_314159"));
  }

  @Test
  void aRuleWithoutKeywordsOrDigitsRunsOverTheWholeText() {
    JavaMatcher everywhere = TestRule.matcher(rule("t-everywhere").pattern("\\bval_[0-9]{6}\\b"));
    assertThat(hits(everywhere, "x\ny val_314159\nz val_271828"))
        .containsExactly(
            new Hit("t-everywhere", 2, 3, "val_314159"),
            new Hit("t-everywhere", 3, 3, "val_271828"));
  }

  @Test
  void findsAValueInTheMiddleOfALineLongerThanTheEnginesReach() {
    String text = "x".repeat(5000) + " " + VALUE + " " + "y".repeat(5000);
    assertThat(hits(matcher, text)).containsExactly(new Hit("t-zq", 1, 5002, VALUE));
  }

  @Test
  void findsValuesFarApartOnOneLongLine() {
    String text = VALUE + " ".repeat(3000) + VALUE + " ".repeat(3000) + VALUE;
    assertThat(hits(matcher, text))
        .containsExactly(
            new Hit("t-zq", 1, 1, VALUE),
            new Hit("t-zq", 1, 3016, VALUE),
            new Hit("t-zq", 1, 6031, VALUE));
  }

  @Test
  void aValueStartingNearTheEndOfAnEarlierKeywordsWindowIsFoundWhole() {
    // The first keyword's window ends 1024 chars past it, at offset 1029; the second value starts
    // at 1017, so its keyword lies inside that window but the value runs on to 1032.
    String text = "k=" + VALUE + " ".repeat(1000) + VALUE + " end";
    assertThat(hits(matcher, text))
        .containsExactly(new Hit("t-zq", 1, 3, VALUE), new Hit("t-zq", 1, 1018, VALUE));
  }

  @Test
  void findsNothingInEmptyText() {
    assertThat(matcher.match("").matches()).isEmpty();
    assertThat(matcher.match("").exhaustedRules()).isEmpty();
  }
}
