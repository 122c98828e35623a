package dev.airlock.rules.validate;

import static dev.airlock.rules.validate.LuhnTest.randomDigits;
import static dev.airlock.rules.validate.LuhnTest.withCheckDigit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PaymentCardTest {
  private static final long SEED = 0xCA4DL;
  private final Validator card = new PaymentCard();

  /** An issuer prefix and a length that the brand uses. */
  private record Range(String brand, String prefix, int length) {}

  private static final List<Range> ACCEPTED =
      List.of(
          new Range("Visa", "4", 13),
          new Range("Visa", "4", 16),
          new Range("Visa", "4", 19),
          new Range("Mastercard", "51", 16),
          new Range("Mastercard", "55", 16),
          new Range("Mastercard 2-series", "2221", 16),
          new Range("Mastercard 2-series", "2720", 16),
          new Range("Amex", "34", 15),
          new Range("Amex", "37", 15),
          new Range("Discover", "6011", 16),
          new Range("Discover", "6011", 19),
          new Range("Discover", "65", 16),
          new Range("Discover", "644", 16),
          new Range("Discover", "649", 17),
          new Range("Discover", "622126", 16),
          new Range("Discover", "622925", 16),
          new Range("JCB", "3528", 16),
          new Range("JCB", "3589", 19),
          new Range("Diners", "300", 14),
          new Range("Diners", "305", 16),
          new Range("Diners", "36", 14),
          new Range("Diners", "38", 14),
          new Range("Diners", "39", 19),
          new Range("Diners", "3095", 14),
          new Range("UnionPay", "620", 16),
          new Range("UnionPay", "621", 19),
          new Range("Maestro", "50", 12),
          new Range("Maestro", "56", 19),
          new Range("Maestro", "58", 16),
          new Range("Maestro", "63", 13),
          new Range("Maestro", "67", 16));

  private static final List<Range> WRONG_LENGTH =
      List.of(
          new Range("Visa", "4", 14),
          new Range("Visa", "4", 15),
          new Range("Visa", "4", 17),
          new Range("Mastercard", "52", 15),
          new Range("Mastercard", "53", 17),
          new Range("Mastercard 2-series", "2500", 19),
          new Range("Amex", "34", 14),
          new Range("Amex", "37", 16),
          new Range("Discover", "6011", 15),
          new Range("JCB", "3530", 15),
          new Range("Diners", "36", 13),
          new Range("UnionPay", "620", 15),
          new Range("Maestro", "50", 11));

  private static final List<String> UNKNOWN_PREFIXES =
      List.of("1", "7", "8", "9", "2220", "2721", "31", "33", "3500", "3590");

  @Test
  void acceptsLuhnValidNumbersOfEveryBrandRangeAndLength() {
    Random random = new Random(SEED);
    for (Range range : ACCEPTED) {
      for (int i = 0; i < 20; i++) {
        String pan = generate(random, range.prefix(), range.length());
        assertThat(card.isValid(pan))
            .as(
                "%s number %d with prefix %s and length %d",
                range.brand(), i, range.prefix(), range.length())
            .isTrue();
      }
    }
  }

  @Test
  void rejectsLengthsTheBrandDoesNotUse() {
    Random random = new Random(SEED + 1);
    for (Range range : WRONG_LENGTH) {
      for (int i = 0; i < 10; i++) {
        String pan = generate(random, range.prefix(), range.length());
        assertThat(card.isValid(pan))
            .as("%s number %d of length %d", range.brand(), i, range.length())
            .isFalse();
      }
    }
  }

  @Test
  void rejectsPrefixesOutsideEveryBrandRange() {
    Random random = new Random(SEED + 2);
    for (String prefix : UNKNOWN_PREFIXES) {
      for (int length : new int[] {13, 16, 19}) {
        String pan = generate(random, prefix, length);
        assertThat(card.isValid(pan)).as("prefix %s, length %d", prefix, length).isFalse();
      }
    }
  }

  @Test
  void rejectsCardNumbersThatFailLuhn() {
    Random random = new Random(SEED + 3);
    for (Range range : ACCEPTED) {
      String pan = generate(random, range.prefix(), range.length());
      char check = pan.charAt(pan.length() - 1);
      String broken = pan.substring(0, pan.length() - 1) + (char) ('0' + (check - '0' + 1) % 10);
      assertThat(card.isValid(broken))
          .as("%s number with a wrong check digit", range.brand())
          .isFalse();
    }
  }

  @Test
  void rejectsPublishedTestNumbers() {
    List<String> published =
        List.of(
            "4242424242424242",
            "4000002500003155",
            "4000056655665556",
            "5105105105105100",
            "5200828282828210",
            "2223003122003222",
            "378282246310005",
            "371449635398431",
            "6011000990139424",
            "3530111333300000",
            "30569309025904",
            "6250941006528599");
    for (String pan : published) {
      // Each passes on Luhn, brand and the filler check alone: only the test-number list rejects
      // it.
      assertThat(Luhn.check(pan) && PaymentCard.brandAccepts(pan) && !hasRunOfEight(pan))
          .as("published %s", pan)
          .isTrue();
      assertThat(card.isValid(pan)).as("published test number %s", pan).isFalse();
      assertThat(card.isValid(grouped(pan, ' ')))
          .as("published test number %s, spaced", pan)
          .isFalse();
    }
  }

  @Test
  void acceptsSpacesDashesAndDotsBetweenDigitGroups() {
    Random random = new Random(SEED + 4);
    for (int i = 0; i < 20; i++) {
      String pan = generate(random, "4", 16);
      assertThat(card.isValid(grouped(pan, ' '))).as("spaced number %d", i).isTrue();
      assertThat(card.isValid(grouped(pan, '-'))).as("dashed number %d", i).isTrue();
      assertThat(card.isValid(grouped(pan, '.'))).as("dotted number %d", i).isTrue();
    }
    String amex = generate(random, "37", 15);
    String amexGrouped =
        amex.substring(0, 4) + " " + amex.substring(4, 10) + " " + amex.substring(10);
    assertThat(card.isValid(amexGrouped)).as("Amex in 4-6-5 groups").isTrue();
  }

  @Test
  void rejectsOtherSeparatorsAndLetters() {
    Random random = new Random(SEED + 5);
    String pan = generate(random, "4", 16);
    assertThat(card.isValid(pan)).isTrue();
    assertThat(card.isValid(grouped(pan, '/'))).isFalse();
    assertThat(card.isValid(grouped(pan, '_'))).isFalse();
    assertThat(card.isValid(pan.substring(0, 8) + "x" + pan.substring(8))).isFalse();
  }

  @Test
  void rejectsLongRunsOfOneDigitAsFiller() {
    Random random = new Random(SEED + 6);
    for (int i = 0; i < 20; i++) {
      char repeated = (char) ('0' + random.nextInt(10));
      String pan =
          withCheckDigit("45" + String.valueOf(repeated).repeat(8) + randomDigits(random, 5));
      assertThat(Luhn.check(pan) && PaymentCard.brandAccepts(pan)).isTrue();
      assertThat(card.isValid(pan)).as("number %d with a run of eight", i).isFalse();
    }
    // A run of seven is still a possible account number.
    String seven = withCheckDigit("4" + "1" + "3".repeat(7) + "2" + "5" + "1234");
    assertThat(seven.length()).isEqualTo(16);
    assertThat(card.isValid(seven)).isTrue();
  }

  @Test
  void rejectsTooShortValuesWithoutThrowing() {
    // "18" and "42" pass Luhn; "" passes it too (sum 0). A validator must answer, not throw.
    for (String value : List.of("", "18", "42", "0", "4-2", "125")) {
      assertThatCode(() -> assertThat(card.isValid(value)).as("'%s'", value).isFalse())
          .as("isValid('%s')", value)
          .doesNotThrowAnyException();
    }
  }

  /** A Luhn-valid number with {@code prefix} and {@code length}, not filler, not a test number. */
  private static String generate(Random random, String prefix, int length) {
    while (true) {
      String pan = withCheckDigit(prefix + randomDigits(random, length - 1 - prefix.length()));
      if (!hasRunOfEight(pan)) {
        return pan;
      }
    }
  }

  private static boolean hasRunOfEight(String digits) {
    for (int i = 0; i + 8 <= digits.length(); i++) {
      if (digits.substring(i, i + 8).chars().distinct().count() == 1) {
        return true;
      }
    }
    return false;
  }

  private static String grouped(String digits, char separator) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && i % 4 == 0) {
        sb.append(separator);
      }
      sb.append(digits.charAt(i));
    }
    return sb.toString();
  }
}
