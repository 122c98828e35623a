package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A short bounded repeat keeps its upper bound in the Hyperscan expression, which keeps the
 * expression from staying alive along every identifier: exactly where each repetition is one byte
 * or one group (a class of ASCII characters, a literal, a group), four bytes per character where a
 * repetition may be a character of several bytes ({@code .}, a negated class); a long repeat keeps
 * only its lower bound. Either way the expression matches wherever the Java pattern does: both
 * engines find the same values, at the bounds and with characters of two, three and four bytes.
 * Skipped where the Hyperscan natives do not load.
 */
class BoundedRepeatsTest {
  private static final TestRule[] RULES = {
    rule("t-narrow").keywords("kone").pattern("kone=(?<value>[a-z]{2,5});"),
    rule("t-exact").keywords("ktwo").pattern("ktwo=(?<value>[0-9a-f]{4});"),
    rule("t-group").keywords("kthree").pattern("kthree=(?<value>(?:ab|é){2,3});"),
    rule("t-dot").keywords("kfour").pattern("kfour=(?<value>.{2,4});"),
    rule("t-negated").keywords("kfive").pattern("kfive=(?<value>[^;\\n]{1,3});"),
    rule("t-lazy").keywords("ksix").pattern("ksix=(?<value>[\\w.-]{0,30}?)key;"),
  };

  private static BothEngines engines;

  @BeforeAll
  static void build() {
    engines = BothEngines.of(RULES);
  }

  @Test
  void shortRepeatsOfOneByteKeepTheirBound() {
    assertThat(HyperscanSyntax.translate("x[a-z]{2,5}y")).isEqualTo("x[\\x61-\\x7a]{2,5}y");
    assertThat(HyperscanSyntax.translate("x[0-9]{4}y")).isEqualTo("x[\\x30-\\x39]{4,4}y");
    assertThat(HyperscanSyntax.translate("x(?:ab){2,3}y")).isEqualTo("x(?:ab){2,3}y");
  }

  @Test
  void repeatsOfWideCharactersCountFourBytesACharacterAndLongRepeatsKeepOnlyTheirLowerBound() {
    assertThat(HyperscanSyntax.translate("x.{2,4}y")).isEqualTo("x.{2,16}y");
    assertThat(HyperscanSyntax.translate("x[a-z]{0,100}y")).isEqualTo("x[\\x61-\\x7a]*y");
    assertThat(HyperscanSyntax.translate("x[a-z]{60}y")).isEqualTo("x[\\x61-\\x7a]{48,}y");
  }

  @Test
  void bothEnginesFindTheSameValuesAtTheBounds() {
    engines.agree("kone=ab;\nkone=abcde;\nkone=abcdef;\nkone=a;\n", 2);
    engines.agree("ktwo=0f9a;\nktwo=0f9;\nktwo=0f9ab;\n", 1);
    engines.agree("kthree=abab;\nkthree=ééé;\nkthree=abababab;\n", 2);
    engines.agree("ksix=" + "a".repeat(30) + "key;\nksix=" + "a".repeat(31) + "key;\n", 1);
  }

  @Test
  void bothEnginesFindTheSameValuesOfCharactersOutsideAscii() {
    engines.agree("kfour=éé;\nkfour=€€€€;\nkfour=日本語の;\nkfour=ab;\nkfour=\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00;\n", 5);
    engines.agree("kfive=é;\nkfive=日本語;\nkfive=日本語の;\nkfive=\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00;\n", 3);
  }
}
