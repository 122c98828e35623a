package dev.airlock.rules.validate;

/** The Luhn (mod 10) check digit used by payment cards and Canadian SINs. */
public final class Luhn implements Validator {
  @Override
  public String name() {
    return "luhn";
  }

  @Override
  public boolean isValid(CharSequence value) {
    String digits = Digits.of(value);
    return digits != null && digits.length() >= 2 && check(digits);
  }

  static boolean check(String digits) {
    int sum = 0;
    boolean doubleIt = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (doubleIt) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
  }
}
