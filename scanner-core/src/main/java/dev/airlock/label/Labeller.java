package dev.airlock.label;

import dev.airlock.rules.Category;
import dev.airlock.rules.Finding;
import dev.airlock.rules.policy.Label;
import dev.airlock.rules.policy.Policy;
import dev.airlock.rules.policy.Reason;
import dev.airlock.rules.policy.Routing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Labels a repository unit by unit under a policy. Each finding belongs to the unit with the
 * longest path prefix containing it (the root unit {@code ""} holds the rest); each unit is
 * labelled from its own findings (and from open-source licence evidence in the folders above it),
 * and the repository takes its most restrictive unit's routing and sensitivity, with the reasons
 * of all units. Immutable and thread-safe.
 */
public final class Labeller {
  private final Policy policy;

  public Labeller(Policy policy) {
    this.policy = policy;
  }

  public Policy policy() {
    return policy;
  }

  /** The label of a repository that is a single unit. */
  public Label label(List<Finding> findings) {
    return policy.evaluate(findings);
  }

  /** A repository's label and its units' labels. */
  public record Labelled(Label label, List<Unit> units) {
    public Labelled {
      units = List.copyOf(units);
    }
  }

  /**
   * Labels each unit of {@code unitOrigins} (unit path to what declared it; the root unit is
   * added when missing) from the findings inside it. Units come back sorted by path.
   */
  public Labelled label(List<Finding> findings, Map<String, String> unitOrigins) {
    return label(findings, withRoot(unitOrigins), Map.of());
  }

  /** The units by path, sorted, with the repository's root among them. */
  private static Map<String, String> withRoot(Map<String, String> unitOrigins) {
    Map<String, String> origins = new TreeMap<>(unitOrigins);
    origins.putIfAbsent("", "");
    return origins;
  }

  /**
   * What {@link #label(List, Map)} gives, taking each unit that nothing changed in from {@code
   * last}, the units an earlier labelling under this policy gave. {@code changed} names every
   * path whose findings may differ from those of that labelling (edited, added, removed, read
   * again; a path whose findings are the same evidence, {@link #sameEvidence}, need not be named).
   * A unit's label depends on the findings of its own files and on the licences in the
   * folders above it: only the units under a changed path's folder, and the unit holding it, are
   * evaluated again; when the units themselves changed, all of them are.
   */
  public Labelled relabel(
      List<Finding> findings, Map<String, String> unitOrigins, List<Unit> last,
      Collection<String> changed) {
    Map<String, String> origins = withRoot(unitOrigins);
    Map<String, Unit> kept = new HashMap<>();
    for (Unit u : last) {
      if (u.origin().equals(origins.get(u.path()))) {
        kept.put(u.path(), u);
      }
    }
    if (kept.size() != origins.size() || last.size() != origins.size()) {
      return label(findings, origins, Map.of());
    }
    for (String path : changed) {
      String folder = dirOf(path);
      kept.remove(unitOfFolder(folder, origins));
      kept.keySet().removeIf(unit -> covers(folder, unit));
    }
    return label(findings, origins, kept);
  }

  /**
   * Whether one file's findings {@code now} label every unit as {@code before} did: the same
   * findings in the same order, but for where in the file each is (an edit elsewhere in the file
   * moves them). A label reads of a finding only its rule, category, severity, confidence, path
   * and redacted value (a policy rule's selection, its count of distinct values, its reasons),
   * never its line, column or page.
   */
  public static boolean sameEvidence(List<Finding> before, List<Finding> now) {
    if (before.size() != now.size()) {
      return false;
    }
    for (int i = 0; i < before.size(); i++) {
      Finding a = before.get(i);
      Finding b = now.get(i);
      if (!a.ruleId().equals(b.ruleId())
          || a.category() != b.category()
          || a.severity() != b.severity()
          || a.confidence() != b.confidence()
          || !a.location().path().equals(b.location().path())
          || !a.redacted().equals(b.redacted())) {
        return false;
      }
    }
    return true;
  }

  private Labelled label(List<Finding> findings, Map<String, String> origins, Map<String, Unit> kept) {
    // Placed only when a unit is evaluated: a rescan whose changes left every unit's evidence as
    // it was keeps them all, and placing the 9,799 findings of the bench corpus took most of its
    // labelling.
    Placement placed = kept.size() == origins.size() ? null : new Placement(origins);
    if (placed != null) {
      for (Finding f : findings) {
        placed.add(f);
      }
    }
    List<Unit> units = new ArrayList<>();
    origins.forEach(
        (path, origin) -> {
          Unit same = kept.get(path);
          if (same != null) {
            units.add(same);
            return;
          }
          List<Finding> inUnit = placed.byUnit.get(path);
          List<Finding> evidence = new ArrayList<>(inUnit);
          // A licence covers its folder and everything below it: the root LICENSE or the
          // parent pom's <licenses> speak for every module, as they do in the build.
          for (PlacedLicence l : placed.licencesAbove(path)) {
            if (!l.unit().equals(path)) {
              evidence.add(l.finding());
            }
          }
          units.add(new Unit(path, origin, policy.evaluate(evidence), inUnit.size()));
        });
    Unit strictest =
        units.stream()
            .max(Comparator.comparing((Unit u) -> u.routing() == Routing.ON_PREM_ONLY)
                .thenComparing(Unit::sensitivity))
            .orElseThrow();
    return new Labelled(
        new Label(strictest.routing(), strictest.sensitivity(), mergedReasons(units)), units);
  }

  /** A licence finding with its file's folder and the unit that folder belongs to. */
  private record PlacedLicence(Finding finding, String folder, String unit) {}

  /** Findings sorted into units, and the licences among them with their folders and units. */
  private static final class Placement {
    final Map<String, String> origins;
    final Map<String, List<Finding>> byUnit = new HashMap<>();
    /** Findings crowd into few folders: each folder's unit is looked up once. */
    final Map<String, String> unitByFolder = new HashMap<>();
    final List<PlacedLicence> licences = new ArrayList<>();
    /**
     * Each folder's licences, by their place in {@link #licences}: a unit looks up the few folders
     * above it rather than testing every licence (a monorepo's files each carry a licence header).
     */
    final Map<String, List<Integer>> licencesByFolder = new HashMap<>();

    Placement(Map<String, String> origins) {
      this.origins = origins;
      origins.keySet().forEach(p -> byUnit.put(p, new ArrayList<>()));
    }

    /**
     * Places one finding. A method, not the body of the loop over findings: the JIT compiles a
     * method after a few hundred calls, a loop run once only after tens of thousands of
     * iterations.
     */
    void add(Finding f) {
      String path = f.location().path();
      if (path != lastPath || lastInUnit == null) {
        // Findings come file by file, a file's sharing one path: its folder and unit are found
        // once per file, not once per finding (9,799 of them on each rescan of the bench corpus).
        lastPath = path;
        lastFolder = dirOf(path);
        String unit = unitByFolder.computeIfAbsent(lastFolder, d -> unitOfFolder(d, origins));
        lastUnit = unit;
        lastInUnit = byUnit.get(unit);
        lastLicences = null;
      }
      lastInUnit.add(f);
      if (f.category() == Category.LICENSE) {
        if (lastLicences == null) {
          lastLicences = licencesByFolder.computeIfAbsent(lastFolder, k -> new ArrayList<>());
        }
        lastLicences.add(licences.size());
        licences.add(new PlacedLicence(f, lastFolder, lastUnit));
      }
    }

    /** The last finding's path (compared by identity), its folder, unit and that unit's list. */
    private String lastPath;

    private String lastFolder;
    private String lastUnit;
    private List<Finding> lastInUnit;
    private List<Integer> lastLicences;

    /** The licences in {@code unitPath}'s folder and the folders above it, in finding order. */
    List<PlacedLicence> licencesAbove(String unitPath) {
      List<Integer> at = new ArrayList<>();
      String dir = unitPath;
      while (true) {
        List<Integer> here = licencesByFolder.get(dir);
        if (here != null) {
          at.addAll(here);
        }
        if (dir.isEmpty()) {
          break;
        }
        dir = dirOf(dir);
      }
      at.sort(null);
      List<PlacedLicence> above = new ArrayList<>(at.size());
      for (int i : at) {
        above.add(licences.get(i));
      }
      return above;
    }
  }

  /**
   * The files whose own findings, labelled as if each file were a unit of its own, route
   * ON_PREM_ONLY: what an exclusion file names for a unit that is not excluded as a whole. Sorted.
   */
  public List<String> onPremFiles(List<Finding> findings) {
    // Grouped in a hash map and only the answer sorted: most files with findings are not on-prem.
    Map<String, List<Finding>> byFile = new HashMap<>();
    for (Finding f : findings) {
      byFile.computeIfAbsent(f.location().file(), k -> new ArrayList<>(2)).add(f);
    }
    // Most files hold the same few findings (one licence notice, one e-mail address): where no
    // policy rule looks at paths, a file's routing depends only on what its findings are, so
    // each distinct set is evaluated once.
    boolean pathFree =
        policy.rules().stream()
            .allMatch(r -> r.includePaths().isEmpty() && r.excludePaths().isEmpty());
    Map<List<Object>, Boolean> onPremBySignature = new HashMap<>();
    List<String> files = new ArrayList<>();
    byFile.forEach(
        (path, inFile) -> {
          boolean onPrem =
              pathFree
                  ? onPremBySignature.computeIfAbsent(signature(inFile), k -> routesOnPrem(inFile))
                  : routesOnPrem(inFile);
          if (onPrem) {
            files.add(path);
          }
        });
    files.sort(null);
    return files;
  }

  /**
   * What {@link #onPremFiles(List)} gives for a scan whose files outside {@code changed} have the
   * findings they had when an earlier scan under this policy routed {@code last} on-prem: a file's
   * routing depends on its own findings alone, so only {@code fresh}, the findings of the changed
   * files, are evaluated.
   */
  public List<String> onPremFiles(List<Finding> fresh, List<String> last, Set<String> changed) {
    List<String> files = new ArrayList<>(onPremFiles(fresh));
    for (String path : last) {
      if (!changed.contains(path)) {
        files.add(path);
      }
    }
    files.sort(null);
    return files;
  }

  private boolean routesOnPrem(List<Finding> findings) {
    return policy.evaluate(findings).routing() == Routing.ON_PREM_ONLY;
  }

  /**
   * Everything a path-free policy reads of one file's findings: each finding's rule, category,
   * severity, confidence and value, and which of the file's locations (a document's entries) it
   * is in, for rules counted per location.
   */
  private static List<Object> signature(List<Finding> inFile) {
    List<Object> out = new ArrayList<>(inFile.size() * 6);
    List<String> places = new ArrayList<>(1);
    for (Finding f : inFile) {
      int place = places.indexOf(f.location().path());
      if (place < 0) {
        place = places.size();
        places.add(f.location().path());
      }
      out.add(f.ruleId());
      out.add(f.category());
      out.add(f.severity());
      out.add(f.confidence());
      out.add(f.redacted());
      out.add(place);
    }
    return out;
  }

  /** The unit a file belongs to: its longest unit prefix, walking up its folders. */
  static String unitOf(String filePath, Map<String, String> units) {
    return unitOfFolder(dirOf(filePath), units);
  }

  /** The unit of a folder: the folder itself or the nearest folder above it that is a unit. */
  private static String unitOfFolder(String folder, Map<String, String> units) {
    String dir = folder;
    while (!dir.isEmpty()) {
      if (units.containsKey(dir)) {
        return dir;
      }
      dir = dirOf(dir);
    }
    return "";
  }

  /** True when {@code dir} is {@code unitPath} or a folder above it. */
  private static boolean covers(String dir, String unitPath) {
    return dir.isEmpty()
        || unitPath.startsWith(dir)
            && (unitPath.length() == dir.length() || unitPath.charAt(dir.length()) == '/');
  }

  private static String dirOf(String filePath) {
    int slash = filePath.lastIndexOf('/');
    return slash < 0 ? "" : filePath.substring(0, slash);
  }

  /** One reason per rule id and policy rule, counts summed over the units. */
  private static List<Reason> mergedReasons(List<Unit> units) {
    Map<String, Reason> merged = new LinkedHashMap<>();
    for (Unit u : units) {
      for (Reason r : u.label().reasons()) {
        merged.merge(
            r.ruleId() + '\u0000' + r.policyRule(),
            r,
            (a, b) ->
                new Reason(a.ruleId(), a.category(),
                    // Licence evidence is shared by the units below it: count it once.
                    a.category() == Category.LICENSE
                        ? Math.max(a.count(), b.count())
                        : a.count() + b.count(),
                    a.policyRule(), a.sensitivity()));
      }
    }
    List<Reason> reasons = new ArrayList<>(merged.values());
    reasons.sort(
        Comparator.comparing(Reason::sensitivity)
            .reversed()
            .thenComparing(Comparator.comparingInt(Reason::count).reversed())
            .thenComparing(Reason::ruleId)
            .thenComparing(Reason::policyRule));
    return reasons;
  }
}
