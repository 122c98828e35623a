package dev.airlock.rules.validate;

/**
 * A US National Provider Identifier: ten digits starting with 1 or 2 whose last digit is the Luhn
 * check digit of the number prefixed with 80840 (the health-industry issuer prefix of ISO 7812).
 */
public final class UsNpi implements Validator {
  @Override
  public String name() {
    return "us-npi";
  }

  @Override
  public boolean isValid(CharSequence value) {
    String d = Digits.of(value);
    return d != null
        && d.length() == 10
        && (d.charAt(0) == '1' || d.charAt(0) == '2')
        && Luhn.check("80840" + d);
  }
}
