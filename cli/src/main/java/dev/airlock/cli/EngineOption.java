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
   * The engine a command line asks for, read before picocli parses it so that start-up can build
   * it meanwhile: {@code --engine X} or {@code --engine=X}, else auto; a bad name gives auto here
   * (the parse then reports it).
   */
  static Engine named(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String value = null;
      if (args[i].equals("--engine") && i + 1 < args.length) {
        value = args[i + 1];
      } else if (args[i].startsWith("--engine=")) {
        value = args[i].substring("--engine=".length());
      }
      if (value != null) {
        try {
          return Engine.parse(value);
        } catch (IllegalArgumentException e) {
          return Engine.AUTO;
        }
      }
    }
    return Engine.AUTO;
  }

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
