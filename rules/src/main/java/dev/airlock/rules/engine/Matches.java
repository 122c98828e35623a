package dev.airlock.rules.engine;

import dev.airlock.rules.Category;
import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Fingerprint;
import dev.airlock.rules.Location;
import dev.airlock.rules.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything one text matched, before anything that depends on the file's path.
 *
 * @param matches in text order; values of different rules may overlap
 * @param exhaustedRules ids of rules whose regex ran out of its work budget somewhere in the text:
 *     their matches there may be missing, so the file counts as partly scanned
 * @param skippedRules rules not run because the path they were matched for rules them out
 */
public record Matches(List<Match> matches, List<String> exhaustedRules, List<Rule> skippedRules) {
  public static final Matches NONE = new Matches(List.of(), List.of(), List.of());

  /**
   * Files whose matches are most likely fixtures: tests, examples, samples, mocks. Their matches
   * drop to {@link Confidence#LOW}, which the default policy does not route on-prem. Singular
   * {@code example/} and {@code sample/} folders count only outside Java-style package paths
   * ({@code com/example/} is where many real applications live).
   */
  private static final Pattern TEST_LIKE_PATH =
      Pattern.compile(
          "(?i)(?:^|.*/)(?:tests?|testing|testdata|test[-_]data|__tests__|spec|specs|fixtures?"
              + "|examples|samples|mocks?|__mocks__|testutils?|test[-_]?resources)/.*"
              + "|(?:^|.*/)(?<!com/|org/|net/|io/|dev/)(?:example|sample)/.*"
              + "|(?:^|.*/)[^/]*(?:[._-](?:test|spec|tests|example|sample)"
              + "|(?-i:Test|Tests|Spec|(?<=[a-z0-9])IT))\\.[A-Za-z0-9]+"
              + "|(?:^|.*/)(?:examples?|samples?)[._-][^/]*"
              + "|(?:^|.*/)(?:test[._-][^/]*|[^/]*\\.example|[^/]*\\.sample|[^/]*\\.template"
              + "|[^/]*\\.dist)");

  /** On overlapping values of one category: the most severe, then most confident, then first rule. */
  private static final Comparator<Match> BEST =
      Comparator.comparing((Match m) -> m.rule().severity())
          .reversed()
          .thenComparing(Comparator.comparing(Match::confidence).reversed())
          .thenComparingInt(Match::rank)
          .thenComparingInt(Match::start);

  public Matches {
    matches = List.copyOf(matches);
    exhaustedRules = List.copyOf(exhaustedRules);
    skippedRules = List.copyOf(skippedRules);
  }

  /**
   * True when these matches are complete for a file at {@code path}: no rule that applies there
   * was skipped. A blob matched for one path must be matched again for a path where it is not.
   */
  public boolean covers(String path) {
    for (Rule r : skippedRules) {
      if (r.appliesTo(path)) {
        return false;
      }
    }
    return true;
  }

  public boolean isEmpty() {
    return matches.isEmpty();
  }

  /**
   * The findings of these matches in a file at {@code path}: rules that do not apply to the path
   * are dropped first, then overlapping values of one category are resolved, so a rule limited to
   * other files never hides one that applies here.
   */
  public List<Finding> forPath(String path) {
    if (matches.isEmpty()) {
      return List.of();
    }
    List<Match> applicable = new ArrayList<>(matches.size());
    for (Match m : matches) {
      if (m.rule().appliesTo(path)) {
        applicable.add(m);
      }
    }
    boolean testLike = isTestLike(path);
    List<Match> kept = withoutOverlaps(applicable);
    Map<Rule, Integer> distinct = distinctValuesOfVolumeRules(kept);
    List<Finding> out = new ArrayList<>(kept.size());
    for (Match m : kept) {
      Confidence confidence = m.confidence();
      Integer values = distinct.get(m.rule());
      if (values != null) {
        confidence = m.rule().volume().adjust(confidence, values);
      }
      if (testLike) {
        confidence = Confidence.LOW;
      }
      out.add(
          new Finding(
              m.rule().id(),
              m.rule().title(),
              m.rule().category(),
              m.rule().severity(),
              confidence,
              new Location(path, m.line(), m.column()),
              m.redacted(),
              Fingerprint.of(m.rule().id(), path, m.valueHash())));
    }
    return out;
  }

  /** How many distinct values each rule with a {@link Rule.Volume} has among {@code kept}. */
  private static Map<Rule, Integer> distinctValuesOfVolumeRules(List<Match> kept) {
    Map<Rule, java.util.Set<String>> values = null;
    for (Match m : kept) {
      if (!m.rule().volume().isEmpty()) {
        if (values == null) {
          values = new java.util.IdentityHashMap<>();
        }
        values.computeIfAbsent(m.rule(), r -> new java.util.HashSet<>()).add(m.valueHash());
      }
    }
    if (values == null) {
      return Map.of();
    }
    Map<Rule, Integer> counts = new java.util.IdentityHashMap<>();
    values.forEach((rule, set) -> counts.put(rule, set.size()));
    return counts;
  }

  /**
   * Keeps, among values of one category that overlap, the best by {@link #BEST}: a specific token
   * rule wins over a generic assignment rule on the same value. Text order is kept.
   */
  private static List<Match> withoutOverlaps(List<Match> inTextOrder) {
    if (!anyOverlap(inTextOrder)) {
      return inTextOrder;
    }
    List<Match> ranked = new ArrayList<>(inTextOrder);
    ranked.sort(BEST);
    Map<Category, TreeMap<Integer, Integer>> kept = new EnumMap<>(Category.class);
    List<Match> out = new ArrayList<>();
    for (Match m : ranked) {
      TreeMap<Integer, Integer> spans = kept.computeIfAbsent(m.rule().category(), c -> new TreeMap<>());
      Map.Entry<Integer, Integer> before = spans.floorEntry(m.start());
      Map.Entry<Integer, Integer> after = spans.ceilingEntry(m.start());
      boolean overlaps =
          (before != null && before.getValue() > m.start())
              || (after != null && after.getKey() < m.end());
      if (!overlaps) {
        spans.put(m.start(), m.end());
        out.add(m);
      }
    }
    out.sort(Comparator.comparingInt(Match::start).thenComparingInt(Match::rank));
    return out;
  }

  /** True when two values of one category overlap; matches are sorted by start. */
  private static boolean anyOverlap(List<Match> inTextOrder) {
    Map<Category, Integer> lastEnd = new EnumMap<>(Category.class);
    for (Match m : inTextOrder) {
      Integer end = lastEnd.get(m.rule().category());
      if (end != null && m.start() < end) {
        return true;
      }
      lastEnd.put(m.rule().category(), Math.max(end == null ? 0 : end, m.end()));
    }
    return false;
  }

  /** True for paths of tests, fixtures, examples and samples. */
  public static boolean isTestLike(String path) {
    return TEST_LIKE_PATH.matcher(path).matches();
  }
}
