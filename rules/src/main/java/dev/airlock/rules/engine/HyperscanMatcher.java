package dev.airlock.rules.engine;

import static com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_CASELESS;
import static com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_PREFILTER;
import static com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_SINGLEMATCH;
import static com.gliwka.hyperscan.jni.hyperscan.HS_MODE_BLOCK;
import static com.gliwka.hyperscan.jni.hyperscan.HS_SUCCESS;
import static com.gliwka.hyperscan.jni.hyperscan.hs_alloc_scratch;
import static com.gliwka.hyperscan.jni.hyperscan.hs_clone_scratch;
import static com.gliwka.hyperscan.jni.hyperscan.hs_compile_multi;
import static com.gliwka.hyperscan.jni.hyperscan.hs_free_compile_error;
import static com.gliwka.hyperscan.jni.hyperscan.hs_free_database;
import static com.gliwka.hyperscan.jni.hyperscan.hs_free_scratch;
import static com.gliwka.hyperscan.jni.hyperscan.hs_deserialize_database;
import static com.gliwka.hyperscan.jni.hyperscan.hs_scan;
import static com.gliwka.hyperscan.jni.hyperscan.hs_serialize_database;

import com.gliwka.hyperscan.jni.hs_compile_error_t;
import com.gliwka.hyperscan.jni.hs_database_t;
import com.gliwka.hyperscan.jni.hs_scratch_t;
import com.gliwka.hyperscan.jni.hyperscan;
import com.gliwka.hyperscan.jni.match_event_handler;
import dev.airlock.rules.PathClassifier;
import dev.airlock.rules.Rule;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The Hyperscan engine: every regex rule, widened to a Hyperscan expression that matches at least
 * where the Java pattern does ({@link HyperscanSyntax}), sits in one database scanned over the
 * text's UTF-8 bytes in one pass, end offsets only. Each hit names a line; the shared confirmation
 * of {@link WindowedMatcher} then finds that line's keyword and digit-run windows and runs the
 * rule's {@code java.util.regex} pattern there, exactly as {@link JavaMatcher} does for every line,
 * so both engines give the same findings while the regexes run only where Hyperscan saw a possible
 * match. Rules whose window may cross lines ({@code span}, or no keyword at all) are confirmed over
 * the whole text when hit. A rule whose pattern Hyperscan refuses or cannot be translated is
 * triggered by its keywords (and digit runs) instead, which is exactly the Java engine's prefilter.
 *
 * <p>Thread-safe: the database is shared and read-only; each thread scans with its own scratch
 * space, allocated on first use and freed when the thread's copy is collected.
 */
public final class HyperscanMatcher extends WindowedMatcher {
  private static final Cleaner CLEANER = Cleaner.create();
  private static final String UNAVAILABLE = probe();
  /** Receives every hit of every scan; scans are synchronous, so the worker is the thread's. */
  private static final ThreadLocal<Worker> ACTIVE = new ThreadLocal<>();

  private static final Handler HANDLER = UNAVAILABLE == null ? new Handler() : null;

  /**
   * With {@code -Dairlock.hyperscan.stats=true}, counts per rule the lines Hyperscan sent to
   * confirmation ({@link #lineHits}), for tuning expressions that hit too often; off, the JIT
   * drops the counting.
   */
  private static final boolean STATS = Boolean.getBoolean("airlock.hyperscan.stats");

  private final java.util.concurrent.atomic.AtomicLongArray lineHits;
  private final java.util.concurrent.atomic.AtomicLongArray callbacks;
  private final java.util.concurrent.atomic.LongAdder nativeCalls =
      new java.util.concurrent.atomic.LongAdder();

  /**
   * The rules without path globs to include, and those with: the second database is scanned only
   * for files where one of its rules applies. Path-limited rules' expressions (a CSV header's "name", a
   * credential file's "key") hit all over other files, and each hit is a call from native code.
   * Either is null when none of its rules has an expression (the second when no rule includes
   * paths: rules that only exclude some are in the first).
   */
  private final Part everywhere;

  private final Part pathLimited;
  /** Rules limited to the paths they include, the ones {@link #pathLimited} holds. */
  private final int[] pathRules;

  private final hs_scratch_t prototype;
  /** Rules confirmed over the whole text when hit: their windows may cross lines. */
  private final boolean[] fileLevel;
  /**
   * File-level rules whose windows come from keyword positions the database reports (each
   * keyword is also a literal expression), instead of a keyword pass over the whole text: a
   * notice's keyword ("copyright") is in a quarter of all source files.
   */
  private final boolean[] positioned;
  /** Rules Hyperscan cannot trigger at all: the Java prefilter runs for them on every text. */
  private final int[] alwaysJava;
  /**
   * Line-level triggers by a matcher-wide id (from 1): a keyword, or a digit run, that the
   * database reports for keyword-triggered rules (one expression shared by every such rule that
   * has it). Each report is a trigger's exact end, so the windows of those rules are placed from
   * the reports ({@link #placeWindows}) rather than found again by a keyword pass over each hit
   * line. The keyword's length, or {@link #DIGIT_RUN}.
   */
  private final int[] triggerLength;
  /** The rules of each trigger (all keyword-triggered and line-level). */
  private final int[][] triggerRules;
  /** The ids of the digit-run triggers. */
  private final int[] digitTriggers;
  private final int regexExpressions;
  private final int keywordTriggered;
  private final ThreadLocal<Worker> workers;
  /** True when the database came from {@link HyperscanCache} rather than a compile. */
  final boolean fromCache;

  /**
   * Compiles the database for {@code rules}.
   *
   * @throws IllegalStateException when the natives do not load here ({@link #unavailableReason})
   */
  public HyperscanMatcher(List<Rule> rules) {
    super(rules);
    if (UNAVAILABLE != null) {
      throw new IllegalStateException("Hyperscan is not available here: " + UNAVAILABLE);
    }
    int n = this.rules.length;
    fileLevel = new boolean[n];
    for (int r = 0; r < n; r++) {
      Rule rule = this.rules[r];
      fileLevel[r] =
          !rule.isQuery()
              && (rule.span() > 0
                  || (rule.keywords().isEmpty() && rule.digits() <= 0)
                  || rule.keywords().stream().anyMatch(k -> k.indexOf('\n') >= 0));
    }
    positioned = new boolean[n];
    for (int r = 0; r < n; r++) {
      Rule rule = this.rules[r];
      positioned[r] =
          fileLevel[r]
              && !rule.keywords().isEmpty()
              && rule.digits() <= 0
              && rule.keywords().stream().allMatch(k -> k.length() < MAX_POSITIONED);
    }
    String[] regex = new String[n];
    boolean[] javaOnly = new boolean[n];
    boolean[] limited = new boolean[n];
    for (int r = 0; r < n; r++) {
      // Rules that only exclude some paths apply almost everywhere: they stay in the first.
      limited[r] = !rules.get(r).includePaths().isEmpty();
    }
    pathRules = java.util.stream.IntStream.range(0, n).filter(r -> limited[r]).toArray();
    String key = cacheKey();
    boolean[] cachedBoth = {true};
    Triggers triggers = new Triggers(placeable());
    everywhere = part(key + "-everywhere", r -> !limited[r], regex, javaOnly, cachedBoth, triggers);
    pathLimited = part(key + "-paths", r -> limited[r], regex, javaOnly, cachedBoth, triggers);
    fromCache = cachedBoth[0];
    triggerLength = triggers.lengths.stream().mapToInt(Integer::intValue).toArray();
    triggerRules = triggers.rules.toArray(int[][]::new);
    digitTriggers =
        java.util.stream.IntStream.range(1, triggerLength.length)
            .filter(t -> triggerLength[t] == DIGIT_RUN)
            .toArray();
    int regexCount = 0;
    int keywordCount = 0;
    List<Integer> always = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      if (this.rules[r].isQuery()) {
        continue;
      }
      if (javaOnly[r]) {
        always.add(r);
      } else if (regex[r] != null) {
        regexCount++;
      } else {
        keywordCount++;
      }
    }
    regexExpressions = regexCount;
    keywordTriggered = keywordCount;
    alwaysJava = always.stream().mapToInt(Integer::intValue).toArray();
    // One scratch space serves both databases (Hyperscan grows it to fit each).
    prototype = new hs_scratch_t();
    List<hs_database_t> databases = new ArrayList<>();
    for (Part part : new Part[] {everywhere, pathLimited}) {
      if (part != null) {
        databases.add(part.database);
      }
    }
    hs_scratch_t proto = prototype;
    Runnable free =
        () -> {
          hs_free_scratch(proto);
          databases.forEach(db -> hs_free_database(db));
        };
    for (hs_database_t db : databases) {
      if (hs_alloc_scratch(db, prototype) != HS_SUCCESS) {
        free.run();
        throw new IllegalStateException("Hyperscan could not allocate scratch space");
      }
    }
    CLEANER.register(this, free);
    workers = ThreadLocal.withInitial(this::newWorker);
    lineHits = new java.util.concurrent.atomic.AtomicLongArray(STATS ? n : 0);
    callbacks = new java.util.concurrent.atomic.AtomicLongArray(STATS ? n : 0);
  }

  /** True when rule {@code r}'s windows are placed from its triggers' reports. */
  boolean placed(int r) {
    for (int t = 1; t < triggerRules.length; t++) {
      for (int rule : triggerRules[t]) {
        if (rule == r) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Lines given the keyword pass per rule id, when statistics are on; empty otherwise. Rules
   * whose windows are placed from their triggers ({@link #placed}) have none: see {@link
   * #callbacks} for theirs.
   */
  public java.util.Map<String, Long> lineHits() {
    return byRule(lineHits);
  }

  /** Native match callbacks in all, when statistics are on (one may concern several rules). */
  public long nativeCalls() {
    return nativeCalls.sum();
  }

  /** Native match callbacks per rule id, when statistics are on; empty otherwise. */
  public java.util.Map<String, Long> callbacks() {
    return byRule(callbacks);
  }

  private java.util.Map<String, Long> byRule(java.util.concurrent.atomic.AtomicLongArray counts) {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    for (int r = 0; r < counts.length(); r++) {
      if (counts.get(r) > 0) {
        out.put(rules[r].id(), counts.get(r));
      }
    }
    return out;
  }

  /**
   * One database: the rule of each expression id, and for keyword positions the keyword's length
   * (negative when the rule's own expression, not the keyword, says whether it hit; 0 for other
   * expressions).
   */
  private record Part(
      hs_database_t database,
      int[] expressionRule,
      int[] expressionLength,
      int[][] expressionRules,
      int[] expressionTrigger) {}

  /** {@link #triggerLength} of a digit-run trigger. */
  private static final int DIGIT_RUN = -1;

  /** The triggers of both databases as they are numbered ({@link #triggerLength}). */
  private static final class Triggers {
    final boolean placing;
    final List<Integer> lengths = new ArrayList<>(List.of(0));
    final List<int[]> rules = new ArrayList<>(List.of(new int[0]));

    Triggers(boolean placing) {
      this.placing = placing;
    }

    /** The trigger ids of {@code e}'s expressions, 0 for expressions that are none. */
    int[] number(Expressions e) {
      int[] ids = new int[e.patterns().size()];
      for (int i = 0; placing && i < ids.length; i++) {
        int place = e.places().get(i);
        if (place != 0) {
          int[] shared = e.shared().get(i);
          ids[i] = rules.size();
          rules.add(shared != null ? shared : new int[] {e.rules().get(i)});
          lengths.add(place);
        }
      }
      return ids;
    }
  }

  /**
   * Whether windows may be placed from trigger reports: always, unless some keyword is too long
   * for the sort key of {@link #placeWindows} (then every hit line gets the keyword pass).
   */
  private boolean placeable() {
    int keywords = 0;
    for (Rule rule : rules) {
      for (String k : rule.keywords()) {
        if (k.isEmpty() || k.length() >= MAX_POSITIONED) {
          return false;
        }
        keywords++;
      }
    }
    return keywords < 1 << 18;
  }

  /** Keywords this long or longer are found by the keyword pass, not as positions. */
  private static final int MAX_POSITIONED = 1 << 12;

  /**
   * The database of the rules {@code in} accepts, from the cache under {@code key} or compiled
   * (then stored); fills in their entries of {@code regex} and {@code javaOnly}. Null when none
   * of them has an expression. Clears {@code cachedBoth[0]} when it compiled.
   */
  private Part part(
      String key,
      java.util.function.IntPredicate in,
      String[] regex,
      boolean[] javaOnly,
      boolean[] cachedBoth,
      Triggers triggers) {
    if (java.util.stream.IntStream.range(0, rules.length).noneMatch(r -> in.test(r) && !rules[r].isQuery())) {
      return null;
    }
    hs_database_t db = cached(key, regex, javaOnly, in);
    if (db == null) {
      cachedBoth[0] = false;
      for (int r = 0; r < rules.length; r++) {
        if (in.test(r)) {
          regex[r] = rules[r].isQuery() ? null : translate(rules[r]);
        }
      }
      if (expressions(regex, javaOnly, in).patterns().isEmpty()) {
        return null;
      }
      db = compileDemoting(regex, javaOnly, in);
      store(key, db, regex, javaOnly);
    }
    Expressions e = expressions(regex, javaOnly, in);
    return new Part(
        db,
        e.rules().stream().mapToInt(Integer::intValue).toArray(),
        e.lengths().stream().mapToInt(Integer::intValue).toArray(),
        e.shared().toArray(int[][]::new),
        triggers.number(e));
  }

  /**
   * Compiles the expressions of {@code regex} (null: keyword triggers) and {@code javaOnly};
   * each expression Hyperscan refuses demotes its rule one step, regex to keyword triggers and
   * triggers to the Java prefilter on every text, and the rest compiles again.
   */
  private hs_database_t compileDemoting(
      String[] regex, boolean[] javaOnly, java.util.function.IntPredicate in) {
    while (true) {
      Compiled compiled = compile(expressions(regex, javaOnly, in));
      if (compiled.database != null) {
        return compiled.database;
      }
      int bad = compiled.failedRule;
      if (bad < 0) {
        throw new IllegalStateException("Hyperscan could not compile the rules: " + compiled.error);
      }
      if (regex[bad] != null) {
        regex[bad] = null;
      } else {
        javaOnly[bad] = true;
      }
    }
  }

  /**
   * The Hyperscan form of the rule's pattern, or null. Flags given to {@code Pattern.compile}
   * are not in the pattern's text, so such a pattern takes keyword triggers ({@link
   * dev.airlock.rules.Regex#plain}).
   */
  private static String translate(Rule rule) {
    String source = rule.regex().source();
    if (!rule.regex().plain()) {
      return null;
    }
    HyperscanSyntax.Translation t = HyperscanSyntax.analyse(source);
    if (t == null) {
      return null;
    }
    // Without keywords or digits the alternative trigger is the whole text: no better.
    boolean triggers = !rule.keywords().isEmpty() || rule.digits() > 0;
    return t.literals() < MIN_LITERALS && triggers ? null : t.expression();
  }

  /**
   * An expression with fewer mandatory literal characters than this is left out in favour of
   * the rule's keywords or digit runs, when it has some (the Java prefilter's own triggers):
   * with its lookaheads dropped, a pattern such as "a row with a name, a birth date and a
   * diagnosis" matches at every byte of a comma-separated line, and each end offset is a call
   * from native code. And expressions of little more than character classes (a card number's
   * digit groups, an e-mail address around its '@') cannot be found by Hyperscan's literal
   * search: ten such rules cut the whole database's scan from about 550 to 145 MB/s on
   * generated Go code.
   */
  static final int MIN_LITERALS = 3;

  /**
   * What the database is made of: every rule's pattern, triggers and level, the translation code
   * (its class files) and the library, so that a hit needs no translation at all.
   */
  private String cacheKey() {
    List<String> inputs = new ArrayList<>();
    inputs.add("airlock-hyperscan-db-1");
    inputs.add(hyperscan.hs_version().getString());
    inputs.add(System.getProperty("os.arch"));
    inputs.add(classFileHash(HyperscanSyntax.class));
    inputs.add(classFileHash(HyperscanMatcher.class));
    // Built at every start before anything is compiled: a StringBuilder, because the first
    // string concatenation of a shape costs its bootstrap, and raw class bytes into the digest.
    StringBuilder input = new StringBuilder();
    for (int r = 0; r < rules.length; r++) {
      Rule rule = rules[r];
      input.setLength(0);
      if (rule.isQuery()) {
        input.append("query");
      } else {
        // The source, not the compiled pattern: built-in patterns compile on first use.
        input.append(rule.regex().source()).append('\u0001').append(rule.regex().plain())
            .append('\u0001').append(rule.keywords()).append('\u0001').append(rule.digits())
            .append('\u0001').append(fileLevel[r]);
      }
      inputs.add(input.toString());
    }
    return HyperscanCache.key(inputs);
  }

  /**
   * The class file's length and CRC-32C: enough to tell one build's translation code from
   * another's, and native even before the JIT runs (SHA-256 of the two class files, interpreted,
   * was a fifth of building this engine at start-up).
   */
  private static String classFileHash(Class<?> type) {
    try (java.io.InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      if (in == null) {
        return "?";
      }
      byte[] bytes = in.readAllBytes();
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(bytes, 0, bytes.length);
      return bytes.length + ":" + Long.toHexString(crc.getValue());
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  /**
   * The cached database for {@code key}, with the demotions it was compiled with applied to
   * {@code regex} and {@code javaOnly}; null when there is none or it does not load.
   */
  private hs_database_t cached(
      String key, String[] regex, boolean[] javaOnly, java.util.function.IntPredicate in) {
    java.nio.ByteBuffer content = HyperscanCache.map(key);
    int n = rules.length;
    if (content == null || content.capacity() <= n + 4) {
      return null;
    }
    // Big-endian, as store writes it.
    if (content.getInt(0) != n) {
      return null;
    }
    int size = content.capacity() - 4 - n;
    // Hyperscan reads the mapped file itself: no copy in Java or native memory first.
    try (BytePointer bytes = new BytePointer(content.slice(4 + n, size))) {
      hs_database_t db = new hs_database_t();
      if (hs_deserialize_database(bytes, size, db) != HS_SUCCESS) {
        return null;
      }
      for (int r = 0; r < n; r++) {
        if (!in.test(r)) {
          continue;
        }
        // The expressions themselves are in the database; only which rules have one matters.
        byte level = content.get(4 + r);
        regex[r] = level == 0 && !rules[r].isQuery() ? "" : null;
        javaOnly[r] = level == 2;
      }
      return db;
    }
  }

  /** Writes {@code db} and its rules' demotions to the cache; silent on failure. */
  private void store(String key, hs_database_t db, String[] regex, boolean[] javaOnly) {
    int n = rules.length;
    try (PointerPointer<BytePointer> out = new PointerPointer<>(1);
        SizeTPointer length = new SizeTPointer(1)) {
      if (hs_serialize_database(db, out, length) != HS_SUCCESS) {
        return;
      }
      BytePointer serialized = new BytePointer(out.get(0));
      long size = length.get();
      if (size > Integer.MAX_VALUE - n - 4) {
        Pointer.free(serialized);
        return;
      }
      byte[] content = new byte[4 + n + (int) size];
      content[0] = (byte) (n >>> 24);
      content[1] = (byte) (n >>> 16);
      content[2] = (byte) (n >>> 8);
      content[3] = (byte) n;
      for (int r = 0; r < n; r++) {
        content[4 + r] = (byte) (javaOnly[r] ? 2 : regex[r] == null ? 1 : 0);
      }
      serialized.capacity(size).get(content, 4 + n, (int) size);
      Pointer.free(serialized);
      HyperscanCache.write(key, content);
    }
  }

  /** Null when the natives load on this machine; otherwise why they do not. */
  public static String unavailableReason() {
    return UNAVAILABLE;
  }

  private static String probe() {
    try {
      Loader.load(hyperscan.class);
      if (hyperscan.hs_valid_platform() != HS_SUCCESS) {
        return "this CPU lacks the instructions Hyperscan needs (SSSE3)";
      }
      return null;
    } catch (Throwable t) {
      String arch = System.getProperty("os.name") + " " + System.getProperty("os.arch");
      return "no Hyperscan natives for " + arch + " (" + t.getClass().getSimpleName() + ")";
    }
  }

  @Override
  public String describe() {
    return "hyperscan "
        + hyperscan.hs_version().getString().split(" ")[0]
        + " ("
        + regexExpressions
        + " regex rules in the database, "
        + keywordTriggered
        + " on keyword triggers, "
        + alwaysJava.length
        + " on the Java prefilter)";
  }

  @Override
  public Matches match(Utf8Text text, String path) {
    if (text.offset() != 0) {
      // Bytes before the text (a byte order mark) would shift every offset: encode it again.
      return match(text.text(), path);
    }
    PathClassifier.Verdict skip = skipped(path);
    if (text.ascii()) {
      // Hits are placed in the bytes themselves; the text is decoded only when some rule has a
      // window to confirm, and most source files have none.
      Windows windows = emptyWindows(text.bytes(), text.length());
      fill(text.bytes(), text.length(), null, skip.skip(), windows);
      return confirm(text, skip, windows);
    }
    // Outside ASCII the windows are placed in the characters, so the text is decoded, but only
    // once the bytes are hit: a file of 1.7 MB with a few typographic quotes decodes to 3.4 MB of
    // UTF-16 (and a trimmed copy), most of the garbage of a scan of the AWS SDK for Go.
    Worker w = scanBytes(text.bytes(), text.length(), skip.skip());
    boolean javaRules = alwaysJava.length > 0 && anyApplies(alwaysJava, skip.skip());
    if (w.count == 0 && w.placeCount == 0 && w.fileHitCount == 0 && !javaRules) {
      w.finish();
      return nothingFound(skip);
    }
    String decoded = text.text();
    Windows windows = emptyWindows(decoded);
    placeHits(w, decoded, skip.skip(), windows);
    return confirm(decoded, skip, windows);
  }

  @Override
  Windows windows(String text, boolean[] skip) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    Windows windows = emptyWindows(text);
    fill(utf8, utf8.length, text, skip, windows);
    return windows;
  }

  /**
   * Scans {@code utf8[0, length)}, the UTF-8 form of {@code text}, and adds the windows of what
   * it hit. A null text stands for one whose characters are those bytes, one each.
   */
  private void fill(byte[] utf8, int length, String text, boolean[] skip, Windows windows) {
    placeHits(scanBytes(utf8, length, skip), text, skip, windows);
  }

  /** Scans {@code utf8[0, length)}; the thread's worker then holds the hits. */
  private Worker scanBytes(byte[] utf8, int length, boolean[] skip) {
    Worker w = workers.get();
    w.start(utf8, length, skip);
    ACTIVE.set(w);
    try {
      if (everywhere != null) {
        scan(everywhere, w, length);
      }
      if (pathLimited != null && anyApplies(pathRules, skip)) {
        scan(pathLimited, w, length);
      }
    } finally {
      ACTIVE.remove();
    }
    return w;
  }

  /** Adds the windows of the hits {@link #scanBytes} left in {@code w}, and resets it. */
  private void placeHits(Worker w, String text, boolean[] skip, Windows windows) {
    if (w.placeCount > 0 && text != null && w.length != text.length()) {
      // Byte offsets are not the characters': the hit lines get the keyword pass instead.
      w.linesFromTriggers();
    }
    lineWindows(w, text, windows);
    if (w.placeCount > 0) {
      placeWindows(w, skip, windows);
    }
    fileWindows(w, text, skip, windows);
    w.finish();
  }

  /**
   * Adds the windows of keyword-triggered rules from their triggers' reports (where byte and
   * character offsets agree): the same {@code Windows.add} calls, in the same order, as the
   * keyword pass over the whole text makes for those rules. A keyword report is the occurrence
   * itself (the keyword is a literal of known length, and every occurrence is reported, case
   * folded as the pass folds it, overlapping ones too); a digit-run report ends at or just after
   * a run that the pass may count, which then measures the runs around it exactly ({@link
   * AhoCorasick#digitRunsAt}). In the pass's order: by the index of the character that reports
   * them, a run before the keywords ending there, the longer keyword first.
   */
  private void placeWindows(Worker w, boolean[] skip, Windows windows) {
    long[] places = w.places;
    int count = w.placeCount;
    byte[] bytes = w.bytes;
    long[] events = w.events(count);
    int eventCount = 0;
    int runCount = 0;
    for (int next : digitTriggers) {
      // Digit-run reports, one trigger at a time (one per database at most): the exact runs
      // that hold the last digit of each report, each run once.
      int candidates = 0;
      int[] at = w.candidates(count);
      for (int i = 0; i < count; i++) {
        if ((int) places[i] == next) {
          int end = (int) (places[i] >>> 32);
          at[candidates++] = isDigit(bytes[end - 1]) ? end - 1 : end - 2;
        }
      }
      if (candidates == 0) {
        continue;
      }
      Arrays.sort(at, 0, candidates);
      int[][] out = w.runsOut;
      int found = digitRunsAt(bytes, w.length, at, candidates, out);
      int[] runs = out[0];
      for (int k = 0; k < found; k += 4) {
        int[] kept = w.runs(runCount + 4);
        kept[runCount] = runs[k];
        kept[runCount + 1] = runs[k + 1];
        kept[runCount + 2] = runs[k + 2];
        kept[runCount + 3] = next;
        events = w.events(eventCount + 1);
        events[eventCount++] = (long) runs[k + 3] << 32 | runCount;
        runCount += 4;
      }
    }
    for (int i = 0; i < count; i++) {
      int t = (int) places[i];
      int length = triggerLength[t];
      if (length == DIGIT_RUN) {
        continue;
      }
      long end = places[i] >>> 32;
      events = w.events(eventCount + 1);
      events[eventCount++] =
          (end - 1) << 32 | 1L << 31 | (long) (MAX_POSITIONED - 1 - length) << 19 | t;
    }
    Arrays.sort(events, 0, eventCount);
    int[] runs = w.runs;
    for (int i = 0; i < eventCount; i++) {
      long e = events[i];
      if ((e & 1L << 31) == 0) {
        int k = (int) e;
        int digits = runs[k + 2];
        for (int r : triggerRules[runs[k + 3]]) {
          if (digits >= rules[r].digits() && (skip == null || !skip[r])) {
            windows.add(r, runs[k], runs[k + 1]);
          }
        }
      } else {
        int t = (int) (e & 0x7FFFF);
        int length = MAX_POSITIONED - 1 - (int) ((e >>> 19) & (MAX_POSITIONED - 1));
        int end = (int) (e >>> 32) + 1;
        for (int r : triggerRules[t]) {
          if (skip == null || !skip[r]) {
            windows.add(r, end - length, end);
          }
        }
      }
    }
    w.placeCount = 0;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static void scan(Part part, Worker w, int length) {
    w.expressionRule = part.expressionRule;
    w.expressionLength = part.expressionLength;
    w.expressionRules = part.expressionRules;
    w.expressionTrigger = part.expressionTrigger;
    int rc = hs_scan(part.database, w.buffer, length, 0, w.scratch, HANDLER, null);
    if (rc != HS_SUCCESS) {
      throw new IllegalStateException("Hyperscan scan failed with code " + rc);
    }
  }

  private static boolean anyApplies(int[] rules, boolean[] skip) {
    if (skip == null) {
      return true;
    }
    for (int r : rules) {
      if (!skip[r]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Finds the windows of each line that line-level rules hit, once per line for all of them. A
   * null text stands for the worker's bytes, one per character.
   */
  private void lineWindows(Worker w, String text, Windows windows) {
    int count = w.count;
    if (count == 0) {
      return;
    }
    long[] hits = w.hits;
    byte[] utf8 = w.bytes;
    int length = w.length;
    // Where the offsets agree, the bytes stand for the characters: line breaks are at the same
    // places, and the keyword pass reads a byte outside ASCII as it reads a character outside it.
    boolean sameOffsets = text == null || length == text.length();
    byte[] ascii = sameOffsets ? utf8 : null;
    int textLength = sameOffsets ? length : text.length();
    if (sameOffsets && (long) count * DENSE_HITS > length) {
      denseWindows(w, text, windows);
      return;
    }
    Arrays.sort(hits, 0, count);
    int[] mark = w.lineMark;
    int lineId = w.lineId;
    int lineStart = -1;
    int lineEnd = -1;
    // For text outside ASCII: the byte and char offsets of the current line's start.
    int byteLineStart = 0;
    int byteLineEnd = sameOffsets ? -1 : indexOf(utf8, 0, length);
    int charLineStart = 0;
    boolean pending = false;
    for (int h = 0; h < count; h++) {
      int q = (int) (hits[h] >>> 20) - 1; // the last byte of the hit
      int r = (int) (hits[h] & 0xFFFFF);
      int from;
      int to;
      if (STATS && mark[r] != lineId + (sameOffsets ? (q <= lineEnd ? 0 : 1) : 0)) {
        lineHits.incrementAndGet(r);
      }
      if (sameOffsets) {
        if (q <= lineEnd) {
          mark[r] = lineId;
          continue;
        }
        from = lastIndexOf(utf8, q - 1) + 1;
        to = indexOf(utf8, q, length);
      } else {
        if (q <= byteLineEnd && lineStart >= 0) {
          mark[r] = lineId;
          continue;
        }
        while (q > byteLineEnd && byteLineEnd >= 0) {
          byteLineStart = byteLineEnd + 1;
          byteLineEnd = indexOf(utf8, byteLineStart, length);
          charLineStart = text.indexOf('\n', charLineStart) + 1;
        }
        if (byteLineEnd < 0) {
          byteLineEnd = Integer.MAX_VALUE;
        }
        from = charLineStart;
        to = text.indexOf('\n', from);
      }
      if (pending) {
        discover(text, ascii, lineStart, lineEnd, mark, lineId, null, windows);
      }
      lineStart = from;
      lineEnd = to < 0 ? textLength : to;
      lineId++;
      mark[r] = lineId;
      pending = true;
    }
    if (pending) {
      discover(text, ascii, lineStart, lineEnd, mark, lineId, null, windows);
    }
    w.lineId = lineId;
  }

  /**
   * Above one line-level hit per this many characters, the keyword pass runs once over the whole
   * text for the rules hit anywhere, as the Java engine does, instead of once per hit line: on
   * text dense with keywords and numbers the per-line passes cost more than the whole. The
   * windows are a superset of the per-line ones, and the extra windows lie on lines where
   * Hyperscan saw no possible match of their rule, so they find nothing more.
   */
  private static final int DENSE_HITS = 64;

  private void denseWindows(Worker w, String text, Windows windows) {
    int mark = ++w.lineId;
    int[] wanted = w.lineMark;
    for (int h = 0; h < w.count; h++) {
      int r = (int) (w.hits[h] & 0xFFFFF);
      if (STATS && wanted[r] != mark) {
        lineHits.incrementAndGet(r);
      }
      wanted[r] = mark;
    }
    discover(text, w.bytes, 0, w.length, wanted, mark, null, windows);
  }

  /** The first line break in {@code bytes[from, end)}, or -1. */
  private static int indexOf(byte[] bytes, int from, int end) {
    for (int i = Math.max(from, 0); i < end; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The last line break at or before {@code from}, or -1. */
  private static int lastIndexOf(byte[] bytes, int from) {
    for (int i = from; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Windows of the rules confirmed over the whole text: hit ones, and those Hyperscan lacks. The
   * keyword positions Hyperscan reported serve where byte and char offsets agree; elsewhere the
   * keyword pass finds them again.
   */
  private void fileWindows(Worker w, String text, boolean[] skip, Windows windows) {
    int[] wanted = null;
    for (int r : alwaysJava) {
      if (skip == null || !skip[r]) {
        wanted = want(w, wanted, r);
      }
    }
    boolean sameOffsets = text == null || w.length == text.length();
    boolean anyPositioned = false;
    for (int r : w.fileHits()) {
      if (STATS) {
        lineHits.incrementAndGet(r);
      }
      if (positioned[r] && sameOffsets) {
        anyPositioned = true;
      } else {
        wanted = want(w, wanted, r);
      }
    }
    if (anyPositioned) {
      positionWindows(w, windows);
    }
    if (wanted == null) {
      return;
    }
    boolean keywordsNeeded = false;
    for (int r = 0; r < rules.length; r++) {
      if (wanted[r] == w.fileMark) {
        if (rules[r].keywords().isEmpty() && rules[r].digits() <= 0) {
          windows.addWhole(r);
        } else {
          keywordsNeeded = true;
        }
      }
    }
    if (keywordsNeeded) {
      discover(
          text,
          sameOffsets ? w.bytes : null,
          0,
          sameOffsets ? w.length : text.length(),
          wanted,
          w.fileMark,
          null,
          windows);
    }
  }

  /**
   * Adds the keyword positions of hit rules in the order the keyword pass would: by end, the
   * longer keyword first among those ending together.
   */
  private void positionWindows(Worker w, Windows windows) {
    long[] p = w.positions;
    int count = w.positionCount;
    Arrays.sort(p, 0, count);
    for (int i = 0; i < count; i++) {
      int end = (int) (p[i] >>> 32);
      int length = MAX_POSITIONED - 1 - (int) ((p[i] >>> 20) & (MAX_POSITIONED - 1));
      int r = (int) (p[i] & 0xFFFFF);
      if (w.fileHit[r]) {
        windows.add(r, end - length, end);
      }
    }
  }

  private static int[] want(Worker w, int[] wanted, int r) {
    if (wanted == null) {
      w.fileMark++;
      wanted = w.fileWanted;
    }
    wanted[r] = w.fileMark;
    return wanted;
  }

  private Worker newWorker() {
    hs_scratch_t scratch = new hs_scratch_t();
    if (hs_clone_scratch(prototype, scratch) != HS_SUCCESS) {
      throw new IllegalStateException("Hyperscan could not allocate scratch space");
    }
    Worker w = new Worker(this, scratch);
    CLEANER.register(w, () -> hs_free_scratch(scratch));
    return w;
  }

  /** One thread's scan state: scratch space, the native copy of the text, the hits. */
  private static final class Worker {
    final HyperscanMatcher matcher;
    final hs_scratch_t scratch;
    BytePointer buffer = new BytePointer(1 << 16);
    /** The text's UTF-8 bytes, {@code [0, length)} of this array. */
    byte[] bytes;
    int length;
    boolean[] skip;
    /** The rule of each expression id of the database being scanned. */
    int[] expressionRule;
    /** {@link Part#expressionLength} of the database being scanned. */
    int[] expressionLength;
    /** {@link Part#expressionRules} of the database being scanned. */
    int[][] expressionRules;
    /** {@link Part#expressionTrigger} of the database being scanned. */
    int[] expressionTrigger;
    /** Reports of line-level triggers as (end offset << 32 | trigger id), in report order. */
    long[] places = new long[256];
    int placeCount;
    /** {@link #placeWindows}'s scratch: sort keys, digit positions, exact runs. */
    private long[] events = new long[256];
    private int[] candidates = new int[64];
    int[] runs = new int[64];
    final int[][] runsOut = new int[1][];
    /**
     * Keyword positions of file-level rules as (end offset << 32 | (MAX_POSITIONED - 1 - length)
     * << 20 | rule): sorted, by end and then the longer keyword first.
     */
    long[] positions = new long[64];
    int positionCount;
    /** Hits as (end offset << 20 | rule), for line-level rules. */
    long[] hits = new long[256];
    int count;
    /** Per rule: the end offset of its last recorded hit, or -1. */
    final int[] lastEnd;
    final boolean[] fileHit;
    final int[] fileHitList;
    int fileHitCount;
    final int[] lineMark;
    int lineId;
    final int[] fileWanted;
    int fileMark;

    Worker(HyperscanMatcher matcher, hs_scratch_t scratch) {
      this.matcher = matcher;
      this.scratch = scratch;
      int n = matcher.rules.length;
      lastEnd = new int[n];
      fileHit = new boolean[n];
      fileHitList = new int[n];
      lineMark = new int[n];
      fileWanted = new int[n];
      Arrays.fill(lastEnd, -1);
    }

    void start(byte[] utf8, int length, boolean[] skip) {
      if (buffer.capacity() < length) {
        buffer.close();
        buffer = new BytePointer(Math.max(length, buffer.capacity() * 2));
      }
      buffer.put(utf8, 0, length);
      this.bytes = utf8;
      this.length = length;
      this.skip = skip;
    }

    void hit(int expression, long end) {
      if (STATS) {
        matcher.nativeCalls.increment();
      }
      int trigger = expressionTrigger[expression];
      if (trigger != 0) {
        if (STATS) {
          for (int r : matcher.triggerRules[trigger]) {
            matcher.callbacks.incrementAndGet(r);
          }
        }
        if (placeCount == places.length) {
          places = Arrays.copyOf(places, placeCount * 2);
        }
        places[placeCount++] = end << 32 | trigger;
        return;
      }
      int[] shared = expressionRules[expression];
      if (shared == null) {
        hit(expressionRule[expression], expression, end);
        return;
      }
      for (int r : shared) {
        hit(r, expression, end);
      }
    }

    private void hit(int r, int expression, long end) {
      if (STATS) {
        matcher.callbacks.incrementAndGet(r);
      }
      if (skip != null && skip[r]) {
        return;
      }
      if (matcher.fileLevel[r]) {
        int length = expressionLength[expression];
        if (length != 0) {
          int k = Math.abs(length);
          if (positionCount == positions.length) {
            positions = Arrays.copyOf(positions, positionCount * 2);
          }
          positions[positionCount++] =
              end << 32 | (long) (MAX_POSITIONED - 1 - k) << 20 | r;
          if (length < 0) {
            return; // the rule's own expression decides whether it hit
          }
        }
        if (!fileHit[r]) {
          fileHit[r] = true;
          fileHitList[fileHitCount++] = r;
        }
        return;
      }
      lineHit(r, (int) end);
    }

    /** Records a line-level hit of rule {@code r} ending at {@code e}. */
    private void lineHit(int r, int e) {
      int last = lastEnd[r];
      if (last >= 0 && e - last <= 256 && e > last) {
        // Runs of a repeat report every end offset: one hit per line and rule is enough.
        boolean newline = false;
        for (int k = last - 1; k < e - 1; k++) {
          if (bytes[k] == '\n') {
            newline = true;
            break;
          }
        }
        if (!newline) {
          return;
        }
      }
      lastEnd[r] = e;
      if (count == hits.length) {
        hits = Arrays.copyOf(hits, count * 2);
      }
      hits[count++] = ((long) e << 20) | r;
    }

    int[] fileHits() {
      return Arrays.copyOf(fileHitList, fileHitCount);
    }

    /** Turns the triggers' reports into line hits of their rules, for the keyword pass. */
    void linesFromTriggers() {
      for (int i = 0; i < placeCount; i++) {
        int end = (int) (places[i] >>> 32);
        for (int r : matcher.triggerRules[(int) places[i]]) {
          if (skip == null || !skip[r]) {
            lineHit(r, end);
          }
        }
      }
      placeCount = 0;
    }

    long[] events(int size) {
      if (events.length < size) {
        events = Arrays.copyOf(events, Math.max(size, events.length * 2));
      }
      return events;
    }

    int[] candidates(int size) {
      if (candidates.length < size) {
        candidates = new int[Math.max(size, candidates.length * 2)];
      }
      return candidates;
    }

    int[] runs(int size) {
      if (runs.length < size) {
        runs = Arrays.copyOf(runs, Math.max(size, runs.length * 2));
      }
      return runs;
    }

    /** Resets the per-text state, leaving the arrays for the next text. */
    void finish() {
      for (int h = 0; h < count; h++) {
        lastEnd[(int) (hits[h] & 0xFFFFF)] = -1;
      }
      for (int i = 0; i < fileHitCount; i++) {
        fileHit[fileHitList[i]] = false;
      }
      count = 0;
      fileHitCount = 0;
      positionCount = 0;
      placeCount = 0;
      if (places.length > 1 << 16) {
        places = new long[256];
        events = new long[256];
        candidates = new int[64];
        runs = new int[64];
      }
      if (positions.length > 1 << 16) {
        positions = new long[64];
      }
      bytes = null;
      skip = null;
      if (hits.length > 1 << 16) {
        hits = new long[256];
      }
    }
  }

  /** The one native callback; finds the scanning thread's worker. */
  private static final class Handler extends match_event_handler {
    @Override
    public int call(int id, long from, long to, int flags, Pointer context) {
      ACTIVE.get().hit(id, to);
      return 0;
    }
  }

  /**
   * The expressions of a database, the rule each stands for and, for keyword positions, the
   * keyword's length as in {@link Part#expressionLength}.
   */
  private record Expressions(
      List<String> patterns,
      List<Integer> flags,
      List<Integer> rules,
      List<Integer> lengths,
      List<int[]> shared,
      List<Integer> places,
      Map<String, Integer> lineLevel) {
    void add(String pattern, int flag, int rule, int length) {
      patterns.add(pattern);
      flags.add(flag);
      rules.add(rule);
      lengths.add(length);
      shared.add(null);
      places.add(0);
    }

    /**
     * Adds a line-level trigger of {@code rule}, or, when another rule already has the same one,
     * makes that expression stand for both: each match is then one call from native code for
     * all of them rather than one each (generic secret rules share keywords; every line-level
     * digit rule shares one run). On the OpenJDK sources the digit-run expressions, one per
     * rule, were most of the 860,000 calls.
     */
    void addShared(String pattern, int flag, int rule, int place) {
      Integer at = lineLevel.get(pattern);
      if (at == null || flags.get(at) != flag) {
        lineLevel.put(pattern, patterns.size());
        add(pattern, flag, rule, 0);
        places.set(places.size() - 1, place);
        return;
      }
      int[] group = shared.get(at);
      if (group == null) {
        group = new int[] {rules.get(at)};
      }
      group = Arrays.copyOf(group, group.length + 1);
      group[group.length - 1] = rule;
      shared.set(at, group);
    }
  }

  private Expressions expressions(
      String[] regex, boolean[] javaOnly, java.util.function.IntPredicate in) {
    Expressions e =
        new Expressions(
            new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
            new ArrayList<>(), new ArrayList<>(), new HashMap<>());
    // Line-level rules triggered by digit runs share one expression, for the shortest run any of
    // them counts: a hit line goes through the keyword pass, whose digit runs give each rule
    // windows only for runs as long as its own count, so the windows are those of one expression
    // per count, which reported a run of 13 digits up to eight times (once per count up to 13).
    int shortestRun = Integer.MAX_VALUE;
    for (int r = 0; r < rules.length; r++) {
      if (!rules[r].isQuery() && !javaOnly[r] && in.test(r) && regex[r] == null && !fileLevel[r]
          && rules[r].digits() > 0) {
        shortestRun = Math.min(shortestRun, rules[r].digits());
      }
    }
    for (int r = 0; r < rules.length; r++) {
      Rule rule = rules[r];
      if (rule.isQuery() || javaOnly[r] || !in.test(r)) {
        continue;
      }
      int single = fileLevel[r] ? HS_FLAG_SINGLEMATCH : 0;
      if (regex[r] != null) {
        e.add(regex[r], HS_FLAG_PREFILTER | single, r, 0);
        if (positioned[r]) {
          for (String k : rule.keywords()) {
            e.add(HyperscanSyntax.literal(k), HS_FLAG_CASELESS, r, -k.length());
          }
        }
        continue;
      }
      if (rule.keywords().isEmpty() && rule.digits() <= 0) {
        javaOnly[r] = true; // nothing narrower than the whole text triggers it
        continue;
      }
      for (String k : rule.keywords()) {
        // A positioned rule needs every occurrence, not only the first.
        boolean each = positioned[r];
        if (single == 0 && !each) {
          e.addShared(HyperscanSyntax.literal(k), HS_FLAG_CASELESS, r, k.length());
        } else {
          e.add(HyperscanSyntax.literal(k), HS_FLAG_CASELESS | (each ? 0 : single), r, each ? k.length() : 0);
        }
      }
      if (rule.digits() > 0) {
        // A superset of the Java prefilter's digit runs: digits with up to two separators. The
        // character after the run (or the end) is part of it, so that a run reports its end
        // once, not at every digit past the count: each report is a call from native code, and
        // on the OpenJDK sources those calls went from 861,000 to 205,000. The hit's line is the
        // same (a line break after the run is the end of the run's line).
        if (single == 0) {
          e.addShared(digitRun(shortestRun), 0, r, DIGIT_RUN);
        } else {
          e.add(digitRun(rule.digits()), single, r, 0);
        }
      }
    }
    return e;
  }

  /** A run of at least {@code digits} digits, with the character after it (or the end). */
  private static String digitRun(int digits) {
    return "[0-9](?:[\\x20\\x2d\\x2e\\x2f\\x28\\x29]{0,2}[0-9]){" + (digits - 1) + "}(?:[^0-9]|$)";
  }

  /** A compiled database, or the rule whose expression was refused (-1: none to blame). */
  private record Compiled(hs_database_t database, int[] rules, int failedRule, String error) {}

  private static Compiled compile(Expressions e) {
    int n = e.patterns().size();
    int[] owners = e.rules().stream().mapToInt(Integer::intValue).toArray();
    try (PointerPointer<BytePointer> patterns = new PointerPointer<>(n);
        IntPointer flags = new IntPointer(n);
        IntPointer ids = new IntPointer(n);
        PointerPointer<hs_database_t> db = new PointerPointer<>(1);
        PointerPointer<hs_compile_error_t> error = new PointerPointer<>(1)) {
      List<BytePointer> keep = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        BytePointer p = new BytePointer(e.patterns().get(i));
        keep.add(p);
        patterns.put(i, p);
        flags.put(i, e.flags().get(i));
        ids.put(i, i);
      }
      int rc = hs_compile_multi(patterns, flags, ids, n, HS_MODE_BLOCK, null, db, error);
      keep.forEach(Pointer::close);
      if (rc == HS_SUCCESS) {
        return new Compiled(new hs_database_t(db.get(0)), owners, -1, null);
      }
      hs_compile_error_t err = new hs_compile_error_t(error.get(0));
      int at = err.expression();
      String message = err.message().getString();
      hs_free_compile_error(err);
      return new Compiled(null, owners, at >= 0 && at < n ? owners[at] : -1, message);
    }
  }
}
