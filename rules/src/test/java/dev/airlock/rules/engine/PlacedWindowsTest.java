package dev.airlock.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.rules.RuleSet;
import dev.airlock.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Hyperscan engine places the windows of keyword-triggered rules from its reports of their
 * keywords and digit runs, instead of a keyword pass over each hit line: those windows must be
 * exactly the ones the Java engine's keyword pass finds over the whole text (same rules, starts
 * and ends, in any text: overlapping and case-folded keywords, keywords shared by rules, digit
 * runs with separators, lines longer than a window's reach, text outside ASCII, rules ruled out
 * by a path). Built-in rules; random texts from their keywords and digits, seeded and printed.
 */
class PlacedWindowsTest {
  private static List<Rule> rules;
  private static HyperscanMatcher hyperscan;
  private static JavaMatcher java;
  private static List<String> keywords;

  @BeforeAll
  static void build() {
    assumeTrue(
        HyperscanMatcher.unavailableReason() == null,
        "Hyperscan natives: " + HyperscanMatcher.unavailableReason());
    rules = RuleSet.builtIn().rules();
    hyperscan = new HyperscanMatcher(rules);
    java = new JavaMatcher(rules);
    keywords = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) {
      if (hyperscan.placed(r)) {
        keywords.addAll(rules.get(r).keywords());
      }
    }
  }

  @Test
  void placedWindowsAreTheKeywordPassWindowsOnRandomTexts() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    int placedRules = 0;
    for (int r = 0; r < rules.size(); r++) {
      placedRules += hyperscan.placed(r) ? 1 : 0;
    }
    // The built-in national identifiers, card numbers and dates of birth are keyword-triggered.
    assertThat(placedRules).as("placed rules").isGreaterThan(15);
    long windowsCompared = 0;
    for (int t = 0; t < 1500; t++) {
      String text = randomText(random);
      boolean[] skip = null;
      if (random.nextInt(4) == 0) {
        skip = new boolean[rules.size()];
        for (int r = 0; r < skip.length; r++) {
          skip[r] = random.nextInt(3) == 0;
        }
      }
      WindowedMatcher.Windows fromPass = java.windows(text, skip);
      List<String> expected = new ArrayList<>();
      for (int r = 0; r < rules.size(); r++) {
        if (hyperscan.placed(r)) {
          expected.add(describe(r, fromPass));
        }
      }
      WindowedMatcher.Windows placed = hyperscan.windows(text, skip);
      for (int r = 0, i = 0; r < rules.size(); r++) {
        if (hyperscan.placed(r)) {
          String actual = describe(r, placed);
          windowsCompared += actual.chars().filter(c -> c == '[').count();
          assertThat(actual)
              .as("seed %d, text %d, rule %s: %s", seed, t, rules.get(r).id(), text.replace("\n", "\\n"))
              .isEqualTo(expected.get(i));
          i++;
        }
      }
    }
    assertThat(windowsCompared).as("seed %d", seed).isGreaterThan(5000);
  }

  private static String describe(int r, WindowedMatcher.Windows windows) {
    int[] w = windows.of(r);
    int count = windows.count(r);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < count; i += 2) {
      b.append('[').append(w[i]).append(',').append(w[i + 1]).append(')');
    }
    return b.toString();
  }

  private static final String[] FILLER = {
    " ", " ", "  ", "\n", "\n", "\t", "x", "ab", "Id", "=", ":", "\"", "_", ".", "-", "/", "(", ")",
    ") ", "a.", "\r\n",
  };

  private static String randomText(Random random) {
    StringBuilder b = new StringBuilder();
    int pieces = 1 + random.nextInt(40);
    for (int i = 0; i < pieces; i++) {
      int kind = random.nextInt(10);
      if (kind < 3) {
        b.append(randomCase(keywords.get(random.nextInt(keywords.size())), random));
      } else if (kind < 6) {
        digits(b, random);
      } else if (kind == 6 && random.nextInt(8) == 0) {
        // A line longer than a window's reach.
        b.append("y".repeat(900 + random.nextInt(1400)));
      } else if (kind == 7 && random.nextInt(10) == 0) {
        b.append(random.nextBoolean() ? "é" : "\u20ac");
      } else {
        b.append(FILLER[random.nextInt(FILLER.length)]);
      }
    }
    return b.toString();
  }

  private static void digits(StringBuilder b, Random random) {
    int n = 1 + random.nextInt(20);
    String separators = " -./()";
    for (int i = 0; i < n; i++) {
      b.append((char) ('0' + random.nextInt(10)));
      int s = random.nextInt(10);
      if (s == 0) {
        b.append(separators.charAt(random.nextInt(separators.length())));
      } else if (s == 1) {
        b.append(") ");
      } else if (s == 2) {
        b.append("--");
      }
    }
  }

  private static String randomCase(String keyword, Random random) {
    StringBuilder b = new StringBuilder(keyword.length());
    for (int i = 0; i < keyword.length(); i++) {
      char c = keyword.charAt(i);
      b.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
    }
    return b.toString();
  }
}
