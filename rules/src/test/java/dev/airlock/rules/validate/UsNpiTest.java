package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UsNpiTest {
  private static final long SEED = 0x9B1L;
  private final Validator npi = new UsNpi();

  /** Nine digits starting with 1 or 2, and the CMS check digit: Luhn with 24 added for 80840. */
  static String generate(Random r) {
    String body = (r.nextBoolean() ? "1" : "2") + Synthetic.digits(r, 8);
    int sum = 24;
    for (int i = 0; i < 9; i++) {
      int d = body.charAt(i) - '0';
      if (i % 2 == 0) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
    }
    return body + (10 - sum % 10) % 10;
  }

  @Test
  void acceptsGeneratedNumbersAndTheCmsExample() {
    Random r = new Random(SEED);
    for (int i = 0; i < 300; i++) {
      assertThat(npi.isValid(generate(r))).as("number %d", i).isTrue();
    }
    assertThat(npi.isValid("1234567893")).isTrue();
  }

  @Test
  void rejectsFlippedDigitsAndPlainLuhnNumbers() {
    Random r = new Random(SEED + 1);
    for (int i = 0; i < 200; i++) {
      String n = generate(r);
      int at = 1 + r.nextInt(9);
      assertThat(npi.isValid(Synthetic.flipDigit(n, at, r))).as("case %d at %d", i, at).isFalse();
    }
    // Valid Luhn on its own but not with the 80840 prefix.
    assertThat(Luhn.check("1234567897")).isTrue();
    assertThat(npi.isValid("1234567897")).isFalse();
  }

  @Test
  void rejectsOtherFirstDigitsAndLengths() {
    assertThat(npi.isValid("3234567891")).isFalse();
    assertThat(npi.isValid("123456789")).isFalse();
    assertThat(npi.isValid("12345678931")).isFalse();
  }
}
