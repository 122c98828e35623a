package dev.airlock.index;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * A document's distinct {@code content} terms, as {@link TermSetTokenizer} finds them: UTF-8
 * bytes back to back, term {@code i} ending at {@code ends[i]}. A worker finds them while the
 * file's text is in its cache and queues these few KB instead of the text (a quarter of its
 * size, or less): the indexing queue then holds fewer, smaller objects for the collector to copy,
 * and the indexing thread only hands the terms to Lucene. Immutable; each {@link #stream()} is
 * for one thread.
 */
final class DocumentTerms {
  private final byte[] bytes;
  private final int[] ends;
  private final int[] hashes;

  DocumentTerms(byte[] bytes, int[] ends, int[] hashes) {
    this.bytes = bytes;
    this.ends = ends;
    this.hashes = hashes;
  }

  /** No terms: a file without a token. */
  static final DocumentTerms NONE = new DocumentTerms(new byte[0], new int[0], new int[0]);

  int size() {
    return ends.length;
  }

  /** Where term {@code i} starts in {@link #bytes()}. */
  int start(int i) {
    return i == 0 ? 0 : ends[i - 1];
  }

  int end(int i) {
    return ends[i];
  }

  /**
   * The hash the tokenizer gave term {@code i}: {@code h = 31 * h + b} over its UTF-8 bytes
   * (signed), which {@link ContentPostings} looks the term up by without hashing it again.
   */
  int hash(int i) {
    return hashes[i];
  }

  /** The terms' UTF-8 bytes back to back; not to be modified. */
  byte[] utf8() {
    return bytes;
  }

  /** Bytes held, for the bound of the indexing queue. */
  int bytes() {
    return bytes.length;
  }

  /** Term {@code i}, for tests. */
  String term(int i) {
    int start = i == 0 ? 0 : ends[i - 1];
    return new String(bytes, start, ends[i] - start, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The terms as the index writer takes a field's tokens. */
  TokenStream stream() {
    return new Replay();
  }

  private final class Replay extends TokenStream {
    private final TermSetTokenizer.TermBytes term = new TermSetTokenizer.TermBytes();
    private final PositionIncrementAttribute increment;
    private int next;

    Replay() {
      // First, so that Lucene's own attributes (added later) leave the term to this one.
      addAttributeImpl(term);
      increment = addAttribute(PositionIncrementAttribute.class);
    }

    @Override
    public void reset() throws java.io.IOException {
      super.reset();
      next = 0;
      increment.setPositionIncrement(1);
    }

    @Override
    public boolean incrementToken() {
      if (next >= ends.length) {
        return false;
      }
      int start = next == 0 ? 0 : ends[next - 1];
      term.ref.bytes = bytes;
      term.ref.offset = start;
      term.ref.length = ends[next] - start;
      next++;
      return true;
    }
  }
}
