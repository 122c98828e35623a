package dev.airlock.index;

import java.io.IOException;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Splits source code into lower-cased tokens the way people search it. A token is a run of
 * letters, digits and underscores, with single inner hyphens ({@code trade-secret}, {@code
 * sk-live-...}): it is emitted whole, so identifiers and token-shaped strings can be found as
 * they are written, and, when it has several parts, also split at camelCase humps, underscores
 * and hyphens ({@code getUserName} also gives {@code get}, {@code user}, {@code name}). The first
 * part shares the whole token's position and the others follow it, so a phrase query finds {@code
 * "user name"} inside {@code getUserName}.
 *
 * <p>Hand-written rather than a chain of Lucene filters: indexing every scanned file is on the
 * scan's path, and one pass over a char array is several times cheaper. Tokens longer than {@link
 * #MAX_TOKEN} characters (base64 blobs, minified code) are dropped: nobody searches for them by
 * hand, and they would bloat the term dictionary. Instances serve one thread, as every Lucene
 * tokenizer.
 */
final class CodeTokenizer extends Tokenizer {
  static final int MAX_TOKEN = 100;

  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
  private final PositionIncrementAttribute increment =
      addAttribute(PositionIncrementAttribute.class);

  private char[] text = new char[8192];
  private int length;
  private int pos;

  /** Part boundaries of the current whole token, as offsets into {@link #text}; -1 when none. */
  private final int[] partStart = new int[MAX_TOKEN];

  private final int[] partEnd = new int[MAX_TOKEN];
  private int parts;
  private int nextPart;
  private int wholeStart;
  private int termHash;

  /** Emits each term once per document, without offsets, for a field indexed without positions. */
  private final boolean distinct;

  private int generation = 1;
  private int distinctTerms;
  private int[] slotGeneration = new int[SET_SIZE];
  private int[] slotEntry = new int[SET_SIZE];
  private int[] slotLength = new int[SET_SIZE];
  private int[] slotHash = new int[SET_SIZE];
  private char[] arena = new char[8192];
  private int arenaLength;

  private static final int SET_SIZE = 1024;

  /** Every token at its position, with offsets: for queries, query rules and finding lines. */
  CodeTokenizer() {
    this(false);
  }

  /**
   * @param distinct each term once per document, no offsets, and a token of several parts only as
   *     its parts: what an index without positions needs, at a fraction of the index's cost. Code
   *     repeats its identifiers, and its compound identifiers are nearly all different (most of a
   *     code index's terms) while their parts come from a small vocabulary; a search finds a
   *     compound through its parts and checks the blob itself.
   */
  CodeTokenizer(boolean distinct) {
    this.distinct = distinct;
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    length = 0;
    int n;
    while ((n = input.read(text, length, text.length - length)) != -1) {
      length += n;
      if (length == text.length) {
        text = java.util.Arrays.copyOf(text, text.length * 2);
      }
    }
    pos = 0;
    parts = 0;
    nextPart = 0;
    if (distinct) {
      generation++;
      distinctTerms = 0;
      arenaLength = 0;
    }
  }

  @Override
  public boolean incrementToken() {
    clearAttributes();
    while (true) {
      if (nextPart < parts) {
        emit(partStart[nextPart], partEnd[nextPart], nextPart == 0 ? 0 : 1);
        nextPart++;
      } else if (nextWhole()) {
        if (distinct && parts > 0) {
          // A set of terms gets a compound only as its parts (see the class comment).
          continue;
        }
        emit(wholeStart, pos, 1);
      } else {
        return false;
      }
      if (!distinct || firstInDocument()) {
        return true;
      }
    }
  }

  /** Moves to the next whole token of at most {@link #MAX_TOKEN} characters and splits it. */
  private boolean nextWhole() {
    while (pos < length) {
      while (pos < length && !isTokenChar(text[pos])) {
        pos++;
      }
      int start = pos;
      while (pos < length
          && (isTokenChar(text[pos])
              || (text[pos] == '-' && pos + 1 < length && isTokenChar(text[pos + 1]) && pos > start))) {
        pos++;
      }
      if (pos == start || pos - start > MAX_TOKEN) {
        continue;
      }
      wholeStart = start;
      split(start, pos);
      return true;
    }
    return false;
  }

  private void emit(int start, int end, int positionIncrement) {
    char[] buf = term.resizeBuffer(end - start);
    int h = 0;
    for (int i = start; i < end; i++) {
      char c = text[i];
      char lower =
          c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
      buf[i - start] = lower;
      h = 31 * h + lower;
    }
    term.setLength(end - start);
    termHash = h;
    if (distinct) {
      // Positions mean nothing in a set of terms, and Lucene wants the first one above zero.
      increment.setPositionIncrement(1);
    } else {
      offset.setOffset(correctOffset(start), correctOffset(end));
      increment.setPositionIncrement(positionIncrement);
    }
  }

  /**
   * Whether the term just emitted is new in this document; remembers it. An open-addressing set
   * over the lower-cased characters, emptied per document by a generation stamp: it stays small
   * enough for the CPU's caches, unlike the index's term hash, whose look-ups it saves.
   */
  private boolean firstInDocument() {
    char[] buf = term.buffer();
    int len = term.length();
    int mask = slotEntry.length - 1;
    for (int slot = mix(termHash) & mask; ; slot = (slot + 1) & mask) {
      if (slotGeneration[slot] != generation) {
        if (arenaLength + len > arena.length) {
          arena = java.util.Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLength + len));
        }
        System.arraycopy(buf, 0, arena, arenaLength, len);
        slotGeneration[slot] = generation;
        slotEntry[slot] = arenaLength;
        slotLength[slot] = len;
        slotHash[slot] = termHash;
        arenaLength += len;
        if (++distinctTerms * 2 > slotEntry.length) {
          growSet();
        }
        return true;
      }
      if (slotHash[slot] == termHash && slotLength[slot] == len
          && java.util.Arrays.equals(arena, slotEntry[slot], slotEntry[slot] + len, buf, 0, len)) {
        return false;
      }
    }
  }

  private static int mix(int h) {
    return h ^ (h >>> 16);
  }

  /** Doubles the set, re-inserting this document's terms (older generations are dropped). */
  private void growSet() {
    int[] oldGeneration = slotGeneration;
    int[] oldEntry = slotEntry;
    int[] oldLength = slotLength;
    int[] oldHash = slotHash;
    int size = oldEntry.length * 2;
    slotGeneration = new int[size];
    slotEntry = new int[size];
    slotLength = new int[size];
    slotHash = new int[size];
    int mask = size - 1;
    for (int i = 0; i < oldEntry.length; i++) {
      if (oldGeneration[i] != generation) {
        continue;
      }
      int slot = mix(oldHash[i]) & mask;
      while (slotGeneration[slot] == generation) {
        slot = (slot + 1) & mask;
      }
      slotGeneration[slot] = generation;
      slotEntry[slot] = oldEntry[i];
      slotLength[slot] = oldLength[i];
      slotHash[slot] = oldHash[i];
    }
  }

  /** Finds the parts of {@code text[start, end)}; leaves none when the token is a single part. */
  private void split(int start, int end) {
    parts = 0;
    nextPart = 0;
    int partBegin = -1;
    for (int i = start; i < end; i++) {
      char c = text[i];
      boolean separator = c == '_' || c == '-';
      if (separator) {
        if (partBegin >= 0) {
          addPart(partBegin, i);
          partBegin = -1;
        }
        continue;
      }
      if (partBegin >= 0 && i > partBegin && humpAt(i)) {
        addPart(partBegin, i);
        partBegin = i;
      } else if (partBegin < 0) {
        partBegin = i;
      }
    }
    if (partBegin >= 0) {
      addPart(partBegin, end);
    }
    if (parts == 1 && partStart[0] == start && partEnd[0] == end) {
      parts = 0;
    }
  }

  /** True where a new camelCase part starts: aB, or the B of ABc (HTTPServer: HTTP, Server). */
  private boolean humpAt(int i) {
    char c = text[i];
    char before = text[i - 1];
    if (c < 128 && before < 128) {
      // Nearly all code is ASCII: no Character look-ups on the indexing path.
      if (c < 'A' || c > 'Z') {
        return false;
      }
      if ((before >= 'a' && before <= 'z') || (before >= '0' && before <= '9')) {
        return true;
      }
      if (before < 'A' || before > 'Z' || i + 1 >= length) {
        return false;
      }
      char next = text[i + 1];
      return next < 128 ? next >= 'a' && next <= 'z' : Character.isLowerCase(next);
    }
    if (!Character.isUpperCase(c)) {
      return false;
    }
    if (Character.isLowerCase(before) || Character.isDigit(before)) {
      return true;
    }
    return Character.isUpperCase(before)
        && i + 1 < length
        && Character.isLowerCase(text[i + 1]);
  }

  private void addPart(int start, int end) {
    if (parts < MAX_TOKEN) {
      partStart[parts] = start;
      partEnd[parts] = end;
      parts++;
    }
  }

  private static boolean isTokenChar(char c) {
    if (c < 128) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    return Character.isLetterOrDigit(c);
  }

  @Override
  public void end() throws IOException {
    super.end();
    int finalOffset = correctOffset(length);
    offset.setOffset(finalOffset, finalOffset);
  }

  @Override
  public void close() throws IOException {
    super.close();
    if (text.length > 1 << 16) {
      // A large file's buffer is not kept for the rest of the thread's life.
      text = new char[8192];
    }
    if (slotEntry.length > 1 << 14) {
      slotGeneration = new int[SET_SIZE];
      slotEntry = new int[SET_SIZE];
      slotLength = new int[SET_SIZE];
      slotHash = new int[SET_SIZE];
      arena = new char[8192];
      generation = 1;
    }
  }
}
