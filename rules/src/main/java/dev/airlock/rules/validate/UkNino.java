package dev.airlock.rules.validate;

import java.util.Set;

/**
 * A UK National Insurance number: two prefix letters, six digits, a suffix letter A–D. HMRC never
 * uses D, F, I, Q, U or V in the prefix, nor O as its second letter, and never issues the
 * prefixes BG, GB, NK, KN, TN, NT and ZZ (QQ, the number printed on every form, fails the first
 * rule).
 */
public final class UkNino implements Validator {
  private static final Set<String> UNUSED_PREFIXES = Set.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ");
  private static final String NEVER_IN_PREFIX = "DFIQUV";

  @Override
  public String name() {
    return "uk-nino";
  }

  @Override
  public boolean isValid(CharSequence value) {
    StringBuilder s = new StringBuilder(9);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != ' ' && c != '-') {
        s.append(Character.toUpperCase(c));
      }
    }
    if (s.length() != 9) {
      return false;
    }
    char first = s.charAt(0);
    char second = s.charAt(1);
    if (!isLetter(first) || !isLetter(second)
        || NEVER_IN_PREFIX.indexOf(first) >= 0 || NEVER_IN_PREFIX.indexOf(second) >= 0
        || second == 'O' || UNUSED_PREFIXES.contains(s.substring(0, 2))) {
      return false;
    }
    for (int i = 2; i < 8; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    char suffix = s.charAt(8);
    return suffix >= 'A' && suffix <= 'D';
  }

  private static boolean isLetter(char c) {
    return c >= 'A' && c <= 'Z';
  }
}
