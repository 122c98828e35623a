package dev.airlock.rules.validate;

import java.util.Random;

/**
 * Generates checksum-valid synthetic identifiers from a seeded {@link Random}, by the same rules the
 * validators check but written independently (the check digit is searched for, not computed by the
 * validator's formula), and the corruptions the tests apply to them.
 */
final class Synthetic {
  private Synthetic() {}

  static String digits(Random r, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append((char) ('0' + r.nextInt(10)));
    }
    return s.toString();
  }

  /** {@code body} plus the one digit that makes {@code validator} accept it, or null if none. */
  static String completed(Validator validator, String body) {
    for (char c = '0'; c <= '9'; c++) {
      if (validator.isValid(body + c)) {
        return body + c;
      }
    }
    return null;
  }

  /** {@code value} with the digit at {@code index} replaced by a different digit. */
  static String flipDigit(String value, int index, Random r) {
    char old = value.charAt(index);
    char neu = (char) ('0' + (old - '0' + 1 + r.nextInt(9)) % 10);
    return value.substring(0, index) + neu + value.substring(index + 1);
  }

  /** {@code value} with characters {@code i} and {@code i+1} swapped. */
  static String transpose(String value, int i) {
    return value.substring(0, i) + value.charAt(i + 1) + value.charAt(i) + value.substring(i + 2);
  }

  /** Index of a digit in {@code value} picked at random. */
  static int randomDigitIndex(String value, Random r) {
    while (true) {
      int i = r.nextInt(value.length());
      if (Character.isDigit(value.charAt(i))) {
        return i;
      }
    }
  }
}
