package dev.airlock.cli;

import dev.airlock.extract.Documents;
import dev.airlock.index.IndexMode;
import dev.airlock.index.QueryRules;
import dev.airlock.index.StateOptions;
import dev.airlock.rules.Rule;
import dev.airlock.rules.RulePackException;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.policy.Policy;
import dev.airlock.scan.ScanListener;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How to scan: the options of every command that scans ({@code scan}, {@code export}), and the
 * one way they all run the {@link Scanner}.
 */
final class ScanOptions {
  @Option(
      names = "--ref",
      paramLabel = "REV",
      description = "Commit, branch or tag to scan in each Git repository (default: HEAD).")
  String ref;

  @Option(
      names = {"-t", "--threads"},
      paramLabel = "N",
      description = "Worker threads that read and match files (default: one per core).",
      defaultValue = "0")
  int threads;

  @Option(
      names = "--max-file-size",
      paramLabel = "SIZE",
      converter = ByteSize.class,
      description = "Skip files larger than SIZE, e.g. 512k, 10MiB (default: ${DEFAULT-VALUE}).",
      defaultValue = "10MiB")
  long maxFileSize;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "Also load the rule packs (*.yml) in DIR; a rule with a built-in id replaces it. Repeatable.")
  List<Path> ruleDirs = List.of();

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "Policy file that maps findings to sensitivity and routing (default: built in).")
  Path policyFile;

  @Option(
      names = "--no-repo-config",
      description = "Ignore each repository's own airlock.yml (its rules, units, policy, exclude).")
  boolean noRepoConfig;

  @Option(
      names = "--state",
      paramLabel = "DIR",
      description = "Keep the index of every scanned repository under DIR (one folder per repository) instead of in its .git/airlock/, and its latest labels in DIR/labels/ for airlock serve.")
  Path stateDir;

  @Option(
      names = "--no-state",
      description = "Keep no index: read every blob, write nothing (same as --index none).")
  boolean noState;

  @Option(
      names = "--index",
      paramLabel = "WHAT",
      converter = IndexModeConverter.class,
      description = "What the index keeps: code (blobs, findings and file content, for 'airlock search'; the default), findings (blobs and findings: incremental rescans only), none.",
      defaultValue = "code")
  IndexMode indexMode;

  @Option(
      names = "--no-documents",
      description = "Skip documents and archives (PDF, Office, ZIP, ...) as binary files instead of reading them in child processes.")
  boolean noDocuments;

  @Option(
      names = "--document-processes",
      paramLabel = "N",
      description = "Child processes that read documents and archives, at most (default: one per two cores).",
      defaultValue = "0")
  int documentProcesses;

  @Option(
      names = "--no-progress",
      description = "Never show the progress line (it shows only on a terminal anyway).")
  boolean noProgress;

  @Option(
      names = {"-v", "--verbose"},
      description = "Show stack traces of errors, each index's cache figures, and which matching engine ran.")
  boolean verbose;

  @CommandLine.Mixin EngineOption engine;

  /** One scan's results, with the rules and policy the run was given and what it noted. */
  record Run(List<ScanResult> results, RuleSet rules, Policy policy, Notes notes) {}

  /**
   * Loads the rules and the policy, then scans {@code targets} (the current folder when empty).
   * Bad options and unreadable rule packs or policies are usage errors of {@code spec}'s command.
   */
  Run scan(List<Path> targets, CommandLine.Model.CommandSpec spec) {
    List<Path> paths = targets == null || targets.isEmpty() ? List.of(Path.of(".")) : targets;
    RuleSet rules;
    Policy policy;
    try {
      rules = engine.apply(RuleSet.load(ruleDirs), spec);
      if (rules.rules().stream().anyMatch(Rule::isQuery)) {
        // A query that does not parse is a usage error, named now. Only then: this loads Lucene.
        QueryRules.matcher(rules);
      }
      policy = policyFile == null ? Policy.defaultPolicy() : PolicyCommand.load(spec, policyFile);
    } catch (RulePackException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (threads < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--threads must be 1 or more (0 means one per core), got " + threads);
    }
    if (noState && stateDir != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--no-state and --state DIR contradict each other; give one");
    }
    if (documentProcesses < 0 || documentProcesses > 64) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--document-processes must be between 1 and 64 (0 means one per two cores), got "
              + documentProcesses);
    }
    Documents.Limits documents = Documents.Limits.defaults();
    if (documentProcesses > 0) {
      documents = documents.withChildren(documentProcesses);
    }
    int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    boolean showProgress = !noProgress && Progress.stderrIsTerminal();
    Notes notes = new Notes();
    try (Progress progress = showProgress ? new Progress(System.err, paths.size()) : null) {
      notes.progress = progress;
      Scanner scanner =
          Scanner.builder()
              .rules(rules)
              .policy(policy)
              .threads(workers)
              .maxFileSize(maxFileSize)
              .repoConfig(!noRepoConfig)
              .listener(notes)
              .state(stateOptions())
              .documents(noDocuments ? null : documents)
              .build();
      return new Run(scanner.scanPaths(paths, ref), rules, policy, notes);
    }
  }

  /** Prints the run's warnings (and, with --verbose, index figures): after the report, sorted. */
  void printNotes(Run run) {
    for (String w : run.notes().warnings) {
      System.err.println("airlock: warning: " + w);
    }
    if (verbose) {
      if (run.results().stream().allMatch(r -> r.stats().blobsScanned() == 0)) {
        // Every file's outcome came from the index: the engine matched nothing.
        System.err.println("airlock: engine not needed: no file was read, all came from the index");
      } else {
        System.err.println("airlock: engine " + run.rules().matcher().describe());
      }
      for (String line : run.notes().summaries) {
        System.err.println("airlock: " + line);
      }
    }
  }
  private StateOptions stateOptions() {
    if (noState || indexMode == IndexMode.NONE) {
      return StateOptions.none();
    }
    return stateDir == null
        ? StateOptions.inRepository(indexMode)
        : StateOptions.under(stateDir, indexMode);
  }

  /**
   * Forwards progress to the progress line and keeps warnings and index summaries to print after
   * the report, sorted, so they never tear the progress line.
   */
  static final class Notes implements ScanListener {
    volatile Progress progress;
    final java.util.Set<String> warnings = new java.util.concurrent.ConcurrentSkipListSet<>();
    final java.util.Set<String> summaries = new java.util.concurrent.ConcurrentSkipListSet<>();

    @Override
    public void fileScanned(String repository, long bytes) {
      Progress p = progress;
      if (p != null) {
        p.fileScanned(repository, bytes);
      }
    }

    @Override
    public void fileSkipped(String repository, String reason) {
      Progress p = progress;
      if (p != null) {
        p.fileSkipped(repository, reason);
      }
    }

    @Override
    public void finished(ScanResult result) {
      Progress p = progress;
      if (p != null) {
        p.finished(result);
      }
    }

    @Override
    public void warning(String repository, String message) {
      warnings.add(repository + ": " + message);
    }

    @Override
    public void indexSummary(String repository, String summary) {
      summaries.add(repository + ": " + summary);
    }
  }

  static final class IndexModeConverter implements CommandLine.ITypeConverter<IndexMode> {
    @Override
    public IndexMode convert(String value) {
      try {
        return IndexMode.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
