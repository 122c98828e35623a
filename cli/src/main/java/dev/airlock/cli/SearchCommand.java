package dev.airlock.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.airlock.index.IndexSearch;
import dev.airlock.index.StateException;
import dev.airlock.report.JsonReportWriter;
import dev.airlock.source.Source;
import dev.airlock.source.SourceException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airlock search}: Lucene queries over the index a scan built. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    sortOptions = false,
    description = {
      "Searches the files of a scanned repository with a Lucene query, answering path:line:",
      "and the line. Finding values in shown lines are redacted. Needs the index a scan with",
      "--index code (the default) built; it answers for the repository's HEAD (or --ref).",
      "",
      "Fields: content (the default: code tokens, lower-cased; identifiers are found whole",
      "and by their camelCase/snake_case parts), path (exact, wildcards allowed), language,",
      "mime, rule (ids of findings in the file), category (secret, pii, phi, pci,",
      "export_control, classified, proprietary).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  airlock search '\"project falcon\"'                         a phrase, in the current repository",
      "  airlock search 'content:\"project falcon\" AND path:services/*' ~/src/monorepo",
      "  airlock search '\"trade secret\"~3 AND language:java'          words at most 3 apart",
      "  airlock search 'category:secret AND path:deploy/*' --format json .",
      "  airlock search 'getUserName OR user_name' .",
      "",
      "Exit codes: 0 something found; 1 nothing found; 2 no index, bad query or usage error."
    })
final class SearchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "QUERY", description = "Lucene query (see the fields above).")
  String query;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "PATH",
      description = "The repository or folder that was scanned (default: the current folder).")
  Path path;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      description = "text or json (default: ${DEFAULT-VALUE}).",
      defaultValue = "text")
  String format;

  @Option(
      names = "--state",
      paramLabel = "DIR",
      description = "The folder the scan kept its indexes in, when it was given --state DIR.")
  Path stateDir;

  @Option(
      names = "--ref",
      paramLabel = "REV",
      description = "Answer for this commit's files instead of HEAD's (they must have been scanned).")
  String ref;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Show at most N lines (default: ${DEFAULT-VALUE}).",
      defaultValue = "1000")
  int limit;

  @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "'" + format + "' is not a search format; use text or json");
    }
    if (limit < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 1 or more");
    }
    Path target = path == null ? Path.of(".") : path;
    IndexSearch.Result result;
    try (Source source = Source.open(target, ref)) {
      result = IndexSearch.search(source, stateDir, query, limit);
    } catch (StateException | SourceException e) {
      System.err.println("airlock: " + e.getMessage());
      return Main.EXIT_ERROR;
    }
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
    if (format.equals("json")) {
      try (JsonGenerator g = JsonReportWriter.prettyGenerator(out)) {
        g.writeStartObject();
        g.writeStringField("query", query);
        g.writeArrayFieldStart("hits");
        for (IndexSearch.Hit h : result.hits()) {
          g.writeStartObject();
          g.writeStringField("path", h.path());
          if (h.line() > 0) {
            g.writeNumberField("line", h.line());
            g.writeStringField("text", h.text());
          }
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeBooleanField("truncated", result.truncated());
        g.writeArrayFieldStart("skipped");
        for (IndexSearch.Skipped s : result.skipped()) {
          g.writeStartObject();
          g.writeStringField("path", s.path());
          g.writeStringField("reason", s.reason());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      out.println();
    } else {
      for (IndexSearch.Hit h : result.hits()) {
        out.println(h.line() > 0 ? h.path() + ":" + h.line() + ": " + h.text() : h.path());
      }
    }
    out.flush();
    for (IndexSearch.Skipped s : result.skipped()) {
      System.err.println("airlock: not searched: " + s.path() + " (" + s.reason() + ")");
    }
    if (result.truncated()) {
      System.err.println("airlock: showing the first " + limit + " lines; --limit N shows more");
    }
    return result.hits().isEmpty() ? 1 : 0;
  }
}
