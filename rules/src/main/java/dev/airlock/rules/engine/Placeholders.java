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
        || TEMPLATE.matcher(value).find()) {
      return true;
    }
    for (String marker : MARKERS) {
      if (lower.contains(marker)) {
        return true;
      }
    }
    return distinctChars(value) <= 3;
  }

  private static int distinctChars(String value) {
    return (int) value.chars().distinct().limit(4).count();
  }
}
