package dev.airlock.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AhoCorasickTest {

  /** One keyword occurrence: the keyword and the offset just past its last character. */
  private record Hit(String keyword, int end) {}

  @Test
  void findsOverlappingKeywords() {
    assertThat(scan(List.of("he", "she", "his", "hers"), "ushers"))
        .containsExactlyInAnyOrder(new Hit("she", 4), new Hit("he", 4), new Hit("hers", 6));
  }

  @Test
  void findsAKeywordThatIsASuffixOfAnother() {
    assertThat(scan(List.of("abc", "bc", "c"), "xabcx"))
        .containsExactlyInAnyOrder(new Hit("abc", 4), new Hit("bc", 4), new Hit("c", 4));
  }

  @Test
  void findsAKeywordThatIsAPrefixOfAnother() {
    assertThat(scan(List.of("abcd", "ab"), "abcd abc"))
        .containsExactlyInAnyOrder(new Hit("ab", 2), new Hit("abcd", 4), new Hit("ab", 7));
  }

  @Test
  void findsEveryOverlappingRepeat() {
    assertThat(scan(List.of("aa"), "aaaa"))
        .containsExactly(new Hit("aa", 2), new Hit("aa", 3), new Hit("aa", 4));
  }

  @Test
  void followsSuffixLinksAfterAFailedLongerMatch() {
    // "abcx" fails after "abc"; "bcd" must still be found by falling back along suffix links.
    assertThat(scan(List.of("abcx", "bcd"), "abcd")).containsExactly(new Hit("bcd", 4));
  }

  @Test
  void ignoresAsciiCaseInTextAndKeywords() {
    assertThat(scan(List.of("Token", "api_KEY"), "TOKEN tOkEn API_key"))
        .containsExactly(new Hit("Token", 5), new Hit("Token", 11), new Hit("api_KEY", 19));
  }

  @Test
  void findsKeywordsAtTheStartAndEndOfTheText() {
    assertThat(scan(List.of("key"), "key middle key"))
        .containsExactly(new Hit("key", 3), new Hit("key", 14));
  }

  @Test
  void aNonAsciiCharacterResetsTheAutomaton() {
    assertThat(scan(List.of("ab"), "a\u00e9b")).isEmpty();
    assertThat(scan(List.of("ab"), "a\u00e9ab")).containsExactly(new Hit("ab", 4));
    assertThat(scan(List.of("ab"), "\u65e5ab\u672c")).containsExactly(new Hit("ab", 3));
    // A surrogate pair is two chars, both outside ASCII.
    assertThat(scan(List.of("ab"), "\ud83d\ude00ab")).containsExactly(new Hit("ab", 4));
  }

  @Test
  void nonAsciiLettersDoNotFoldOntoAsciiKeywords() {
    // The Kelvin sign lower-cases to 'k' in Unicode, but keywords are matched as ASCII only.
    assertThat(scan(List.of("key"), "\u212aey")).isEmpty();
  }

  @Test
  void anEmptyKeywordListFindsNothing() {
    assertThat(scan(List.of(), "anything at all")).isEmpty();
  }

  @Test
  void rejectsNonAsciiKeywords() {
    assertThatThrownBy(() -> new AhoCorasick(List.of("cl\u00e9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not ASCII");
  }

  @Test
  void findsExactlyWhatANaiveSearchFinds() {
    long seed = 0xAC0L;
    Random random = new Random(seed);
    String alphabet = "abcAB\u00e9 ";
    for (int round = 0; round < 200; round++) {
      List<String> keywords = new ArrayList<>();
      int count = 1 + random.nextInt(6);
      while (keywords.size() < count) {
        String k = randomText(random, "abc", 1 + random.nextInt(4));
        if (!keywords.contains(k)) {
          keywords.add(k);
        }
      }
      String text = randomText(random, alphabet, random.nextInt(60));
      assertThat(scan(keywords, text))
          .as("round %d (seed %d): keywords %s in '%s'", round, seed, keywords, text)
          .containsExactlyInAnyOrderElementsOf(naive(keywords, text));
    }
  }

  private static List<Hit> scan(List<String> keywords, String text) {
    List<Hit> hits = new ArrayList<>();
    new AhoCorasick(keywords).scan(text, (k, end) -> hits.add(new Hit(keywords.get(k), end)));
    return hits;
  }

  private static List<Hit> naive(List<String> keywords, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    List<Hit> hits = new ArrayList<>();
    for (String k : keywords) {
      String kl = k.toLowerCase(Locale.ROOT);
      for (int i = lower.indexOf(kl); i >= 0; i = lower.indexOf(kl, i + 1)) {
        hits.add(new Hit(k, i + kl.length()));
      }
    }
    return hits;
  }

  private static String randomText(Random random, String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
