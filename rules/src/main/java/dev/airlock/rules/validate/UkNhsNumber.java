package dev.airlock.rules.validate;

/**
 * A UK NHS number: ten digits whose last is a modulus 11 check digit over the first nine (weights
 * 10 down to 2). A remainder that gives check digit 10 is never issued, so such numbers are
 * invalid; numbers of one repeated digit pass the arithmetic but are not issued either.
 */
public final class UkNhsNumber implements Validator {
  @Override
  public String name() {
    return "uk-nhs-number";
  }

  @Override
  public boolean isValid(CharSequence value) {
    String d = Digits.of(value);
    if (d == null || d.length() != 10 || Digits.isOneDigitRepeated(d)) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (d.charAt(i) - '0') * (10 - i);
    }
    int check = 11 - sum % 11;
    if (check == 11) {
      check = 0;
    }
    return check != 10 && check == d.charAt(9) - '0';
  }
}
