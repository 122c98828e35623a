package dev.airlock.cli;

import dev.airlock.report.FeedSignature;
import dev.airlock.report.JsonReportWriter;
import dev.airlock.report.LabelsReportWriter;
import dev.airlock.report.ReportWriter;
import dev.airlock.report.SarifReportWriter;
import dev.airlock.report.TextReportWriter;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.policy.Policy;
import dev.airlock.rules.policy.Routing;
import dev.airlock.scan.ScanResult;
import java.io.IOException;
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
      "what is committed is scanned, whatever the working tree holds (files it shows unchanged",
      "are read from it, being faster than the pack). Any other folder is walked on disk.",
      "Several paths are several repositories, each labelled on its own, scanned concurrently.",
      "A monorepo is labelled per unit (Maven modules, Gradle projects, npm packages, Go",
      "modules, Cargo crates, Python projects, Bazel packages); the repository takes its most",
      "restrictive unit's label. An airlock.yml at the root of the scanned tree may add rules,",
      "declare units, choose a policy and exclude paths (--no-repo-config ignores it).",
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
        "  labels  labels.json, the routing gateway's feed (docs/labels.schema.json)",
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
        "Also write OUTPUT.sig, an Ed25519 signature of OUTPUT made with",
        "KEYFILE (a PEM key from 'openssl genpkey -algorithm ed25519').",
        "Needs --format labels and --output; checked by 'airlock verify'."
      })
  Path signKey;

  @Option(
      names = "--fail-on",
      paramLabel = "WHEN",
      converter = FailOnConverter.class,
      description = "on-prem: exit 1 when any repository is ON_PREM_ONLY; never (default).",
      defaultValue = "never")
  FailOn failOn;

  @CommandLine.Mixin ScanOptions scanning;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrivateKey signer = signKey == null ? null : signingKey();
    ScanOptions.Run run = scanning.scan(paths, spec);
    List<ScanResult> results = run.results();
    writeReport(results, run.rules(), run.policy(), signer);
    if (scanning.stateDir != null && !scanning.noState) {
      StateFeeds.write(scanning.stateDir, results, run.rules(), run.policy(), signer);
    }
    scanning.printNotes(run);

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

  private void writeReport(List<ScanResult> results, RuleSet rules, Policy policy, PrivateKey signer)
      throws IOException {
    ReportWriter writer =
        switch (format) {
          case json -> new JsonReportWriter();
          case text -> new TextReportWriter(output == null && useColor());
          case labels -> new LabelsReportWriter(rules.hash(), policy.hash(), Instant.now());
          case sarif -> new SarifReportWriter();
        };
    // Rendered first, so the bytes signed are exactly the bytes written.
    byte[] bytes = OutputFile.write(output, w -> writer.write(results, w));
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
