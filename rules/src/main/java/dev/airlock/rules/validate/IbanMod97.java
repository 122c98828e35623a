package dev.airlock.rules.validate;

import java.util.Map;

/** An IBAN: a registry country code, that country's length, and the ISO 13616 mod-97 check. */
public final class IbanMod97 implements Validator {

  /** IBAN lengths per country, from the SWIFT IBAN registry. */
  private static final Map<String, Integer> LENGTHS =
      Map.ofEntries(
          Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20),
          Map.entry("AZ", 28), Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22),
          Map.entry("BH", 22), Map.entry("BI", 27), Map.entry("BR", 29), Map.entry("BY", 28),
          Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24),
          Map.entry("DE", 22), Map.entry("DJ", 27), Map.entry("DK", 18), Map.entry("DO", 28),
          Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24), Map.entry("FI", 18),
          Map.entry("FK", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22),
          Map.entry("GE", 22), Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27),
          Map.entry("GT", 28), Map.entry("HN", 28), Map.entry("HR", 21), Map.entry("HU", 28),
          Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23), Map.entry("IS", 26),
          Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20),
          Map.entry("LB", 28), Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20),
          Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("LY", 25), Map.entry("MC", 27),
          Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MN", 20),
          Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NI", 28),
          Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("OM", 23), Map.entry("PK", 24),
          Map.entry("PL", 28), Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29),
          Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("RU", 33), Map.entry("SA", 24),
          Map.entry("SC", 31), Map.entry("SD", 18), Map.entry("SE", 24), Map.entry("SI", 19),
          Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("SO", 23), Map.entry("ST", 25),
          Map.entry("SV", 28), Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26),
          Map.entry("UA", 29), Map.entry("VA", 22), Map.entry("VG", 24), Map.entry("XK", 20),
          Map.entry("YE", 30));

  @Override
  public String name() {
    return "iban";
  }

  @Override
  public boolean isValid(CharSequence value) {
    StringBuilder iban = new StringBuilder(34);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '-') {
        continue;
      }
      if (!(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z')) {
        return false;
      }
      iban.append(Character.toUpperCase(c));
    }
    if (iban.length() < 15) {
      return false;
    }
    Integer expected = LENGTHS.get(iban.substring(0, 2));
    if (expected == null || expected != iban.length()) {
      return false;
    }
    if (!Character.isDigit(iban.charAt(2)) || !Character.isDigit(iban.charAt(3))) {
      return false;
    }
    // ISO 13616 issues check digits 02 to 98 only; 00 and 01 pass the arithmetic but never occur.
    int check = Integer.parseInt(iban.substring(2, 4));
    if (check < 2) {
      return false;
    }
    return mod97(iban.substring(4) + iban.substring(0, 4)) == 1;
  }

  /** The remainder mod 97 of the number spelled by {@code s}, letters counting A=10 .. Z=35. */
  private static int mod97(String s) {
    int rem = 0;
    for (int i = 0; i < s.length(); i++) {
      int v = Character.digit(s.charAt(i), 36);
      rem = v < 10 ? (rem * 10 + v) % 97 : (rem * 100 + v) % 97;
    }
    return rem;
  }
}
