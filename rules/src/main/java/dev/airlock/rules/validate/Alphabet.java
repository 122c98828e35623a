package dev.airlock.rules.validate;

/** The characters of an encoding (base62, base58, Bech32's 32), to test the run a checksum covers. */
record Alphabet(String chars) {

  /** True when every character of {@code s} from {@code from} to its end is in the alphabet. */
  boolean spans(CharSequence s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
