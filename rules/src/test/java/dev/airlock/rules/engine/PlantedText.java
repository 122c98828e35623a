package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.TestRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random source-like text with values of three test rules planted at random word boundaries, and
 * where each one went. The filler cannot contain a planted value: it has no '_' (which every token
 * needs), no '-' (which the marker needs) and no run of four digits (which every number needs).
 */
record PlantedText(String text, List<Planted> planted) {

  /** One planted value: the rule that must find it, and where it is. */
  record Planted(String ruleId, int start, int end, int line, int column) {}

  /** The rules whose values are planted. */
  static JavaMatcher matcher() {
    return TestRule.matcher(
        rule("t-token").category("SECRET").keywords("tk_").pattern("\\btk_[a-z0-9]{20}\\b"),
        rule("t-number")
            .category("PII")
            .yaml("digits: 12")
            .pattern("\\b\\d{4}[ -]\\d{4}[ -]\\d{4}\\b"),
        rule("t-marker")
            .category("PROPRIETARY")
            .keywords("acme-internal")
            .pattern("(?i)\\bacme-internal\\b"));
  }

  private static final String[] PUNCTUATION = {
    ",", ";", ":", "(", ")", "{", "}", "[", "]", "=", "+", "*", "/", ".", "!", "?", "\"", "'", "#",
    "<", ">"
  };
  private static final String[] NON_ASCII = {
    "caf\u00e9", "\u00fcber", "\u65e5\u672c", "\u2192", "na\u00efve", "\u00ab", "\u00bb"
  };
  private static final String[] SEPARATORS = {
    " ", " ", " ", "\t", ", ", " = ", "(", ")", "\n", "\r\n", "\n    ", "\n\n"
  };
  private static final String[] SAME_LINE_SEPARATORS = {" ", " ", " ", "\t", ", ", " = ", "(", ")"};

  /**
   * Text of {@code fillerTokens} random tokens with {@code values} values planted between them; now
   * and then all on one long line, so that windows are cut by the engine's reach, not by newlines.
   */
  static PlantedText generate(Random random, int fillerTokens, int values) {
    String[] separators = random.nextInt(10) == 0 ? SAME_LINE_SEPARATORS : SEPARATORS;
    List<Integer> plantAt = new ArrayList<>();
    for (int i = 0; i < values; i++) {
      plantAt.add(random.nextInt(fillerTokens + 1));
    }
    plantAt.sort(null);
    StringBuilder sb = new StringBuilder();
    List<Planted> planted = new ArrayList<>();
    int next = 0;
    boolean lastWasDigits = false;
    for (int t = 0; t <= fillerTokens; t++) {
      while (next < plantAt.size() && plantAt.get(next) == t) {
        sb.append(pick(random, separators));
        int start = sb.length();
        String rule = plant(random, sb);
        planted.add(located(sb, rule, start));
        sb.append(pick(random, separators));
        next++;
        lastWasDigits = false;
      }
      if (t < fillerTokens) {
        String token = filler(random, separators);
        boolean digits = Character.isDigit(token.charAt(0));
        if (digits && lastWasDigits) {
          sb.append(' '); // two numbers in a row would make one long number
        } else if (random.nextInt(3) == 0) {
          sb.append(pick(random, separators));
        }
        sb.append(token);
        lastWasDigits = digits;
      }
    }
    return new PlantedText(sb.toString(), planted);
  }

  /** Appends one value of a random rule and returns that rule's id. */
  private static String plant(Random random, StringBuilder sb) {
    switch (random.nextInt(3)) {
      case 0:
        sb.append(token(random));
        return "t-token";
      case 1:
        char sep = random.nextBoolean() ? ' ' : '-';
        sb.append(digits(random, 4)).append(sep).append(digits(random, 4)).append(sep);
        sb.append(digits(random, 4));
        return "t-number";
      default:
        for (char c : "acme-internal".toCharArray()) {
          sb.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return "t-marker";
    }
  }

  private static Planted located(StringBuilder sb, String rule, int start) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < start; i++) {
      if (sb.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new Planted(rule, start, sb.length(), line, start - lineStart + 1);
  }

  /** A token value that no placeholder check would drop. */
  static String token(Random random) {
    while (true) {
      String t = "tk_" + alnum(random, 20);
      if (!Placeholders.isPlaceholder(t)) {
        return t;
      }
    }
  }

  private static String filler(Random random, String[] separators) {
    int kind = random.nextInt(20);
    if (kind < 10) {
      String word = letters(random, 1 + random.nextInt(10));
      return kind == 0 ? word.toUpperCase(Locale.ROOT) : word;
    }
    if (kind < 13) {
      return digits(random, 1 + random.nextInt(3));
    }
    if (kind < 15) {
      return pick(random, NON_ASCII);
    }
    if (kind < 19) {
      return pick(random, PUNCTUATION);
    }
    return pick(random, separators);
  }

  private static String pick(Random random, String[] choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static String letters(Random random, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('a' + random.nextInt(26)));
    }
    return sb.toString();
  }

  private static String digits(Random random, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + random.nextInt(10)));
    }
    return sb.toString();
  }

  private static String alnum(Random random, int n) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
