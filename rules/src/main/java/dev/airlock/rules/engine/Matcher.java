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
}
