package dev.airlock.label;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the units of a monorepo from its build manifests, which the scan's one listing of the
 * tree collects on the way ({@link #isManifest}); only those few files are read. Pure and
 * thread-safe.
 *
 * <ul>
 *   <li>Maven: every {@code pom.xml} outside the {@code src} and {@code target} folders of the
 *       project above it, and the {@code <modules>} of each, recursively.
 *   <li>Gradle: the projects a {@code settings.gradle(.kts)} includes, and its {@code
 *       includeBuild}s.
 *   <li>npm, Yarn, pnpm: every folder with a {@code package.json} (workspace members and nested
 *       packages) outside {@code node_modules}.
 *   <li>Go: every folder with a {@code go.mod} outside {@code testdata} and {@code vendor}.
 *   <li>Cargo: each top-level {@code Cargo.toml} and its workspace {@code members} (globs
 *       allowed), less its {@code exclude}.
 *   <li>Python: every folder with a {@code pyproject.toml}.
 *   <li>Bazel: every package ({@code BUILD} or {@code BUILD.bazel}) below a {@code WORKSPACE},
 *       {@code WORKSPACE.bazel} or {@code MODULE.bazel}.
 * </ul>
 *
 * A folder found by several kinds takes the origin of the first kind in this list.
 */
public final class Manifests {
  private static final Set<String> NAMES =
      Set.of(
          "pom.xml", "settings.gradle", "settings.gradle.kts", "package.json", "go.mod",
          "Cargo.toml", "pyproject.toml", "BUILD", "BUILD.bazel", "WORKSPACE", "WORKSPACE.bazel",
          "MODULE.bazel");

  private static final Pattern MAVEN_MODULE = Pattern.compile("<module>\\s*([^<]+?)\\s*</module>");
  private static final Pattern XML_COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
  /** {@code include ':a', ':b'} or {@code include(":a",\n ":b")}: a list may span lines. */
  private static final Pattern GRADLE_INCLUDE =
      Pattern.compile(
          "^\\s*(include|includeBuild)\\s*\\(?\\s*((?:[\"'][^\"'\\n]+[\"']\\s*,\\s*)*[\"'][^\"'\\n]+[\"'])",
          Pattern.MULTILINE);
  /** {@code project(':a').projectDir = file('modules/a')}: a project kept in another folder. */
  private static final Pattern GRADLE_PROJECT_DIR =
      Pattern.compile(
          "project\\(\\s*[\"']([^\"']+)[\"']\\s*\\)\\.projectDir\\s*=\\s*"
              + "(?:file\\(|new\\s+File\\(\\s*(?:rootDir|settingsDir)\\s*,)\\s*[\"']([^\"']+)[\"']");
  private static final Pattern QUOTED = Pattern.compile("[\"']([^\"'\\n]+)[\"']");
  private static final Pattern TOML_TABLE = Pattern.compile("^\\s*\\[([^\\]]+)\\]\\s*$", Pattern.MULTILINE);

  private Manifests() {}

  /** True when {@code path} is a file whose content may declare units. */
  public static boolean isManifest(String path) {
    return NAMES.contains(name(path));
  }

  /**
   * The unit folders the manifests declare, each with the manifest's file name as its origin,
   * sorted by folder. The root folder is never a unit here: it is the root unit anyway.
   *
   * @param texts every manifest of the tree (path to content) that {@link #isManifest} accepted
   */
  public static Map<String, String> units(Map<String, String> texts) {
    Map<String, String> units = new TreeMap<>();
    maven(texts, units);
    gradle(texts, units);
    for (String path : texts.keySet()) {
      String dir = dir(path);
      switch (name(path)) {
        case "package.json" -> {
          if (!hasSegment(dir, "node_modules")) {
            add(units, dir, "package.json");
          }
        }
        case "go.mod" -> {
          if (!hasSegment(dir, "testdata") && !hasSegment(dir, "vendor")) {
            add(units, dir, "go.mod");
          }
        }
        default -> {}
      }
    }
    cargo(texts, units);
    for (String path : texts.keySet()) {
      if (name(path).equals("pyproject.toml")) {
        add(units, dir(path), "pyproject.toml");
      }
    }
    bazel(texts, units);
    units.remove("");
    return units;
  }

  private static void maven(Map<String, String> texts, Map<String, String> units) {
    Set<String> poms = dirsWith(texts, "pom.xml");
    Deque<String> todo = new ArrayDeque<>();
    for (String dir : poms) {
      if (!insideSources(dir, poms)) {
        todo.add(dir);
      }
    }
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String dir = todo.poll();
      if (!seen.add(dir)) {
        continue;
      }
      add(units, dir, "pom.xml");
      String pom = texts.get(join(dir, "pom.xml"));
      if (pom == null) {
        continue;
      }
      Matcher m = MAVEN_MODULE.matcher(XML_COMMENT.matcher(pom).replaceAll(""));
      while (m.find()) {
        String module = m.group(1).replace('\\', '/');
        if (module.endsWith(".xml")) {
          module = module.contains("/") ? module.substring(0, module.lastIndexOf('/')) : ".";
        }
        String target = normalise(join(dir, module));
        if (target != null) {
          todo.add(target);
        }
      }
    }
  }

  private static void gradle(Map<String, String> texts, Map<String, String> units) {
    texts.forEach(
        (path, text) -> {
          String name = name(path);
          if (!name.equals("settings.gradle") && !name.equals("settings.gradle.kts")) {
            return;
          }
          String dir = dir(path);
          add(units, dir, name);
          String code = stripLineComments(text);
          Map<String, String> moved = new HashMap<>();
          Matcher p = GRADLE_PROJECT_DIR.matcher(code);
          while (p.find()) {
            moved.put(projectPath(p.group(1)), p.group(2));
          }
          Matcher m = GRADLE_INCLUDE.matcher(code);
          while (m.find()) {
            boolean build = m.group(1).equals("includeBuild");
            Matcher q = QUOTED.matcher(m.group(2));
            while (q.find()) {
              String project = q.group(1);
              // ':a:b' is the project in folder a/b unless its projectDir is set; an included
              // build is named by its folder.
              String folder =
                  build ? project : moved.getOrDefault(projectPath(project), projectPath(project).replace(':', '/'));
              String target = normalise(join(dir, folder));
              if (target != null) {
                add(units, target, name);
              }
              if (build) {
                break;
              }
            }
          }
        });
  }

  private static String projectPath(String project) {
    return project.startsWith(":") ? project.substring(1) : project;
  }

  private static void cargo(Map<String, String> texts, Map<String, String> units) {
    Set<String> crates = dirsWith(texts, "Cargo.toml");
    for (String dir : crates) {
      if (!topLevel(dir, crates)) {
        continue;
      }
      add(units, dir, "Cargo.toml");
      String workspace = tomlTable(texts.get(join(dir, "Cargo.toml")), "workspace");
      List<Pattern> members = globs(tomlArray(workspace, "members"));
      List<Pattern> excluded = globs(tomlArray(workspace, "exclude"));
      for (String crate : crates) {
        String rel = relative(dir, crate);
        if (rel != null && !rel.isEmpty() && matchesAny(members, rel) && !matchesAny(excluded, rel)) {
          add(units, crate, "Cargo.toml");
        }
      }
    }
  }

  private static void bazel(Map<String, String> texts, Map<String, String> units) {
    Set<String> workspaces = new HashSet<>();
    workspaces.addAll(dirsWith(texts, "WORKSPACE"));
    workspaces.addAll(dirsWith(texts, "WORKSPACE.bazel"));
    workspaces.addAll(dirsWith(texts, "MODULE.bazel"));
    for (String path : texts.keySet()) {
      String name = name(path);
      if ((name.equals("BUILD") || name.equals("BUILD.bazel"))
          && workspaces.stream().anyMatch(w -> relative(w, dir(path)) != null)) {
        add(units, dir(path), name);
      }
    }
  }

  /** The body of TOML table {@code [name]} (up to the next table), or "". */
  static String tomlTable(String toml, String name) {
    if (toml == null) {
      return "";
    }
    Matcher m = TOML_TABLE.matcher(toml);
    int start = -1;
    while (m.find()) {
      if (start >= 0) {
        return toml.substring(start, m.start());
      }
      if (m.group(1).strip().equals(name)) {
        start = m.end();
      }
    }
    return start >= 0 ? toml.substring(start) : "";
  }

  /** The strings of array {@code key = [ ... ]} in a TOML table body, which may span lines. */
  static List<String> tomlArray(String body, String key) {
    Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s*=\\s*\\[").matcher(body);
    List<String> out = new ArrayList<>();
    if (!m.find()) {
      return out;
    }
    int end = body.indexOf(']', m.end());
    String items = body.substring(m.end(), end < 0 ? body.length() : end);
    Matcher q = QUOTED.matcher(items.replaceAll("(?m)#.*$", ""));
    while (q.find()) {
      out.add(q.group(1));
    }
    return out;
  }

  /** Folder globs anchored at a folder: {@code *} within a name, {@code **} across names. */
  static Pattern folderGlob(String glob) {
    StringBuilder re = new StringBuilder();
    String g = glob.startsWith("./") ? glob.substring(2) : glob;
    g = g.endsWith("/") ? g.substring(0, g.length() - 1) : g;
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
        re.append(".*");
        i++;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }

  /** True when {@code text} uses glob characters ({@code * ?}). */
  public static boolean isGlob(String text) {
    return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
  }

  /**
   * The folders of {@code folders} (every folder of the tree) that the configured unit entries
   * name: a folder, or a folder glob such as {@code services/*}. Each entry that names no folder
   * goes to {@code unmatched}.
   */
  public static Map<String, String> configured(
      List<String> entries, Set<String> folders, String origin, Consumer<String> unmatched) {
    Map<String, String> units = new TreeMap<>();
    for (String entry : entries) {
      boolean found = false;
      if (isGlob(entry)) {
        Pattern p = folderGlob(entry);
        for (String f : new TreeSet<>(folders)) {
          if (p.matcher(f).matches()) {
            add(units, f, origin);
            found = true;
          }
        }
      } else if (folders.contains(entry)) {
        add(units, entry, origin);
        found = true;
      }
      if (!found && !entry.isEmpty()) {
        unmatched.accept(entry);
      }
    }
    units.remove("");
    return units;
  }

  private static List<Pattern> globs(List<String> texts) {
    return texts.stream().map(Manifests::folderGlob).toList();
  }

  private static boolean matchesAny(List<Pattern> patterns, String path) {
    return patterns.stream().anyMatch(p -> p.matcher(path).matches());
  }

  private static String stripLineComments(String text) {
    return text.replaceAll("(?m)//.*$", "");
  }

  private static void add(Map<String, String> units, String dir, String origin) {
    units.putIfAbsent(dir, origin);
  }

  private static Set<String> dirsWith(Map<String, String> texts, String name) {
    Set<String> dirs = new HashSet<>();
    for (String path : texts.keySet()) {
      if (name(path).equals(name)) {
        dirs.add(dir(path));
      }
    }
    return dirs;
  }

  /**
   * True when {@code dir} lies in the {@code src} or {@code target} folder of a project above it
   * (test resources, invoker projects, build output): a project there is a fixture, not a unit.
   */
  private static boolean insideSources(String dir, Set<String> projects) {
    for (String up = dir; !up.isEmpty(); ) {
      up = dir(up);
      if (projects.contains(up)) {
        String rel = up.isEmpty() ? dir : dir.substring(up.length() + 1);
        return rel.startsWith("src/") || rel.startsWith("target/");
      }
    }
    return false;
  }

  /** True when no folder of {@code dirs} lies above {@code dir}. */
  private static boolean topLevel(String dir, Set<String> dirs) {
    if (dir.isEmpty()) {
      return true;
    }
    for (String up = dir(dir); ; up = dir(up)) {
      if (dirs.contains(up)) {
        return false;
      }
      if (up.isEmpty()) {
        return true;
      }
    }
  }

  /** {@code dir} relative to {@code base} when it lies in it ("" for itself), else null. */
  private static String relative(String base, String dir) {
    if (base.isEmpty()) {
      return dir;
    }
    if (dir.equals(base)) {
      return "";
    }
    return dir.startsWith(base + "/") ? dir.substring(base.length() + 1) : null;
  }

  /** Resolves '.' and '..'; null when the path leaves the tree. */
  static String normalise(String path) {
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return String.join("/", parts);
  }

  private static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  private static boolean hasSegment(String dir, String segment) {
    return ("/" + dir + "/").contains("/" + segment + "/");
  }

  static String dir(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
