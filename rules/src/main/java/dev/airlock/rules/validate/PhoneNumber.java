package dev.airlock.rules.validate;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.List;

/**
 * A telephone number that its country's numbering plan allows, by libphonenumber's metadata: a
 * number written with {@code +} and a country code is checked against that country's plan; one
 * written in national form must be valid in one of the {@link #NATIONAL_REGIONS}, with the trunk
 * prefix 0 where that country dials one. A number of the
 * right length but in an unassigned range (a version string, a date, an id) fails.
 */
public final class PhoneNumber implements Validator {
  /** Countries whose national forms are tried, in order, for numbers written without {@code +}. */
  static final List<String> NATIONAL_REGIONS = List.of("US", "CA", "GB", "DE", "FR", "IN");

  /**
   * In a holder so that libphonenumber loads on the first number checked, not when the validators
   * are registered at start-up (about 80 ms of class loading that most scans never need).
   */
  private static final class Plans {
    static final PhoneNumberUtil PLANS = PhoneNumberUtil.getInstance();
  }

  @Override
  public String name() {
    return "phone";
  }

  @Override
  public boolean isValid(CharSequence value) {
    String number = value.toString().strip();
    if (number.isEmpty() || number.length() > 32) {
      return false;
    }
    if (number.charAt(0) == '+') {
      Phonenumber.PhoneNumber parsed = parse(number, "ZZ");
      return parsed != null && Plans.PLANS.isValidNumber(parsed);
    }
    boolean trunkZero = firstDigit(number) == '0';
    for (String region : NATIONAL_REGIONS) {
      // Where the plan dials a trunk 0 before national numbers, people write it: without it,
      // "2024.10.12.1530" would pass as a German landline.
      if ("0".equals(Plans.PLANS.getNddPrefixForRegion(region, true)) && !trunkZero) {
        continue;
      }
      Phonenumber.PhoneNumber parsed = parse(number, region);
      if (parsed != null && Plans.PLANS.isValidNumberForRegion(parsed, region)) {
        return true;
      }
    }
    return false;
  }

  private static char firstDigit(String number) {
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c >= '0' && c <= '9') {
        return c;
      }
    }
    return 0;
  }

  private static Phonenumber.PhoneNumber parse(String number, String region) {
    try {
      return Plans.PLANS.parse(number, region);
    } catch (NumberParseException e) {
      return null;
    }
  }
}
