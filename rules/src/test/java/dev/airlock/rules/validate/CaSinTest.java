package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CaSinTest {
  private static final long SEED = 0x5151L;
  private final Validator sin = new CaSin();

  /** A nine-digit number starting with {@code first} with its Luhn digit appended. */
  static String generate(Random r, char first) {
    String body = first + Synthetic.digits(r, 7);
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      int d = body.charAt(i) - '0';
      // Counting from the check digit (position 9) leftwards, positions 8, 6, 4, 2 are doubled.
      if (i % 2 == 1) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
    }
    return body + (10 - sum % 10) % 10;
  }

  @Test
  void acceptsGeneratedNumbersWithTheirSeparators() {
    Random r = new Random(SEED);
    for (int i = 0; i < 300; i++) {
      String n = generate(r, "1234567 9".replace(" ", "").charAt(r.nextInt(8)));
      if (Digits.isOneDigitRepeated(n)) {
        continue;
      }
      assertThat(sin.isValid(n)).as("number %d", i).isTrue();
      String spaced = n.substring(0, 3) + " " + n.substring(3, 6) + " " + n.substring(6);
      assertThat(sin.isValid(spaced)).as("number %d, spaced", i).isTrue();
      assertThat(sin.isValid(spaced.replace(' ', '-'))).as("number %d, dashed", i).isTrue();
    }
  }

  @Test
  void rejectsFlippedDigits() {
    Random r = new Random(SEED + 1);
    for (int i = 0; i < 200; i++) {
      String n = generate(r, '4');
      int at = 1 + r.nextInt(8);
      assertThat(sin.isValid(Synthetic.flipDigit(n, at, r))).as("case %d at %d", i, at).isFalse();
    }
  }

  @Test
  void rejectsNumbersStartingWithZeroOrEightEvenWithAValidLuhnDigit() {
    Random r = new Random(SEED + 2);
    for (int i = 0; i < 50; i++) {
      String zero = generate(r, '0');
      String eight = generate(r, '8');
      assertThat(Luhn.check(zero) && Luhn.check(eight)).isTrue();
      assertThat(sin.isValid(zero)).as("case %d, 0", i).isFalse();
      assertThat(sin.isValid(eight)).as("case %d, 8", i).isFalse();
    }
  }

  @Test
  void rejectsWrongLengths() {
    Random r = new Random(SEED + 3);
    String n = generate(r, '5');
    assertThat(sin.isValid(n.substring(1))).isFalse();
    assertThat(sin.isValid(n + "0")).isFalse();
  }
}
