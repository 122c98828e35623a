package dev.airlock.rules.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A case-insensitive Aho-Corasick automaton over ASCII keywords, compiled to a dense transition
 * table so that scanning costs one array read per character. Characters outside ASCII reset the
 * automaton, which is exact because keywords are ASCII. Immutable and thread-safe once built.
 */
final class AhoCorasick {
  private static final int ALPHABET = 128;

  /**
   * Transitions by state offset ({@code state * 128}) plus character, upper case folded into the
   * table. Each entry is the next state's offset with bit 0 set when keywords end there: the hot
   * loop needs neither a multiplication nor a second load per character.
   */
  private final int[] table;
  /** For each state, the keywords (by index) that end there, including through suffix links. */
  private final int[][] outputs;
  /** Per-thread copy of the text being scanned: array reads are cheaper than String.charAt. */
  private static final ThreadLocal<char[]> SCRATCH = ThreadLocal.withInitial(() -> new char[1 << 16]);

  /** Receives each keyword occurrence as it is found. */
  interface HitSink {
    void hit(int keyword, int endExclusive);
  }

  /** Receives each long enough run of digits as it ends. */
  interface DigitRunSink {
    void run(int start, int endExclusive, int digits);
  }

  AhoCorasick(List<String> keywords) {
    List<int[]> gotoRows = new ArrayList<>();
    List<List<Integer>> out = new ArrayList<>();
    gotoRows.add(newRow());
    out.add(new ArrayList<>());
    for (int k = 0; k < keywords.size(); k++) {
      String word = keywords.get(k);
      int state = 0;
      for (int i = 0; i < word.length(); i++) {
        int c = fold(word.charAt(i));
        if (c < 0) {
          throw new IllegalArgumentException("keyword is not ASCII: " + word);
        }
        if (gotoRows.get(state)[c] < 0) {
          gotoRows.get(state)[c] = gotoRows.size();
          gotoRows.add(newRow());
          out.add(new ArrayList<>());
        }
        state = gotoRows.get(state)[c];
      }
      out.get(state).add(k);
    }
    int states = gotoRows.size();
    int[] next = new int[states * ALPHABET];
    int[] fail = new int[states];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < ALPHABET; c++) {
      int s = gotoRows.get(0)[c];
      next[c] = Math.max(s, 0);
      if (s > 0) {
        queue.add(s);
      }
    }
    while (!queue.isEmpty()) {
      int r = queue.poll();
      out.get(r).addAll(out.get(fail[r]));
      for (int c = 0; c < ALPHABET; c++) {
        int s = gotoRows.get(r)[c];
        if (s > 0) {
          fail[s] = next[fail[r] * ALPHABET + c];
          next[r * ALPHABET + c] = s;
          queue.add(s);
        } else {
          next[r * ALPHABET + c] = next[fail[r] * ALPHABET + c];
        }
      }
    }
    outputs = new int[states][];
    for (int s = 0; s < states; s++) {
      outputs[s] = out.get(s).stream().mapToInt(Integer::intValue).distinct().toArray();
    }
    table = new int[states * ALPHABET];
    for (int s = 0; s < states; s++) {
      for (int c = 0; c < ALPHABET; c++) {
        int target = next[s * ALPHABET + fold((char) c)];
        table[s * ALPHABET + c] = target * ALPHABET | (outputs[target].length > 0 ? 1 : 0);
      }
    }
  }

  void scan(String text, HitSink sink) {
    scan(text, 0, text.length(), sink, Integer.MAX_VALUE, null);
  }

  /**
   * Finds every keyword and, in the same pass, every run of at least {@code minDigits} digits in
   * which single separators (space, dash, dot, slash, parentheses) may sit between digits, and a
   * closing parenthesis may take a space or dash after it: the
   * prefilter for numbers that have no keyword. One pass instead of two, because reading the text
   * is most of the prefilter's cost. Only {@code [from, to)} is read; offsets are the text's.
   */
  void scan(String text, int from, int to, HitSink sink, int minDigits, DigitRunSink runs) {
    int n = to;
    char[] chars = SCRATCH.get();
    if (chars.length < n - from) {
      chars = new char[Math.max(n - from, chars.length * 2)];
      SCRATCH.set(chars);
    }
    text.getChars(from, n, chars, 0);
    int[] table = this.table;
    int[][] outputs = this.outputs;
    int offset = 0;
    int runStart = -1;
    int runEnd = 0;
    int digits = 0;
    int separators = 0;
    char lastSeparator = 0;
    for (int i = from; i < n; i++) {
      char ch = chars[i - from];
      if ((char) (ch - '0') <= 9) {
        if (runStart < 0) {
          runStart = i;
          digits = 0;
        }
        digits++;
        runEnd = i + 1;
        separators = 0;
      } else if (runStart >= 0) {
        if (separators == 0 && isSeparator(ch)) {
          separators = 1;
          lastSeparator = ch;
        } else if (separators == 1 && lastSeparator == ')' && (ch == ' ' || ch == '-')) {
          separators = 2; // "(415) 555-2671": a closing parenthesis may take a space or dash
        } else {
          if (digits >= minDigits) {
            runs.run(runStart, runEnd, digits);
          }
          runStart = -1;
          separators = 0;
        }
      }
      if (ch >= ALPHABET) {
        offset = 0;
        continue;
      }
      int entry = table[offset + ch];
      offset = entry & ~1;
      if (entry != offset) {
        for (int k : outputs[offset / ALPHABET]) {
          sink.hit(k, i + 1);
        }
      }
    }
    if (runStart >= 0 && digits >= minDigits) {
      runs.run(runStart, runEnd, digits);
    }
  }

  private static boolean isSeparator(char c) {
    return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
  }


  private static int[] newRow() {
    int[] row = new int[ALPHABET];
    Arrays.fill(row, -1);
    return row;
  }

  private static int fold(char c) {
    if (c >= ALPHABET) {
      return -1;
    }
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }
}
