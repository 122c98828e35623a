package dev.airlock.index;

import org.apache.lucene.index.BaseTermsEnum;
import org.apache.lucene.index.ImpactsEnum;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SlowImpactsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * A field's terms held in memory, without frequencies, positions or offsets, as a merge reads
 * them: in order, front to back. The index's ready-made segments are made of them: a batch's
 * {@code content} ({@link ContentPostings}) and a findings index's blobs ({@link
 * FindingsSegment}), each added whole with {@code IndexWriter.addIndexes}.
 *
 * <p>Not thread-safe: a merge reads each enum on one thread.
 */
abstract class DocsOnlyTerms extends Terms {
  private final int terms;

  DocsOnlyTerms(int terms) {
    this.terms = terms;
  }

  /** Points {@code scratch} at the bytes of the term of rank {@code ord}, and returns it. */
  abstract BytesRef term(int ord, BytesRef scratch);

  abstract int docFreq(int ord);

  /** The documents of the term of rank {@code ord}, reusing {@code reuse} when it can. */
  abstract PostingsEnum postings(int ord, PostingsEnum reuse);

  @Override
  public final TermsEnum iterator() {
    return new BaseTermsEnum() {
      private final BytesRef scratch = new BytesRef();
      private BytesRef term;
      private int ord = -1;

      @Override
      public BytesRef next() {
        if (++ord >= terms) {
          ord = terms;
          return term = null;
        }
        return term = DocsOnlyTerms.this.term(ord, scratch);
      }

      @Override
      public BytesRef term() {
        return term;
      }

      @Override
      public long ord() {
        return ord;
      }

      @Override
      public int docFreq() {
        return DocsOnlyTerms.this.docFreq(ord);
      }

      @Override
      public long totalTermFreq() {
        // Without frequencies Lucene counts each posting once.
        return docFreq();
      }

      @Override
      public PostingsEnum postings(PostingsEnum reuse, int flags) {
        return DocsOnlyTerms.this.postings(ord, reuse);
      }

      @Override
      public ImpactsEnum impacts(int flags) {
        return new SlowImpactsEnum(postings(null, flags));
      }

      @Override
      public SeekStatus seekCeil(BytesRef text) {
        throw new UnsupportedOperationException("these terms are only read in order");
      }

      @Override
      public void seekExact(long ord) {
        throw new UnsupportedOperationException("these terms are only read in order");
      }
    };
  }

  @Override
  public final long size() {
    return terms;
  }

  @Override
  public final long getSumTotalTermFreq() throws java.io.IOException {
    return getSumDocFreq();
  }

  @Override
  public final boolean hasFreqs() {
    return false;
  }

  @Override
  public final boolean hasOffsets() {
    return false;
  }

  @Override
  public final boolean hasPositions() {
    return false;
  }

  @Override
  public final boolean hasPayloads() {
    return false;
  }

  /**
   * One term's documents, in increasing order, from a slice of an array; reset for the next term
   * of the same owner's array.
   */
  static final class Docs extends PostingsEnum {
    final Object owner;
    private final int[] docs;
    private int end;
    private int count;
    private int at;
    private int doc = -1;

    Docs(Object owner, int[] docs, int first, int count) {
      this.owner = owner;
      this.docs = docs;
      reset(first, count);
    }

    Docs reset(int first, int count) {
      this.at = first - 1;
      this.end = first + count;
      this.count = count;
      this.doc = -1;
      return this;
    }

    @Override
    public int docID() {
      return doc;
    }

    @Override
    public int nextDoc() {
      return doc = ++at < end ? docs[at] : NO_MORE_DOCS;
    }

    @Override
    public int advance(int target) {
      while (doc < target) {
        nextDoc();
      }
      return doc;
    }

    @Override
    public long cost() {
      return count;
    }

    @Override
    public int freq() {
      return 1;
    }

    @Override
    public int nextPosition() {
      return -1;
    }

    @Override
    public int startOffset() {
      return -1;
    }

    @Override
    public int endOffset() {
      return -1;
    }

    @Override
    public BytesRef getPayload() {
      return null;
    }
  }
}
