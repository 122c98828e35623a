package dev.airlock.rules.validate;

import java.util.Locale;
import java.util.Map;

/**
 * A real calendar date between 1900 and 2099 in one of the ways people write birth dates:
 * {@code 1984-03-02}, {@code 1984/03/02}, {@code 19840302}, {@code 02.03.1984}, {@code 02/03/1984}
 * (day or month first: either reading may be the valid one), {@code 2 March 1984}, {@code March 2,
 * 1984}, {@code 2. März 1984}, {@code 2 mars 1984}. February 30th, month 13 and 1984-3-32 fail.
 */
public final class CalendarDate implements Validator {
  private static final Map<String, Integer> MONTHS =
      Map.ofEntries(
          Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4),
          Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8),
          Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12),
          // German and French month names that do not start like the English ones.
          Map.entry("jän", 1), Map.entry("mär", 3), Map.entry("mai", 5), Map.entry("okt", 10),
          Map.entry("dez", 12), Map.entry("janv", 1), Map.entry("fév", 2), Map.entry("fev", 2),
          Map.entry("avr", 4), Map.entry("juin", 6), Map.entry("juil", 7), Map.entry("aoû", 8),
          Map.entry("aou", 8), Map.entry("déc", 12));

  @Override
  public String name() {
    return "date";
  }

  @Override
  public boolean isValid(CharSequence value) {
    String s = value.toString().strip().toLowerCase(Locale.ROOT);
    String[] parts = s.split("[-/. ,]+");
    if (parts.length == 1 && parts[0].length() == 8 && parts[0].chars().allMatch(Character::isDigit)) {
      String d = parts[0];
      return isDate(num(d.substring(0, 4)), num(d.substring(4, 6)), num(d.substring(6)));
    }
    if (parts.length != 3) {
      return false;
    }
    String a = parts[0];
    String b = parts[1];
    String c = parts[2];
    if (isNumber(a) && isNumber(b) && isNumber(c)) {
      if (a.length() == 4) {
        return isDate(num(a), num(b), num(c));
      }
      if (c.length() == 4 && a.length() <= 2 && b.length() <= 2) {
        return isDate(num(c), num(b), num(a)) || isDate(num(c), num(a), num(b));
      }
      return false;
    }
    if (isNumber(a) && !isNumber(b) && isNumber(c) && c.length() == 4) {
      return isDate(num(c), month(b), num(a));
    }
    if (!isNumber(a) && isNumber(b) && isNumber(c) && c.length() == 4) {
      return isDate(num(c), month(a), num(b));
    }
    return false;
  }

  private static boolean isDate(int year, int month, int day) {
    if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) {
      return false;
    }
    return day <= java.time.YearMonth.of(year, month).lengthOfMonth();
  }

  /** The month a name (or its first three or four letters) stands for, or 0. */
  private static int month(String name) {
    if (name.length() < 3) {
      return 0;
    }
    Integer m = name.length() >= 4 ? MONTHS.get(name.substring(0, 4)) : null;
    return m != null ? m : MONTHS.getOrDefault(name.substring(0, 3), 0);
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty() || s.length() > 4) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static int num(String s) {
    return Integer.parseInt(s);
  }
}
