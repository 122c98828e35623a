package dev.airlock.index;

import java.io.IOException;
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
final class CodeTokenizer extends WholeTextTokenizer {
  static final int MAX_TOKEN = 100;

  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
  private final PositionIncrementAttribute increment =
      addAttribute(PositionIncrementAttribute.class);

  private int wholeStart;

  /**
   * Every token at its position, with offsets: for queries, query rules and finding lines. The
   * index writer gets the same terms as a set, from {@link TermSetTokenizer}.
   */
  CodeTokenizer() {}

  @Override
  public boolean incrementToken() {
    clearAttributes();
    if (nextPart < parts) {
      emit(partStart[nextPart], partEnd[nextPart], nextPart == 0 ? 0 : 1);
      nextPart++;
    } else if (nextWhole()) {
      emit(wholeStart, pos, 1);
    } else {
      return false;
    }
    return true;
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
    for (int i = start; i < end; i++) {
      buf[i - start] = lower(text[i]);
    }
    term.setLength(end - start);
    offset.setOffset(correctOffset(start), correctOffset(end));
    increment.setPositionIncrement(positionIncrement);
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
      if (partBegin >= 0 && i > partBegin && humpAt(text, i, length)) {
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

  /**
   * True where a new camelCase part starts in {@code t[0, n)}: aB, or the B of ABc (HTTPServer:
   * HTTP, Server).
   */
  static boolean humpAt(char[] t, int i, int n) {
    char c = t[i];
    char before = t[i - 1];
    if (c < 128 && before < 128) {
      // Nearly all code is ASCII: no Character look-ups on the indexing path.
      if (c < 'A' || c > 'Z') {
        return false;
      }
      if ((before >= 'a' && before <= 'z') || (before >= '0' && before <= '9')) {
        return true;
      }
      if (before < 'A' || before > 'Z' || i + 1 >= n) {
        return false;
      }
      char next = t[i + 1];
      return next < 128 ? next >= 'a' && next <= 'z' : Character.isLowerCase(next);
    }
    if (!Character.isUpperCase(c)) {
      return false;
    }
    if (Character.isLowerCase(before) || Character.isDigit(before)) {
      return true;
    }
    return Character.isUpperCase(before) && i + 1 < n && Character.isLowerCase(t[i + 1]);
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
}
