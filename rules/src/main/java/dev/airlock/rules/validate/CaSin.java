package dev.airlock.rules.validate;

/**
 * A Canadian Social Insurance Number: nine digits with a valid Luhn digit, not starting with 0
 * (never issued) or 8 (reserved for business numbers).
 */
public final class CaSin implements Validator {
  @Override
  public String name() {
    return "ca-sin";
  }

  @Override
  public boolean isValid(CharSequence value) {
    String d = Digits.of(value);
    return d != null
        && d.length() == 9
        && d.charAt(0) != '0'
        && d.charAt(0) != '8'
        && !Digits.isOneDigitRepeated(d)
        && Luhn.check(d);
  }
}
