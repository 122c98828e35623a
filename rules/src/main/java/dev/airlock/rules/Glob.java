package dev.airlock.rules;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A path glob over '/'-separated relative paths: {@code **} crosses folders, {@code *} and {@code
 * ?} stay inside one. A glob without a '/' matches the file name at any depth, as in .gitignore.
 */
public record Glob(String text, Regex compiled, Shape shape, String literal) {

  /**
   * How a glob is tested. Most globs name a file anywhere in the tree ({@code pom.xml}, {@code
   * *.md}, {@code CHANGELOG*}): those are plain string tests on the path, because path-limited
   * rules check every file and a regex per glob per file was a tenth of a scan's time.
   */
  public enum Shape {
    /** A segment equal to {@code literal}. */
    NAME,
    /** A segment ending with {@code literal} ({@code *.md}). */
    SUFFIX,
    /** A segment starting with {@code literal} ({@code CHANGELOG*}). */
    PREFIX,
    /** Anything else: the regex. */
    REGEX
  }

  public static Glob of(String glob) {
    if (glob == null || glob.isBlank()) {
      throw new IllegalArgumentException("a path glob must not be empty");
    }
    String body = glob.startsWith("/") ? glob.substring(1) : glob;
    if (body.endsWith("/")) {
      body = body.substring(0, body.length() - 1); // "vendor/" means the folder and all below it
    }
    boolean anyDepth = !body.contains("/") && !glob.startsWith("/");
    StringBuilder re = new StringBuilder(anyDepth ? "(?:.*/)?" : "");
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '*' && i + 1 < body.length() && body.charAt(i + 1) == '*') {
        boolean slashFollows = i + 2 < body.length() && body.charAt(i + 2) == '/';
        re.append(slashFollows ? "(?:.*/)?" : ".*");
        i += slashFollows ? 2 : 1;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c < 128 && !Character.isLetterOrDigit(c)) {
        // A backslash makes any ASCII character but a letter or digit literal: far cheaper, at
        // every start for every rule's globs, than quoting it.
        re.append('\\').append(c);
      } else if (c < 128) {
        re.append(c);
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    // A folder glob also covers everything below the folder.
    re.append("(?:/.*)?");
    Shape shape = Shape.REGEX;
    String literal = body;
    if (anyDepth && body.indexOf('?') < 0 && !body.contains("**")) {
      int stars = body.length() - body.replace("*", "").length();
      if (stars == 0) {
        shape = Shape.NAME;
      } else if (stars == 1 && body.startsWith("*") && body.length() > 1) {
        shape = Shape.SUFFIX;
        literal = body.substring(1);
      } else if (stars == 1 && body.endsWith("*") && body.length() > 1) {
        shape = Shape.PREFIX;
        literal = body.substring(0, body.length() - 1);
      }
    }
    // Most globs are tested without their regex (see Shape): it is compiled when first needed.
    return new Glob(glob, Regex.lazy(re.toString()), shape, literal);
  }

  /** The glob as a regex over a whole path. */
  public Pattern regex() {
    return compiled.get();
  }

  public boolean matches(String path) {
    return switch (shape) {
      case NAME -> hasSegment(path, literal);
      case SUFFIX -> segmentEndsWith(path, literal);
      case PREFIX -> segmentStartsWith(path, literal);
      case REGEX -> compiled.get().matcher(path).matches();
    };
  }

  // Asked of every file for every path-limited rule: searches without building strings.
  private static boolean segmentEndsWith(String path, String suffix) {
    int at = path.indexOf(suffix);
    while (at >= 0) {
      int end = at + suffix.length();
      if (end == path.length() || path.charAt(end) == '/') {
        return true;
      }
      at = path.indexOf(suffix, at + 1);
    }
    return false;
  }

  private static boolean segmentStartsWith(String path, String prefix) {
    int at = path.indexOf(prefix);
    while (at >= 0) {
      if (at == 0 || path.charAt(at - 1) == '/') {
        return true;
      }
      at = path.indexOf(prefix, at + 1);
    }
    return false;
  }

  private static boolean hasSegment(String path, String name) {
    int at = path.indexOf(name);
    while (at >= 0) {
      int end = at + name.length();
      if ((at == 0 || path.charAt(at - 1) == '/') && (end == path.length() || path.charAt(end) == '/')) {
        return true;
      }
      at = path.indexOf(name, at + 1);
    }
    return false;
  }

  public static boolean anyMatches(List<Glob> globs, String path) {
    for (Glob g : globs) {
      if (g.matches(path)) {
        return true;
      }
    }
    return false;
  }
}
