package dev.airlock.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.airlock.index.QueryRules;
import dev.airlock.report.JsonReportWriter;
import dev.airlock.rules.ExampleCheck;
import dev.airlock.rules.Rule;
import dev.airlock.rules.RulePackException;
import dev.airlock.rules.RuleSet;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airlock rules}: what the rule set holds, and whether its examples pass. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = "Lists the rules, or runs every rule's examples.",
    subcommands = {RulesCommand.ListRules.class, RulesCommand.TestRules.class})
final class RulesCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: 'airlock rules list' or 'airlock rules test'");
  }

  private static RuleSet load(CommandLine.Model.CommandSpec spec, List<Path> dirs) {
    try {
      return RuleSet.load(dirs);
    } catch (RulePackException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      usageHelpWidth = 100,
      description = "Lists every rule in load order: built-in packs, then --rules folders.")
  static final class ListRules implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--rules",
        paramLabel = "DIR",
        description = "Also load the rule packs (*.yml) in DIR. Repeatable.")
    List<Path> ruleDirs = List.of();

    @Option(
        names = {"-f", "--format"},
        paramLabel = "FORMAT",
        description = "text or json (default: ${DEFAULT-VALUE}).",
        defaultValue = "text")
    String format;

    @Override
    public Integer call() throws IOException {
      RuleSet rules = load(spec, ruleDirs);
      PrintWriter out =
          new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
      switch (format) {
        case "json" -> json(rules, out);
        case "text" -> {
          for (Rule r : rules.rules()) {
            out.printf(
                Locale.ROOT, "%-40s %-15s %-9s %-7s %s%n",
                r.id(), r.category(), r.severity(), r.confidence(), r.title());
          }
          out.printf(Locale.ROOT, "%d rules, rule set %s%n", rules.rules().size(), rules.hash().substring(0, 12));
        }
        default -> throw new CommandLine.ParameterException(
            spec.commandLine(), "unknown format '" + format + "'; use text or json");
      }
      out.flush();
      return 0;
    }

    private static void json(RuleSet rules, PrintWriter out) throws IOException {
      try (JsonGenerator g = JsonReportWriter.prettyGenerator(out)) {
        g.writeStartObject();
        g.writeStringField("ruleSetHash", rules.hash());
        g.writeArrayFieldStart("rules");
        for (Rule r : rules.rules()) {
          g.writeStartObject();
          g.writeStringField("id", r.id());
          g.writeStringField("title", r.title());
          g.writeStringField("category", r.category().name());
          g.writeStringField("severity", r.severity().name());
          g.writeStringField("confidence", r.confidence().name());
          g.writeStringField("source", r.source());
          g.writeArrayFieldStart("keywords");
          for (String k : r.keywords()) {
            g.writeString(k);
          }
          g.writeEndArray();
          // The Java regex, so that other tools (bench/engine-throughput.sh gives it to ripgrep)
          // can run the same patterns; a query rule has none.
          g.writeStringField("pattern", r.query() != null ? null : r.pattern().pattern());
          g.writeStringField("validator", r.validator() == null ? null : r.validator().name());
          g.writeStringField("checksum", r.checksum() == null ? null : r.checksum().name());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
      }
    }
  }

  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      usageHelpWidth = 100,
      description = {
        "Runs the match and nomatch examples of every rule: the built-in packs and the packs in",
        "each DIR. Prints each failing example by rule and number; exit 1 when any fails."
      })
  static final class TestRules implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "0..*", description = "Folders of rule packs to test too.")
    List<Path> ruleDirs = List.of();

    @CommandLine.Mixin EngineOption engine;

    @Override
    public Integer call() {
      RuleSet rules = engine.apply(load(spec, ruleDirs), spec);
      List<ExampleCheck.Failure> failures;
      try {
        failures = ExampleCheck.run(rules, QueryRules.matcher(rules));
      } catch (RulePackException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      long examples =
          rules.rules().stream()
              .mapToLong(r -> r.matchExamples().size() + r.nomatchExamples().size())
              .sum();
      PrintWriter out =
          new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
      for (ExampleCheck.Failure f : failures) {
        out.println("FAIL " + f);
      }
      out.printf(
          Locale.ROOT, "%d rules, %d examples: %d passed, %d failed%n",
          rules.rules().size(), examples, examples - failures.size(), failures.size());
      out.flush();
      return failures.isEmpty() ? 0 : 1;
    }
  }
}
