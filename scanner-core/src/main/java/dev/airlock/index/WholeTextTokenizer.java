package dev.airlock.index;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.analysis.Tokenizer;

/**
 * What both code tokenizers share: the whole document read into a char array at reset (tokenizing
 * runs over the array, not through a reader), and the parts of the current token as offsets into
 * it. Instances serve one thread, as every Lucene tokenizer.
 */
abstract class WholeTextTokenizer extends Tokenizer {
  private static final int INITIAL = 8192;

  /**
   * The largest array kept from one document to the next (2 MB). Lucene closes the tokenizer
   * after each document: when every file above 64 K characters dropped its array, the next one
   * grew a new one by doubling, which was 120 MB of garbage in a cold scan of the 220 MB bench
   * corpus, and a young collection more every few hundred such files.
   */
  private static final int KEPT = 1 << 20;

  /** The document; only {@code text[0, length)} is its own. */
  char[] text = new char[INITIAL];

  int length;
  /** Where the search for the next whole token starts. */
  int pos;

  /** Part boundaries of the current whole token, as offsets into {@link #text}. */
  final int[] partStart = new int[CodeTokenizer.MAX_TOKEN];

  final int[] partEnd = new int[CodeTokenizer.MAX_TOKEN];
  int parts;
  int nextPart;

  /** A character lower-cased as every term is: ASCII without a {@link Character} look-up. */
  static char lower(char c) {
    return c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    length = 0;
    int n;
    while ((n = input.read(text, length, text.length - length)) != -1) {
      length += n;
      if (length == text.length) {
        text = Arrays.copyOf(text, text.length * 2);
      }
    }
    pos = 0;
    parts = 0;
    nextPart = 0;
  }

  /**
   * Takes {@code s} as the document, without a reader: for an instance that serves its thread
   * outside an analyzer ({@link TermSetTokenizer#collect}).
   */
  final void load(String s) {
    int n = s.length();
    if (n > text.length) {
      text = new char[Math.max(n, Math.min(KEPT, text.length * 2))];
    }
    s.getChars(0, n, text, 0);
    length = n;
    pos = 0;
    parts = 0;
    nextPart = 0;
  }

  @Override
  public void close() throws IOException {
    super.close();
    dropLargeBuffers();
  }

  /** A very large file's arrays are not kept for the rest of the thread's life. */
  void dropLargeBuffers() {
    if (text.length > KEPT) {
      text = new char[INITIAL];
    }
  }
}
