package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LuhnTest {
  private static final long SEED = 0x1A11L;
  private final Validator luhn = new Luhn();

  @Test
  void acceptsNumbersWhoseCheckDigitIsRight() {
    Random random = new Random(SEED);
    for (int i = 0; i < 500; i++) {
      String number = withCheckDigit(randomDigits(random, 1 + random.nextInt(18)));
      assertThat(luhn.isValid(number))
          .as("generated number %d (length %d)", i, number.length())
          .isTrue();
    }
  }

  @Test
  void rejectsEveryWrongCheckDigit() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 200; i++) {
      String number = withCheckDigit(randomDigits(random, 1 + random.nextInt(18)));
      char right = number.charAt(number.length() - 1);
      for (char wrong = '0'; wrong <= '9'; wrong++) {
        if (wrong != right) {
          String changed = number.substring(0, number.length() - 1) + wrong;
          assertThat(luhn.isValid(changed)).as("number %d with check digit changed", i).isFalse();
        }
      }
    }
  }

  @Test
  void rejectsAnySingleDigitChange() {
    Random random = new Random(SEED + 2);
    for (int i = 0; i < 200; i++) {
      String number = withCheckDigit(randomDigits(random, 15));
      int at = random.nextInt(number.length());
      char changedDigit = (char) ('0' + (number.charAt(at) - '0' + 1 + random.nextInt(9)) % 10);
      String changed = number.substring(0, at) + changedDigit + number.substring(at + 1);
      assertThat(luhn.isValid(changed)).as("number %d, digit %d changed", i, at).isFalse();
    }
  }

  @Test
  void ignoresSpacesDashesAndDots() {
    // 79927398713 is the textbook Luhn example.
    assertThat(luhn.isValid("79927398713")).isTrue();
    assertThat(luhn.isValid("7992 7398 713")).isTrue();
    assertThat(luhn.isValid("7992-7398-713")).isTrue();
    assertThat(luhn.isValid("7992.7398.713")).isTrue();
    assertThat(luhn.isValid("79927398710")).isFalse();
  }

  @Test
  void rejectsLettersAndOtherSeparators() {
    assertThat(luhn.isValid("7992a7398713")).isFalse();
    assertThat(luhn.isValid("7992/7398/713")).isFalse();
    assertThat(luhn.isValid("7992_7398_713")).isFalse();
  }

  @Test
  void rejectsValuesWithFewerThanTwoDigits() {
    assertThat(luhn.isValid("")).isFalse();
    assertThat(luhn.isValid("0")).isFalse();
    assertThat(luhn.isValid(" - ")).isFalse();
  }

  static String randomDigits(Random random, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append((char) ('0' + random.nextInt(10)));
    }
    return sb.toString();
  }

  /** {@code payload} followed by the Luhn check digit that makes it valid. */
  static String withCheckDigit(String payload) {
    int sum = 0;
    boolean doubleIt = true; // the check digit will take the rightmost place
    for (int i = payload.length() - 1; i >= 0; i--) {
      int d = payload.charAt(i) - '0';
      if (doubleIt) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
      doubleIt = !doubleIt;
    }
    return payload + (char) ('0' + (10 - sum % 10) % 10);
  }
}
