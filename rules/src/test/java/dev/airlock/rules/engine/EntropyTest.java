package dev.airlock.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EntropyTest {

  @Test
  void emptyAndSingleCharacterValuesHaveNoEntropy() {
    assertThat(Entropy.bitsPerChar("")).isZero();
    assertThat(Entropy.bitsPerChar("aaaaaaaa")).isZero();
  }

  @Test
  void equallyFrequentCharactersGiveTheLogOfTheirCount() {
    assertThat(Entropy.bitsPerChar("abab")).isCloseTo(1.0, within(1e-9));
    assertThat(Entropy.bitsPerChar("abcdabcd")).isCloseTo(2.0, within(1e-9));
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 256; c++) {
      all.append(c);
    }
    assertThat(Entropy.bitsPerChar(all)).isCloseTo(8.0, within(1e-9));
  }

  @Test
  void unevenFrequenciesGiveLess() {
    // -(2/3 log2 2/3 + 1/3 log2 1/3)
    assertThat(Entropy.bitsPerChar("aab")).isCloseTo(0.918295834, within(1e-6));
  }

  @Test
  void orderDoesNotMatter() {
    assertThat(Entropy.bitsPerChar("k3m9p2x7")).isEqualTo(Entropy.bitsPerChar("79xp2mk3"));
  }
}
