package dev.airlock.cli;

import dev.airlock.rules.RuleSet;
import dev.airlock.rules.engine.Engine;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --engine} option of every command that matches rules: scan, export, serve, rules test. */
final class EngineOption {
  @Option(
      names = "--engine",
      paramLabel = "ENGINE",
      description =
          "Matching engine: auto (Hyperscan where its natives load: x86-64 Linux, macOS, Windows;"
              + " the Java engine elsewhere, e.g. arm64), hyperscan (an error where it cannot"
              + " load), java. Both give identical findings (default: ${DEFAULT-VALUE}).",
      defaultValue = "auto")
  String engine = "auto";

  /**
   * {@code rules} on the chosen engine; an unknown name, or hyperscan where it cannot load, is a
   * usage error (exit 2).
   */
  RuleSet apply(RuleSet rules, CommandLine.Model.CommandSpec spec) {
    try {
      return rules.withEngine(Engine.parse(engine));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--engine: " + e.getMessage());
    }
  }
}
