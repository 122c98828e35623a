package dev.airlock.cli;

import dev.airlock.report.ExclusionWriter;
import dev.airlock.report.JsonReportReader;
import dev.airlock.scan.ScanResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airlock export}: exclusion files for AI coding assistants, from a scan's labels. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    sortOptions = false,
    description = {
      "Writes an AI assistant's exclusion file (.cursorignore, Copilot's, ...) from the labels.",
      "",
      "Scans each PATH and prints what an AI coding assistant must not read, in that",
      "assistant's own syntax: the ON_PREM_ONLY units as folders, and single files outside",
      "them whose own findings are ON_PREM_ONLY. A repository whose every unit is",
      "ON_PREM_ONLY is excluded whole, with one explicit pattern.",
      "",
      "Prints to stdout, or writes --output FILE. Nothing is ever written into a scanned",
      "repository unless you name a file there with --output.",
      ""
    },
    footer = {
      "",
      "Targets:",
      "  aiexclude      .aiexclude       Gemini Code Assist (gitignore syntax)",
      "  cursorignore   .cursorignore    Cursor (gitignore syntax)",
      "  aiderignore    .aiderignore     aider (gitignore syntax)",
      "  aiignore       .aiignore        JetBrains AI Assistant (gitignore syntax)",
      "  codeiumignore  .codeiumignore   Windsurf / Codeium (gitignore syntax)",
      "  copilot        GitHub Copilot content exclusion: with one PATH the repository-level",
      "                 YAML list; with several, the organisation-level map keyed by repository URL",
      "The gitignore-style files belong at one repository's root: give them one PATH.",
      "",
      "Examples:",
      "  airlock export --to cursorignore ~/src/billing > ~/src/billing/.cursorignore",
      "  airlock export --to copilot --output copilot-exclusions.yml ~/src/*",
      "  airlock export --to aiexclude --from report.json      from an earlier scan's JSON report",
      "",
      "Exit codes: 0 done; 2 usage error, or a path could not be scanned or a report read",
      "            (then nothing is written)."
    })
final class ExportCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description = "Repositories or folders to scan (default: the current folder).")
  List<Path> paths;

  @Option(
      names = "--to",
      paramLabel = "TARGET",
      required = true,
      converter = TargetConverter.class,
      description = "aiexclude, cursorignore, aiderignore, aiignore, codeiumignore or copilot.")
  ExclusionWriter.Target target;

  @Option(
      names = "--from",
      paramLabel = "REPORT",
      description = {
        "Read a JSON report ('airlock scan --format json') instead of scanning;",
        "the scan options below then do not apply."
      })
  Path from;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to FILE instead of stdout.")
  Path output;

  @CommandLine.Mixin ScanOptions scanning;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    boolean hasPaths = paths != null && !paths.isEmpty();
    if (from != null && hasPaths) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give either PATHs to scan or --from REPORT, not both");
    }
    List<ScanResult> results;
    if (from != null) {
      results = readReport();
    } else {
      checkCount(hasPaths ? paths.size() : 1);
      ScanOptions.Run run = scanning.scan(paths, spec);
      results = run.results();
      scanning.printNotes(run);
    }
    checkCount(results.size());
    List<ScanResult> failed = results.stream().filter(ScanResult::failed).toList();
    if (!failed.isEmpty()) {
      for (ScanResult r : failed) {
        System.err.println("airlock: " + r.error());
      }
      System.err.println("airlock: nothing exported: a repository that was not scanned cannot be excluded correctly");
      return Main.EXIT_ERROR;
    }
    OutputFile.write(output, w -> new ExclusionWriter(target).write(results, w));
    return 0;
  }

  private void checkCount(int repositories) {
    if (repositories > 1 && !target.takesSeveralRepositories()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          target.fileName() + " belongs to one repository's root: give one "
              + (from == null ? "PATH" : "repository's report") + " (only --to copilot takes several)");
    }
  }

  private List<ScanResult> readReport() {
    try {
      return JsonReportReader.read(from.toString(), Files.readString(from, StandardCharsets.UTF_8));
    } catch (JsonReportReader.ReportException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    } catch (IOException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          from + ": cannot read the report: "
              + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : Main.oneLine(e)));
    }
  }

  static final class TargetConverter implements CommandLine.ITypeConverter<ExclusionWriter.Target> {
    @Override
    public ExclusionWriter.Target convert(String value) {
      String wanted = value.toLowerCase(Locale.ROOT).replaceFirst("^\\.", "");
      return Arrays.stream(ExclusionWriter.Target.values())
          .filter(t -> t.cliName().equals(wanted))
          .findFirst()
          .orElseThrow(
              () ->
                  new CommandLine.TypeConversionException(
                      "'" + value + "' is not an export target; use one of "
                          + Arrays.stream(ExclusionWriter.Target.values())
                              .map(ExclusionWriter.Target::cliName)
                              .collect(Collectors.joining(", "))));
    }
  }
}
