package dev.airlock.rules.engine;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Values that stand in for a credential rather than being one: documentation examples, template
 * variables, environment lookups, masked and filler values. Applied to every secret-category
 * match, before any rule's own allow list.
 */
final class Placeholders {
  private static final List<String> MARKERS =
      List.of(
          "example", "sample", "placeholder", "changeme", "change_me", "change-me", "dummy",
          "xxxx", "****", "....", "your_", "your-", "yourpassword", "redacted", "replace_me",
          "replaceme", "insert_", "fake", "notreal", "not_real", "not-a-real", "secret_here",
          "token_here", "key_here", "process.env", "os.environ", "getenv",
          "system.getproperty");

  /**
   * Template and interpolation syntax around a name: ${VAR}, {{ var }}, $(cmd), %(name)s,
   * #{expr}. A name must follow the opening, and ${ and #{ must close, because random
   * punctuation-rich secrets (WordPress salts, Django keys) contain "#{", "${" or "{{" by chance.
   */
  private static final Pattern TEMPLATE =
      Pattern.compile(
          "[$#]\\{\\s*[A-Za-z_@$][\\w.@$:\\[\\]'\"-]*\\s*}|\\{\\{\\s*[A-Za-z_.$]"
              + "|\\$\\(\\s*[A-Za-z_]|%\\(\\s*[A-Za-z_]\\w*\\)");

  private static final Set<String> OBVIOUS_VALUES =
      Set.of(
          "password", "passwd", "secret", "token", "test", "testing", "admin", "root", "null",
          "none", "true", "false", "undefined", "string", "empty", "default", "foo", "bar",
          "foobar", "qwerty", "letmein", "123456", "12345678", "password1", "password123");

  /**
   * Words that test and documentation values are made of. A value that is nothing but these words
   * (once look-alike digits are read as letters and digits or symbols at its ends dropped) is a
   * test value: {@code P@ssw0rd!}, {@code Test1234}, {@code s3cr3t}, {@code mysecretpassword}.
   */
  private static final Set<String> TEST_WORDS =
      Set.of(
          "password", "passwd", "pass", "pwd", "pw", "secret", "token", "key", "api", "test",
          "testing", "tester", "dummy", "foo", "bar", "baz", "qux", "qwerty", "asdf", "letmein",
          "changeit", "change", "me", "default", "sample", "example", "temp", "tmp", "my", "your",
          "the", "mock", "fake", "hello", "world", "abc", "xyz", "demo", "none", "null");

  private static final int LONGEST_TEST_WORD = 13;

  /** Digits and symbols at a value's end, and digits at its start: "Test1234!", "123test". */
  private static final Pattern TEST_VALUE_EDGES = Pattern.compile("^[0-9]+|[^a-z]+$");

  /** Characters written in place of letters ("p@ssw0rd", "s3cr3t"), and word separators. */
  private static final String LEET_FROM = "@$0134579!";

  private static final String LEET_TO = "asoieastgi";

  /** A value written as a template slot: {@code <your-token>}, {@code <API KEY>}. */
  private static final Pattern ANGLE_SLOT = Pattern.compile("<[A-Za-z][A-Za-z0-9 _./-]*>");

  /** Whole values made of one repeated character, or a run such as 0123456789 / abcdef. */
  private static final Pattern FILLER =
      Pattern.compile("(.)\\1*|0?123456789?0?|abcdefg?h?i?j?|(?i:abc123|a1b2c3)");

  private Placeholders() {}

  static boolean isPlaceholder(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (OBVIOUS_VALUES.contains(lower)
        || FILLER.matcher(lower).matches()
        || ANGLE_SLOT.matcher(value).find()
        || TEMPLATE.matcher(value).find()
        || isTestValue(lower)) {
      return true;
    }
    for (String marker : MARKERS) {
      if (lower.contains(marker)) {
        return true;
      }
    }
    return distinctChars(value) <= 3;
  }

  /** True when {@code lower} is made only of {@link #TEST_WORDS}, read as described there. */
  static boolean isTestValue(String lower) {
    if (lower.length() > 40) {
      return false;
    }
    String trimmed = TEST_VALUE_EDGES.matcher(lower).replaceAll("");
    StringBuilder core = new StringBuilder(trimmed.length());
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      int leet = LEET_FROM.indexOf(c);
      if (leet >= 0) {
        core.append(LEET_TO.charAt(leet));
      } else if (c >= 'a' && c <= 'z') {
        core.append(c);
      } else if (c != '_' && c != '-' && c != '.' && c != ' ') {
        return false;
      }
    }
    return core.length() > 0 && madeOfTestWords(core);
  }

  /** Whether {@code text} splits into a sequence of {@link #TEST_WORDS} (word-break by DP). */
  private static boolean madeOfTestWords(CharSequence text) {
    int n = text.length();
    boolean[] reachable = new boolean[n + 1];
    reachable[0] = true;
    for (int end = 1; end <= n; end++) {
      for (int start = Math.max(0, end - LONGEST_TEST_WORD); start < end && !reachable[end]; start++) {
        reachable[end] =
            reachable[start] && TEST_WORDS.contains(text.subSequence(start, end).toString());
      }
    }
    return reachable[n];
  }

  private static int distinctChars(String value) {
    return (int) value.chars().distinct().limit(4).count();
  }
}
