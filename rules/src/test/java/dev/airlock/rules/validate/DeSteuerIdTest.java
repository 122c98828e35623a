package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeSteuerIdTest {
  private static final long SEED = 0x57E0L;
  private final Validator id = new DeSteuerId();

  /** ISO 7064 MOD 11,10 check digit, written out from the standard's recursion. */
  static int mod1110(String tenDigits) {
    int p = 10;
    for (char c : tenDigits.toCharArray()) {
      int s = (p + (c - '0')) % 10;
      p = (2 * (s == 0 ? 10 : s)) % 11;
    }
    return (11 - p) % 10;
  }

  /** Ten digits, first not 0, one digit twice and the others once, plus the check digit. */
  static String generate(Random r) {
    while (true) {
      List<Integer> digits = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
      Collections.shuffle(digits, r);
      List<Integer> ten = new ArrayList<>(digits.subList(0, 9));
      ten.add(ten.get(r.nextInt(9)));
      Collections.shuffle(ten, r);
      if (ten.get(0) == 0) {
        continue;
      }
      StringBuilder s = new StringBuilder();
      ten.forEach(s::append);
      return s.toString() + mod1110(s.toString());
    }
  }

  @Test
  void acceptsGeneratedNumbersAndThePublishedExample() {
    Random r = new Random(SEED);
    for (int i = 0; i < 300; i++) {
      String n = generate(r);
      assertThat(id.isValid(n)).as("number %d", i).isTrue();
      String spaced = n.substring(0, 2) + " " + n.substring(2, 5) + " " + n.substring(5, 8) + " " + n.substring(8);
      assertThat(id.isValid(spaced)).as("number %d, spaced", i).isTrue();
    }
    assertThat(id.isValid("36 574 261 809")).isTrue();
  }

  @Test
  void rejectsFlippedCheckDigitsAndTranspositions() {
    Random r = new Random(SEED + 1);
    for (int i = 0; i < 200; i++) {
      String n = generate(r);
      assertThat(id.isValid(Synthetic.flipDigit(n, 10, r))).as("case %d, check digit", i).isFalse();
      assertThat(id.isValid(Synthetic.flipDigit(n, 1 + r.nextInt(9), r))).as("case %d, body", i).isFalse();
    }
    assertThat(id.isValid("36574261890")).isFalse();
  }

  @Test
  void rejectsNumbersBreakingTheRepetitionRule() {
    // No repeated digit, two repeated digits, a digit four times, three adjacent.
    for (String ten : new String[] {"1234567890", "1123456788", "1111234567", "1112345670"}) {
      assertThat(id.isValid(ten + mod1110(ten))).as(ten.substring(0, 3) + "…").isFalse();
    }
    // Three times but not all adjacent is issued.
    String spread = "1213145670";
    assertThat(id.isValid(spread + mod1110(spread))).isTrue();
  }

  @Test
  void rejectsALeadingZeroAndWrongLengths() {
    String ten = "0123456781";
    assertThat(id.isValid(ten + mod1110(ten))).isFalse();
    assertThat(id.isValid("3657426180")).isFalse();
    assertThat(id.isValid("365742618090")).isFalse();
  }
}
