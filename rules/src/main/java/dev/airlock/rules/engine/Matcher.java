package dev.airlock.rules.engine;

/**
 * Finds every rule match in one text. Matches do not depend on a path, so a blob seen under
 * several paths is matched once ({@link Matches#forPath} then applies what depends on the path).
 * Implementations are thread-safe and give identical results for the same rules.
 */
public interface Matcher {
  /** Runs every rule. */
  Matches match(String text);

  /**
   * Runs only the rules that may apply to a file at {@code path} (by their path globs); the others
   * are listed as skipped in the result, so {@link Matches#covers} can tell whether the result also
   * serves another path of the same blob.
   */
  Matches match(String text, String path);

  /**
   * The same as {@link #match(String, String)} for a text decoded from {@code utf8} as UTF-8
   * (malformed bytes replaced): an engine that reads bytes uses them instead of encoding the text
   * again. Callers whose text came from another charset use {@link #match(String, String)}.
   */
  default Matches match(byte[] utf8, String text, String path) {
    return match(text, path);
  }

  /** One line for people: which engine this is and how it treats the rules. */
  String describe();
}
