package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.KeywordPrefilterTest.hits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.rules.RulePack;

/** The Java and Hyperscan engines built from the same test rules, for tests that compare them. */
final class BothEngines {
  private final JavaMatcher java;
  private final HyperscanMatcher hyperscan;

  private BothEngines(JavaMatcher java, HyperscanMatcher hyperscan) {
    this.java = java;
    this.hyperscan = hyperscan;
  }

  /** Both engines of {@code rules}; skips the calling tests where the Hyperscan natives do not load. */
  static BothEngines of(TestRule... rules) {
    assumeTrue(
        HyperscanMatcher.unavailableReason() == null,
        "Hyperscan natives: " + HyperscanMatcher.unavailableReason());
    return new BothEngines(
        TestRule.matcher(rules),
        new HyperscanMatcher(RulePack.parse("test-pack.yml", TestRule.pack(rules)).rules()));
  }

  /** Asserts that both engines hit the same windows of {@code text}, {@code expected} of them. */
  void agree(String text, int expected) {
    assertThat(hits(hyperscan, text)).isEqualTo(hits(java, text)).hasSize(expected);
  }
}
