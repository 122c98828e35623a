package dev.airlock.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
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

  @Test
  void longTextsSplitInTwoFindExactlyWhatANaiveSearchFinds() {
    // Past about a kilobyte a text is scanned as two interleaved halves: every keyword must be
    // found once, those across the middle included, on the char and on the byte path.
    long seed = 0xAC1L;
    Random random = new Random(seed);
    for (int round = 0; round < 100; round++) {
      List<String> keywords = new ArrayList<>();
      int count = 1 + random.nextInt(8);
      while (keywords.size() < count) {
        String k = randomText(random, "abc", 1 + random.nextInt(6));
        if (!keywords.contains(k)) {
          keywords.add(k);
        }
      }
      String text = randomText(random, "abcAB ", 1000 + random.nextInt(5000));
      List<Hit> fromBytes = new ArrayList<>();
      new AhoCorasick(keywords)
          .scan(
              text.getBytes(StandardCharsets.US_ASCII),
              0,
              text.length(),
              (k, end) -> fromBytes.add(new Hit(keywords.get(k), end)),
              null);
      assertThat(scan(keywords, text))
          .as("round %d (seed %d)", round, seed)
          .containsExactlyInAnyOrderElementsOf(naive(keywords, text))
          .containsExactlyElementsOf(fromBytes);
    }
  }

  @Test
  void reportsDigitRunsAndKeywordsInTheOrderOfOneSequentialPass() {
    // Runs cross the middle of split texts, and are reported before the keywords that end at
    // the character that closes them, exactly as a one-pass reference does.
    long seed = 0xD161L;
    Random random = new Random(seed);
    for (int round = 0; round < 300; round++) {
      List<String> keywords = List.of("1", "a-", "(4", "7 ", ")");
      int minDigits = 1 + random.nextInt(random.nextBoolean() ? 8 : 40);
      String text = randomText(random, "0123456789 -./()a\u00e9", random.nextInt(5000));
      int from = random.nextInt(4) == 0 ? random.nextInt(text.length() + 1) : 0;
      List<String> expected = new ArrayList<>();
      referenceScan(keywords, text, from, minDigits, expected);
      AhoCorasick automaton = new AhoCorasick(keywords, minDigits);
      List<String> events = new ArrayList<>();
      automaton.scan(
          text,
          from,
          text.length(),
          (k, end) -> events.add("keyword " + k + " to " + end),
          (start, end, digits) -> events.add("run " + start + "-" + end + " of " + digits));
      assertThat(events)
          .as("round %d (seed %d), min %d digits", round, seed, minDigits)
          .containsExactlyElementsOf(expected);
      // One byte per character, a byte outside ASCII for each character outside it: what an
      // engine hands over for a text whose UTF-8 bytes and characters line up.
      byte[] perChar = new byte[text.length()];
      for (int i = 0; i < perChar.length; i++) {
        char c = text.charAt(i);
        perChar[i] = c < 0x80 ? (byte) c : (byte) 0xc3;
      }
      List<String> fromBytes = new ArrayList<>();
      automaton.scan(
          perChar,
          from,
          text.length(),
          (k, end) -> fromBytes.add("keyword " + k + " to " + end),
          (start, end, digits) -> fromBytes.add("run " + start + "-" + end + " of " + digits));
      assertThat(fromBytes).as("round %d bytes", round).containsExactlyElementsOf(expected);
    }
  }

  /** The one-pass prefilter the automaton replaces, kept as the reference for its results. */
  private static void referenceScan(
      List<String> keywords, String text, int from, int minDigits, List<String> events) {
    int runStart = -1;
    int runEnd = 0;
    int digits = 0;
    int separators = 0;
    char lastSeparator = 0;
    String lower = text.toLowerCase(Locale.ROOT);
    for (int i = from; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch >= '0' && ch <= '9') {
        if (runStart < 0) {
          runStart = i;
          digits = 0;
        }
        digits++;
        runEnd = i + 1;
        separators = 0;
      } else if (runStart >= 0) {
        if (separators == 0 && " -./()".indexOf(ch) >= 0) {
          separators = 1;
          lastSeparator = ch;
        } else if (separators == 1 && lastSeparator == ')' && (ch == ' ' || ch == '-')) {
          separators = 2;
        } else {
          if (digits >= minDigits) {
            events.add("run " + runStart + "-" + runEnd + " of " + digits);
          }
          runStart = -1;
          separators = 0;
        }
      }
      for (int k = 0; k < keywords.size(); k++) {
        String w = keywords.get(k);
        int start = i + 1 - w.length();
        if (start >= from && lower.startsWith(w, start)) {
          events.add("keyword " + k + " to " + (i + 1));
        }
      }
    }
    if (runStart >= 0 && digits >= minDigits) {
      events.add("run " + runStart + "-" + runEnd + " of " + digits);
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
