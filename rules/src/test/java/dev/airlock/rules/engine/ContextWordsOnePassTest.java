package dev.airlock.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContextWordsOnePassTest {
  private final ContextWords words = new ContextWords(List.of("tel", "dob", "né le", "date of birth", "\"dx\""));

  private boolean in(String text) {
    return words.in(text, 0, text.length());
  }

  @Test
  void findsWordsOnTheirOwnAtCamelAndSnakeBoundariesIgnoringCase() {
    assertThat(in("Tel. 415")).isTrue();
    assertThat(in("patient_dob=1")).isTrue();
    assertThat(in("patientDob=1")).isTrue();
    assertThat(in("DATE OF BIRTH")).isTrue();
    assertThat(in("{\"DX\": 1}")).isTrue();
  }

  @Test
  void ignoresWordsInsideLongerWords() {
    assertThat(in("hotel telemetry intel")).isFalse();
    assertThat(in("adobe doberman")).isFalse();
    assertThat(in("date of births")).isFalse();
  }

  @Test
  void aNonAsciiSecondLetterMustMatchToo() {
    ContextWords born = new ContextWords(List.of("né", "née"));
    assertThat(born.in("nc_tparm ne new na", 0, 18)).isFalse();
    assertThat(born.in("Né 1984", 0, 7)).isTrue();
    assertThat(born.in("NÉE 1984", 0, 8)).isTrue();
  }

  @Test
  void matchesNonAsciiWordsIgnoringCase() {
    assertThat(in("NÉ LE 02.03.1984")).isTrue();
    assertThat(in("René le 3")).isFalse();
  }

  @Test
  void readingTheBytesOfAnAsciiTextFindsWhatReadingItsCharactersFinds() {
    // The byte path skips by tables of first letters and of first pairs of letters; words of
    // one letter, or with a second letter outside ASCII, leave every pair to the full test.
    String[] pieces = {"tel", "Tel", "TEL", "hotel", "dob", "DOB", "patientDob", "date of birth",
        "\"dx\"", "x", "X", " ", "_", ".", "\n", "telDob", "adobe", "TeX", "ne", "Dx", "xDOB"};
    assertAsciiAgrees(0xC0475L, pieces, List.of("tel", "dob", "date of birth", "\"dx\""));
    assertAsciiAgrees(0xC0476L, pieces, List.of("x", "te", "né", "do", "dat", "\"dx"));
  }

  private static void assertAsciiAgrees(long seed, String[] pieces, List<String> wordList) {
    java.util.Random random = new java.util.Random(seed);
    ContextWords ascii = new ContextWords(wordList);
    int found = 0;
    for (int round = 0; round < 3000; round++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(12);
      for (int i = 0; i < n; i++) {
        b.append(pieces[random.nextInt(pieces.length)]);
      }
      String text = b.toString();
      byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      int from = random.nextInt(text.length() + 1);
      int to = from + random.nextInt(text.length() - from + 1);
      long expected = ascii.find(text, from, to);
      assertThat(ascii.find(text, bytes, from, to))
          .as("round %d (seed %d): [%d, %d) of '%s'", round, seed, from, to, text)
          .isEqualTo(expected);
      assertThat(ascii.find(bytes, bytes.length, from, to))
          .as("bytes only, round %d (seed %d): [%d, %d) of '%s'", round, seed, from, to, text)
          .isEqualTo(expected);
      found += expected >= 0 ? 1 : 0;
    }
    assertThat(found).isGreaterThan(300);
  }

  @Test
  void looksOnlyInsideTheRange() {
    String text = "tel 1234567890";
    assertThat(words.in(text, 4, text.length())).isFalse();
    assertThat(words.in(text, 0, 2)).isFalse();
    assertThat(words.in(text, 0, 3)).isTrue();
  }
}
