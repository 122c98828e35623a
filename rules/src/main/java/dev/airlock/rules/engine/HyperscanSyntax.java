package dev.airlock.rules.engine;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a {@code java.util.regex} pattern into a Hyperscan expression that matches at least
 * wherever the Java pattern matches (a superset), or says it cannot. Hyperscan's hits only pick the
 * lines where the Java pattern then runs, so a looser expression costs a few wasted confirmations
 * and never a finding; a tighter one would lose findings. Hence every construct whose meaning
 * differs between the two dialects is either widened (anchors, word boundaries and lookarounds are
 * dropped, possessive and atomic forms become greedy, long bounded repeats lose their upper bound)
 * or refused (class unions and intersections, flags Hyperscan lacks, unknown escapes). Pure and
 * thread-safe.
 */
final class HyperscanSyntax {
  /**
   * Bounded repeats above this lose their upper bound and shrink their lower bound to it (shorter
   * ones keep both, {@link #quantifier}): a large
   * counted repeat of a wide class in UTF-8 mode makes Hyperscan's compile time explode (a
   * {@code [\s\S]{0,1500}} took 40 s), and the widened form is still a superset.
   */
  static final int MAX_REPEAT = 48;

  private final String p;
  private final StringBuilder out = new StringBuilder();
  private int i;
  /** Capture group numbers by name, for turning {@code \k<name>} into a numbered reference. */
  private final Map<String, Integer> groups = new HashMap<>();
  private int groupCount;

  private HyperscanSyntax(String pattern) {
    this.p = pattern;
  }

  /** The widened expression, or null when the pattern uses something this cannot translate. */
  static String translate(String javaPattern) {
    Translation t = analyse(javaPattern);
    return t == null ? null : t.expression();
  }

  /**
   * A translation and how selective it is.
   *
   * @param literals the fewest literal characters any match of the expression must contain: an
   *     expression with almost none (a pattern made of lookaheads and classes) matches nearly
   *     everywhere, and every end offset costs a call back from native code
   */
  record Translation(String expression, int literals) {}

  /** The translation of {@code javaPattern}, or null when it cannot be translated. */
  static Translation analyse(String javaPattern) {
    try {
      HyperscanSyntax t = new HyperscanSyntax(javaPattern);
      int literals = t.sequence(false);
      if (t.i != t.p.length()) {
        return null;
      }
      return new Translation(t.out.toString(), literals);
    } catch (Refused e) {
      return null;
    }
  }

  /** Literal characters in the last atom copied (a group's: its sequence's). */
  private int weight;

  /** An expression matching {@code literal} exactly, for case-insensitive keyword triggers. */
  static String literal(String literal) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < literal.length(); k++) {
      char c = literal.charAt(k);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        b.append(c);
      } else {
        b.append(String.format("\\x{%x}", (int) c));
      }
    }
    return b.toString();
  }

  private static final class Refused extends RuntimeException {
    Refused() {
      super(null, null, false, false);
    }
  }

  private static Refused refused() {
    return new Refused();
  }

  private boolean more() {
    return i < p.length();
  }

  private char peek() {
    return p.charAt(i);
  }

  /** Copies atoms and their quantifiers until the end, or until the ')' closing a group. */
  /**
   * Copies atoms and their quantifiers until the end, or until the ')' closing a group; returns
   * the fewest literal characters a match must hold (over its alternatives).
   */
  private int sequence(boolean inGroup) {
    int best = Integer.MAX_VALUE;
    int sum = 0;
    while (more()) {
      char c = peek();
      if (c == ')') {
        if (!inGroup) {
          throw refused();
        }
        return Math.min(best, sum);
      }
      if (c == '|') {
        out.append('|');
        i++;
        best = Math.min(best, sum);
        sum = 0;
        continue;
      }
      weight = 0;
      boolean wide = atom();
      int atomWeight = weight;
      if (!quantifier(wide)) {
        sum += atomWeight;
      }
    }
    if (inGroup) {
      throw refused();
    }
    return Math.min(best, sum);
  }

  /**
   * Copies one atom; true when it may match a character outside ASCII, which is several bytes in
   * UTF-8 where Java counts one character.
   */
  private boolean atom() {
    char c = p.charAt(i);
    switch (c) {
      case '(' -> {
        group();
        return false;
      }
      case '[' -> {
        return charClass();
      }
      case '\\' -> {
        return escape();
      }
      case '^', '$' -> {
        // Anchors only narrow a match: dropping them keeps a superset, and Java's '$' (before
        // any line terminator, "\r\n" included) differs from Hyperscan's ('\n' only).
        i++;
        out.append("(?:)");
        return false;
      }
      case '.' -> {
        i++;
        out.append('.');
        return true;
      }
      case '*', '+', '?', '{' -> throw refused();
      default -> {
        i++;
        if (c < 0x80) {
          out.append(c == ' ' || Character.isLetterOrDigit(c) ? String.valueOf(c) : hex(c));
        } else {
          utf8(c);
        }
        weight = 1;
        return false;
      }
    }
  }

  /** Appends a character outside ASCII as its exact UTF-8 bytes, grouped for a quantifier. */
  private void utf8(int codePoint) {
    out.append("(?:");
    for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
      out.append(String.format("\\x%02x", b & 0xff));
    }
    out.append(')');
  }

  private static String hex(int c) {
    return String.format("\\x%02x", c);
  }

  private void group() {
    i++; // '('
    if (!p.startsWith("?", i)) {
      groupCount++;
      out.append('(');
      int inner = sequence(true);
      expect(')');
      out.append(')');
      weight = inner;
      return;
    }
    if (p.startsWith("?:", i)) {
      i += 2;
      out.append("(?:");
    } else if (p.startsWith("?>", i)) {
      i += 2;
      out.append("(?:"); // atomic to plain: may match more, never less
    } else if (p.startsWith("?=", i) || p.startsWith("?!", i)
        || p.startsWith("?<=", i) || p.startsWith("?<!", i)) {
      // A lookaround consumes nothing; without it the pattern matches a superset. The body is
      // parsed (to find its end) and thrown away.
      i += p.startsWith("?<", i) ? 3 : 2;
      int mark = out.length();
      int groupsBefore = groupCount;
      sequence(true);
      expect(')');
      out.setLength(mark);
      if (groupCount != groupsBefore) {
        throw refused(); // a capture inside a lookaround would shift backreference numbers
      }
      out.append("(?:)");
      weight = 0;
      return;
    } else if (p.startsWith("?<", i)) {
      int close = p.indexOf('>', i);
      if (close < 0) {
        throw refused();
      }
      groups.put(p.substring(i + 2, close), ++groupCount);
      i = close + 1;
      out.append('(');
    } else {
      // Inline flags: (?i) (?-i) (?im:...). Hyperscan knows i, m and s; Java's d, u, U, x and c
      // change meaning in ways it cannot follow.
      int k = i + 1;
      while (k < p.length() && "ims-".indexOf(p.charAt(k)) >= 0) {
        k++;
      }
      if (k >= p.length() || (p.charAt(k) != ')' && p.charAt(k) != ':')) {
        throw refused();
      }
      String flags = p.substring(i + 1, k);
      i = k + 1;
      if (p.charAt(k) == ')') {
        out.append("(?").append(flags).append(')');
        weight = 0;
        return;
      }
      out.append("(?").append(flags).append(':');
    }
    int inner = sequence(true);
    expect(')');
    out.append(')');
    weight = inner;
  }

  private void expect(char c) {
    if (!more() || peek() != c) {
      throw refused();
    }
    i++;
  }

  /**
   * Copies the quantifier after an atom. A bounded repeat of up to {@link #MAX_REPEAT} keeps both
   * bounds, counted in bytes: exactly where each repetition is the same in both dialects (an ASCII
   * class or character, a literal outside ASCII as its bytes, a group), and up to four bytes per
   * character for a {@code wide} atom, one that may match a character of several bytes (which
   * takes at least one byte where Java takes one character). Without its upper bound, {@code
   * (?:ibm|ic)[\w.-]{0,30}?api_key} stayed alive along every identifier after an "ic": unbounded,
   * such repeats cost a fifth of the database's scanning time on generated Go code and a sixth on
   * the AWS SDK for Go (docs/engine.md). Longer repeats lose their upper bound (a long counted
   * repeat is what makes Hyperscan's compile time explode).
   */
  private boolean quantifier(boolean wide) {
    char c = more() ? peek() : 0;
    boolean optional;
    if (c == '*' || c == '+') {
      out.append(c);
      i++;
      optional = c == '*';
    } else if (c == '?') {
      out.append(wide ? '*' : '?');
      i++;
      optional = true;
    } else if (c == '{') {
      int close = p.indexOf('}', i);
      if (close < 0) {
        throw refused();
      }
      String body = p.substring(i + 1, close);
      i = close + 1;
      int comma = body.indexOf(',');
      int min;
      int max;
      try {
        min = Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
        max = comma < 0 ? min
            : comma < body.length() - 1 ? Integer.parseInt(body.substring(comma + 1)) : -1;
      } catch (NumberFormatException e) {
        throw refused();
      }
      int lower = Math.min(min, MAX_REPEAT);
      optional = lower == 0;
      if (max >= min && max <= MAX_REPEAT) {
        // A character Java counts once is one to four bytes in UTF-8 (a malformed byte that
        // decodes to U+FFFD is one to three).
        out.append('{').append(min).append(',').append(wide ? 4 * max : max).append('}');
      } else if (lower == 0) {
        out.append('*');
      } else if (lower == 1) {
        out.append('+');
      } else {
        out.append('{').append(lower).append(",}");
      }
    } else {
      if (wide) {
        out.append('+');
      }
      return false;
    }
    if (more() && (peek() == '?' || peek() == '+')) {
      i++; // lazy and possessive to greedy: Hyperscan reports every end anyway
    }
    return optional;
  }

  /**
   * Copies a class in byte form; true when it may match a character outside ASCII. Members
   * outside ASCII become the whole upper byte range in a positive class and are dropped from a
   * negated one (which then matches every upper byte): both widen.
   */
  private boolean charClass() {
    i++;
    boolean negated = more() && peek() == '^';
    if (negated) {
      i++;
    }
    if (more() && peek() == ']') {
      throw refused();
    }
    StringBuilder members = new StringBuilder();
    boolean upper = false;
    while (true) {
      if (!more()) {
        throw refused();
      }
      char c = peek();
      if (c == ']') {
        i++;
        break;
      }
      if (c == '[' || p.startsWith("&&", i)) {
        throw refused(); // Java's class union and intersection have no Hyperscan form
      }
      if (negated && (p.startsWith("\\p", i) || p.startsWith("\\P", i))) {
        throw refused(); // only a property's exact ASCII part could be left out of a negation
      }
      int lo = classChar(members);
      if (lo == WIDE) {
        upper = true;
        continue;
      }
      if (more() && peek() == '-' && i + 1 < p.length() && p.charAt(i + 1) != ']') {
        i++;
        int hi = classChar(null);
        if (hi == WIDE || hi < lo) {
          throw refused();
        }
        if (lo < 0x80) {
          members.append(hex(lo)).append('-').append(hex(Math.min(hi, 0x7f)));
        }
        upper |= hi >= 0x80;
      } else if (lo >= 0x80) {
        upper = true;
      } else if (lo >= 0) {
        members.append(hex(lo));
      }
    }
    if (negated) {
      out.append(members.length() == 0 ? "[\\x00-\\xff]" : "[^" + members + "]");
      return true;
    }
    if (upper) {
      members.append("\\x80-\\xff");
    }
    if (members.length() == 0) {
      throw refused();
    }
    out.append('[').append(members).append(']');
    return upper;
  }

  /** Marks a class member that stands for a set rather than one character. */
  private static final int WIDE = -2;

  /**
   * Reads one class member: returns its character, or appends a set (such as {@code \d}) to
   * {@code members} and returns -1, or returns {@link #WIDE} for a set reaching outside ASCII
   * (whose ASCII part, if any, it has appended).
   */
  private int classChar(StringBuilder members) {
    char c = p.charAt(i);
    if (c != '\\') {
      i++;
      return c;
    }
    if (i + 1 >= p.length()) {
      throw refused();
    }
    char e = p.charAt(i + 1);
    i += 2;
    switch (e) {
      case 'd', 'w' -> {
        need(members).append('\\').append(e);
        return -1;
      }
      case 's' -> {
        need(members).append(SPACE);
        return -1;
      }
      case 'D', 'W', 'S' -> {
        need(members).append('\\').append(e);
        return WIDE;
      }
      case 'p', 'P' -> {
        String ascii = property(e);
        need(members).append(ascii);
        return WIDE;
      }
      case 'x', 'u' -> {
        return codeUnit(e);
      }
      case 't' -> {
        return '\t';
      }
      case 'n' -> {
        return '\n';
      }
      case 'r' -> {
        return '\r';
      }
      case 'f' -> {
        return '\f';
      }
      case 'e' -> {
        return 0x1b;
      }
      case 'a' -> {
        return 0x07;
      }
      default -> {
        if (Character.isLetterOrDigit(e) || e == 'Q') {
          throw refused();
        }
        return e;
      }
    }
  }

  private static StringBuilder need(StringBuilder members) {
    if (members == null) {
      throw refused(); // a set as a range endpoint
    }
    return members;
  }

  /** Java's {@code \s}: Hyperscan's may leave out the vertical tab. */
  private static final String SPACE = "\\t\\n\\x0b\\f\\r\\x20";

  /**
   * The ASCII members of a {@code \p{..}} or {@code \P{..}} set, as class text; the upper bytes
   * are added by the caller. Unknown names widen to every ASCII character.
   */
  private String property(char kind) {
    if (!more() || peek() != '{') {
      throw refused();
    }
    int close = p.indexOf('}', i);
    if (close < 0) {
      throw refused();
    }
    String name = p.substring(i + 1, close);
    i = close + 1;
    if (kind == 'p') {
      switch (name) {
        case "L", "IsL", "IsAlphabetic", "IsLetter":
          return "A-Za-z";
        case "Lu", "IsLu", "IsUppercase":
          return "A-Z";
        case "Ll", "IsLl", "IsLowercase":
          return "a-z";
        case "N", "Nd", "IsDigit", "IsN", "IsNd":
          return "0-9";
        default:
          break;
      }
    }
    return "\\x00-\\x7f";
  }

  /** Reads {@code \xhh}, {@code \x{h..}} or {@code \\uhhhh} (after the letter) as a code point. */
  private int codeUnit(char kind) {
    String digits;
    if (kind == 'x' && more() && peek() == '{') {
      int close = p.indexOf('}', i);
      if (close < 0) {
        throw refused();
      }
      digits = p.substring(i + 1, close);
      i = close + 1;
    } else {
      int n = kind == 'x' ? 2 : 4;
      if (i + n > p.length()) {
        throw refused();
      }
      digits = p.substring(i, i + n);
      i += n;
    }
    try {
      return Integer.parseInt(digits, 16);
    } catch (NumberFormatException e) {
      throw refused();
    }
  }

  /** Copies an escape outside a class; true when it may match a character outside ASCII. */
  private boolean escape() {
    if (i + 1 >= p.length()) {
      throw refused();
    }
    char c = p.charAt(i + 1);
    switch (c) {
      case 'b', 'B', 'A', 'G', 'z', 'Z' -> {
        i += 2;
        // Assertions only narrow a match; Java's \b also counts Unicode letters as word
        // characters where Hyperscan's does not, so keeping it could lose matches.
        out.append("(?:)");
        return false;
      }
      case 'k' -> {
        i += 2;
        if (!more() || peek() != '<') {
          throw refused();
        }
        int close = p.indexOf('>', i);
        Integer n = close < 0 ? null : groups.get(p.substring(i + 1, close));
        if (n == null) {
          throw refused();
        }
        out.append('\\').append(n);
        i = close + 1;
        return false;
      }
      case 'Q' -> {
        i += 2;
        int end = p.indexOf("\\E", i);
        String quoted = end < 0 ? p.substring(i) : p.substring(i, end);
        i = end < 0 ? p.length() : end + 2;
        weight = quoted.length();
        out.append("(?:");
        quoted.codePoints().forEach(cp -> {
          if (cp < 0x80) {
            out.append(hex(cp));
          } else {
            utf8(cp);
          }
        });
        out.append(')');
        return false;
      }
      default -> {
        if (c >= '1' && c <= '9') {
          i += 2;
          out.append('\\').append(c); // a backreference: Hyperscan's prefilter mode widens it
          return false;
        }
        StringBuilder members = new StringBuilder();
        int ch = classChar(members);
        if (ch == WIDE) {
          out.append('[').append(members).append("\\x80-\\xff]");
          return true;
        }
        if (ch == -1) {
          out.append('[').append(members).append(']');
          return false;
        }
        if (ch < 0x80) {
          out.append(hex(ch));
        } else {
          utf8(ch);
        }
        weight = 1;
        return false;
      }
    }
  }
}
