package dev.airlock.rules.validate;

/**
 * An Indian Aadhaar number: twelve digits, the first neither 0 nor 1 (UIDAI never issues those),
 * the last a Verhoeff check digit.
 */
public final class InAadhaar implements Validator {
  @Override
  public String name() {
    return "in-aadhaar";
  }

  @Override
  public boolean isValid(CharSequence value) {
    String d = Digits.of(value);
    return d != null
        && d.length() == 12
        && d.charAt(0) != '0'
        && d.charAt(0) != '1'
        && !Digits.isOneDigitRepeated(d)
        && Verhoeff.check(d);
  }
}
