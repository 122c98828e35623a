package dev.airlock.bench;

import dev.airlock.rules.RuleSet;

/** The benchmarks' engine parameter, as the CLI's --engine names it. */
final class Engines {
  private Engines() {}

  static RuleSet ruleSet(String engine) {
    return ruleSet(RuleSet.builtIn(), engine);
  }

  static RuleSet ruleSet(RuleSet rules, String engine) {
    if (!engine.equals("java")) {
      throw new IllegalArgumentException("unknown engine '" + engine + "'; this build has: java");
    }
    return rules;
  }
}
