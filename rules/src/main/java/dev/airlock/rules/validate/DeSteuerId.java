package dev.airlock.rules.validate;

/**
 * A German tax identification number (Steuer-IdNr): eleven digits, the first not 0; among the
 * first ten exactly one digit occurs twice or three times (three times never all adjacent) and
 * every other at most once; the eleventh is the ISO 7064 MOD 11,10 check digit.
 */
public final class DeSteuerId implements Validator {
  @Override
  public String name() {
    return "de-steuer-id";
  }

  @Override
  public boolean isValid(CharSequence value) {
    String d = Digits.of(value);
    if (d == null || d.length() != 11 || d.charAt(0) == '0') {
      return false;
    }
    return hasIssuedRepetition(d) && checkDigit(d) == d.charAt(10) - '0';
  }

  private static boolean hasIssuedRepetition(String d) {
    int[] counts = new int[10];
    for (int i = 0; i < 10; i++) {
      counts[d.charAt(i) - '0']++;
    }
    int repeated = -1;
    for (int digit = 0; digit < 10; digit++) {
      if (counts[digit] > 1) {
        if (repeated >= 0 || counts[digit] > 3) {
          return false;
        }
        repeated = digit;
      }
    }
    if (repeated < 0) {
      return false;
    }
    if (counts[repeated] == 3) {
      char r = (char) ('0' + repeated);
      for (int i = 0; i + 2 < 10; i++) {
        if (d.charAt(i) == r && d.charAt(i + 1) == r && d.charAt(i + 2) == r) {
          return false;
        }
      }
    }
    return true;
  }

  /** ISO 7064 MOD 11,10 over the first ten digits. */
  static int checkDigit(String d) {
    int product = 10;
    for (int i = 0; i < 10; i++) {
      int sum = (d.charAt(i) - '0' + product) % 10;
      if (sum == 0) {
        sum = 10;
      }
      product = (sum * 2) % 11;
    }
    int check = 11 - product;
    return check == 10 ? 0 : check;
  }
}
