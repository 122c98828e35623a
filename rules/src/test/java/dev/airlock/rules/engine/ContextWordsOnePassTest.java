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
  void looksOnlyInsideTheRange() {
    String text = "tel 1234567890";
    assertThat(words.in(text, 4, text.length())).isFalse();
    assertThat(words.in(text, 0, 2)).isFalse();
    assertThat(words.in(text, 0, 3)).isTrue();
  }
}
