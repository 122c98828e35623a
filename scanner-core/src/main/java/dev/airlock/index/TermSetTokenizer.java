package dev.airlock.index;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TermToBytesRefAttribute;
import org.apache.lucene.util.AttributeImpl;
import org.apache.lucene.util.AttributeReflector;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.UnicodeUtil;

/**
 * What the index writer is given for {@code content}: the distinct terms of a document, each
 * once, as {@link CodeTokenizer} finds them, with a token of several parts given only as its
 * parts. Code repeats its identifiers, and its compound identifiers are nearly all different
 * (most of a code index's terms) while their parts come from a small vocabulary; a search finds a
 * compound through its parts and checks the blob itself.
 *
 * <p>A tokenizer of its own rather than a mode of {@code CodeTokenizer}, because a cold scan runs
 * it over every file, on the quick (C1) compiler only: one pass over each token finds its end and
 * its parts through a table of character classes, one more lower-cases each part straight into
 * UTF-8 bytes while hashing them for the document's set, and a term goes to Lucene as those bytes
 * (no UTF-16 term buffer converted per token). That took the tokenizer's share of a cold scan of
 * the 220 MB bench corpus from 3.5 s to 1.9 s of CPU. No offsets or positions: the field keeps
 * neither. Instances serve one thread, as every Lucene tokenizer.
 */
final class TermSetTokenizer extends WholeTextTokenizer {
  /** Character classes of ASCII, as bits: 0 for a character that is no part of a token. */
  private static final byte[] ASCII_CLASS = new byte[128];

  private static final int TOKEN = 1;
  private static final int UPPER = 2;
  private static final int SEPARATOR = 4;

  static {
    for (char c = 0; c < 128; c++) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        ASCII_CLASS[c] = TOKEN;
      } else if (c >= 'A' && c <= 'Z') {
        ASCII_CLASS[c] = TOKEN | UPPER;
      } else if (c == '_') {
        ASCII_CLASS[c] = TOKEN | SEPARATOR;
      }
    }
  }

  private final TermBytes term = new TermBytes();
  private final PositionIncrementAttribute increment;

  /** This document's terms: UTF-8 bytes in {@link #arena}, found through an open-addressing set. */
  private byte[] arena = new byte[8192];

  private int arenaLength;
  private int generation = 1;
  private int distinctTerms;
  private int[] slotGeneration = new int[SET_SIZE];
  private int[] slotEntry = new int[SET_SIZE];
  private int[] slotLength = new int[SET_SIZE];
  private int[] slotHash = new int[SET_SIZE];

  /**
   * The last 8 bytes of each term (all of a shorter one), packed: most terms are short parts that
   * a document repeats, and a repeat was confirmed byte by byte (a fifth of this tokenizer's
   * time, on the quick compiler); with its length, this long is the whole of a term of up to 8
   * bytes, and the end of a longer one.
   */
  private long[] slotTail = new long[SET_SIZE];
  private char[] lowered = new char[CodeTokenizer.MAX_TOKEN];
  private final byte[] utf8 = new byte[CodeTokenizer.MAX_TOKEN * UnicodeUtil.MAX_UTF8_BYTES_PER_CHAR];

  private static final int SET_SIZE = 1024;

  TermSetTokenizer() {
    // First, so that Lucene's own attributes (added later) leave the term to this one.
    addAttributeImpl(term);
    increment = addAttribute(PositionIncrementAttribute.class);
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    ascii = null;
    // Lucene wants the first above zero, and end() of the last document set it to zero.
    increment.setPositionIncrement(1);
    generation++;
    distinctTerms = 0;
    arenaLength = 0;
  }

  @Override
  public boolean incrementToken() {
    while (true) {
      if (nextPart < parts) {
        int i = nextPart++;
        if (ascii != null ? addAscii(partStart[i], partEnd[i]) : add(partStart[i], partEnd[i])) {
          return true;
        }
      } else if (!(ascii != null ? nextWholeAscii() : nextWhole())) {
        return false;
      }
    }
  }

  /**
   * Finds the next token of at most {@link CodeTokenizer#MAX_TOKEN} characters and its parts,
   * as {@code CodeTokenizer} does (a token with no part is its own only part).
   */
  private boolean nextWhole() {
    char[] t = text;
    int n = length;
    int p = pos;
    while (p < n) {
      char c = t[p];
      int k = c < 128 ? ASCII_CLASS[c] : classOf(c);
      if (k == 0) {
        p++;
        continue;
      }
      int start = p;
      int count = 0;
      int partBegin = -1;
      while (true) {
        if ((k & SEPARATOR) != 0) {
          if (partBegin >= 0) {
            count = addPart(count, partBegin, p);
            partBegin = -1;
          }
        } else if (partBegin < 0) {
          partBegin = p;
        } else if ((k & UPPER) != 0 && CodeTokenizer.humpAt(t, p, n)) {
          count = addPart(count, partBegin, p);
          partBegin = p;
        }
        p++;
        if (p >= n) {
          break;
        }
        c = t[p];
        k = c < 128 ? ASCII_CLASS[c] : classOf(c);
        if (k == 0) {
          // A single inner hyphen belongs to the token (trade-secret), as a separator.
          if (c != '-' || p + 1 >= n || !isTokenChar(t[p + 1])) {
            break;
          }
          k = SEPARATOR;
        }
      }
      if (ended(start, p, partBegin, count)) {
        return true;
      }
    }
    pos = p;
    return false;
  }

  /**
   * Ends the token {@code [start, end)}, whose parts before the last one are found, the last one
   * starting at {@code partBegin} (or none, -1); false for a token too long to index.
   */
  private boolean ended(int start, int end, int partBegin, int count) {
    if (end - start > CodeTokenizer.MAX_TOKEN) {
      return false;
    }
    if (partBegin >= 0) {
      count = addPart(count, partBegin, end);
    }
    if (count == 0) {
      // Only separators ("__"): the token itself.
      count = addPart(0, start, end);
    }
    pos = end;
    parts = count;
    nextPart = 0;
    return true;
  }

  /**
   * Classes of the other characters, each found through {@link Character} once and then kept,
   * with {@link #KNOWN} set (0: not looked up yet). A scan runs this tokenizer on the quick
   * compiler only, which calls into {@code Character} for every look-up: on the bench corpus,
   * whose text has non-ASCII words, those calls were a twelfth of a cold code scan's samples.
   * Threads may fill an entry at the same time; each writes the same byte.
   */
  private static final byte[] OTHER_CLASS = new byte[Character.MAX_VALUE + 1];

  private static final int KNOWN = 8;

  private static int classOf(char c) {
    int k = OTHER_CLASS[c];
    if (k == 0) {
      k = KNOWN;
      if (Character.isLetterOrDigit(c)) {
        k |= Character.isUpperCase(c) ? TOKEN | UPPER : TOKEN;
      }
      OTHER_CLASS[c] = (byte) k;
    }
    return k & ~KNOWN;
  }

  private int addPart(int count, int start, int end) {
    if (count < CodeTokenizer.MAX_TOKEN) {
      partStart[count] = start;
      partEnd[count] = end;
      return count + 1;
    }
    return count;
  }

  private static boolean isTokenChar(char c) {
    return c < 128 ? ASCII_CLASS[c] != 0 : classOf(c) != 0;
  }

  /**
   * Lower-cases {@code text[start, end)} into UTF-8 at the end of the arena and keeps it there
   * if this document did not have it yet; the term attribute then points at it.
   */
  private boolean add(int start, int end) {
    if (end - start >= SHORTENED_FROM && hasAsciiDigit(text, start, end)) {
      end = start + SHORTENED_TO;
    }
    int len = end - start;
    if (arenaLength + len * UnicodeUtil.MAX_UTF8_BYTES_PER_CHAR > arena.length) {
      arena =
          Arrays.copyOf(
              arena,
              Math.max(arena.length * 2, arenaLength + len * UnicodeUtil.MAX_UTF8_BYTES_PER_CHAR));
    }
    byte[] a = arena;
    char[] t = text;
    int at = arenaLength;
    int h = 0;
    long tail = 0;
    int i = start;
    for (; i < end; i++) {
      char c = t[i];
      if (c >= 128) {
        break;
      }
      byte lower = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
      a[at++] = lower;
      h = 31 * h + lower;
      tail = tail << 8 | lower;
    }
    int bytes = len;
    if (i < end) {
      bytes = nonAscii(start, end);
      System.arraycopy(utf8, 0, a, arenaLength, bytes);
      h = 0;
      tail = 0;
      for (int b = arenaLength; b < arenaLength + bytes; b++) {
        h = 31 * h + a[b];
        tail = tail << 8 | (a[b] & 0xff);
      }
    }
    return keep(bytes, h, tail);
  }

  /**
   * Keeps the term of {@code bytes} bytes just written at the end of the arena, hashed {@code h},
   * if this document did not have it yet; the term attribute then points at it.
   */
  private boolean keep(int bytes, int h, long tail) {
    byte[] a = arena;
    int offset = arenaLength;
    int mask = slotEntry.length - 1;
    for (int slot = (h ^ (h >>> 16)) & mask; ; slot = (slot + 1) & mask) {
      if (slotGeneration[slot] != generation) {
        slotGeneration[slot] = generation;
        slotEntry[slot] = offset;
        slotLength[slot] = bytes;
        slotHash[slot] = h;
        slotTail[slot] = tail;
        arenaLength += bytes;
        if (++distinctTerms * 2 > slotEntry.length) {
          growSet();
        }
        term.ref.bytes = a;
        term.ref.offset = offset;
        term.ref.length = bytes;
        lastHash = h;
        return true;
      }
      if (slotHash[slot] == h
          && slotLength[slot] == bytes
          && slotTail[slot] == tail
          && (bytes <= 8 || sameBytes(a, slotEntry[slot], offset, bytes - 8))) {
        return false;
      }
    }
  }

  /**
   * The terms of an ASCII text given as bytes ({@link #collect(byte[], int, int)}): the same
   * passes as {@link #nextWhole} and {@link #add} over bytes, a character each. A scan gets most
   * files as bytes, which the engine decodes only to confirm a possible match; tokenizing the
   * characters cost every file a decoded copy and its copy into {@link #text} (a tenth of this
   * tokenizer's time).
   */
  private byte[] ascii;

  private boolean nextWholeAscii() {
    byte[] t = ascii;
    int n = length;
    int p = pos;
    while (p < n) {
      int k = ASCII_CLASS[t[p]];
      if (k == 0) {
        p++;
        continue;
      }
      int start = p;
      int count = 0;
      int partBegin = -1;
      while (true) {
        if ((k & SEPARATOR) != 0) {
          if (partBegin >= 0) {
            count = addPart(count, partBegin, p);
            partBegin = -1;
          }
        } else if (partBegin < 0) {
          partBegin = p;
        } else if ((k & UPPER) != 0 && asciiHumpAt(t, p, n)) {
          count = addPart(count, partBegin, p);
          partBegin = p;
        }
        p++;
        if (p >= n) {
          break;
        }
        byte c = t[p];
        k = ASCII_CLASS[c];
        if (k == 0) {
          if (c != '-' || p + 1 >= n || ASCII_CLASS[t[p + 1]] == 0) {
            break;
          }
          k = SEPARATOR;
        }
      }
      if (ended(start, p, partBegin, count)) {
        return true;
      }
    }
    pos = p;
    return false;
  }

  /** {@link CodeTokenizer#humpAt} for ASCII, where {@code t[i]} is an upper-case letter. */
  private static boolean asciiHumpAt(byte[] t, int i, int n) {
    byte before = t[i - 1];
    if ((before >= 'a' && before <= 'z') || (before >= '0' && before <= '9')) {
      return true;
    }
    return before >= 'A' && before <= 'Z' && i + 1 < n && t[i + 1] >= 'a' && t[i + 1] <= 'z';
  }

  private boolean addAscii(int start, int end) {
    byte[] t = ascii;
    if (end - start >= SHORTENED_FROM) {
      for (int i = start; i < end; i++) {
        if (t[i] >= '0' && t[i] <= '9') {
          end = start + SHORTENED_TO;
          break;
        }
      }
    }
    int len = end - start;
    if (arenaLength + len > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLength + len));
    }
    byte[] a = arena;
    int at = arenaLength;
    int h = 0;
    long tail = 0;
    for (int i = start; i < end; i++) {
      byte c = t[i];
      byte lower = c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
      a[at++] = lower;
      h = 31 * h + lower;
      tail = tail << 8 | lower;
    }
    return keep(len, h, tail);
  }

  /**
   * Whether {@code a[x, x + n)} equals {@code a[y, y + n)}. A loop of its own: terms are a few
   * bytes, and on the quick compiler {@code Arrays.equals} with ranges (its range checks and the
   * call into {@code ArraysSupport.mismatch}) cost a tenth of this tokenizer's time.
   */
  private static boolean sameBytes(byte[] a, int x, int y, int n) {
    for (int i = 0; i < n; i++) {
      if (a[x + i] != a[y + i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * A term with a digit and at least this many characters is indexed as its first {@link
   * #SHORTENED_TO}: hashes, ids, version strings and numbers were few of a code index's postings
   * (7%, and 13% for numbers) but most of its distinct terms, nearly all in one blob each, and a
   * distinct term costs the index writer several times a posting (its own entry in the writer's
   * hash, postings slices and term dictionary). On the 220 MB bench corpus that halved both the
   * writer's time and the size of {@code content}. A search looks such a term up by the same
   * form ({@link #indexedForm}) and checks each candidate blob's text, as it does for phrases, so
   * its answers do not change; only more blobs can be candidates.
   */
  static final int SHORTENED_FROM = 7;

  static final int SHORTENED_TO = 4;

  /** The term the index holds for {@code term} (a lower-cased term of {@link CodeTokenizer}). */
  static String indexedForm(String term) {
    return term.length() >= SHORTENED_FROM && hasAsciiDigit(term)
        ? term.substring(0, SHORTENED_TO)
        : term;
  }

  private static boolean hasAsciiDigit(char[] t, int start, int end) {
    for (int i = start; i < end; i++) {
      if (t[i] >= '0' && t[i] <= '9') {
        return true;
      }
    }
    return false;
  }

  private static boolean hasAsciiDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        return true;
      }
    }
    return false;
  }

  /** UTF-8 of the lower-cased part into {@link #utf8}, exactly as Lucene converts a char term. */
  private int nonAscii(int start, int end) {
    int len = end - start;
    for (int i = 0; i < len; i++) {
      lowered[i] = lower(text[start + i]);
    }
    return UnicodeUtil.UTF16toUTF8(lowered, 0, len, utf8);
  }

  /** Doubles the set, re-inserting this document's terms (older generations are dropped). */
  private void growSet() {
    int[] oldGeneration = slotGeneration;
    int[] oldEntry = slotEntry;
    int[] oldLength = slotLength;
    int[] oldHash = slotHash;
    long[] oldTail = slotTail;
    int size = oldEntry.length * 2;
    slotGeneration = new int[size];
    slotEntry = new int[size];
    slotLength = new int[size];
    slotHash = new int[size];
    slotTail = new long[size];
    int mask = size - 1;
    for (int i = 0; i < oldEntry.length; i++) {
      if (oldGeneration[i] != generation) {
        continue;
      }
      int slot = (oldHash[i] ^ (oldHash[i] >>> 16)) & mask;
      while (slotGeneration[slot] == generation) {
        slot = (slot + 1) & mask;
      }
      slotGeneration[slot] = generation;
      slotEntry[slot] = oldEntry[i];
      slotLength[slot] = oldLength[i];
      slotHash[slot] = oldHash[i];
      slotTail[slot] = oldTail[i];
    }
  }

  /**
   * The distinct terms of {@code s}, in the order this tokenizer gives them to the index writer.
   * Each term it gives is appended to the arena, so the arena ends as the document's terms back
   * to back. For an instance of one thread's own, used without an analyzer.
   */
  DocumentTerms collect(String s) {
    load(s);
    ascii = null;
    return collectLoaded();
  }

  /**
   * {@link #collect(String)} of the text of {@code bytes[offset, offset + length)}, every one of
   * which is ASCII (a character per byte).
   */
  DocumentTerms collect(byte[] bytes, int offset, int length) {
    ascii = bytes;
    // Offsets into the caller's array: the tokenizer reads bytes[pos, this.length).
    this.length = offset + length;
    pos = offset;
    parts = 0;
    nextPart = 0;
    try {
      return collectLoaded();
    } finally {
      ascii = null;
    }
  }

  private DocumentTerms collectLoaded() {
    generation++;
    distinctTerms = 0;
    arenaLength = 0;
    int n = 0;
    while (incrementToken()) {
      if (n == ends.length) {
        ends = Arrays.copyOf(ends, n * 2);
        hashes = Arrays.copyOf(hashes, n * 2);
      }
      hashes[n] = lastHash;
      ends[n++] = arenaLength;
    }
    DocumentTerms terms =
        new DocumentTerms(
            Arrays.copyOf(arena, arenaLength), Arrays.copyOf(ends, n), Arrays.copyOf(hashes, n));
    dropLargeBuffers();
    return terms;
  }

  /** End of each term in the arena, for {@link #collect}. */
  private int[] ends = new int[256];

  /** {@link DocumentTerms#hash} of each term, for {@link #collect}. */
  private int[] hashes = new int[256];

  /** The hash of the term {@link #add} gave last. */
  private int lastHash;

  @Override
  void dropLargeBuffers() {
    super.dropLargeBuffers();
    if (ends.length > 1 << 14) {
      ends = new int[256];
      hashes = new int[256];
    }
    if (slotEntry.length > 1 << 14 || arena.length > 1 << 18) {
      slotGeneration = new int[SET_SIZE];
      slotEntry = new int[SET_SIZE];
      slotLength = new int[SET_SIZE];
      slotHash = new int[SET_SIZE];
      slotTail = new long[SET_SIZE];
      arena = new byte[8192];
      generation = 1;
    }
  }

  /** The current term as bytes, for the index writer. */
  static final class TermBytes extends AttributeImpl implements TermToBytesRefAttribute {
    final BytesRef ref = new BytesRef();

    @Override
    public BytesRef getBytesRef() {
      return ref;
    }

    @Override
    public void clear() {
      // The tokenizer points the term at its arena before each token.
    }

    @Override
    public void reflectWith(AttributeReflector reflector) {
      reflector.reflect(TermToBytesRefAttribute.class, "bytes", BytesRef.deepCopyOf(ref));
    }

    @Override
    public void copyTo(AttributeImpl target) {
      TermBytes other = (TermBytes) target;
      other.ref.bytes = ref.bytes;
      other.ref.offset = ref.offset;
      other.ref.length = ref.length;
    }
  }
}
