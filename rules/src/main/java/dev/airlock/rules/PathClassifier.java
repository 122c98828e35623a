package dev.airlock.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which rules of a list a path rules out by their path globs, decided for all of them at once:
 * the same answer as asking each rule's {@link Rule#appliesTo}, which a scan did for every file
 * and every path-limited rule, glob by glob, and which cost more than matching the file.
 *
 * <p>Each distinct glob is tested once per path, and most not even that: a glob without a '/'
 * ({@link Glob.Shape#NAME}, {@code SUFFIX}, {@code PREFIX}) matches when one segment of the path
 * does, so the folders' segments are tested once per folder (files per folder are many) and the
 * file name by a hash lookup of the name and of each of its extensions ({@code .md}, {@code
 * .cdx.json}), the few other suffixes and prefixes bucketed by their last or first character.
 * Only globs with a '/' or a {@code **} run their regex, and only on paths holding their longest
 * literal. Rules with equal globs form one group; the groups a path rules out select one shared
 * {@link Verdict}, of which a tree has a handful. Thread-safe: the caches are concurrent.
 */
public final class PathClassifier {
  /** Folders whose segments' globs are remembered; more are tested afresh each time. */
  private static final int MAX_FOLDERS = 1 << 16;

  /** When no rule has a glob, or the path is unknown. */
  private final Verdict everything;

  private final Rule[] rules;
  private final int words;
  /** Glob ids (by text) of each group's include and exclude globs, as bit masks. */
  private final long[][] include;
  private final long[][] exclude;
  /** The rule indexes of each group. */
  private final int[][] groupRules;

  private final Lookup names;
  /** Suffixes starting with '.': looked up at each '.' of a file name. */
  private final Lookup dotSuffixes;
  /** Other suffixes by their last character (mod 128), and prefixes by their first. */
  private final Literal[][] suffixes = new Literal[128][];
  private final Literal[][] prefixes = new Literal[128][];
  /** Globs tested by their regex, and a literal each match must contain ("" when none). */
  private final Glob[] regexGlobs;
  private final int[] regexIds;
  private final String[] regexLiterals;
  /**
   * For each of {@link #regexLiterals}, the longest other one it contains, or -1: a path without
   * that one lacks it too ("config" before ".kube/config" and four more), so most paths are
   * searched for a few literals rather than all of them.
   */
  private final int[] literalWithin;

  private final ConcurrentHashMap<String, long[]> folders = new ConcurrentHashMap<>();
  /** The verdicts met so far and the groups each rules out: a few, scanned in order. */
  private volatile Verdict[] verdicts = new Verdict[0];
  private volatile long[][] verdictKeys = new long[0][];
  /** Past this many distinct verdicts, further ones are built afresh for each path. */
  private static final int MAX_VERDICTS = 256;

  private final ThreadLocal<Scratch> scratch;

  private record Literal(String text, int id) {}

  /**
   * One thread's arrays, reused for each path, and the last folder it classified: a worker takes
   * files in path order, so the next file is most often in the same folder.
   */
  private static final class Scratch {
    final long[] matched;
    final long[] ruledOut;
    final byte[] holdsLiteral;
    String folder;
    long[] folderGlobs;

    Scratch(int words, int groupWords, int literals) {
      matched = new long[words];
      ruledOut = new long[groupWords];
      holdsLiteral = new byte[literals];
    }
  }

  /**
   * What a path rules out.
   *
   * @param skip indexed like the rules: true for a rule that does not apply; null when all apply.
   *     Shared between calls: never written to
   * @param skipped those rules, in rule order
   */
  public record Verdict(boolean[] skip, List<Rule> skipped) {
    public Verdict {
      skipped = List.copyOf(skipped);
    }

    /** True when the rule at {@code index} does not apply. */
    public boolean skips(int index) {
      return skip != null && skip[index];
    }
  }

  private PathClassifier(List<Rule> rules) {
    this.rules = rules.toArray(Rule[]::new);
    this.everything = new Verdict(null, List.of());
    Map<List<List<String>>, List<Integer>> byGlobs = new LinkedHashMap<>();
    Map<String, Integer> ids = new LinkedHashMap<>();
    List<Glob> distinct = new ArrayList<>();
    for (int r = 0; r < this.rules.length; r++) {
      Rule rule = this.rules[r];
      if (rule.includePaths().isEmpty() && rule.excludePaths().isEmpty()) {
        continue;
      }
      byGlobs
          .computeIfAbsent(List.of(texts(rule.includePaths()), texts(rule.excludePaths())), k -> new ArrayList<>())
          .add(r);
      for (List<Glob> globs : List.of(rule.includePaths(), rule.excludePaths())) {
        for (Glob g : globs) {
          if (ids.putIfAbsent(g.text(), distinct.size()) == null) {
            distinct.add(g);
          }
        }
      }
    }
    this.words = (distinct.size() + 63) / 64;
    int groups = byGlobs.size();
    this.include = new long[groups][];
    this.exclude = new long[groups][];
    this.groupRules = new int[groups][];
    int at = 0;
    for (List<Integer> members : byGlobs.values()) {
      Rule first = this.rules[members.get(0)];
      include[at] = mask(first.includePaths(), ids);
      exclude[at] = mask(first.excludePaths(), ids);
      groupRules[at] = members.stream().mapToInt(Integer::intValue).toArray();
      at++;
    }
    List<Glob> regex = new ArrayList<>();
    List<Integer> regexId = new ArrayList<>();
    Map<String, List<Integer>> namesBuilt = new HashMap<>();
    Map<String, List<Integer>> dotBuilt = new HashMap<>();
    List<List<Literal>> suffixBuilt = buckets();
    List<List<Literal>> prefixBuilt = buckets();
    for (int id = 0; id < distinct.size(); id++) {
      Glob g = distinct.get(id);
      String literal = g.literal();
      switch (g.shape()) {
        case NAME -> namesBuilt.computeIfAbsent(literal, k -> new ArrayList<>()).add(id);
        case SUFFIX -> {
          if (literal.charAt(0) == '.') {
            dotBuilt.computeIfAbsent(literal, k -> new ArrayList<>()).add(id);
          } else {
            suffixBuilt.get(literal.charAt(literal.length() - 1) & 127).add(new Literal(literal, id));
          }
        }
        case PREFIX -> prefixBuilt.get(literal.charAt(0) & 127).add(new Literal(literal, id));
        case REGEX -> {
          regex.add(g);
          regexId.add(id);
        }
      }
    }
    names = new Lookup(namesBuilt);
    dotSuffixes = new Lookup(dotBuilt);
    for (int c = 0; c < 128; c++) {
      suffixes[c] = suffixBuilt.get(c).toArray(Literal[]::new);
      prefixes[c] = prefixBuilt.get(c).toArray(Literal[]::new);
    }
    this.regexGlobs = regex.toArray(Glob[]::new);
    this.regexIds = ints(regexId);
    this.regexLiterals = regex.stream().map(PathClassifier::requiredLiteral).toArray(String[]::new);
    this.literalWithin = new int[regexLiterals.length];
    for (int i = 0; i < regexLiterals.length; i++) {
      int within = -1;
      for (int j = 0; j < regexLiterals.length; j++) {
        String inner = regexLiterals[j];
        // Strictly shorter, or the same literal listed earlier: the chains end.
        boolean smaller =
            inner.length() < regexLiterals[i].length() || (inner.equals(regexLiterals[i]) && j < i);
        if (smaller
            && regexLiterals[i].contains(inner)
            && (within < 0 || inner.length() > regexLiterals[within].length())) {
          within = j;
        }
      }
      literalWithin[i] = within;
    }
    int groupWords = (groups + 63) / 64;
    int literals = regexLiterals.length;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(words, groupWords, literals));
  }

  /** A classifier for {@code rules}; verdicts index rules in this list's order. */
  public static PathClassifier of(List<Rule> rules) {
    return new PathClassifier(rules);
  }

  /** What {@code path} rules out; every rule applies when {@code path} is null. */
  public Verdict classify(String path) {
    if (path == null || include.length == 0) {
      return everything;
    }
    Scratch scratch = this.scratch.get();
    long[] matched = scratch.matched;
    int slash = path.lastIndexOf('/');
    if (slash > 0) {
      System.arraycopy(folderGlobs(path, slash, scratch), 0, matched, 0, words);
    } else {
      Arrays.fill(matched, 0);
    }
    segment(path, slash + 1, path.length(), matched);
    byte[] holds = scratch.holdsLiteral;
    Arrays.fill(holds, (byte) 0);
    for (int i = 0; i < regexGlobs.length; i++) {
      if (holds(path, i, holds) && regexGlobs[i].regex().matcher(path).matches()) {
        set(matched, regexIds[i]);
      }
    }
    long[] ruledOut = scratch.ruledOut;
    Arrays.fill(ruledOut, 0);
    boolean any = false;
    for (int g = 0; g < include.length; g++) {
      boolean applies =
          (include[g] == null || intersects(include[g], matched))
              && (exclude[g] == null || !intersects(exclude[g], matched));
      if (!applies) {
        set(ruledOut, g);
        any = true;
      }
    }
    return any ? verdict(ruledOut) : everything;
  }

  /** Whether {@code path} contains regex literal {@code i}; {@code known}: 1 yes, 2 no, 0 not asked. */
  private boolean holds(String path, int i, byte[] known) {
    if (known[i] == 0) {
      int within = literalWithin[i];
      boolean holds = (within < 0 || holds(path, within, known)) && path.contains(regexLiterals[i]);
      known[i] = (byte) (holds ? 1 : 2);
    }
    return known[i] == 1;
  }

  /** The globs matched by the segments of the folder {@code path[0, slash)}. */
  private long[] folderGlobs(String path, int slash, Scratch scratch) {
    String last = scratch.folder;
    if (last != null && last.length() == slash && path.startsWith(last)) {
      return scratch.folderGlobs;
    }
    String folder = path.substring(0, slash);
    long[] known = folders.get(folder);
    if (known == null) {
      known = new long[words];
      for (int from = 0; from <= slash; ) {
        int end = path.indexOf('/', from);
        segment(path, from, end, known);
        from = end + 1;
      }
      if (folders.size() < MAX_FOLDERS) {
        folders.put(folder, known);
      }
    }
    scratch.folder = folder;
    scratch.folderGlobs = known;
    return known;
  }

  /** The shared verdict for the groups in {@code ruledOut}, made on first need. */
  private Verdict verdict(long[] ruledOut) {
    Verdict found = knownVerdict(ruledOut, verdicts, verdictKeys);
    if (found != null) {
      return found;
    }
    synchronized (this) {
      Verdict[] values = verdicts;
      long[][] keys = verdictKeys;
      found = knownVerdict(ruledOut, values, keys);
      if (found != null) {
        return found;
      }
      found = newVerdict(ruledOut);
      if (values.length < MAX_VERDICTS) {
        long[][] moreKeys = Arrays.copyOf(keys, keys.length + 1);
        moreKeys[keys.length] = ruledOut.clone();
        Verdict[] moreValues = Arrays.copyOf(values, values.length + 1);
        moreValues[values.length] = found;
        verdictKeys = moreKeys; // written before the verdicts, which readers read first
        verdicts = moreValues;
      }
      return found;
    }
  }

  private static Verdict knownVerdict(long[] ruledOut, Verdict[] values, long[][] keys) {
    for (int i = 0; i < values.length; i++) {
      if (Arrays.equals(keys[i], ruledOut)) {
        return values[i];
      }
    }
    return null;
  }

  private Verdict newVerdict(long[] ruledOut) {
    boolean[] skip = new boolean[rules.length];
    for (int g = 0; g < groupRules.length; g++) {
      if ((ruledOut[g >>> 6] & (1L << g)) != 0) {
        for (int r : groupRules[g]) {
          skip[r] = true;
        }
      }
    }
    List<Rule> skipped = new ArrayList<>();
    for (int r = 0; r < rules.length; r++) {
      if (skip[r]) {
        skipped.add(rules[r]);
      }
    }
    return new Verdict(skip, skipped);
  }

  /** Adds the globs without a '/' that match the segment {@code [from, to)} of {@code path}. */
  private void segment(String path, int from, int to, long[] matched) {
    if (from >= to) {
      return; // an empty segment ("a//b"): every such glob's literal has a character
    }
    setAll(matched, names.get(path, from, to));
    if (!dotSuffixes.isEmpty()) {
      for (int dot = path.indexOf('.', from); dot >= 0 && dot < to; dot = path.indexOf('.', dot + 1)) {
        setAll(matched, dotSuffixes.get(path, dot, to));
      }
    }
    for (Literal s : suffixes[path.charAt(to - 1) & 127]) {
      int length = s.text.length();
      if (to - from >= length && path.startsWith(s.text, to - length)) {
        set(matched, s.id);
      }
    }
    for (Literal p : prefixes[path.charAt(from) & 127]) {
      if (to - from >= p.text.length() && path.startsWith(p.text, from)) {
        set(matched, p.id);
      }
    }
  }

  /**
   * The longest run of literal characters in the glob, which every path it matches contains: the
   * characters between wildcards, leaving out the optional '/' of a {@code ** /}.
   */
  static String requiredLiteral(Glob glob) {
    String body = glob.text().startsWith("/") ? glob.text().substring(1) : glob.text();
    if (body.endsWith("/")) {
      body = body.substring(0, body.length() - 1);
    }
    String best = "";
    int start = 0;
    for (int i = 0; i <= body.length(); i++) {
      char c = i < body.length() ? body.charAt(i) : '*';
      if (c == '*' || c == '?') {
        if (i - start > best.length()) {
          best = body.substring(start, i);
        }
        boolean doubleStar = c == '*' && i + 1 < body.length() && body.charAt(i + 1) == '*';
        if (doubleStar) {
          i++;
          if (i + 1 < body.length() && body.charAt(i + 1) == '/') {
            i++;
          }
        }
        start = i + 1;
      }
    }
    return best;
  }

  private long[] mask(List<Glob> globs, Map<String, Integer> ids) {
    if (globs.isEmpty()) {
      return null;
    }
    long[] mask = new long[words];
    for (Glob g : globs) {
      set(mask, ids.get(g.text()));
    }
    return mask;
  }

  private static List<String> texts(List<Glob> globs) {
    return globs.stream().map(Glob::text).toList();
  }

  private static List<List<Literal>> buckets() {
    List<List<Literal>> buckets = new ArrayList<>(128);
    for (int c = 0; c < 128; c++) {
      buckets.add(new ArrayList<>());
    }
    return buckets;
  }

  private static int[] ints(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void set(long[] bits, int i) {
    bits[i >>> 6] |= 1L << i;
  }

  private static void setAll(long[] bits, int[] ids) {
    if (ids == null) {
      return;
    }
    for (int i : ids) {
      set(bits, i);
    }
  }

  private static boolean intersects(long[] a, long[] b) {
    for (int i = 0; i < a.length; i++) {
      if ((a[i] & b[i]) != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Strings to glob ids, looked up by a range of a path without cutting it out: an open-addressing
   * table hashed like {@link String#hashCode}. Immutable once built.
   */
  private static final class Lookup {
    private final String[] keys;
    private final int[][] values;
    private final int mask;
    private final boolean empty;

    Lookup(Map<String, List<Integer>> entries) {
      empty = entries.isEmpty();
      int size = Integer.highestOneBit(Math.max(1, entries.size()) * 4);
      keys = new String[size];
      values = new int[size][];
      mask = size - 1;
      entries.forEach(
          (key, ids) -> {
            int i = spread(key.hashCode()) & mask;
            while (keys[i] != null) {
              i = (i + 1) & mask;
            }
            keys[i] = key;
            values[i] = ints(ids);
          });
    }

    boolean isEmpty() {
      return empty;
    }

    /** The ids of the key equal to {@code s[from, to)}, or null. */
    int[] get(String s, int from, int to) {
      int h = 0;
      for (int i = from; i < to; i++) {
        h = 31 * h + s.charAt(i);
      }
      int length = to - from;
      for (int i = spread(h) & mask; keys[i] != null; i = (i + 1) & mask) {
        String key = keys[i];
        if (key.length() == length && s.startsWith(key, from)) {
          return values[i];
        }
      }
      return null;
    }

    private static int spread(int h) {
      return h ^ (h >>> 16);
    }
  }
}
