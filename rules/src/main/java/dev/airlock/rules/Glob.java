package dev.airlock.rules;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A path glob over '/'-separated relative paths: {@code **} crosses folders, {@code *} and {@code
 * ?} stay inside one. A glob without a '/' matches the file name at any depth, as in .gitignore.
 */
public record Glob(String text, Pattern regex) {

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
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    // A folder glob also covers everything below the folder.
    re.append("(?:/.*)?");
    return new Glob(glob, Pattern.compile(re.toString()));
  }

  public boolean matches(String path) {
    return regex.matcher(path).matches();
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
