package dev.airlock.rules.engine;

import dev.airlock.rules.Category;
import dev.airlock.rules.Confidence;
import dev.airlock.rules.PathClassifier;
import dev.airlock.rules.Redaction;
import dev.airlock.rules.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What both engines share: the windows where a rule's regex runs (the lines of its keyword and
 * digit-run hits, found by an Aho-Corasick pass over a range of the text), and the confirmation
 * that runs each rule's {@code java.util.regex} pattern in its windows under a work budget and
 * turns raw matches into {@link Match}es (placeholders, allow lists, entropy, validators, context
 * words, table columns). An engine decides only which ranges of a text need that pass: {@link
 * JavaMatcher} the whole text, {@link HyperscanMatcher} the lines where its database saw a possible
 * match. Because a window never crosses a line break (for rules without a {@code span}), the
 * windows found in one line do not depend on the rest of the text, which is what makes the two
 * engines' findings identical. Thread-safe: per-call state lives on the stack.
 */
abstract class WindowedMatcher implements Matcher {
  /** How far around a hit on a long line the regex may look; tokens are far shorter than this. */
  private static final int REACH = 1024;

  /** Characters a regex may read per character of its window before the attempt is abandoned. */
  private static final long READS_PER_CHAR = 200;

  private static final long READS_BASE = 100_000;

  final Rule[] rules;
  /** Each rule's value group name (or null), read from its pattern once rather than per window. */
  private final String[] valueGroups;
  /**
   * Each rule's {@code requires} literals as ASCII bytes, for the screen on a text's bytes; null
   * for a literal with a character outside ASCII.
   */
  private final byte[][][] requiresAscii;
  /** Each rule's context words, grouped once for one-pass tests. */
  private final ContextWords[] raiseWords;
  private final ContextWords[] lowerWords;
  private final AhoCorasick keywords;
  private final int[] keywordLength;
  /** Rule indexes that each keyword (by index) triggers. */
  private final int[][] keywordRules;
  private final int[] digitRules;
  private final int[] everywhereRules;
  /** Which rules a path rules out by their globs, decided once per path for all of them. */
  private final PathClassifier paths;

  WindowedMatcher(List<Rule> rules) {
    this.rules = rules.toArray(Rule[]::new);
    int ruleCount = this.rules.length;
    this.threadWindows = ThreadLocal.withInitial(() -> new Windows(ruleCount));
    // Loops, not streams: this runs at every start for every rule and keyword (about 440 and
    // 1,000 built in) before the JIT has compiled anything, where each stream pipeline costs tens
    // of microseconds.
    this.valueGroups = new String[ruleCount];
    this.raiseWords = new ContextWords[ruleCount];
    this.lowerWords = new ContextWords[ruleCount];
    this.requiresAscii = new byte[ruleCount][][];
    for (int r = 0; r < ruleCount; r++) {
      Rule rule = this.rules[r];
      List<String> requires = rule.requires();
      requiresAscii[r] = new byte[requires.size()][];
      for (int i = 0; i < requires.size(); i++) {
        String literal = requires.get(i);
        requiresAscii[r][i] =
            ContextWords.isAscii(literal)
                ? literal.getBytes(java.nio.charset.StandardCharsets.US_ASCII)
                : null;
      }
      valueGroups[r] = rule.valueGroup();
      raiseWords[r] = ContextWords.of(rule.context().raise());
      lowerWords[r] = ContextWords.of(rule.context().lower());
    }
    Map<String, IntList> byKeyword = new LinkedHashMap<>();
    IntList digits = new IntList();
    IntList everywhere = new IntList();
    int minDigits = Integer.MAX_VALUE;
    for (int r = 0; r < ruleCount; r++) {
      Rule rule = this.rules[r];
      if (rule.isQuery()) {
        // Query rules run in the scanner, over code tokens; this engine only knows regexes.
        continue;
      }
      for (String k : rule.keywords()) {
        IntList triggered = byKeyword.get(k);
        if (triggered == null) {
          triggered = new IntList();
          byKeyword.put(k, triggered);
        }
        // Rules come in order, so a keyword a rule lists twice could only repeat the last entry.
        if (triggered.size == 0 || triggered.last() != r) {
          triggered.add(r);
        }
      }
      if (rule.digits() > 0) {
        digits.add(r);
        minDigits = Math.min(minDigits, rule.digits());
      }
      if (rule.keywords().isEmpty() && rule.digits() <= 0) {
        everywhere.add(r);
      }
    }
    List<String> words = new ArrayList<>(byKeyword.keySet());
    this.keywordLength = new int[words.size()];
    this.keywordRules = new int[words.size()][];
    for (int w = 0; w < words.size(); w++) {
      keywordLength[w] = words.get(w).length();
      keywordRules[w] = byKeyword.get(words.get(w)).toArray();
    }
    this.digitRules = digits.toArray();
    this.keywords = new AhoCorasick(words, minDigits);
    this.everywhereRules = everywhere.toArray();
    this.paths = PathClassifier.of(rules);
  }

  @Override
  public Matches match(String text) {
    return match(text, null);
  }

  @Override
  public Matches match(String text, String path) {
    PathClassifier.Verdict skip = skipped(path);
    return confirm(text, skip, windows(text, skip.skip()));
  }

  /** The windows of every rule not in {@code skip} (null: none skipped) where its regex must run. */
  abstract Windows windows(String text, boolean[] skip);

  /** Which rules a path rules out by their globs (every rule applies for a null path). */
  final PathClassifier.Verdict skipped(String path) {
    return paths.classify(path);
  }

  /**
   * Adds to {@code windows} the keyword and digit-run hits that lie wholly inside {@code [from,
   * to)}, for the rules whose {@code wanted} entry equals {@code mark} (or for every rule when
   * {@code wanted} is null) and not in {@code skip} (null: none). Reads {@code ascii} instead of
   * the text when it is given (the text's UTF-8 bytes, one per character; the text may then be
   * null).
   */
  final void discover(
      String text,
      byte[] ascii,
      int from,
      int to,
      int[] wanted,
      int mark,
      boolean[] skip,
      Windows windows) {
    // The windows are the sinks: two lambdas per call were an allocation per hit line.
    windows.wanted = wanted;
    windows.wantedMark = mark;
    windows.left = skip;
    if (ascii != null) {
      keywords.scan(ascii, from, to, windows, windows);
    } else {
      keywords.scan(text, from, to, windows, windows);
    }
  }

  /** {@link AhoCorasick#digitRunsAt} of this matcher's keyword pass. */
  final int digitRunsAt(byte[] b, int to, int[] at, int count, int[][] out) {
    return keywords.digitRunsAt(b, to, at, count, out);
  }

  private static boolean wants(int r, int[] wanted, int mark, boolean[] skip) {
    return (wanted == null || wanted[r] == mark) && (skip == null || !skip[r]);
  }

  /**
   * {@code utf8} when it can stand for {@code text} in the keyword pass (null otherwise): one
   * byte per character, which holds exactly when their lengths agree, since a character outside
   * ASCII takes two or more bytes unless it replaced one malformed byte.
   */
  static byte[] ascii(byte[] utf8, int length, String text) {
    return utf8 != null && length == text.length() ? utf8 : null;
  }

  /**
   * What {@link #confirm(String, PathClassifier.Verdict, Windows)} gives, decoding the text only
   * when some rule has a window to confirm.
   */
  final Matches confirm(Utf8Text text, PathClassifier.Verdict verdict, Windows windows) {
    if (windows.hitCount == 0) {
      return nothingFound(verdict);
    }
    if (windows.ascii == text.bytes()
        && text.ascii()
        && text.offset() == 0
        && !worthDecoding(text.bytes(), text.length(), verdict.skip(), windows)) {
      return nothingFound(verdict);
    }
    String decoded = text.text();
    windows.decoded(decoded);
    return confirm(decoded, verdict, windows);
  }

  /**
   * False only when no window of an ASCII text (found in its bytes, one byte per character) can
   * pass {@link #worthMatching}: every window's rule lacks a {@code requires} literal there, or a
   * required context word within reach. Then confirming finds nothing, and the text need not be
   * decoded: on generated Go code most windows are digit runs of rules whose context words are
   * nowhere near. Errs towards true: a text that may be a table (its column names are context),
   * and a literal outside ASCII, say "worth it". Context words are looked for in the bytes
   * themselves, with the text's own word boundaries, so the answer is the one the decoded text
   * would get; one rule's windows share a memo, since their reaches overlap.
   */
  private boolean worthDecoding(byte[] ascii, int length, boolean[] skip, Windows windows) {
    if (mayBeTable(ascii, length)) {
      return true;
    }
    int[] hit = windows.hitRules();
    int screened = 0;
    for (int r : hit) {
      if (skip != null && skip[r]) {
        continue;
      }
      Rule rule = rules[r];
      if (rule.requires().isEmpty() && !rule.context().required()) {
        // Confirmed anyway (on Java sources a copyright line is such a window): no screening.
        return true;
      }
      screened += windows.count(r) / 2;
    }
    if (screened > MAX_SCREENED) {
      return true;
    }
    ContextMemo memo = new ContextMemo();
    for (int r : hit) {
      if (skip != null && skip[r]) {
        continue;
      }
      int[] w = windows.of(r);
      int count = windows.count(r);
      memo.reset();
      for (int i = 0; i < count; i += 2) {
        if (worthMatching(r, ascii, length, w[i], w[i + 1], memo)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Windows screened on the bytes at most, per text: beyond, the text is decoded and confirmed
   * as it is, which a text dense with windows would need anyway.
   */
  private static final int MAX_SCREENED = 64;

  /**
   * {@link #worthMatching} of one window of a text that is not a table, on its bytes ({@code
   * ascii[0, length)}, one ASCII byte per character): the same answer, without the characters.
   */
  private boolean worthMatching(int r, byte[] ascii, int length, int from, int to, ContextMemo memo) {
    Rule rule = rules[r];
    byte[][] requires = requiresAscii[r];
    for (int i = 0; i < requires.length; i++) {
      if (!mayContain(ascii, from, to, requires[i])) {
        return false;
      }
    }
    if (!rule.context().required()) {
      return true;
    }
    int near = rule.context().window();
    return memo.in(
        raiseWords[r], null, ascii, length, Math.max(0, from - near), Math.min(length, to + near));
  }

  /**
   * Whether {@code lowerWord} (lower case, as {@link Rule#requires} are; null for a word with a
   * character outside ASCII, which case folding may match to an ASCII one) may occur in {@code
   * ascii[from, to)} ignoring case, as {@link #containsIgnoreCase} finds it.
   */
  private static boolean mayContain(byte[] ascii, int from, int to, byte[] lowerWord) {
    if (lowerWord == null) {
      return true;
    }
    int n = lowerWord.length;
    for (int i = from, last = to - n; i <= last; i++) {
      int k = 0;
      while (k < n && lowerAscii(ascii[i + k]) == lowerWord[k]) {
        k++;
      }
      if (k == n) {
        return true;
      }
    }
    return false;
  }

  private static int lowerAscii(byte b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
  }

  /**
   * True unless the text is surely not a delimited table for {@link Columns#detect}, which wants
   * a delimiter on the first of several lines.
   */
  private static boolean mayBeTable(byte[] ascii, int length) {
    for (int i = 0; i < length; i++) {
      byte b = ascii[i];
      if (b == '\n') {
        return false;
      }
      if (b == ',' || b == '\t' || b == ';' || b == '|') {
        return i < length - 1;
      }
    }
    return false;
  }

  static Matches nothingFound(PathClassifier.Verdict verdict) {
    List<Rule> skipped = verdict.skipped();
    return skipped.isEmpty() ? Matches.NONE : new Matches(List.of(), List.of(), skipped);
  }

  /** How many rules are regex rules (query rules run in the scanner, not here). */
  final int regexRules() {
    return (int) Arrays.stream(rules).filter(r -> !r.isQuery()).count();
  }

  /** Rules that have neither keywords nor digits: their window is the whole text. */
  final int[] everywhereRules() {
    return everywhereRules;
  }

  /** Runs each rule's regex in its windows and applies every filter to what it finds. */
  final Matches confirm(String text, PathClassifier.Verdict verdict, Windows windows) {
    boolean[] skip = verdict.skip();
    List<Rule> skipped = verdict.skipped();
    int[] hit = windows.hitRules();
    if (hit.length == 0) {
      return nothingFound(verdict);
    }
    // Column names of a delimited table are context for their column's values.
    Columns columns = Columns.detect(text, rules.length);
    BudgetedText budgeted = new BudgetedText(text);
    List<Match> found = new ArrayList<>();
    TreeSet<String> exhausted = new TreeSet<>();
    ContextMemo memo = new ContextMemo();
    // The text's bytes, when its windows were found in them (one ASCII byte per character).
    byte[] ascii = windows.ascii;
    for (int r : hit) {
      if (skip != null && skip[r]) {
        continue;
      }
      int[] w = windows.of(r);
      int count = windows.count(r);
      java.util.regex.Matcher m = null;
      memo.reset();
      for (int i = 0; i < count; i += 2) {
        if (!worthMatching(r, text, ascii, columns, w[i], w[i + 1], memo)) {
          continue;
        }
        if (m == null) {
          // One matcher per rule and text, moved from window to window: allocating one per
          // window cost more than an anchored attempt itself.
          m = rules[r].pattern().matcher(budgeted);
          m.useTransparentBounds(true);
          m.useAnchoringBounds(false);
        }
        if (!matchWindow(r, m, text, columns, budgeted, w[i], w[i + 1], found)) {
          exhausted.add(rules[r].id());
        }
      }
    }
    if (found.isEmpty() && exhausted.isEmpty() && skipped.isEmpty()) {
      return Matches.NONE;
    }
    found.sort(Comparator.comparingInt(Match::start).thenComparingInt(Match::rank));
    return new Matches(withLines(text, found), List.copyOf(exhausted), skipped);
  }

  /**
   * Cheap checks before a regex runs: every {@code requires} literal must be in the window, and a
   * rule whose context words are required must have one within reach of the window. Neither
   * changes what a rule finds, only how often its regex runs. In a table, a column name holding a
   * context word is enough (the value's own column is checked once it matches). {@code ascii} is
   * the text as one ASCII byte per character, or null.
   */
  private boolean worthMatching(
      int r, String text, byte[] ascii, Columns columns, int from, int to, ContextMemo memo) {
    Rule rule = rules[r];
    // Indexed: the quick compiler the launcher runs allocates an iterator per window otherwise.
    List<String> requires = rule.requires();
    for (int i = 0; i < requires.size(); i++) {
      if (!containsIgnoreCase(text, from, to, requires.get(i))) {
        return false;
      }
    }
    Rule.Context context = rule.context();
    if (context.required()) {
      if (columns != null) {
        return raiseWords[r].in(text, from, to) || columns.anyNameHas(r, raiseWords[r]);
      }
      int near = context.window();
      int length = text.length();
      // The bytes, where the windows came from them, answer as the characters would.
      return memo.in(
          raiseWords[r],
          ascii != null ? null : text,
          ascii,
          length,
          Math.max(0, from - near),
          Math.min(length, to + near));
    }
    return true;
  }

  /**
   * What the last context search of one rule's windows found. The windows come in text order and
   * their reaches overlap (a window is a line; the reach is hundreds of characters around it), so
   * most searches are answered by the last one, or need to read only past where it ended.
   * Exact: a word lies in a range only when it starts and ends inside it.
   */
  private static final class ContextMemo {
    private int from = -1;
    private int to = -1;
    private long found = -1;

    void reset() {
      from = -1;
      to = -1;
      found = -1;
    }

    /**
     * Whether a word lies in {@code [a, b)} of the text of {@code length} characters: {@code text}
     * when it is not null (read as {@code ascii} where that is not null), else {@code ascii}.
     */
    boolean in(ContextWords words, String text, byte[] ascii, int length, int a, int b) {
      if (found >= 0 && (int) (found >>> 32) >= a && (int) found <= b) {
        return true;
      }
      int start = a;
      if (found < 0 && to >= 0 && a >= from && a <= to) {
        // No word starts at or after 'from' and ends by 'to': only those ending later remain.
        start = Math.max(a, to - words.longest() + 1);
      }
      found = text == null ? words.find(ascii, length, start, b) : words.find(text, ascii, start, b);
      from = a;
      to = b;
      return found >= 0;
    }
  }

  private static boolean containsIgnoreCase(String text, int from, int to, String lowerWord) {
    int last = to - lowerWord.length();
    char lower = lowerWord.charAt(0);
    char upper = Character.toUpperCase(lower);
    for (int i = from; i <= last; i++) {
      char c = text.charAt(i);
      if ((c == lower || c == upper)
          && text.regionMatches(true, i + 1, lowerWord, 1, lowerWord.length() - 1)) {
        return true;
      }
    }
    return false;
  }


  /** Runs rule {@code r} over one window; false when its work budget ran out there. */
  private boolean matchWindow(
      int r,
      java.util.regex.Matcher m,
      String text,
      Columns columns,
      BudgetedText budgeted,
      int from,
      int to,
      List<Match> found) {
    Rule rule = rules[r];
    String group = valueGroups[r];
    m.region(from, to);
    budgeted.budget(READS_BASE + READS_PER_CHAR * (to - from));
    try {
      // An anchored rule is tried once, at its keyword; the window then only bounds the match.
      boolean anchored = rule.anchored();
      while (anchored ? m.lookingAt() : m.find()) {
        int start = group == null ? m.start() : m.start(group);
        int end = group == null ? m.end() : m.end(group);
        if (start < 0) {
          start = m.start();
          end = m.end();
        }
        if (end == start) {
          continue;
        }
        Match match = accept(r, text, columns, start, end, m.start(), m.end());
        if (match != null) {
          found.add(match);
        }
        if (anchored) {
          break;
        }
      }
      return true;
    } catch (BudgetedText.Exhausted | StackOverflowError e) {
      // Deeply recursive patterns overflow java.util.regex's stack on long inputs; like a spent
      // budget, that abandons this window only.
      return false;
    }
  }

  /**
   * Applies the filters and the context words to one regex match; null when it is dropped. In a
   * table the context is the value's row (not the rows around it) and its column's name.
   */
  private Match accept(
      int rank,
      String text,
      Columns columns,
      int start,
      int end,
      int matchStart,
      int matchEnd) {
    Rule rule = rules[rank];
    String value = text.substring(start, end);
    if (rule.category() == Category.SECRET && Placeholders.isPlaceholder(value)) {
      return null;
    }
    if (rule.allow().allows(value)) {
      return null;
    }
    if (rule.entropy() > 0 && Entropy.bitsPerChar(value) < rule.entropy()) {
      return null;
    }
    if (rule.validator() != null && !rule.validator().isValid(value)) {
      return null;
    }
    Confidence confidence = rule.confidence();
    // A verified checksum proves the format (the base becomes HIGH, context words still apply); a
    // failed one marks a typo or a made-up example, LOW whatever the words around it say.
    boolean checksumFailed = false;
    if (rule.checksum() != null && rule.checksum().covers(value)) {
      checksumFailed = !rule.checksum().verifies(value);
      confidence = checksumFailed ? Confidence.LOW : Confidence.HIGH;
    }
    Rule.Context context = rule.context();
    boolean lowered = false;
    if (!context.isEmpty()) {
      int w = context.window();
      int a = Math.max(0, matchStart - w);
      int b = Math.min(text.length(), matchEnd + w);
      String column = null;
      if (columns != null) {
        int rowStart = columns.rowStart(start);
        if (rowStart >= 0) {
          a = Math.max(a, rowStart);
          b = Math.min(b, Math.max(matchEnd, columns.rowEnd(start)));
          column = columns.nameAt(start);
        }
      }
      ContextWords raise = raiseWords[rank];
      ContextWords lower = lowerWords[rank];
      boolean raised =
          raise.in(text, a, b) || (column != null && raise.in(column, 0, column.length()));
      if (context.required() && !raised) {
        return null;
      }
      if (raised) {
        confidence = confidence.raise();
      }
      if (lower.in(text, a, b) || (column != null && lower.in(column, 0, column.length()))) {
        confidence = confidence.lower();
        lowered = true;
      }
    }
    // A credential shown in a doctest or a literal block of documentation is an example; lowered
    // once, whether or not the rule's own words (a '>>>' nearby) already said so.
    if (!lowered
        && rule.category() == Category.SECRET
        && DocExamples.isInExample(text, matchStart)) {
      confidence = confidence.lower();
    }
    if (checksumFailed) {
      confidence = Confidence.LOW;
    }
    return new Match(
        rule,
        rank,
        start,
        end,
        0,
        0,
        confidence,
        Redaction.redact(value),
        Redaction.hashHex(value, 16));
  }

  /** Fills in 1-based line and column numbers, in one forward pass over the text. */
  private static List<Match> withLines(String text, List<Match> sorted) {
    List<Match> out = new ArrayList<>(sorted.size());
    int line = 1;
    int lineStart = 0;
    int pos = 0;
    for (Match m : sorted) {
      while (true) {
        int nl = text.indexOf('\n', pos);
        if (nl < 0 || nl >= m.start()) {
          break;
        }
        line++;
        lineStart = nl + 1;
        pos = nl + 1;
      }
      out.add(
          new Match(
              m.rule(),
              m.rank(),
              m.start(),
              m.end(),
              line,
              m.start() - lineStart + 1,
              m.confidence(),
              m.redacted(),
              m.valueHash()));
    }
    return out;
  }

  /**
   * The calling thread's windows, emptied for {@code text}: one set per thread and matcher, since
   * allocating arrays for every rule per file cost more than most files' windows.
   */
  final Windows emptyWindows(String text) {
    Windows w = threadWindows.get();
    w.reset(text, null, text.length());
    return w;
  }

  /**
   * The same for a text not decoded yet, given as {@code ascii[0, length)}, one byte per
   * character.
   */
  final Windows emptyWindows(byte[] ascii, int length) {
    Windows w = threadWindows.get();
    w.reset(null, ascii, length);
    return w;
  }

  private final ThreadLocal<Windows> threadWindows;

  /**
   * Per-call, per-rule lists of disjoint [from, to) windows, merged as hits arrive in order. Kept
   * per thread and reset per text ({@link #emptyWindows(String)}).
   */
  final class Windows implements AhoCorasick.HitSink, AhoCorasick.DigitRunSink {
    /** The text, or null while only its bytes ({@link #ascii}) are known. */
    private String text;
    /** The text as one byte per character, or null when only the String is known. */
    private byte[] ascii;
    private int length;
    /** The rules the keyword pass under way adds windows for: see {@link #discover}. */
    private int[] wanted;
    private int wantedMark;
    private boolean[] left;
    private final int[][] spans;
    private final int[] counts;
    private final boolean[] unsorted;
    /** The rules with windows, in the order they got their first. */
    private final int[] hit;
    private int hitCount;
    private int boundsOf = -1;
    private int boundsEnd = -1;
    private int boundsFrom;
    private int boundsTo;

    Windows(int rules) {
      this.spans = new int[rules][];
      this.counts = new int[rules];
      this.unsorted = new boolean[rules];
      this.hit = new int[rules];
    }

    private void reset(String text, byte[] ascii, int length) {
      for (int i = 0; i < hitCount; i++) {
        int r = hit[i];
        counts[r] = 0;
        unsorted[r] = false;
        if (spans[r].length > 1 << 10) {
          spans[r] = null; // a huge file's windows are not kept for the rest of the scan
        }
      }
      hitCount = 0;
      boundsOf = -1;
      boundsEnd = -1;
      this.text = text;
      this.ascii = ascii;
      this.length = length;
    }

    /** The text, now decoded, of windows found in its bytes. */
    private void decoded(String text) {
      this.text = text;
    }

    /** True when the character at {@code i} is a line break. */
    private boolean isBreak(int i) {
      byte[] b = ascii;
      return b != null ? b[i] == '\n' : text.charAt(i) == '\n';
    }

    @Override
    public void hit(int k, int end) {
      for (int r : keywordRules[k]) {
        if (wants(r, wanted, wantedMark, left)) {
          add(r, end - keywordLength[k], end);
        }
      }
    }

    @Override
    public void run(int start, int end, int digits) {
      for (int r : digitRules) {
        if (digits >= rules[r].digits() && wants(r, wanted, wantedMark, left)) {
          add(r, start, end);
        }
      }
    }

    /** The rules that have windows, in rule order. */
    int[] hitRules() {
      int[] rules = Arrays.copyOf(hit, hitCount);
      Arrays.sort(rules);
      return rules;
    }

    private void first(int r) {
      hit[hitCount++] = r;
    }

    /** Makes the whole text rule {@code r}'s one window, in its kept array: no array per file. */
    void addWhole(int r) {
      if (counts[r] == 0) {
        first(r);
      }
      int[] s = spans[r];
      if (s == null) {
        s = spans[r] = new int[8];
      }
      s[0] = 0;
      s[1] = length;
      counts[r] = 2;
    }

    void add(int r, int hitStart, int hitEnd) {
      int c = counts[r];
      int[] s = spans[r];
      int span = rules[r].span();
      if (rules[r].anchored()) {
        addAnchored(r, hitStart, hitEnd, span);
        return;
      }
      if (c > 0
          && span == 0
          && hitStart >= s[c - 2]
          && hitEnd <= s[c - 1]
          && (endsAtLineBreak(s[c - 1]) || hitEnd + REACH / 2 <= s[c - 1])) {
        // The last window already covers this hit's line, or (on a very long line) reaches far
        // enough past the hit for any token: finding the line again would cost more than the
        // keyword scan itself on minified files.
        return;
      }
      if (hitStart != boundsOf || hitEnd != boundsEnd) {
        // Several rules share a keyword: find the hit's line once for all of them. Keyed by the
        // whole hit, so the bounds never depend on which other rules saw it first.
        boundsOf = hitStart;
        boundsEnd = hitEnd;
        boundsFrom = lineStart(hitStart);
        boundsTo = lineEnd(hitEnd);
      }
      int from = boundsFrom;
      int to = span > 0 ? Math.min(length, boundsTo + span) : boundsTo;
      if (c > 0 && from >= s[c - 2] && from <= s[c - 1]) {
        s[c - 1] = Math.max(s[c - 1], to);
        return;
      }
      if (c > 0 && from < s[c - 2]) {
        // Digit runs are found after keywords, so a rule with both gets windows out of order.
        unsorted[r] = true;
      }
      append(r, from, to);
    }

    /**
     * One window per distinct keyword start, beginning exactly there, never merged: the rule's
     * pattern is tried anchored at each. Two keywords starting at one place ("pass", "password")
     * give one window.
     */
    private void addAnchored(int r, int hitStart, int hitEnd, int span) {
      int c = counts[r];
      int[] s = spans[r];
      if (c > 0 && s[c - 2] == hitStart) {
        return;
      }
      int to = lineEnd(hitEnd);
      if (span > 0) {
        to = Math.min(length, to + span);
      }
      append(r, hitStart, to);
    }

    /** Adds {@code [from, to)} as rule {@code r}'s next window, growing its array as needed. */
    private void append(int r, int from, int to) {
      int c = counts[r];
      int[] s = spans[r];
      if (s == null) {
        s = spans[r] = new int[8];
      } else if (c + 2 > s.length) {
        s = spans[r] = Arrays.copyOf(s, s.length * 2);
      }
      s[c] = from;
      s[c + 1] = to;
      if (c == 0) {
        first(r);
      }
      counts[r] = c + 2;
    }

    private boolean endsAtLineBreak(int end) {
      return end == length || isBreak(end);
    }

    /** Sorts and merges the windows of a rule that received them out of text order. */
    private void normalise(int r) {
      int n = counts[r] / 2;
      long[] pairs = new long[n];
      for (int i = 0; i < n; i++) {
        pairs[i] = ((long) spans[r][2 * i] << 32) | spans[r][2 * i + 1];
      }
      Arrays.sort(pairs);
      int c = 0;
      for (long p : pairs) {
        int from = (int) (p >>> 32);
        int to = (int) p;
        if (c > 0 && from <= spans[r][c - 1]) {
          spans[r][c - 1] = Math.max(spans[r][c - 1], to);
        } else {
          spans[r][c] = from;
          spans[r][c + 1] = to;
          c += 2;
        }
      }
      counts[r] = c;
      unsorted[r] = false;
    }

    int[] of(int r) {
      if (unsorted[r]) {
        normalise(r);
      }
      return spans[r];
    }

    int count(int r) {
      if (unsorted[r]) {
        normalise(r);
      }
      return counts[r];
    }

    // Bounded loops rather than indexOf: on a megabyte-long minified line an unbounded search per
    // hit would make the cost quadratic.
    private int lineStart(int pos) {
      int limit = Math.max(0, pos - REACH);
      int i = pos;
      while (i > limit && !isBreak(i - 1)) {
        i--;
      }
      return i;
    }

    private int lineEnd(int pos) {
      int limit = Math.min(length, pos + REACH);
      int i = pos;
      while (i < limit && !isBreak(i)) {
        i++;
      }
      return i;
    }
  }

  /** A growable list of ints, for building the engine's tables without boxing or streams. */
  private static final class IntList {
    private int[] values = new int[4];
    private int size;

    void add(int value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    int last() {
      return values[size - 1];
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
