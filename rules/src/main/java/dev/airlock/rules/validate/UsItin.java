package dev.airlock.rules.validate;

/**
 * A US Individual Taxpayer Identification Number: nine digits starting with 9, the fourth and
 * fifth (the "group") in the ranges the IRS issues: 50–65, 70–88, 90–92 and 94–99. The two
 * numbers documentation writes as obviously fake (999-99-9999 and the run 987-65-4321) are not
 * taken for real ones.
 */
public final class UsItin implements Validator {
  @Override
  public String name() {
    return "us-itin";
  }

  @Override
  public boolean isValid(CharSequence value) {
    String d = Digits.of(value);
    if (d == null || d.length() != 9 || d.charAt(0) != '9') {
      return false;
    }
    if (d.equals("999999999") || d.equals("987654321")) {
      return false;
    }
    int group = (d.charAt(3) - '0') * 10 + (d.charAt(4) - '0');
    return (group >= 50 && group <= 65)
        || (group >= 70 && group <= 88)
        || (group >= 90 && group <= 92)
        || group >= 94;
  }
}
