package dev.airlock.cli;

import dev.airlock.index.IndexMode;
import dev.airlock.index.StateOptions;
import dev.airlock.report.FeedSignature;
import dev.airlock.report.JsonReportWriter;
import dev.airlock.report.LabelsReportWriter;
import dev.airlock.report.ReportWriter;
import dev.airlock.report.SarifReportWriter;
import dev.airlock.report.TextReportWriter;
import dev.airlock.rules.RulePackException;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.policy.Policy;
import dev.airlock.rules.policy.Routing;
import dev.airlock.scan.ScanListener;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airlock scan}: scans repositories and folders and reports their labels. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    sortOptions = false,
    description = {
      "Scans each PATH and labels it CLOUD_ELIGIBLE or ON_PREM_ONLY.",
      "",
      "A Git repository (working copy or bare) is scanned at the tree of HEAD, or of --ref;",
      "its working tree is never read or written. Any other folder is walked on disk.",
      "Several paths are several repositories, each labelled on its own, scanned concurrently.",
      "",
      "Reports never contain a full secret or identifier: values are shown as a short prefix",
      "and a hash, e.g. AKIA…(sha256:1a2b3c).",
      "",
      "State: each Git repository keeps an index in its .git/airlock/ folder (a bare",
      "repository in its own folder), so a rescan reads only the blobs it has not seen under",
      "the same rules; changing any rule rescans everything. --state DIR keeps the indexes of",
      "all scanned repositories in DIR instead. A folder that is not a Git repository keeps",
      "state only with --state: its own tree is never written to. --no-state keeps none.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  airlock scan .                                 label the repository you are in",
      "  airlock scan --format json --output r.json repos/*",
      "  airlock scan --ref v2.1.0 --fail-on on-prem ~/src/billing",
      "  airlock scan --format sarif --output airlock.sarif .",
      "  airlock scan --format labels --output labels.json --sign feed.key repos/*",
      "  airlock scan --state /var/lib/airlock --index findings repos/*",
      "",
      "Exit codes: 0 done; 1 a repository is ON_PREM_ONLY and --fail-on on-prem was given;",
      "            2 usage error, or a path could not be scanned (it is named in the report)."
    })
final class ScanCommand implements Callable<Integer> {

  enum Format {
    text,
    json,
    labels,
    sarif
  }

  enum FailOn {
    never,
    on_prem;

    static FailOn parse(String s) {
      return switch (s.toLowerCase(java.util.Locale.ROOT).replace('-', '_')) {
        case "never" -> never;
        case "on_prem", "on_prem_only" -> on_prem;
        default -> throw new CommandLine.TypeConversionException(
            "'" + s + "' is not a --fail-on value; use on-prem or never");
      };
    }
  }

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description = "Repositories or folders to scan (default: the current folder).")
  List<Path> paths;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      description = {
        "Report format (default: ${DEFAULT-VALUE}):",
        "  text    what a person reads: labels, reasons, top findings",
        "  json    everything, for people and tools",
        "  labels  labels.json, the feed for a routing gateway (docs/labels.schema.json)",
        "  sarif   SARIF 2.1.0 for code-scanning tools"
      },
      defaultValue = "text")
  Format format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the report to FILE instead of stdout.")
  Path output;

  @Option(
      names = "--sign",
      paramLabel = "KEYFILE",
      description = {
        "Sign the labels feed: write OUTPUT.sig, an Ed25519 signature of OUTPUT's bytes (Base64),",
        "with KEYFILE, a PEM private key from 'openssl genpkey -algorithm ed25519'.",
        "Needs --format labels and --output. Check with 'airlock verify OUTPUT --key PUBKEY'."
      })
  Path signKey;

  @Option(
      names = "--ref",
      paramLabel = "REV",
      description = "Commit, branch or tag to scan in each Git repository (default: HEAD).")
  String ref;

  @Option(
      names = "--fail-on",
      paramLabel = "WHEN",
      converter = FailOnConverter.class,
      description = "on-prem: exit 1 when any repository is ON_PREM_ONLY; never (default).",
      defaultValue = "never")
  FailOn failOn;

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
      description = "Keep the index of every scanned repository under DIR (one folder per repository) instead of in its .git/airlock/.")
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
      names = "--no-progress",
      description = "Never show the progress line (it shows only on a terminal anyway).")
  boolean noProgress;

  @Option(
      names = {"-v", "--verbose"},
      description = "Show stack traces of errors, and each index's cache figures.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    List<Path> targets = paths == null || paths.isEmpty() ? List.of(Path.of(".")) : paths;
    RuleSet rules;
    Policy policy;
    try {
      rules = RuleSet.load(ruleDirs);
      policy = policyFile == null ? Policy.defaultPolicy() : PolicyCommand.load(spec, policyFile);
    } catch (RulePackException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PrivateKey signer = signKey == null ? null : signingKey();
    if (threads < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--threads must be 1 or more (0 means one per core), got " + threads);
    }
    if (noState && stateDir != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--no-state and --state DIR contradict each other; give one");
    }
    int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    boolean showProgress = !noProgress && Progress.stderrIsTerminal();
    List<ScanResult> results;
    Notes notes = new Notes();
    try (Progress progress = showProgress ? new Progress(System.err, targets.size()) : null) {
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
              .build();
      results = scanner.scanPaths(targets, ref);
    }
    writeReport(results, rules, policy, signer);
    for (String w : notes.warnings) {
      System.err.println("airlock: warning: " + w);
    }
    if (verbose) {
      for (String line : notes.summaries) {
        System.err.println("airlock: " + line);
      }
    }

    for (ScanResult r : results) {
      if (r.failed()) {
        System.err.println("airlock: " + r.error());
      }
    }
    if (results.stream().anyMatch(ScanResult::failed)) {
      return Main.EXIT_ERROR;
    }
    boolean onPrem =
        results.stream().anyMatch(r -> r.label().routing() == Routing.ON_PREM_ONLY);
    return failOn == FailOn.on_prem && onPrem ? 1 : 0;
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
  private static final class Notes implements ScanListener {
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

  private void writeReport(List<ScanResult> results, RuleSet rules, Policy policy, PrivateKey signer)
      throws IOException {
    ReportWriter writer =
        switch (format) {
          case json -> new JsonReportWriter();
          case text -> new TextReportWriter(output == null && useColor());
          case labels -> new LabelsReportWriter(rules.hash(), policy.hash(), Instant.now());
          case sarif -> new SarifReportWriter();
        };
    if (output == null) {
      Writer out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
      writer.write(results, out);
      out.flush();
      return;
    }
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    // Rendered first, so the bytes signed are exactly the bytes written.
    StringWriter rendered = new StringWriter();
    writer.write(results, rendered);
    byte[] bytes = rendered.toString().getBytes(StandardCharsets.UTF_8);
    Files.write(output, bytes);
    if (signer != null) {
      Files.writeString(
          FeedSignature.signaturePath(output), FeedSignature.sign(bytes, signer), StandardCharsets.US_ASCII);
    }
  }

  /** Checks the --sign preconditions and reads the key before any scanning is done. */
  private PrivateKey signingKey() {
    if (format != Format.labels) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--sign signs the labels feed: add --format labels");
    }
    if (output == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--sign writes OUTPUT.sig beside the feed: add --output FILE");
    }
    try {
      return FeedSignature.readPrivateKey(signKey);
    } catch (FeedSignature.KeyException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    } catch (IOException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), signKey + ": cannot read the signing key: " + Main.oneLine(e));
    }
  }

  private static boolean useColor() {
    return System.console() != null && System.getenv("NO_COLOR") == null;
  }

  static final class FailOnConverter implements CommandLine.ITypeConverter<FailOn> {
    @Override
    public FailOn convert(String value) {
      return FailOn.parse(value);
    }
  }
}
