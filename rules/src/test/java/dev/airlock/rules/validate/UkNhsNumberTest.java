package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UkNhsNumberTest {
  private static final long SEED = 0x4E45L;
  private final Validator nhs = new UkNhsNumber();

  /** Nine random digits and their modulus 11 check digit, or null when that digit would be 10. */
  static String generate(Random r) {
    String body = Synthetic.digits(r, 9);
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (body.charAt(i) - '0') * (10 - i);
    }
    int check = (11 - sum % 11) % 11;
    return check == 10 ? null : body + check;
  }

  @Test
  void acceptsGeneratedNumbersInEveryLayout() {
    Random r = new Random(SEED);
    int seen = 0;
    while (seen < 300) {
      String n = generate(r);
      if (n == null || Digits.isOneDigitRepeated(n)) {
        continue;
      }
      seen++;
      assertThat(nhs.isValid(n)).as("number %d", seen).isTrue();
      String spaced = n.substring(0, 3) + " " + n.substring(3, 6) + " " + n.substring(6);
      assertThat(nhs.isValid(spaced)).as("number %d, spaced", seen).isTrue();
    }
  }

  @Test
  void acceptsTheNhsPublishedExample() {
    assertThat(nhs.isValid("943 476 5919")).isTrue();
  }

  @Test
  void rejectsEveryFlippedDigitAndAdjacentTransposition() {
    Random r = new Random(SEED + 1);
    for (int i = 0; i < 200; i++) {
      String n = generate(r);
      if (n == null) {
        continue;
      }
      int at = r.nextInt(10);
      assertThat(nhs.isValid(Synthetic.flipDigit(n, at, r))).as("case %d flipped at %d", i, at).isFalse();
      int t = r.nextInt(9);
      if (n.charAt(t) != n.charAt(t + 1)) {
        assertThat(nhs.isValid(Synthetic.transpose(n, t))).as("case %d transposed at %d", i, t).isFalse();
      }
    }
  }

  @Test
  void rejectsBodiesWhoseCheckDigitWouldBeTen() {
    Random r = new Random(SEED + 2);
    int found = 0;
    while (found < 20) {
      String body = Synthetic.digits(r, 9);
      int sum = 0;
      for (int i = 0; i < 9; i++) {
        sum += (body.charAt(i) - '0') * (10 - i);
      }
      if ((11 - sum % 11) % 11 == 10) {
        found++;
        for (char c = '0'; c <= '9'; c++) {
          assertThat(nhs.isValid(body + c)).as("body %d with %s", found, c).isFalse();
        }
      }
    }
  }

  @Test
  void rejectsWrongLengthsAndRepeatedDigits() {
    assertThat(nhs.isValid("943476591")).isFalse();
    assertThat(nhs.isValid("94347659190")).isFalse();
    assertThat(nhs.isValid("0000000000")).isFalse();
    assertThat(nhs.isValid("943-476-591x")).isFalse();
  }
}
