package dev.airlock.rules.engine;

import dev.airlock.rules.Rule;
import java.util.List;
import java.util.Locale;

/** Which matching engine runs the rules. Both give identical findings; they differ in speed. */
public enum Engine {
  /** Hyperscan where its natives load (x86-64 Linux, macOS, Windows), the Java engine elsewhere. */
  AUTO,
  /** Hyperscan, or an error where its natives do not load. */
  HYPERSCAN,
  /** The pure-Java keyword-prefilter engine, which runs everywhere. */
  JAVA;

  /**
   * Builds this engine for {@code rules}.
   *
   * @throws IllegalStateException for {@link #HYPERSCAN} where its natives do not load
   */
  public Matcher create(List<Rule> rules) {
    return switch (this) {
      case JAVA -> new JavaMatcher(rules);
      case HYPERSCAN -> new HyperscanMatcher(rules);
      case AUTO -> HyperscanMatcher.unavailableReason() == null
          ? new HyperscanMatcher(rules)
          : new JavaMatcher(rules);
    };
  }

  /** The engine named {@code name} (any case), for command-line options. */
  public static Engine parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown engine '" + name + "' (allowed: auto, hyperscan, java)", e);
    }
  }

  /** Null when this engine can run here; otherwise why not. */
  public String unavailableReason() {
    return this == HYPERSCAN ? HyperscanMatcher.unavailableReason() : null;
  }
}
