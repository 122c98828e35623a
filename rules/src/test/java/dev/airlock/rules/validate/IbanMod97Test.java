package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** IBANs here are generated: a random BBAN in the country's layout, check digits computed. */
class IbanMod97Test {
  private static final long SEED = 0x1BA4L;
  private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);
  private final Validator iban = new IbanMod97();

  /**
   * A country and its BBAN layout: n a digit, a an upper-case letter, c either. Layouts follow the
   * SWIFT registry, so letters sit where real IBANs have them.
   */
  private record Country(String code, String layout) {
    int length() {
      return 4 + layout.length();
    }
  }

  private static final List<Country> COUNTRIES =
      List.of(
          new Country("DE", "n".repeat(18)),
          new Country("GB", "aaaa" + "n".repeat(14)),
          new Country("FR", "n".repeat(10) + "c".repeat(11) + "nn"),
          new Country("NL", "aaaa" + "n".repeat(10)),
          new Country("NO", "n".repeat(11)),
          new Country("BE", "n".repeat(12)),
          new Country("IT", "a" + "n".repeat(10) + "c".repeat(12)),
          new Country("CH", "n".repeat(5) + "c".repeat(12)),
          new Country("MT", "aaaa" + "n".repeat(5) + "c".repeat(18)),
          new Country("LC", "aaaa" + "c".repeat(24)));

  @Test
  void acceptsGeneratedIbansOfSeveralCountries() {
    Random random = new Random(SEED);
    for (Country country : COUNTRIES) {
      for (int i = 0; i < 20; i++) {
        String value = ibanFor(country.code(), bban(random, country.layout()));
        assertThat(value.length()).isEqualTo(country.length());
        assertThat(iban.isValid(value)).as("%s IBAN %d", country.code(), i).isTrue();
      }
    }
  }

  @Test
  void acceptsLowerCaseAndGroupsSeparatedBySpacesOrDashes() {
    Random random = new Random(SEED + 1);
    for (Country country : COUNTRIES) {
      String value = ibanFor(country.code(), bban(random, country.layout()));
      assertThat(iban.isValid(grouped(value, ' ')))
          .as("%s in groups of four", country.code())
          .isTrue();
      assertThat(iban.isValid(grouped(value, '-'))).as("%s dashed", country.code()).isTrue();
      assertThat(iban.isValid(value.toLowerCase(Locale.ROOT)))
          .as("%s lower case", country.code())
          .isTrue();
      assertThat(iban.isValid(grouped(value.toLowerCase(Locale.ROOT), ' ')))
          .as("%s lower case in groups", country.code())
          .isTrue();
    }
  }

  @Test
  void rejectsLengthsOtherThanTheCountrysEvenWithRightCheckDigits() {
    Random random = new Random(SEED + 2);
    for (Country country : COUNTRIES) {
      String right = bban(random, country.layout());
      for (String bban : List.of(right + "7", right.substring(1))) {
        String value = ibanFor(country.code(), bban);
        assertThat(passesMod97(value)).isTrue();
        assertThat(iban.isValid(value))
            .as("%s IBAN of length %d", country.code(), value.length())
            .isFalse();
      }
    }
  }

  @Test
  void rejectsEveryOtherCheckDigitValue() {
    Random random = new Random(SEED + 3);
    for (Country country : COUNTRIES.subList(0, 4)) {
      String value = ibanFor(country.code(), bban(random, country.layout()));
      String rightDigits = value.substring(2, 4);
      for (int cd = 2; cd <= 98; cd++) {
        String digits = String.format(Locale.ROOT, "%02d", cd);
        if (!digits.equals(rightDigits)) {
          String changed = value.substring(0, 2) + digits + value.substring(4);
          assertThat(iban.isValid(changed))
              .as("%s IBAN with check digits %s", country.code(), digits)
              .isFalse();
        }
      }
    }
  }

  @Test
  void rejectsAnySingleCharacterChangeInTheAccountPart() {
    Random random = new Random(SEED + 4);
    for (Country country : COUNTRIES) {
      String value = ibanFor(country.code(), bban(random, country.layout()));
      for (int i = 0; i < 10; i++) {
        int at = 4 + random.nextInt(value.length() - 4);
        char c = value.charAt(at);
        char other =
            Character.isDigit(c)
                ? (char) ('0' + (c - '0' + 1 + random.nextInt(9)) % 10)
                : (char) ('A' + (c - 'A' + 1 + random.nextInt(25)) % 26);
        String changed = value.substring(0, at) + other + value.substring(at + 1);
        assertThat(iban.isValid(changed))
            .as("%s IBAN, character %d changed", country.code(), at)
            .isFalse();
      }
    }
  }

  @Test
  void rejectsCountryCodesOutsideTheRegistry() {
    Random random = new Random(SEED + 5);
    for (String code : List.of("ZZ", "US", "XX", "QQ")) {
      String value = ibanFor(code, bban(random, "n".repeat(18)));
      assertThat(passesMod97(value)).isTrue();
      assertThat(iban.isValid(value)).as("IBAN with country %s", code).isFalse();
    }
  }

  @Test
  void rejectsNonDigitCheckDigitsAndForeignCharacters() {
    Random random = new Random(SEED + 6);
    String value = ibanFor("DE", bban(random, "n".repeat(18)));
    assertThat(iban.isValid(value)).isTrue();
    assertThat(iban.isValid("DEAB" + value.substring(4))).isFalse();
    assertThat(iban.isValid(value.substring(0, 10) + "/" + value.substring(10))).isFalse();
    assertThat(iban.isValid(value.substring(0, 10) + "_" + value.substring(10))).isFalse();
    assertThat(iban.isValid(value.substring(0, 10) + "é" + value.substring(10))).isFalse();
    assertThat(iban.isValid("")).isFalse();
    assertThat(iban.isValid("DE")).isFalse();
  }

  @Test
  void rejectsCheckDigitsZeroZeroAndZeroOne() {
    // Where the right check digits are 97 or 98, 00 or 01 leave the same remainder mod 97.
    Random random = new Random(SEED + 7);
    int checked = 0;
    while (checked < 10) {
      String value = ibanFor("DE", bban(random, "n".repeat(18)));
      int cd = Integer.parseInt(value.substring(2, 4));
      if (cd >= 97) {
        String alias = "DE" + String.format(Locale.ROOT, "%02d", cd - 97) + value.substring(4);
        assertThat(passesMod97(alias)).isTrue();
        assertThat(iban.isValid(alias)).as("IBAN with check digits %02d", cd - 97).isFalse();
        checked++;
      }
    }
  }

  private static String bban(Random random, String layout) {
    StringBuilder sb = new StringBuilder(layout.length());
    for (char kind : layout.toCharArray()) {
      boolean letter = kind == 'a' || (kind == 'c' && random.nextBoolean());
      sb.append(letter ? (char) ('A' + random.nextInt(26)) : (char) ('0' + random.nextInt(10)));
    }
    return sb.toString();
  }

  /** The IBAN of {@code bban} in {@code country}, with check digits computed per ISO 13616. */
  private static String ibanFor(String country, String bban) {
    int remainder = numeric(bban + country + "00").mod(NINETY_SEVEN).intValue();
    return country + String.format(Locale.ROOT, "%02d", 98 - remainder) + bban;
  }

  private static boolean passesMod97(String iban) {
    return numeric(iban.substring(4) + iban.substring(0, 4)).mod(NINETY_SEVEN).intValue() == 1;
  }

  private static BigInteger numeric(String s) {
    StringBuilder digits = new StringBuilder();
    for (char c : s.toCharArray()) {
      digits.append(Character.digit(c, 36));
    }
    return new BigInteger(digits.toString());
  }

  private static String grouped(String value, char separator) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      if (i > 0 && i % 4 == 0) {
        sb.append(separator);
      }
      sb.append(value.charAt(i));
    }
    return sb.toString();
  }

  /** Every country of the SWIFT IBAN registry and its IBAN length. */
  private static final String REGISTRY =
      "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27"
          + " DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21"
          + " HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27"
          + " MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24"
          + " RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22"
          + " VG24 XK20 YE30";

  @Test
  void acceptsEveryRegistryCountryAtItsLengthOnly() {
    Random random = new Random(SEED + 9);
    String[] entries = REGISTRY.split(" ");
    assertThat(entries).hasSize(89);
    for (String entry : entries) {
      String code = entry.substring(0, 2);
      int length = Integer.parseInt(entry.substring(2));
      String value = ibanFor(code, bban(random, "n".repeat(length - 4)));
      assertThat(iban.isValid(value)).as("%s at length %d", code, length).isTrue();
      String longer = ibanFor(code, bban(random, "n".repeat(length - 3)));
      assertThat(iban.isValid(longer)).as("%s one longer", code).isFalse();
    }
  }

  @Test
  void rejectsCountriesOutsideTheRegistry() {
    Random random = new Random(SEED + 10);
    for (String code : new String[] {"US", "DZ", "AO", "CN", "ZZ", "XX"}) {
      for (int length = 15; length <= 34; length++) {
        String value = ibanFor(code, bban(random, "n".repeat(length - 4)));
        assertThat(iban.isValid(value)).as("%s at length %d", code, length).isFalse();
      }
    }
  }
}
