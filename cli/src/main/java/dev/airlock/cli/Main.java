package dev.airlock.cli;

import dev.airlock.index.ScanState;
import dev.airlock.report.Tool;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.engine.Engine;
import dev.airlock.rules.policy.Policy;
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
      if (EngineOption.named(args) != Engine.JAVA) {
        // Loading Hyperscan's natives (JavaCPP's loader, the libraries) needs no rule, and was
        // a third of the rules thread's time, which the workers wait for: done meanwhile.
        new Preload("airlock-natives-preload", Preload.NATIVES).start();
      }
      new Preload("airlock-rules-preload", args).start();
    }
    if (List.of("scan", "export", "serve").contains(command) && !namesOption(args, "--policy")) {
      // The default policy is read next, on the main thread, between the command line and the
      // repository: read it meanwhile, as the rules are.
      new Preload("airlock-policy-preload", Preload.POLICY).start();
    }
    if (command.equals("scan")) {
      // Opening the repository (JGit's set-up) came after the command line, on the critical
      // path: done meanwhile, once, and then again, warm, by the scan.
      new Preload("airlock-git-preload", args, true, false).start();
    }
    boolean usesIndex = command.equals("search") || command.equals("scan") && keepsIndex(args);
    if (usesIndex) {
      // Loading Lucene's classes is the next longest step; it overlaps with the rules too. A
      // scan without an index never needs them (unless a user pack has query rules, loaded then).
      // A scan opens meanwhile the index it will rescan, when it is in the repository's own
      // Git folder (a state root's folder is named after the repository's identity).
      String[] indexOf = command.equals("scan") && !namesOption(args, "--state") ? args : Preload.INDEX;
      new Preload("airlock-index-preload", indexOf, false, true).start();
    }
    skipJGitShutdownHook();
    System.exit(run(args));
  }

  /**
   * JGit registers a shutdown hook the first time it opens a repository, and to do so it loads
   * all of its ~1,000 translated messages (a resource bundle set field by field by reflection):
   * 50-80 ms of every scan's start-up. The hook only deletes lock files and stops background
   * writers, and this process never writes a Git repository. JGit's OSGi mode keeps the hook
   * instead of registering it (the OSGi container runs it when the bundle stops); here nothing
   * runs it. A JGit without that class is used as it is.
   */
  private static void skipJGitShutdownHook() {
    try {
      new org.eclipse.jgit.internal.util.CleanupService();
    } catch (LinkageError e) {
      // Another JGit version: it registers its hook as usual.
    }
  }

  /** True when the arguments give {@code option} a value ({@code --state DIR} or {@code --state=DIR}). */
  static boolean namesOption(String[] args, String option) {
    for (String arg : args) {
      // No string concatenation: its first use spins method-handle classes at start-up.
      if (arg.startsWith(option)
          && (arg.length() == option.length() || arg.charAt(option.length()) == '=')) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first argument after the subcommand that is a Git working copy (a folder holding .git),
   * else the current folder when it is one, else null. A guess, for preloading only: an option's
   * value could be a working copy too, and then a repository is opened for nothing.
   */
  static java.nio.file.Path repositoryNamed(String[] args) {
    for (int i = 1; i < args.length; i++) {
      if (!args[i].startsWith("-") && isWorkingCopy(args[i])) {
        return java.nio.file.Path.of(args[i]);
      }
    }
    return isWorkingCopy(".") ? java.nio.file.Path.of(".") : null;
  }

  private static boolean isWorkingCopy(String path) {
    try {
      return java.nio.file.Files.exists(java.nio.file.Path.of(path, ".git"));
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  /** False when a scan's arguments say it keeps no index: --no-state or --index none. */
  static boolean keepsIndex(String[] args) {
    List<String> list = List.of(args);
    int index = list.indexOf("--index");
    boolean none =
        list.contains("--index=none") || index >= 0 && index + 1 < args.length && args[index + 1].equals("none");
    return !none && !list.contains("--no-state");
  }

  /*
   * This class has no lambdas or method references: generating their classes while the
   * class-data-sharing archive is written links this class, which links picocli's CommandLine, and
   * Java 17 leaves a linked class of Java 5 bytecode (all of picocli) out of the archive. For the
   * same reason the exception handlers below are classes.
   */

  /**
   * A daemon thread that loads, ahead of their first use, the built-in rules and their engine
   * (given the command line, which may name an engine), Lucene's classes ({@link #INDEX}), the
   * default policy ({@link #POLICY}) or Hyperscan's natives ({@link #NATIVES}).
   */
  private static final class Preload extends Thread {
    static final String[] INDEX = {};
    static final String[] POLICY = {};
    static final String[] NATIVES = {};

    private final String[] args;
    /** Whether to preload the Git repository that {@link #args} (a scan's) names. */
    private final boolean repository;
    /**
     * Whether to load the index's classes, and open the index of the repository that {@link
     * #args} (a scan's without a state root) names; {@link #INDEX} for none.
     */
    private final boolean index;

    Preload(String name, String[] args) {
      this(name, args, false, false);
    }

    Preload(String name, String[] args, boolean repository, boolean index) {
      super(name);
      this.args = args;
      this.repository = repository;
      this.index = index;
      setDaemon(true);
    }

    @Override
    public void run() {
      if (repository) {
        java.nio.file.Path named = repositoryNamed(args);
        if (named != null) {
          dev.airlock.source.Source.preload(named);
        }
        return;
      }
      if (index) {
        ScanState.preload(args == INDEX ? null : repositoryNamed(args));
        return;
      }
      if (args == NATIVES) {
        // Null or the reason they do not load: the engine asks again, and reports it.
        Engine.HYPERSCAN.unavailableReason();
        return;
      }
      if (args == POLICY) {
        try {
          Policy.defaultPolicy();
        } catch (RuntimeException e) {
          // Read again where it is used, which reports the problem.
        }
        return;
      }
      try {
        RuleSet.preloadBuiltIns();
        RuleSet.preloadBuiltIns(EngineOption.named(args));
      } catch (RuntimeException e) {
        // The scan loads the rules (and engine) again and reports the problem in its own words.
      }
    }
  }

  /** Runs the command line and returns the exit code, without exiting: tests call this. */
  public static int run(String... args) {
    CommandLine cli = commandLine(args);
    return cli.execute(args);
  }

  /**
   * The command line for {@code args}: with only the subcommand that {@code args[0]} names, none
   * for {@code airlock --version}, or all of them (for {@code airlock --help}, {@code help}, an
   * unknown name).
   */
  static CommandLine commandLine(String... commandArgs) {
    CommandLine cli = new CommandLine(new Main());
    Class<?> named =
        commandArgs.length == 0 || commandArgs[0].equals("help") ? null : SUBCOMMANDS.get(commandArgs[0]);
    if (named != null) {
      cli.addSubcommand(commandArgs[0], named);
    } else if (commandArgs.length == 1
        && (commandArgs[0].equals("--version") || commandArgs[0].equals("-V"))) {
      // Nothing to list: building every subcommand's model was most of its time.
    } else {
      for (Map.Entry<String, Class<?>> sub : SUBCOMMANDS.entrySet()) {
        cli.addSubcommand(sub.getKey(), sub.getValue());
      }
    }
    cli.setParameterExceptionHandler(new UsageErrors());
    cli.setExecutionExceptionHandler(new Failures());
    return cli;
  }

  /** A command line picocli cannot parse: one line naming the problem, and where to get help. */
  private static final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
      CommandLine failed = e.getCommandLine();
      failed.getErr().println("airlock: " + oneLine(e));
      failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help'.");
      return EXIT_ERROR;
    }
  }

  /** A command that failed: one line, and the stack trace only with --verbose. */
  private static final class Failures implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
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
    }
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
