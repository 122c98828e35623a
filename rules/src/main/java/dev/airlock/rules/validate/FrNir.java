package dev.airlock.rules.validate;

/**
 * A French social security number (NIR, numéro de sécurité sociale): sex, year, month, department,
 * commune and order number (13 characters), then a two-digit key equal to 97 minus the 13-digit
 * number modulo 97. Corsican departments 2A and 2B count as 19 and 18 in the key.
 */
public final class FrNir implements Validator {
  @Override
  public String name() {
    return "fr-nir";
  }

  @Override
  public boolean isValid(CharSequence value) {
    StringBuilder s = new StringBuilder(15);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != ' ' && c != '-' && c != '.') {
        s.append(Character.toUpperCase(c));
      }
    }
    if (s.length() != 15) {
      return false;
    }
    String nir = s.toString();
    String body = nir.substring(0, 13);
    long bodyForKey;
    if (body.startsWith("2A", 5) || body.startsWith("2B", 5)) {
      if (!allDigits(body.substring(0, 5)) || !allDigits(body.substring(7))) {
        return false;
      }
      long shift = body.charAt(6) == 'A' ? 1_000_000L : 2_000_000L;
      bodyForKey = Long.parseLong(body.substring(0, 5) + "20" + body.substring(7)) - shift;
    } else if (allDigits(body)) {
      bodyForKey = Long.parseLong(body);
    } else {
      return false;
    }
    if (!allDigits(nir.substring(13))) {
      return false;
    }
    int sex = body.charAt(0) - '0';
    int month = Integer.parseInt(body.substring(3, 5));
    // 1 and 2 are men and women; 3, 4, 7 and 8 are people registered before their birth was.
    boolean sexOk = sex == 1 || sex == 2 || sex == 3 || sex == 4 || sex == 7 || sex == 8;
    // Months 20-42 and 50-99 are issued for people whose birth month is unknown.
    boolean monthOk = (month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50;
    int key = Integer.parseInt(nir.substring(13));
    return sexOk && monthOk && key >= 1 && key <= 97 && key == 97 - (int) (bodyForKey % 97);
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
