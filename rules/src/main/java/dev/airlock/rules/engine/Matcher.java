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
   * The same as {@code match(text.text(), path)}: an engine that reads bytes scans {@code
   * text}'s own, and decodes them only where it needs characters (to confirm a possible match).
   */
  default Matches match(Utf8Text text, String path) {
    return match(text.text(), path);
  }

  /** One line for people: which engine this is and how it treats the rules. */
  String describe();
}
