package dev.airlock.maven;

import dev.airlock.index.IndexMode;
import dev.airlock.index.StateOptions;
import dev.airlock.rules.RulePackException;
import dev.airlock.rules.engine.Engine;
import dev.airlock.rules.policy.Policy;
import dev.airlock.rules.policy.Routing;
import dev.airlock.scan.ScanResult;
import dev.airlock.source.Source;
import dev.airlock.source.SourceException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Labels this module CLOUD_ELIGIBLE or ON_PREM_ONLY: scans the module's folder on disk (without
 * nested modules, which are units of their own, and without build output), writes its report, and
 * fails the build when asked to. In a multi-module build the folder where Maven started also gets
 * one aggregated report of every module. Never uses the network.
 */
@Mojo(name = "scan", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ScanMojo extends AbstractMojo {

  /** Skip the scan (the module then has no report and no label). */
  @Parameter(property = "airlock.skip", defaultValue = "false")
  boolean skip;

  /** {@code ON_PREM_ONLY}: fail the build when the module is ON_PREM_ONLY. {@code NEVER}: report only. */
  @Parameter(property = "airlock.failOn", defaultValue = "NEVER")
  String failOn;

  /**
   * {@code CLOUD_ELIGIBLE} or {@code ON_PREM_ONLY}: fail the build when the module's label is any
   * other (drift detection, in either direction). Unset: no expectation.
   */
  @Parameter(property = "airlock.expectedLabel")
  String expectedLabel;

  /** A policy file that replaces the built-in policy. */
  @Parameter(property = "airlock.policy")
  File policy;

  /** Folders (or files) of rule packs loaded after the built-in packs. */
  @Parameter(property = "airlock.rules")
  List<File> rules;

  /**
   * Report formats written to {@code outputDirectory}: {@code json} ({@code report.json}), {@code
   * text} ({@code report.txt}), {@code sarif} ({@code report.sarif}), {@code labels} ({@code
   * labels.json}, the gateway feed).
   */
  @Parameter(property = "airlock.formats", defaultValue = "json")
  List<String> formats;

  /** Where the module's reports go. */
  @Parameter(property = "airlock.outputDirectory", defaultValue = "${project.build.directory}/airlock")
  File outputDirectory;

  /**
   * Scan test code and test resources too. On by default: a cloud assistant sees the tests like
   * any other file, and the rules already count values in test paths as weak (a fixture key does
   * not make a module ON_PREM_ONLY). {@code false} leaves out {@code src/test} and the build's test
   * source and resource folders.
   */
  @Parameter(property = "airlock.includeTests", defaultValue = "true")
  boolean includeTests;

  /**
   * What the scan keeps between builds, so that the next build reads only changed files: {@code
   * findings} (the default: outcomes per file content), {@code code} (file content too, for {@code
   * airlock search}) or {@code none} (read everything every time, write nothing).
   */
  @Parameter(property = "airlock.index", defaultValue = "findings")
  String index;

  /**
   * Where that state lives. Default: {@code airlock/maven} in the Git directory of the repository
   * the build lives in, else {@code ~/.m2/airlock/state}: both survive {@code mvn clean}, so the
   * next build, clean or not, matches only what changed. Never inside the scanned modules.
   */
  @Parameter(property = "airlock.stateDirectory")
  File stateDirectory;

  /**
   * Matching engine: {@code auto} (Hyperscan where its natives load, x86-64 Linux, macOS and
   * Windows; the Java engine elsewhere), {@code hyperscan} or {@code java}. Findings are the same.
   */
  @Parameter(property = "airlock.engine", defaultValue = "auto")
  String engine;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  MavenSession session;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  PluginDescriptor plugin;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    ReactorScans reactor = ReactorScans.of(session);
    int expected = modulesThatScan();
    if (skip) {
      getLog().info("airlock: " + project.getArtifactId() + " skipped (airlock.skip)");
      reactor.skipped(expected).ifPresent(getLog()::info);
      return;
    }
    FailOn when = parse(() -> FailOn.parse(failOn));
    Routing expectedRouting = parse(() -> routing(expectedLabel));
    List<String> formatNames = parse(() -> formatNames(formats));
    IndexMode indexMode = parse(() -> IndexMode.parse(index.trim()));
    Path buildRoot = buildRoot();
    EnclosingRepository repository = EnclosingRepository.find(buildRoot);
    ReactorScans.Scanning scanning = scanning(reactor, state(indexMode, repository));

    ModuleUnit unit =
        ModuleUnit.of(
            project,
            buildRoot,
            session.getAllProjects() == null ? session.getProjects() : session.getAllProjects(),
            includeTests,
            List.of(outputDirectory.toPath()));
    ScanResult scanned;
    try (Source source = Source.folder(unit.basedir(), unit.excluded())) {
      scanned = scanning.scanner().scan(source);
    } catch (SourceException e) {
      throw new MojoExecutionException("airlock: cannot scan module " + unit.name() + ": " + e.getMessage(), e);
    }
    if (scanned.failed()) {
      throw new MojoExecutionException(
          "airlock: cannot scan module " + unit.name() + ": " + scanned.error());
    }
    ScanResult result = renamed(scanned, unit, repository.remote());

    Path report;
    ReactorScans.Added added;
    try {
      report =
          ReportFiles.write(
                  outputDirectory.toPath(),
                  formatNames,
                  List.of(result),
                  scanning.rulesHash(),
                  scanning.policyHash())
              .get(0);
      added =
          reactor.add(
              unit.path(),
              result,
              scanning,
              buildName(buildRoot),
              session.getProjects().size() > 1 ? aggregateDir(buildRoot) : null,
              formatNames,
              expected,
              file -> shown(buildRoot, file));
    } catch (IOException e) {
      throw new MojoExecutionException(
          "airlock: cannot write the report to " + outputDirectory + ": " + e.getMessage()
              + "; check that the folder is writable",
          e);
    }

    Verdict verdict = Verdict.of(result, unit.path(), when, expectedRouting);
    getLog().info(verdict.summary());
    if (!result.skipped().isEmpty() && getLog().isDebugEnabled()) {
      result.skipped().forEach(s -> getLog().debug("airlock: skipped " + s.path() + ": " + s.reason()));
    }
    added.buildSummary().ifPresent(getLog()::info);
    if (verdict.fails()) {
      verdict.errorLines().forEach(getLog()::error);
      throw new MojoFailureException(verdict.failureMessage(shown(buildRoot, report)));
    }
  }

  private StateOptions state(IndexMode mode, EnclosingRepository repository) {
    if (mode == IndexMode.NONE) {
      return StateOptions.none();
    }
    Path dir =
        stateDirectory != null
            ? stateDirectory.toPath().toAbsolutePath()
            : repository.gitDir() != null
                ? repository.gitDir().resolve("airlock").resolve("maven")
                : Path.of(System.getProperty("user.home"), ".m2", "airlock", "state");
    return StateOptions.under(dir, mode);
  }

  private ReactorScans.Scanning scanning(ReactorScans reactor, StateOptions state)
      throws MojoExecutionException {
    List<Path> ruleDirs =
        rules == null ? List.of() : rules.stream().map(f -> f.toPath().toAbsolutePath()).toList();
    Path policyFile = policy == null ? null : policy.toPath().toAbsolutePath();
    Engine chosen;
    try {
      chosen = Engine.parse(engine);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("airlock: 'engine': " + e.getMessage());
    }
    if (chosen.unavailableReason() != null) {
      throw new MojoExecutionException(
          "airlock: 'engine' hyperscan cannot run here: " + chosen.unavailableReason()
              + " (use auto or java)");
    }
    try {
      return reactor.scanning(
          new ReactorScans.Setup(ruleDirs, policyFile, state, chosen), ScanMojo::readPolicy);
    } catch (RulePackException e) {
      throw new MojoExecutionException("airlock: " + e.getMessage());
    }
  }

  private static Policy readPolicy(Path file) {
    try {
      return Policy.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RulePackException(file + ": cannot read policy file: " + e.getMessage(), e);
    }
  }

  /** The result under the module's name, with its path from the build root. */
  private static ScanResult renamed(ScanResult r, ModuleUnit unit, String remote) {
    return new ScanResult(
        unit.name(),
        unit.path(),
        r.commit(),
        remote,
        r.label(),
        r.units(),
        r.onPremFiles(),
        r.findings(),
        r.skipped(),
        r.partial(),
        r.stats(),
        r.rulesHash(),
        r.policyHash(),
        r.error());
  }

  /** The folder Maven started in: unit paths in reports are relative to it. */
  private Path buildRoot() {
    for (MavenProject p : projectsOfBuild()) {
      if (p.isExecutionRoot()) {
        return p.getBasedir().toPath().toAbsolutePath().normalize();
      }
    }
    return Path.of(session.getExecutionRootDirectory()).toAbsolutePath().normalize();
  }

  /** The execution root's artifactId, or its folder's name when it is not a project of the build. */
  private String buildName(Path buildRoot) {
    for (MavenProject p : projectsOfBuild()) {
      if (p.isExecutionRoot()) {
        return p.getArtifactId();
      }
    }
    return buildRoot.getFileName() == null ? buildRoot.toString() : buildRoot.getFileName().toString();
  }

  /** The aggregated report's folder: {@code airlock/aggregate} in the root project's build folder. */
  private Path aggregateDir(Path buildRoot) {
    for (MavenProject p : projectsOfBuild()) {
      if (p.isExecutionRoot()) {
        return Path.of(p.getBuild().getDirectory(), "airlock", "aggregate");
      }
    }
    return buildRoot.resolve("target/airlock/aggregate");
  }

  private List<MavenProject> projectsOfBuild() {
    return session.getAllProjects() == null ? session.getProjects() : session.getAllProjects();
  }

  /**
   * How many projects of this session run this goal: all of them when it was named on the command
   * line, else those whose build binds it. Used only to say when the last module is done.
   */
  private int modulesThatScan() {
    String key = plugin.getPluginLookupKey();
    boolean fromCommandLine =
        session.getGoals().stream()
            .anyMatch(g -> g.startsWith(plugin.getGoalPrefix() + ":") || g.startsWith(key + ":"));
    if (fromCommandLine) {
      return session.getProjects().size();
    }
    int n = 0;
    for (MavenProject p : session.getProjects()) {
      Plugin declared = p.getPlugin(key);
      if (declared != null
          && declared.getExecutions().stream()
              .map(PluginExecution::getGoals)
              .anyMatch(goals -> goals.contains("scan"))) {
        n++;
      }
    }
    return n;
  }

  private static String shown(Path buildRoot, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(buildRoot) ? buildRoot.relativize(abs).toString() : abs.toString();
  }

  private static Routing routing(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (Routing r : Routing.values()) {
      if (r.name().equals(v)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "airlock.expectedLabel is '" + value + "'; use CLOUD_ELIGIBLE or ON_PREM_ONLY");
  }

  private static List<String> formatNames(List<String> formats) {
    List<String> names =
        (formats == null || formats.isEmpty() ? List.of("json") : formats).stream()
            .flatMap(f -> java.util.Arrays.stream(f.split(",")))
            .map(f -> f.trim().toLowerCase(Locale.ROOT))
            .filter(f -> !f.isEmpty())
            .distinct()
            .toList();
    try {
      ReportFiles.check(names);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("airlock.formats: " + e.getMessage(), e);
    }
    return names;
  }

  private interface Parse<T> {
    T get();
  }

  /** A configuration value that does not parse stops the build with the value's own message. */
  private static <T> T parse(Parse<T> parse) throws MojoExecutionException {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("airlock: " + e.getMessage());
    }
  }
}
