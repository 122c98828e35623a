package dev.airlock.rules.engine;

import java.util.HashMap;
import java.util.Map;

/** Shannon entropy of a value's characters, in bits per character. */
final class Entropy {
  private Entropy() {}

  static double bitsPerChar(CharSequence value) {
    int n = value.length();
    if (n == 0) {
      return 0;
    }
    Map<Character, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      counts.merge(value.charAt(i), 1, Integer::sum);
    }
    double bits = 0;
    for (int c : counts.values()) {
      double p = (double) c / n;
      bits -= p * (Math.log(p) / Math.log(2));
    }
    return bits;
  }
}
