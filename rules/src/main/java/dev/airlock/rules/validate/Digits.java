package dev.airlock.rules.validate;

/** The decimal digits of a value with separators (spaces, dashes, dots) removed. */
final class Digits {
  private Digits() {}

  /** The digits of {@code value} in order, or null when it holds anything but digits and separators. */
  static String of(CharSequence value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= '0' && c <= '9') {
        out.append(c);
      } else if (c != ' ' && c != '-' && c != '.') {
        return null;
      }
    }
    return out.toString();
  }

  /** True when every character of {@code digits} is the same: filler, never an issued number. */
  static boolean isOneDigitRepeated(String digits) {
    for (int i = 1; i < digits.length(); i++) {
      if (digits.charAt(i) != digits.charAt(0)) {
        return false;
      }
    }
    return true;
  }
}
