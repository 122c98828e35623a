package dev.airlock.rules;

import java.util.regex.Pattern;

/**
 * A {@code java.util.regex} pattern that may be compiled on first use. The built-in rules' 540
 * patterns and globs were a tenth of a second of compiling at every start, while a scan needs only
 * those whose keywords occur; the build has already compiled each of them once, so they cannot
 * fail later. Patterns of user packs are compiled when the pack loads, so a bad one is reported up
 * front. Thread-safe: racing first uses may both compile, and either result serves.
 */
public final class Regex {
  private final String source;
  /** True when the pattern is its source compiled without flags, as packs write them. */
  private final boolean plain;
  private volatile Pattern pattern;

  private Regex(String source, boolean plain, Pattern pattern) {
    this.source = source;
    this.plain = plain;
    this.pattern = pattern;
  }

  /** {@code source}, compiled without flags on first use; the caller knows that it compiles. */
  public static Regex lazy(String source) {
    return new Regex(source, true, null);
  }

  /**
   * {@code source} compiled now, without flags.
   *
   * @throws java.util.regex.PatternSyntaxException when it does not compile
   */
  public static Regex compile(String source) {
    return new Regex(source, true, Pattern.compile(source));
  }

  /** A pattern compiled elsewhere, perhaps with flags. */
  public static Regex of(Pattern pattern) {
    boolean plain = pattern.flags() == 0 || pattern.flags() == Pattern.compile(pattern.pattern()).flags();
    return new Regex(pattern.pattern(), plain, pattern);
  }

  /** The pattern's text. */
  public String source() {
    return source;
  }

  /**
   * True when compiling {@link #source()} alone gives this pattern: no flags were given beside
   * the text (inline ones such as {@code (?i)} are part of it).
   */
  public boolean plain() {
    return plain;
  }

  /** The compiled pattern, compiling it now on first use. */
  public Pattern get() {
    Pattern p = pattern;
    if (p == null) {
      pattern = p = Pattern.compile(source);
    }
    return p;
  }

  /** True once the pattern has been compiled. */
  boolean compiled() {
    return pattern != null;
  }

  @Override
  public String toString() {
    return source;
  }
}
