package dev.airlock.rules.engine;

import java.util.Arrays;
import java.util.List;

/**
 * A rule's context words, grouped by first character so that one pass over a window tests them
 * all: a window is read once, not once per word. A word counts only on its own, ignoring case: not
 * inside a longer word ("tel" is not in "hotel", "ssn" not in "GSSNEGOTIATE"), but at a camelCase
 * or snake_case boundary ("card" is in "creditCard" and "card_number"). Immutable and thread-safe.
 */
final class ContextWords {
  /** By byte: 1 an ASCII lower-case letter, 2 an upper-case one, 3 outside ASCII, 0 the rest. */
  private static final byte[] KIND = new byte[256];
  /**
   * By {@code KIND} of the byte before and of the byte itself ({@code before << 2 | at}): whether
   * a word may start there. {@link #startsWord} for ASCII bytes, where a letter is {@code
   * [A-Za-z]}: not at a letter after a letter, unless at a camelCase hump; true outside ASCII,
   * which the character test then decides. Most candidates are letters inside a word, and this
   * turns them down without a character lookup or a call.
   */
  private static final boolean[] STARTS = new boolean[16];

  static {
    for (int b = 0; b < 256; b++) {
      KIND[b] = (byte) (b >= 128 ? 3 : b >= 'a' && b <= 'z' ? 1 : b >= 'A' && b <= 'Z' ? 2 : 0);
    }
    for (int before = 0; before < 4; before++) {
      for (int at = 0; at < 4; at++) {
        boolean letterAt = at == 1 || at == 2;
        boolean letterBefore = before == 1 || before == 2;
        STARTS[before << 2 | at] = !letterAt || !letterBefore || (before == 1 && at == 2);
      }
    }
  }

  /** By ASCII byte: the byte, lower-cased. */
  private static final int[] LOWER = new int[128];

  static {
    for (int b = 0; b < 128; b++) {
      LOWER[b] = b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
  }

  /** After the tables above, which the constructor reads. */
  static final ContextWords NONE = new ContextWords(List.of());

  /** Words by their lower-case ASCII first character; index 128 holds the others. */
  private final String[][] byFirst = new String[129][];
  /**
   * The ASCII words of {@link #byFirst}, as bytes, in the same order, for {@link #find(byte[],
   * int, int, int)}: a word with a character outside ASCII never matches an ASCII text.
   */
  private final byte[][][] asciiByFirst = new byte[128][][];
  private final boolean empty;
  private final int longest;
  /**
   * A bit per pair of lower-cased ASCII characters ({@code first << 7 | second}): whether a word
   * may begin with them. Set for every second character where a word of that first letter is one
   * character long or has a second character outside ASCII, which the full test decides. An ASCII
   * text's bytes are tested against it before any character is read: most word starts in code
   * ("this", "return") share a first letter with some word but not the first two.
   */
  private final long[] pairs = new long[256];
  /**
   * By {@code KIND} of the byte before and the byte itself ({@code before << 8 | byte}): whether
   * one of the words may begin there: the byte is either case of a word's first letter (or outside
   * ASCII, which the character test then decides), and {@link #STARTS} allows a word there.
   */
  private final boolean[] starts = new boolean[4 << 8];

  /** The words' groups; {@link #NONE} for no words, as most rules have. */
  static ContextWords of(List<String> lowerWords) {
    return lowerWords.isEmpty() ? NONE : new ContextWords(lowerWords);
  }

  ContextWords(List<String> lowerWords) {
    // Built at start-up for each rule that has words: no list per group, no stream.
    int longestWord = 0;
    for (String word : lowerWords) {
      longestWord = Math.max(longestWord, word.length());
      char c = word.charAt(0);
      int g = c < 128 ? c : 128;
      String[] group = byFirst[g];
      if (group == null) {
        byFirst[g] = new String[] {word};
      } else {
        String[] longer = Arrays.copyOf(group, group.length + 1);
        longer[group.length] = word;
        byFirst[g] = longer;
      }
      if (c < 128) {
        char second = word.length() > 1 ? word.charAt(1) : 128;
        if (second < 128) {
          pairs[c << 1 | second >>> 6] |= 1L << second;
        } else {
          // Any second character: the full test decides.
          pairs[c << 1] = -1L;
          pairs[c << 1 | 1] = -1L;
        }
      }
    }
    for (int c = 0; c < 256; c++) {
      boolean begins = c >= 128 || byFirst[group((char) c)] != null;
      for (int before = 0; before < 4; before++) {
        starts[before << 8 | c] = begins && STARTS[before << 2 | KIND[c]];
      }
    }
    for (int g = 0; g < 128; g++) {
      String[] group = byFirst[g];
      if (group == null) {
        continue;
      }
      int ascii = 0;
      byte[][] bytes = new byte[group.length][];
      for (String word : group) {
        if (isAscii(word)) {
          bytes[ascii++] = word.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
      }
      asciiByFirst[g] = ascii == 0 ? null : Arrays.copyOf(bytes, ascii);
    }
    empty = lowerWords.isEmpty();
    longest = longestWord;
  }

  static boolean isAscii(String word) {
    for (int k = 0; k < word.length(); k++) {
      if (word.charAt(k) >= 128) {
        return false;
      }
    }
    return true;
  }

  /** The length of the longest word. */
  int longest() {
    return longest;
  }

  boolean isEmpty() {
    return empty;
  }

  /** True when one of the words occurs in {@code text[from, to)} as a word of its own. */
  boolean in(String text, int from, int to) {
    return find(text, from, to) >= 0;
  }

  /**
   * The first of the words that starts at or after {@code from} and ends by {@code to}, as its
   * start {@code << 32 |} its end; -1 when there is none.
   */
  long find(String text, int from, int to) {
    return find(text, null, from, to);
  }

  /**
   * The same, reading {@code ascii} (when not null: the text's characters, one byte each, all
   * ASCII) to find where a word may begin. Most characters begin none, and a byte array is read
   * several times faster than a String's characters in the quick compiler's code.
   */
  long find(String text, byte[] ascii, int from, int to) {
    if (empty) {
      return -1;
    }
    for (int i = from; i < to; i++) {
      if (ascii != null) {
        i = candidate(ascii, i, to);
        if (i == to) {
          return -1;
        }
      }
      int g = group(text.charAt(i));
      if (byFirst[g] != null && startsWord(text, i)) {
        String[] words = byFirst[g];
        for (int k = 0; k < words.length; k++) {
          if (wordAt(text, i, to, words[k])) {
            return (long) i << 32 | (i + words[k].length());
          }
        }
      }
    }
    return -1;
  }

  /**
   * The same as {@link #find(String, byte[], int, int)} for the text whose characters are {@code
   * ascii[0, length)}, all ASCII, without the text: a window can be screened before (or instead
   * of) decoding its file, and no character is read through a String (whose every read is a
   * bounds-checked call in the quick compiler's code). Word boundaries are the text's own, as
   * there: the bytes before {@code from} and from {@code to} on are read to decide them.
   */
  long find(byte[] ascii, int length, int from, int to) {
    if (empty) {
      return -1;
    }
    for (int i = from; i < to; i++) {
      i = candidate(ascii, i, to);
      if (i == to) {
        return -1;
      }
      byte[][] words = asciiByFirst[LOWER[ascii[i] & 0x7f]];
      if (words != null) {
        for (int k = 0; k < words.length; k++) {
          if (wordAt(ascii, length, i, to, words[k])) {
            return (long) i << 32 | (i + words[k].length);
          }
        }
      }
    }
    return -1;
  }

  /**
   * {@link #wordAt(String, int, int, String)} on ASCII bytes, for an ASCII word {@code w}, where
   * {@link #candidate} has already made sure a word may start at {@code i}.
   */
  private static boolean wordAt(byte[] ascii, int length, int i, int to, byte[] w) {
    int n = w.length;
    if (i + n > to) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      int t = ascii[i + k] & 0x7f;
      int c = w[k];
      if (t != c && LOWER[t] != c) {
        return false;
      }
    }
    int end = i + n;
    if (end >= length || !isAsciiLetter((char) w[n - 1])) {
      return true;
    }
    int after = KIND[ascii[end] & 0xff];
    return (after != 1 && after != 2) || (after == 2 && KIND[ascii[end - 1] & 0xff] == 1);
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /**
   * The first position in {@code [i, to)} of the ASCII text {@code ascii} where one of the words
   * may begin, or {@code to}: by byte tables only, in one loop (a method per byte was too large
   * for the quick compiler to inline), a call per candidate. A candidate is a word start whose
   * first two letters begin one of the words ({@link #pairs}), or the last byte of the range.
   */
  private int candidate(byte[] ascii, int i, int to) {
    // The kind of the byte before is carried from one byte to the next, not read again.
    boolean[] starts = this.starts;
    long[] pairs = this.pairs;
    int before = i == 0 ? 0 : KIND[ascii[i - 1] & 0xff];
    for (; i < to; i++) {
      int c = ascii[i] & 0xff;
      int kind = KIND[c];
      if (starts[before << 8 | c]
          && (i + 1 == to || (pairs[LOWER[c] << 1 | LOWER[ascii[i + 1] & 0x7f] >>> 6] >>> LOWER[ascii[i + 1] & 0x7f] & 1L) != 0)) {
        return i;
      }
      before = kind;
    }
    return to;
  }

  private static int group(char c) {
    if (c >= 128) {
      return 128;
    }
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }

  /** Whether {@code w} starts at {@code i} (where a word may start) and ends a word before {@code to}. */
  private static boolean wordAt(String text, int i, int to, String w) {
    char c = text.charAt(i);
    return i + w.length() <= to
        && (c < 128 || Character.toLowerCase(c) == w.charAt(0))
        && (w.length() == 1 || sameAscii(text.charAt(i + 1), w.charAt(1)))
        && restMatches(text, i, w)
        && endsWord(text, i + w.length(), w);
  }

  /**
   * False only when both are ASCII and differ ignoring case: a cheap test of a word's second
   * character before the full comparison, which most candidates fail.
   */
  private static boolean sameAscii(char textChar, char lowerWordChar) {
    if (textChar >= 128 || lowerWordChar >= 128) {
      return true;
    }
    char lower = textChar >= 'A' && textChar <= 'Z' ? (char) (textChar + ('a' - 'A')) : textChar;
    return lower == lowerWordChar;
  }

  /**
   * Whether {@code text} at {@code at} spells {@code lowerWord} after its first character, ignoring
   * case. The second character is compared again: the quick test passes any non-ASCII one.
   */
  private static boolean restMatches(String text, int at, String lowerWord) {
    for (int k = 1; k < lowerWord.length(); k++) {
      char t = text.charAt(at + k);
      char w = lowerWord.charAt(k);
      if (t != w && !(t < 128 && w < 128 ? sameAscii(t, w) : Character.toLowerCase(t) == w)) {
        return false;
      }
    }
    return true;
  }

  /** A word may start at {@code at}: after a non-letter, or at a camelCase hump. */
  private static boolean startsWord(String text, int at) {
    if (at == 0 || !Character.isLetter(text.charAt(at))) {
      return true;
    }
    char before = text.charAt(at - 1);
    return !Character.isLetter(before)
        || (Character.isLowerCase(before) && Character.isUpperCase(text.charAt(at)));
  }

  private static boolean endsWord(String text, int end, String word) {
    if (end >= text.length() || !Character.isLetter(word.charAt(word.length() - 1))) {
      return true;
    }
    char after = text.charAt(end);
    return !Character.isLetter(after)
        || (Character.isUpperCase(after) && Character.isLowerCase(text.charAt(end - 1)));
  }
}
