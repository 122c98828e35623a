package dev.airlock.report;

import dev.airlock.label.Unit;
import dev.airlock.rules.Finding;
import dev.airlock.rules.policy.Routing;
import dev.airlock.scan.ScanResult;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Exclusion files for AI coding assistants, built from the labels: what must not reach a cloud
 * model, in the syntax of each assistant's ignore file.
 *
 * <p>Per repository: when every unit is ON_PREM_ONLY the whole tree is excluded with one explicit
 * pattern. Otherwise each ON_PREM_ONLY unit other than the root is excluded as a folder, and each
 * file outside those folders whose own findings make it ON_PREM_ONLY ({@link
 * ScanResult#onPremFiles()}) is excluded by its path. When the root unit is ON_PREM_ONLY but no
 * single file of it is, every file of the root unit with a finding is excluded, so the
 * exclusions never say less than the labels. Paths are anchored at the repository root; the same
 * labels give the same bytes.
 *
 * <p>Stateless and thread-safe.
 */
public final class ExclusionWriter implements ReportWriter {

  /** The assistants, and the file each reads. */
  public enum Target {
    AIEXCLUDE(".aiexclude", "Gemini Code Assist"),
    CURSORIGNORE(".cursorignore", "Cursor"),
    AIDERIGNORE(".aiderignore", "aider"),
    AIIGNORE(".aiignore", "JetBrains AI Assistant"),
    CODEIUMIGNORE(".codeiumignore", "Windsurf (Codeium)"),
    COPILOT(null, "GitHub Copilot content exclusion");

    private final String fileName;
    private final String assistant;

    Target(String fileName, String assistant) {
      this.fileName = fileName;
      this.assistant = assistant;
    }

    /** The ignore file's name at the repository root, or null for Copilot's settings YAML. */
    public String fileName() {
      return fileName;
    }

    /** The assistant that reads it. */
    public String assistant() {
      return assistant;
    }

    /** The name as the CLI spells it: {@code aiexclude}, ..., {@code copilot}. */
    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether one file can hold the exclusions of several repositories. */
    public boolean takesSeveralRepositories() {
      return this == COPILOT;
    }
  }

  /** One thing to exclude: a file, a folder, or (path "" and folder) the whole tree. */
  record Exclusion(String path, boolean folder) {
    boolean wholeTree() {
      return path.isEmpty();
    }
  }

  private final Target target;

  public ExclusionWriter(Target target) {
    this.target = Objects.requireNonNull(target, "target");
  }

  @Override
  public void write(List<ScanResult> results, Writer out) throws IOException {
    for (ScanResult r : results) {
      if (r.failed()) {
        throw new IllegalArgumentException(
            r.name() + " could not be scanned, so nothing can be said of what to exclude: " + r.error());
      }
    }
    if (results.size() != 1 && !target.takesSeveralRepositories()) {
      throw new IllegalArgumentException(
          target.fileName() + " belongs to one repository's root: give one repository (got "
              + results.size() + ")");
    }
    StringBuilder s = new StringBuilder();
    if (target == Target.COPILOT) {
      copilot(s, results);
    } else {
      gitignore(s, results.get(0));
    }
    out.write(s.toString());
    out.flush();
  }

  /** What to exclude of one repository, sorted by path; empty when it is CLOUD_ELIGIBLE. */
  static List<Exclusion> exclusions(ScanResult r) {
    List<Unit> units = r.units();
    if (!units.isEmpty() && units.stream().allMatch(u -> u.routing() == Routing.ON_PREM_ONLY)) {
      return List.of(new Exclusion("", true));
    }
    List<String> folders =
        units.stream()
            .filter(u -> !u.path().isEmpty() && u.routing() == Routing.ON_PREM_ONLY)
            .map(Unit::path)
            .sorted()
            .toList();
    List<String> keptFolders = new ArrayList<>();
    for (String f : folders) {
      // A unit inside an excluded unit is excluded with it.
      if (keptFolders.stream().noneMatch(k -> inFolder(k, f))) {
        keptFolders.add(f);
      }
    }
    TreeSet<String> files = new TreeSet<>();
    for (String file : r.onPremFiles()) {
      if (keptFolders.stream().noneMatch(k -> inFolder(k, file))) {
        files.add(file);
      }
    }
    boolean rootOnPrem =
        units.stream().anyMatch(u -> u.path().isEmpty() && u.routing() == Routing.ON_PREM_ONLY);
    if (rootOnPrem && files.stream().noneMatch(f -> unitOf(f, units).isEmpty())) {
      for (Finding f : r.findings()) {
        if (unitOf(f.location().file(), units).isEmpty()) {
          files.add(f.location().file());
        }
      }
    }
    List<Exclusion> out = new ArrayList<>();
    keptFolders.forEach(f -> out.add(new Exclusion(f, true)));
    files.forEach(f -> out.add(new Exclusion(f, false)));
    out.sort(Comparator.comparing(Exclusion::path));
    return out;
  }

  /** The unit a file lies in: the longest unit path that contains it ("" for the root unit). */
  private static String unitOf(String file, List<Unit> units) {
    String best = "";
    for (Unit u : units) {
      if (!u.path().isEmpty() && u.contains(file) && u.path().length() > best.length()) {
        best = u.path();
      }
    }
    return best;
  }

  private static boolean inFolder(String folder, String path) {
    return path.startsWith(folder) && path.length() > folder.length() && path.charAt(folder.length()) == '/';
  }

  private void gitignore(StringBuilder s, ScanResult r) {
    s.append("# ").append(target.fileName()).append(" for ").append(target.assistant())
        .append(": what must not reach a cloud AI assistant.\n");
    s.append("# Written by airlock export from ").append(describe(r)).append(".\n");
    List<Exclusion> exclusions = exclusions(r);
    if (exclusions.isEmpty()) {
      s.append("# Nothing to exclude: the repository is CLOUD_ELIGIBLE.\n");
    }
    for (Exclusion e : exclusions) {
      if (e.wholeTree()) {
        s.append("# The whole repository is ON_PREM_ONLY.\n*\n");
      } else {
        s.append('/').append(gitignoreEscape(e.path())).append(e.folder() ? "/" : "").append('\n');
      }
    }
  }

  private static void copilot(StringBuilder s, List<ScanResult> results) {
    if (results.size() == 1) {
      ScanResult r = results.get(0);
      s.append("# GitHub Copilot content exclusion: paste into the repository's\n");
      s.append("# Settings > Copilot > Content exclusion, \"Paths to exclude in this repository\".\n");
      s.append("# Written by airlock export from ").append(describe(r)).append(".\n");
      List<Exclusion> exclusions = exclusions(r);
      if (exclusions.isEmpty()) {
        s.append("# Nothing to exclude: the repository is CLOUD_ELIGIBLE.\n");
      }
      for (Exclusion e : exclusions) {
        s.append("- ").append(copilotPath(e)).append('\n');
      }
      return;
    }
    s.append("# GitHub Copilot content exclusion for an organisation: paste into the organisation's\n");
    s.append("# Settings > Copilot > Content exclusion, \"Repositories and paths to exclude\".\n");
    s.append("# Written by airlock export; repositories without a remote are named by folder.\n");
    List<ScanResult> sorted = new ArrayList<>(results);
    sorted.sort(Comparator.comparing(ExclusionWriter::copilotKey).thenComparing(ScanResult::path));
    for (ScanResult r : sorted) {
      List<Exclusion> exclusions = exclusions(r);
      s.append("# ").append(describe(r)).append(exclusions.isEmpty() ? ": nothing to exclude" : "")
          .append('\n');
      if (exclusions.isEmpty()) {
        continue;
      }
      s.append(yamlQuote(copilotKey(r))).append(":\n");
      for (Exclusion e : exclusions) {
        s.append("  - ").append(copilotPath(e)).append('\n');
      }
    }
  }

  /** The organisation-level key of a repository: its remote as a URL, else its folder's name. */
  private static String copilotKey(ScanResult r) {
    if (r.remote() == null || r.remote().startsWith("/")) {
      return r.name();
    }
    return "https://" + r.remote() + ".git";
  }

  /** Copilot paths are fnmatch patterns from the repository root; "/dir/**" is all below dir. */
  private static String copilotPath(Exclusion e) {
    if (e.wholeTree()) {
      return yamlQuote("/**");
    }
    return yamlQuote("/" + fnmatchEscape(e.path()) + (e.folder() ? "/**" : ""));
  }

  private static String describe(ScanResult r) {
    StringBuilder s = new StringBuilder(r.name());
    if (r.remote() != null) {
      s.append(" (").append(r.remote()).append(')');
    }
    if (r.commit() != null) {
      s.append(" at commit ").append(r.commit(), 0, Math.min(12, r.commit().length()));
    }
    return s.toString();
  }

  /** Makes a path literal in gitignore syntax: wildcards, a leading '#' or '!', trailing spaces. */
  static String gitignoreEscape(String path) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      boolean trailingSpace = c == ' ' && path.substring(i).isBlank();
      if (c == '*' || c == '?' || c == '[' || c == '\\' || trailingSpace
          || (i == 0 && (c == '#' || c == '!'))) {
        s.append('\\');
      }
      s.append(c);
    }
    return s.toString();
  }

  /** Makes a path literal in fnmatch syntax. */
  private static String fnmatchEscape(String path) {
    StringBuilder s = new StringBuilder();
    for (char c : path.toCharArray()) {
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}' || c == '\\') {
        s.append('\\');
      }
      s.append(c);
    }
    return s.toString();
  }

  private static String yamlQuote(String text) {
    StringBuilder s = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\t' -> s.append("\\t");
        default -> {
          if (c < 0x20) {
            s.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.append('"').toString();
  }
}
