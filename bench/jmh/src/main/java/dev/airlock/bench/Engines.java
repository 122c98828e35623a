package dev.airlock.bench;

import dev.airlock.rules.RuleSet;
import dev.airlock.rules.engine.Engine;

/** The benchmarks' engine parameter, named as the CLI's --engine names it. */
final class Engines {
  private Engines() {}

  static RuleSet ruleSet(String engine) {
    return ruleSet(RuleSet.builtIn(), engine);
  }

  /** Fails, naming the reason, where the engine cannot run (Hyperscan without its natives). */
  static RuleSet ruleSet(RuleSet rules, String engine) {
    return rules.withEngine(Engine.parse(engine));
  }
}
