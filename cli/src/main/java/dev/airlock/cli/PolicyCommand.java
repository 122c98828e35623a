package dev.airlock.cli;

import dev.airlock.rules.RulePackException;
import dev.airlock.rules.policy.Policy;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock policy}: the policy that turns findings into labels. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = "Shows the policy that maps findings to a sensitivity and a routing label.",
    subcommands = {PolicyCommand.Show.class})
final class PolicyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: 'airlock policy show'");
  }

  /**
   * The policy in {@code file}, validated; errors are one line naming the file.
   *
   * @throws CommandLine.ParameterException when the file cannot be read or is not a valid policy
   */
  static Policy load(CommandLine.Model.CommandSpec spec, Path file) {
    try {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new RulePackException(file + ": cannot read policy file: " + e.getMessage(), e);
      }
      return Policy.parse(file.toString(), text);
    } catch (RulePackException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      usageHelpWidth = 100,
      description = {
        "Prints the built-in policy as YAML: a starting point for your own (--policy FILE,",
        "or 'policy:' in a repository's airlock.yml). With --policy FILE, checks FILE and",
        "prints it."
      },
      footer = {
        "",
        "Examples:",
        "  airlock policy show > my-policy.yml      start your own policy from the default",
        "  airlock policy show --policy my-policy.yml",
        "",
        "Exit codes: 0 shown; 2 the file cannot be read or is not a valid policy."
      })
  static final class Show implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--policy",
        paramLabel = "FILE",
        description = "Check and show this policy file instead of the built-in one.")
    Path policyFile;

    @Override
    public Integer call() {
      Policy policy = policyFile == null ? Policy.defaultPolicy() : load(spec, policyFile);
      PrintWriter out =
          new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
      String text = policy.text();
      out.print(text.endsWith("\n") ? text : text + "\n");
      out.flush();
      return 0;
    }
  }
}
