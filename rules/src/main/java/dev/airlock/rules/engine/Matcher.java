package dev.airlock.rules.engine;

/**
 * Finds every rule match in one text. The result depends on the text alone, never on a path, so a
 * blob seen under several paths is matched once ({@link Matches#forPath} then applies what depends
 * on the path). Implementations are thread-safe and give identical results for the same rules.
 */
public interface Matcher {
  Matches match(String text);
}
