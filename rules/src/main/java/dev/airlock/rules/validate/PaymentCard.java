package dev.airlock.rules.validate;

import java.util.Set;

/**
 * A primary account number: a known brand's issuer range and length, a valid Luhn digit, and not
 * one of the test numbers that card networks and payment providers publish for developers.
 */
public final class PaymentCard implements Validator {

  /** Published test PANs; they appear in every payment SDK's tests and docs. */
  private static final Set<String> TEST_NUMBERS =
      Set.of(
          "4111111111111111", "4012888888881881", "4222222222222", "4242424242424242",
          "4000056655665556", "4000000000000002", "4000000000000077", "4000000000003220",
          "4000002500003155", "4000000000009995", "4000000000000069", "4000000000000127",
          "4000000000000119", "4000000000000101", "4000000000000341", "4000000760000002",
          "4000001240000000", "4000004840008001", "4005519200000004", "4009348888881881",
          "4012000033330026", "4012000077777777", "4217651111111119", "4500600000000061",
          "4988438843884305", "4166676667666746", "4646464646464644", "4444333322221111",
          "4917610000000000", "4462030000000000", "4917300800000000", "4484070000000000",
          "5555555555554444", "5105105105105100", "5200828282828210", "5454545454545454",
          "5431111111111111", "5424000000000015", "5500000000000004", "2223003122003222",
          "2223000048400011", "5200000000001096", "5555555555555557", "5555341244441115",
          "378282246310005", "371449635398431", "378734493671000", "340000000000009",
          "370000000000002", "6011111111111117", "6011000990139424", "6011000000000004",
          "6011601160116611", "3056930009020004", "36227206271667", "30569309025904",
          "38520000023237", "3530111333300000", "3566002020360505", "3566111111111113",
          "6200000000000005", "6250941006528599", "6759649826438453", "6799990100000000019",
          "5019717010103742", "6331101999990016", "4111111145551142", "2222400070000005",
          "4000002760003184", "4000003800000446", "4000008400001629", "4035501000000008",
          "4360000001000005", "5101180000000007", "2222410740360010", "5555444433331111");

  @Override
  public String name() {
    return "payment-card";
  }

  @Override
  public boolean isValid(CharSequence value) {
    String pan = Digits.of(value);
    if (pan == null || pan.length() < 12 || pan.length() > 19 || TEST_NUMBERS.contains(pan) || !Luhn.check(pan) || isRepetitive(pan)) {
      return false;
    }
    return brandAccepts(pan);
  }

  /** Issuer ranges and lengths of the major brands (ISO/IEC 7812 IIN assignments). */
  static boolean brandAccepts(String pan) {
    int len = pan.length();
    int p1 = pan.charAt(0) - '0';
    int p2 = Integer.parseInt(pan.substring(0, 2));
    int p3 = Integer.parseInt(pan.substring(0, 3));
    int p4 = Integer.parseInt(pan.substring(0, 4));
    int p6 = len >= 6 ? Integer.parseInt(pan.substring(0, 6)) : -1;
    if (p1 == 4) {
      return len == 13 || len == 16 || len == 19; // Visa
    }
    if ((p2 >= 51 && p2 <= 55) || (p6 >= 222100 && p6 <= 272099)) {
      return len == 16; // Mastercard
    }
    if (p2 == 34 || p2 == 37) {
      return len == 15; // American Express
    }
    if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) {
      return len >= 16 && len <= 19; // Discover
    }
    if (p4 >= 3528 && p4 <= 3589) {
      return len >= 16 && len <= 19; // JCB
    }
    if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39 || p4 == 3095) {
      return len >= 14 && len <= 19; // Diners Club
    }
    if (p2 == 62) {
      return len >= 16 && len <= 19; // UnionPay
    }
    if (p2 == 50 || (p2 >= 56 && p2 <= 69)) {
      return len >= 12 && len <= 19; // Maestro
    }
    return false;
  }

  private static boolean isRepetitive(String pan) {
    // Long runs of one digit are filler, not account numbers (e.g. 4000000000000...).
    int run = 1;
    for (int i = 1; i < pan.length(); i++) {
      run = pan.charAt(i) == pan.charAt(i - 1) ? run + 1 : 1;
      if (run >= 8) {
        return true;
      }
    }
    return false;
  }
}
