package dev.airlock.rules.validate;

/**
 * A US Social Security number under the SSA's assignment rules: area 001–899 except 666, group
 * 01–99, serial 0001–9999; and not one of the numbers the SSA voided after they were printed on
 * sample cards or used in advertising.
 */
public final class UsSsn implements Validator {
  @Override
  public String name() {
    return "us-ssn";
  }

  @Override
  public boolean isValid(CharSequence value) {
    String d = Digits.of(value);
    if (d == null || d.length() != 9) {
      return false;
    }
    int area = Integer.parseInt(d.substring(0, 3));
    int group = Integer.parseInt(d.substring(3, 5));
    int serial = Integer.parseInt(d.substring(5));
    if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
      return false;
    }
    // 078-05-1120 (the Woolworth wallet card) and 219-09-9999 (an SSA pamphlet) were voided;
    // 123-45-6789 is the number every form uses as an example.
    return !d.equals("078051120") && !d.equals("219099999") && !d.equals("123456789");
  }
}
