package dev.airlock.cli;

import dev.airlock.index.ScanState;
import dev.airlock.report.Tool;
import dev.airlock.rules.RuleSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code airlock} command: subcommands, exit codes, and one-line errors. */
@Command(
    name = "airlock",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    versionProvider = Main.Version.class,
    description = {
      "Decides which source code may be sent to a cloud AI coding assistant.",
      "Scans Git repositories and folders for credentials, personal, health and card data,",
      "export-controlled and classified markings and proprietary notices, and labels each",
      "repository CLOUD_ELIGIBLE or ON_PREM_ONLY with the reasons."
    },
    footer = {
      "",
      "Exit codes: 0 done; 1 a repository is ON_PREM_ONLY and --fail-on on-prem was given,",
      "            or (verify) a signature does not match, or (search) nothing was found;",
      "            2 usage error or a repository could not be scanned.",
      "",
      "Example: airlock scan --format json --output report.json ~/src/*"
    })
public final class Main implements Runnable {
  /** Exit code for usage and fatal errors. */
  static final int EXIT_ERROR = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * The subcommands by name, in the order help lists them. Not in the annotation: picocli builds
   * the model of every declared subcommand up front, which cost a tenth of a second of each start,
   * so a command line naming one gets only that one ({@link #commandLine(String...)}).
   */
  static final Map<String, Class<?>> SUBCOMMANDS =
      orderedMap(
          "scan", ScanCommand.class,
          "search", SearchCommand.class,
          "verify", VerifyCommand.class,
          "export", ExportCommand.class,
          "serve", ServeCommand.class,
          "rules", RulesCommand.class,
          "policy", PolicyCommand.class,
          "help", CommandLine.HelpCommand.class);

  public static void main(String[] args) {
    // Compiling the built-in rules is the longest step of start-up; it runs while the
    // command line is parsed and the repository is opened. Only for commands that match rules:
    // --version or --help would pay for it at exit.
    String command = args.length > 0 ? args[0] : "";
    if (List.of("scan", "export", "serve", "rules").contains(command)) {
      preloadRules(args);
    }
    boolean usesIndex = command.equals("search") || command.equals("scan") && keepsIndex(args);
    if (usesIndex) {
      // Loading Lucene's classes is the next longest step; it overlaps with the rules too. A
      // scan without an index never needs them (unless a user pack has query rules, loaded then).
      Thread index = new Thread(ScanState::preload, "airlock-index-preload");
      index.setDaemon(true);
      index.start();
    }
    System.exit(run(args));
  }

  /** False when a scan's arguments say it keeps no index: --no-state or --index none. */
  static boolean keepsIndex(String[] args) {
    List<String> list = List.of(args);
    int index = list.indexOf("--index");
    boolean none =
        list.contains("--index=none") || index >= 0 && index + 1 < args.length && args[index + 1].equals("none");
    return !none && !list.contains("--no-state");
  }

  private static void preloadRules(String[] args) {
    Thread preload =
        new Thread(
            () -> {
              try {
                RuleSet.preloadBuiltIns(EngineOption.named(args));
              } catch (RuntimeException e) {
                // The scan loads the rules (and engine) again and reports the problem in its own words.
              }
            },
            "airlock-rules-preload");
    preload.setDaemon(true);
    preload.start();
  }

  /** Runs the command line and returns the exit code, without exiting: tests call this. */
  public static int run(String... args) {
    CommandLine cli = commandLine(args);
    return cli.execute(args);
  }

  /**
   * The command line for {@code args}: with only the subcommand that {@code args[0]} names, or
   * with all of them (for {@code airlock --help}, {@code help}, an unknown name).
   */
  static CommandLine commandLine(String... commandArgs) {
    CommandLine cli = new CommandLine(new Main());
    Class<?> named =
        commandArgs.length == 0 || commandArgs[0].equals("help") ? null : SUBCOMMANDS.get(commandArgs[0]);
    if (named != null) {
      cli.addSubcommand(commandArgs[0], named);
    } else {
      SUBCOMMANDS.forEach(cli::addSubcommand);
    }
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine failed = e.getCommandLine();
          failed.getErr().println("airlock: " + oneLine(e));
          failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help'.");
          return EXIT_ERROR;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          boolean verbose =
              parseResult.subcommand() != null
                  && parseResult.subcommand().hasMatchedOption("--verbose");
          commandLine.getErr().println("airlock: " + oneLine(e));
          if (verbose) {
            e.printStackTrace(commandLine.getErr());
          } else {
            commandLine.getErr().println("(run with --verbose for details)");
          }
          return EXIT_ERROR;
        });
    return cli;
  }

  private static Map<String, Class<?>> orderedMap(Object... nameThenClass) {
    Map<String, Class<?>> out = new LinkedHashMap<>();
    for (int i = 0; i < nameThenClass.length; i += 2) {
      out.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage();
    return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replace('\n', ' ');
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: try 'airlock scan PATH' or 'airlock --help'");
  }

  /** The version the build stamped into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {Tool.current().name() + " " + Tool.current().version()};
    }
  }
}
