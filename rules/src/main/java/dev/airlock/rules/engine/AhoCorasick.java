package dev.airlock.rules.engine;

import java.util.Arrays;
import java.util.List;

/**
 * A case-insensitive Aho-Corasick automaton over ASCII keywords, which in the same pass finds long
 * runs of digits. Compiled to a dense transition table over character classes (the few dozen
 * characters keywords use, and one class for all others), so that scanning costs one small-table
 * read and one transition read per character. Characters outside ASCII reset the automaton, which
 * is exact because keywords are ASCII. Immutable and thread-safe once built; scans keep their
 * scratch space per thread.
 *
 * <p>A text's bytes are scanned as two interleaved halves: following transitions is a chain of
 * dependent memory reads, and two independent chains run almost twice as fast on one core as
 * one. The second half starts {@code longest keyword - 1} bytes early so that it sees every
 * keyword ending in it, and hits are buffered and reported in text order.
 */
final class AhoCorasick {
  private static final int ASCII = 128;

  /** Below this many bytes a text is scanned as one stream: the overlap is not worth it. */
  private static final int SPLIT_AT = 1024;

  /**
   * Each byte's class: its place among the characters keywords use, upper case folded; 0 for
   * every other byte, non-ASCII ones included, whose transitions all lead back to the root.
   */
  private final byte[] classes = new byte[256];

  /**
   * Transitions by state offset ({@code state * width}) plus class. Each entry is the next
   * state's offset with bit 0 set when keywords end there: the hot loop needs neither a
   * multiplication nor a second load per character.
   */
  private final int[] table;

  /** Entries per state: the number of classes, rounded up to even to keep bit 0 free. */
  private final int width;

  /** For each state, the keywords (by index) that end there, including through suffix links. */
  private final int[][] outputs;

  private final int longest;

  /** The digit-run automaton's transitions ({@link DigitRuns}); null when no runs are wanted. */
  private final DigitRuns digitRuns;

  private static final int[] NO_OUTPUTS = new int[0];

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Receives each keyword occurrence as it is found. */
  interface HitSink {
    void hit(int keyword, int endExclusive);
  }

  /** Receives each long enough run of digits as it ends. */
  interface DigitRunSink {
    void run(int start, int endExclusive, int digits);
  }

  AhoCorasick(List<String> keywords) {
    this(keywords, Integer.MAX_VALUE);
  }

  /**
   * An automaton for {@code keywords} that also reports every run of at least {@code minDigits}
   * digits in which single separators (space, dash, dot, slash, parentheses) may sit between
   * digits, and a closing parenthesis may take a space or dash after it; {@link Integer#MAX_VALUE}
   * for none.
   */
  AhoCorasick(List<String> keywords, int minDigits) {
    // Built once per matcher at start-up, before the JIT has compiled anything: flat int arrays
    // over the classes keywords use, not boxed lists over all 128 characters, took it from several
    // hundred milliseconds (980 keywords, 6,075 states) to a few tens.
    boolean[] used = new boolean[ASCII];
    int longestKeyword = 1;
    int maxStates = 1;
    for (String word : keywords) {
      longestKeyword = Math.max(longestKeyword, word.length());
      maxStates += word.length();
      for (int i = 0; i < word.length(); i++) {
        int c = fold(word.charAt(i));
        if (c < 0) {
          throw new IllegalArgumentException("keyword is not ASCII: " + word);
        }
        used[c] = true;
      }
    }
    longest = longestKeyword;
    // Class 0 stands for every character no keyword uses: from any state it leads to the root.
    int count = 1;
    for (int c = 0; c < ASCII; c++) {
      if (used[c]) {
        classes[c] = (byte) count++;
      }
    }
    for (int c = 'A'; c <= 'Z'; c++) {
      classes[c] = classes[c + ('a' - 'A')];
    }
    width = (count + 1) & ~1;
    // The trie: each state's children linked (first child, next sibling) with the class that
    // leads to each, so that the pass below visits only them, not every class. No dense trie
    // table: on the machines measured, each fresh page of memory a start touches cost tens of
    // microseconds, and that table would have been a few megabytes touched once.
    int[] firstChild = new int[maxStates];
    int[] nextSibling = new int[maxStates];
    byte[] viaClass = new byte[maxStates];
    int[][] ending = new int[maxStates][];
    int states = 1;
    for (int k = 0; k < keywords.size(); k++) {
      String word = keywords.get(k);
      int state = 0;
      for (int i = 0; i < word.length(); i++) {
        byte c = classes[fold(word.charAt(i))];
        int next = firstChild[state];
        while (next != 0 && viaClass[next] != c) {
          next = nextSibling[next];
        }
        if (next == 0) {
          next = states++;
          viaClass[next] = c;
          nextSibling[next] = firstChild[state];
          firstChild[state] = next;
        }
        state = next;
      }
      ending[state] = append(ending[state], k);
    }
    // Breadth first, each state's row of the table starts as a copy of its failure link's row
    // (complete by then, being shallower) and then takes its own children; its outputs are its
    // own keywords then its failure link's. Entries are final from the start: the next state's
    // offset, with bit 0 set when that state has outputs, which is known when it is queued (its
    // failure link is shallower, so queued before it). Copying rows and visiting children only,
    // rather than testing every class of every state, keeps this fast in the interpreter: it runs
    // once per start, before the JIT has compiled anything.
    int[] go = new int[states * width];
    int[] fail = new int[states];
    int[] queue = new int[states];
    int head = 0;
    int tail = 0;
    outputs = new int[states][];
    outputs[0] = ending[0] == null ? NO_OUTPUTS : ending[0];
    for (int s = firstChild[0]; s != 0; s = nextSibling[s]) {
      outputs[s] = ending[s] == null ? NO_OUTPUTS : ending[s];
      go[viaClass[s]] = s * width | (outputs[s].length > 0 ? 1 : 0);
      queue[tail++] = s;
    }
    while (head < tail) {
      int r = queue[head++];
      int row = r * width;
      int failRow = fail[r] * width;
      System.arraycopy(go, failRow, go, row, width);
      for (int s = firstChild[r]; s != 0; s = nextSibling[s]) {
        int f = go[failRow + viaClass[s]] / width;
        fail[s] = f;
        int[] inherited = outputs[f];
        int[] own = ending[s];
        if (own == null) {
          outputs[s] = inherited;
        } else {
          int[] all = Arrays.copyOf(own, own.length + inherited.length);
          System.arraycopy(inherited, 0, all, own.length, inherited.length);
          outputs[s] = all;
        }
        go[row + viaClass[s]] = s * width | (outputs[s].length > 0 ? 1 : 0);
        queue[tail++] = s;
      }
    }
    table = go;
    digitRuns = minDigits == Integer.MAX_VALUE ? null : new DigitRuns(minDigits);
  }

  /** Every keyword in {@code text}; no digit runs. */
  void scan(String text, HitSink sink) {
    scan(text, 0, text.length(), sink, null);
  }

  /**
   * Finds every keyword and (when {@code runs} is not null) every long enough digit run that
   * lies in {@code text[from, to)}; offsets are the text's.
   */
  void scan(String text, int from, int to, HitSink sink, DigitRunSink runs) {
    Scratch scratch = SCRATCH.get();
    byte[] bytes = scratch.bytes(to - from);
    // Characters outside ASCII all act alike (they reset the automaton and are no digits), so
    // the text becomes one byte per character and the same loop serves both.
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      bytes[i - from] = c < ASCII ? (byte) c : (byte) 0x80;
    }
    scan(bytes, 0, to - from, from, sink, runs, scratch);
  }

  /**
   * The same as {@link #scan(String, int, int, HitSink, DigitRunSink)} over a text given as
   * {@code ascii}, one byte per character (UTF-8 bytes of a text whose byte and char offsets
   * agree: every byte outside ASCII stands for one character outside ASCII).
   */
  void scan(byte[] ascii, int from, int to, HitSink sink, DigitRunSink runs) {
    Scratch scratch = SCRATCH.get();
    scan(ascii, from, to, 0, sink, runs, scratch);
  }

  /** Scans {@code b[from, to)}; each offset reported is the byte's index plus {@code shift}. */
  private void scan(
      byte[] b, int from, int to, int shift, HitSink sink, DigitRunSink runs, Scratch scratch) {
    int[] digitTable = runs == null || digitRuns == null ? DigitRuns.NONE : digitRuns.table;
    Hits hits = scratch.hits;
    hits.clear();
    int n = to - from;
    if (n < SPLIT_AT || n < 4 * longest) {
      one(b, from, to, digitTable, hits);
    } else {
      two(b, from, to, digitTable, hits);
    }
    report(b, from, to, shift, hits, sink, runs, scratch);
  }

  /** One stream over {@code b[from, to)}, recording keyword states and digit-run candidates. */
  private void one(byte[] b, int from, int to, int[] digitTable, Hits hits) {
    int[] table = this.table;
    byte[] classes = this.classes;
    int state = 0;
    int digits = 0;
    for (int i = from; i < to; i++) {
      int ch = b[i] & 0xff;
      int entry = table[state + classes[ch]];
      int run = digitTable[digits + DigitRuns.CLASSES[ch]];
      state = entry & ~1;
      digits = run & ~1;
      if (((entry | run) & 1) != 0) {
        hits.record(entry, run, state, i);
      }
    }
  }

  /**
   * Two interleaved streams: the first over {@code [from, mid)}, the second over {@code [mid,
   * to)} after a warm-up over the {@code longest - 1} bytes before {@code mid}, so that it is in
   * the state a single stream would be in for every keyword ending at or after {@code mid}. The
   * second stream's digit runs start at {@code mid}; {@link #report} redoes the run crossing it.
   */
  private void two(byte[] b, int from, int to, int[] digitTable, Hits hits) {
    int[] table = this.table;
    byte[] classes = this.classes;
    int half = (to - from) >>> 1;
    int mid = from + half;
    int s1 = 0;
    int d1 = 0;
    int s2 = 0;
    int d2 = 0;
    for (int i = mid - longest + 1; i < mid; i++) {
      s2 = table[s2 + classes[b[i] & 0xff]] & ~1;
    }
    Hits second = hits.second;
    for (int i = from; i < mid; i++) {
      int c1 = b[i] & 0xff;
      int c2 = b[i + half] & 0xff;
      int e1 = table[s1 + classes[c1]];
      int e2 = table[s2 + classes[c2]];
      int r1 = digitTable[d1 + DigitRuns.CLASSES[c1]];
      int r2 = digitTable[d2 + DigitRuns.CLASSES[c2]];
      s1 = e1 & ~1;
      s2 = e2 & ~1;
      d1 = r1 & ~1;
      d2 = r2 & ~1;
      if (((e1 | e2 | r1 | r2) & 1) != 0) {
        if (((e1 | r1) & 1) != 0) {
          hits.record(e1, r1, s1, i);
        }
        if (((e2 | r2) & 1) != 0) {
          second.record(e2, r2, s2, i + half);
        }
      }
    }
    for (int i = mid + half; i < to; i++) {
      int c2 = b[i] & 0xff;
      int e2 = table[s2 + classes[c2]];
      int r2 = digitTable[d2 + DigitRuns.CLASSES[c2]];
      s2 = e2 & ~1;
      d2 = r2 & ~1;
      if (((e2 | r2) & 1) != 0) {
        second.record(e2, r2, s2, i);
      }
    }
    // A digit run crossing mid was cut in two: it becomes a candidate of its own.
    if (digitTable != DigitRuns.NONE && mid > from && DigitRuns.inRun(b[mid - 1])) {
      hits.candidate(mid);
    }
    hits.append(second);
  }

  /**
   * Finds the exact digit runs around the candidates, then calls the sinks in the order one
   * sequential pass would: each run when the character that ends it is read, before the keywords
   * ending at that character.
   */
  private void report(
      byte[] b,
      int from,
      int to,
      int shift,
      Hits hits,
      HitSink sink,
      DigitRunSink runs,
      Scratch scratch) {
    int[] found = scratch.runs(hits, b, from, to, digitRuns);
    int foundCount = scratch.runCount;
    int[] h = hits.keywords;
    int hc = hits.keywordCount;
    int width = this.width;
    int f = 0;
    for (int k = 0; k < hc; k += 2) {
      int at = h[k + 1];
      while (f < foundCount && found[f + 3] <= at) {
        runs.run(found[f] + shift, found[f + 1] + shift, found[f + 2]);
        f += 4;
      }
      for (int keyword : outputs[h[k] / width]) {
        sink.hit(keyword, at + 1 + shift);
      }
    }
    for (; f < foundCount; f += 4) {
      runs.run(found[f] + shift, found[f + 1] + shift, found[f + 2]);
    }
  }

  /**
   * The digit runs this automaton's pass over {@code b[0, to)} reports that hold one of the
   * positions {@code at[0, count)} (ascending), found from those positions alone: each run as
   * start, end, digits and the index of the character that ended it ({@code to} at the end), in
   * text order, in {@code out[0, returned count)}. For placing windows where another engine
   * (Hyperscan) has already found where runs end. Empty when no rule counts digits.
   */
  int digitRunsAt(byte[] b, int to, int[] at, int count, int[][] out) {
    if (digitRuns == null) {
      out[0] = NO_OUTPUTS;
      return 0;
    }
    Scratch scratch = SCRATCH.get();
    out[0] = scratch.runs(at, count, b, 0, to, digitRuns);
    return scratch.runCount;
  }

  /** One thread's buffers: the text as bytes, the hits of a scan, the exact digit runs. */
  private static final class Scratch {
    private byte[] bytes = new byte[1 << 12];
    final Hits hits = new Hits(new Hits(null));
    private int[] runs = new int[64];
    int runCount;

    byte[] bytes(int n) {
      if (bytes.length < n) {
        bytes = new byte[Math.max(n, bytes.length * 2)];
      }
      return bytes;
    }

    /**
     * The runs of at least {@code minDigits} digits that contain a candidate, each as start, end,
     * digits and the index of the character that ended it ({@code to} at the end), in text order.
     * The exact pass restarts after a character that is neither a digit nor a separator, where
     * one sequential pass would have no run open either.
     */
    int[] runs(Hits hits, byte[] b, int from, int to, DigitRuns digitRuns) {
      return runs(hits.candidates, hits.candidateCount, b, from, to, digitRuns);
    }

    /** The same for candidates given as {@code c[0, count)}, in ascending order. */
    int[] runs(int[] c, int count, byte[] b, int from, int to, DigitRuns digitRuns) {
      runCount = 0;
      int covered = from;
      for (int k = 0; k < count; k++) {
        int at = c[k];
        if (at < covered) {
          continue;
        }
        int i = at;
        while (i > covered && DigitRuns.inRun(b[i - 1])) {
          i--;
        }
        covered = sequential(b, i, at, to, digitRuns.minDigits);
      }
      return runs;
    }

    /**
     * One sequential digit-run pass from {@code i} (where no run is open) until the run that
     * holds {@code at} has ended; returns the index after the character that closed it.
     */
    private int sequential(byte[] b, int i, int at, int to, int minDigits) {
      int runStart = -1;
      int runEnd = 0;
      int digits = 0;
      int separators = 0;
      int lastSeparator = 0;
      for (; i < to; i++) {
        int ch = b[i];
        if ((char) (ch - '0') <= 9) {
          if (runStart < 0) {
            runStart = i;
            digits = 0;
          }
          digits++;
          runEnd = i + 1;
          separators = 0;
        } else if (runStart >= 0) {
          if (separators == 0 && DigitRuns.isSeparator(ch)) {
            separators = 1;
            lastSeparator = ch;
          } else if (separators == 1 && lastSeparator == ')' && (ch == ' ' || ch == '-')) {
            separators = 2; // "(415) 555-2671": a closing parenthesis may take a space or dash
          } else {
            if (digits >= minDigits) {
              add(runStart, runEnd, digits, i);
            }
            runStart = -1;
            separators = 0;
            if (i >= at) {
              return i + 1;
            }
          }
        } else if (i >= at) {
          return i;
        }
      }
      if (runStart >= 0 && digits >= minDigits) {
        add(runStart, runEnd, digits, to);
      }
      return to;
    }

    private void add(int start, int end, int digits, int reportedAt) {
      if (runCount + 4 > runs.length) {
        runs = Arrays.copyOf(runs, runs.length * 2);
      }
      runs[runCount] = start;
      runs[runCount + 1] = end;
      runs[runCount + 2] = digits;
      runs[runCount + 3] = reportedAt;
      runCount += 4;
    }
  }

  /** A stream's hits: keyword states with their indexes, and digit-run candidates. */
  private static final class Hits {
    final Hits second;
    int[] keywords = new int[256];
    int keywordCount;
    int[] candidates = new int[16];
    int candidateCount;

    Hits(Hits second) {
      this.second = second;
    }

    void clear() {
      keywordCount = 0;
      candidateCount = 0;
      if (second != null) {
        second.clear();
      }
    }

    void record(int entry, int run, int state, int at) {
      if ((entry & 1) != 0) {
        if (keywordCount + 2 > keywords.length) {
          keywords = Arrays.copyOf(keywords, keywords.length * 2);
        }
        keywords[keywordCount] = state;
        keywords[keywordCount + 1] = at;
        keywordCount += 2;
      }
      if ((run & 1) != 0) {
        candidate(at);
      }
    }

    void candidate(int at) {
      if (candidateCount == candidates.length) {
        candidates = Arrays.copyOf(candidates, candidateCount * 2);
      }
      candidates[candidateCount++] = at;
    }

    /** Appends the later stream's hits, which all lie after this one's. */
    void append(Hits later) {
      for (int k = 0; k < later.keywordCount; k += 2) {
        record(1, 0, later.keywords[k], later.keywords[k + 1]);
      }
      for (int k = 0; k < later.candidateCount; k++) {
        candidate(later.candidates[k]);
      }
    }
  }

  /**
   * A small automaton that flags the character where a run first reaches {@code min(minDigits,
   * 32)} digits, with the separators the exact pass allows; the exact pass then finds the run's
   * bounds and full digit count. States are (digits so far, what the last character was), each
   * {@value #WIDTH} entries wide, bit 0 of an entry the flag.
   */
  private static final class DigitRuns {
    static final int WIDTH = 8;
    private static final int OTHER = 0;
    private static final int DIGIT = 1;
    private static final int CLOSE = 2; // ')'
    private static final int SPACE_OR_DASH = 3;
    private static final int SEPARATOR = 4; // '.', '/', '('
    /** Class of each byte for this automaton. */
    static final byte[] CLASSES = new byte[256];
    /** The automaton that never flags: its one state loops on every class. */
    static final int[] NONE = new int[WIDTH];

    static {
      for (char c = '0'; c <= '9'; c++) {
        CLASSES[c] = DIGIT;
      }
      CLASSES[')'] = CLOSE;
      CLASSES[' '] = SPACE_OR_DASH;
      CLASSES['-'] = SPACE_OR_DASH;
      CLASSES['.'] = SEPARATOR;
      CLASSES['/'] = SEPARATOR;
      CLASSES['('] = SEPARATOR;
    }

    // The last character of a run so far: a digit, one separator, ')', or ')' and a space/dash.
    private static final int AFTER_DIGIT = 0;
    private static final int AFTER_SEPARATOR = 1;
    private static final int AFTER_CLOSE = 2;
    private static final int AFTER_CLOSE_SPACE = 3;

    final int minDigits;
    final int[] table;

    DigitRuns(int minDigits) {
      if (minDigits < 1) {
        throw new IllegalArgumentException("minDigits must be at least 1, got " + minDigits);
      }
      this.minDigits = minDigits;
      int cap = Math.min(minDigits, 32);
      int states = 1 + cap * 4;
      table = new int[states * WIDTH];
      for (int s = 0; s < states; s++) {
        int count = s == 0 ? 0 : 1 + (s - 1) / 4;
        int last = s == 0 ? -1 : (s - 1) % 4;
        for (int c = 0; c < WIDTH; c++) {
          int target = 0; // no run
          boolean flag = false;
          if (c == DIGIT) {
            int more = Math.min(count + 1, cap);
            target = state(more, AFTER_DIGIT);
            flag = count + 1 == cap;
          } else if (last == AFTER_DIGIT && c == CLOSE) {
            target = state(count, AFTER_CLOSE);
          } else if (last == AFTER_DIGIT && (c == SPACE_OR_DASH || c == SEPARATOR)) {
            target = state(count, AFTER_SEPARATOR);
          } else if (last == AFTER_CLOSE && c == SPACE_OR_DASH) {
            target = state(count, AFTER_CLOSE_SPACE);
          }
          table[s * WIDTH + c] = target * WIDTH | (flag ? 1 : 0);
        }
      }
    }

    private static int state(int count, int last) {
      return 1 + (count - 1) * 4 + last;
    }

    /** A character that may belong to a run: a digit or a separator. */
    static boolean inRun(byte c) {
      return CLASSES[c & 0xff] != OTHER;
    }

    static boolean isSeparator(int c) {
      return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
    }
  }

  private static int[] append(int[] list, int value) {
    if (list == null) {
      return new int[] {value};
    }
    int[] longer = Arrays.copyOf(list, list.length + 1);
    longer[list.length] = value;
    return longer;
  }

  private static int fold(char c) {
    if (c >= ASCII) {
      return -1;
    }
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }
}
