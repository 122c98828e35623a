package dev.airlock.rules.validate;

/**
 * A US DEA registration number: a registrant-type letter, a second letter (the registrant's last
 * initial, or 9 for some business activities), six digits and a check digit: the last digit of
 * (d1 + d3 + d5) + 2 × (d2 + d4 + d6).
 */
public final class UsDeaNumber implements Validator {
  /** Registrant types the DEA assigns (practitioners, mid-levels, distributors, ...). */
  private static final String TYPES = "ABCDEFGHJKLMPRSTUX";

  @Override
  public String name() {
    return "us-dea-number";
  }

  @Override
  public boolean isValid(CharSequence value) {
    if (value.length() != 9) {
      return false;
    }
    char type = Character.toUpperCase(value.charAt(0));
    char second = Character.toUpperCase(value.charAt(1));
    if (TYPES.indexOf(type) < 0 || !((second >= 'A' && second <= 'Z') || second == '9')) {
      return false;
    }
    int[] d = new int[7];
    for (int i = 0; i < 7; i++) {
      char c = value.charAt(2 + i);
      if (c < '0' || c > '9') {
        return false;
      }
      d[i] = c - '0';
    }
    int sum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]);
    return sum % 10 == d[6];
  }
}
