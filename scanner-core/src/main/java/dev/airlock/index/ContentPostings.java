package dev.airlock.index;

import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.TreeSet;
import org.apache.lucene.codecs.FieldsProducer;
import dev.airlock.index.DocsOnlyTerms.Docs;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IntroSorter;

/**
 * The {@code content} postings of one batch of blob documents, inverted here rather than by
 * Lucene's indexing chain: which documents of the batch hold each term, nothing more (the field
 * keeps neither positions nor frequencies). A worker's tokenizer already gives each document's
 * distinct terms with their hashes ({@link DocumentTerms}), so a posting costs one probe of this
 * table and an int appended to the batch's list (sorted by term once, when the batch is
 * written); Lucene's chain hashed each term again (murmur3 over its bytes, compared in its block
 * pool) and wrote each posting as a vInt into byte slices of growing sizes, which was a fifth of
 * a cold code scan's CPU on the bench corpus. The batch reaches the index through {@link
 * #withFieldsOf}, as the content of a segment added whole.
 *
 * <p>Not thread-safe: the index writes a batch under its lock.
 */
final class ContentPostings {
  /** Term bytes back to back; term {@code t} is {@code pool[termStart[t], +termLength[t])}. */
  private byte[] pool = new byte[1 << 16];

  private int poolLength;
  private int[] termStart = new int[1024];
  private int[] termLength = new int[1024];
  private int[] termHash = new int[1024];
  private int[] termDocCount = new int[1024];
  private int terms;

  /**
   * The batch's postings in the order they came: the term ids of each document's terms, document
   * after document ({@link #docs} says where each ends). Appended at once, and sorted by term only
   * when the batch is written ({@link #withFieldsOf}): a list per term, grown as it filled, cost
   * the scan more than finding the term did.
   */
  private int[] termIds = new int[1 << 16];

  /** Documents with terms, in increasing order, and where each one's term ids end. */
  private int[] docs = new int[1024];

  private int[] docEnds = new int[1024];

  /** Open addressing over term ids plus one (0: free). */
  private int[] table = new int[1 << 12];

  private long postings;
  private int docsWithTerms;

  /** Adds document {@code doc}'s terms; documents come in increasing order. */
  void add(int doc, DocumentTerms d) {
    int n = d.size();
    if (n == 0) {
      return;
    }
    int at = (int) postings;
    if (at + n > termIds.length) {
      termIds = Arrays.copyOf(termIds, Math.max(termIds.length * 2, at + n));
    }
    if (docsWithTerms == docs.length) {
      docs = Arrays.copyOf(docs, docsWithTerms * 2);
      docEnds = Arrays.copyOf(docEnds, docsWithTerms * 2);
    }
    int[] ids = termIds;
    byte[] bytes = d.utf8();
    for (int i = 0; i < n; i++) {
      int start = d.start(i);
      int t = find(bytes, start, d.end(i) - start, d.hash(i));
      termDocCount[t]++;
      ids[at + i] = t;
    }
    postings += n;
    docs[docsWithTerms] = doc;
    docEnds[docsWithTerms] = at + n;
    docsWithTerms++;
  }

  /** The id of a term, added if new. */
  private int find(byte[] bytes, int start, int length, int h) {
    int mask = table.length - 1;
    for (int slot = (h ^ (h >>> 16)) & mask; ; slot = (slot + 1) & mask) {
      int e = table[slot];
      if (e == 0) {
        int t = newTerm(bytes, start, length, h);
        table[slot] = t + 1;
        if (terms * 2 > table.length) {
          growTable();
        }
        return t;
      }
      int t = e - 1;
      if (termHash[t] == h && termLength[t] == length && same(bytes, start, termStart[t], length)) {
        return t;
      }
    }
  }

  private boolean same(byte[] bytes, int start, int at, int length) {
    byte[] p = pool;
    for (int i = 0; i < length; i++) {
      if (bytes[start + i] != p[at + i]) {
        return false;
      }
    }
    return true;
  }

  private int newTerm(byte[] bytes, int start, int length, int h) {
    if (terms == termStart.length) {
      int size = terms * 2;
      termStart = Arrays.copyOf(termStart, size);
      termLength = Arrays.copyOf(termLength, size);
      termHash = Arrays.copyOf(termHash, size);
      termDocCount = Arrays.copyOf(termDocCount, size);
    }
    if (poolLength + length > pool.length) {
      pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolLength + length));
    }
    System.arraycopy(bytes, start, pool, poolLength, length);
    int t = terms++;
    termStart[t] = poolLength;
    termLength[t] = length;
    termHash[t] = h;
    termDocCount[t] = 0;
    poolLength += length;
    return t;
  }

  private void growTable() {
    int[] bigger = new int[table.length * 2];
    int mask = bigger.length - 1;
    for (int t = 0; t < terms; t++) {
      int h = termHash[t];
      int slot = (h ^ (h >>> 16)) & mask;
      while (bigger[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      bigger[slot] = t + 1;
    }
    table = bigger;
  }

  /** Postings held: what decides when a batch is written out. */
  long postings() {
    return postings;
  }

  /** An estimate of the heap this batch holds. */
  long bytesUsed() {
    return poolLength + 4L * table.length + 20L * terms + 4L * postings + 8L * docsWithTerms;
  }

  /**
   * Once, when the batch is written: the postings of {@code fields} (a segment's, whose {@code content} field has no terms of
   * its own), with this batch's as its {@code content}.
   */
  FieldsProducer withFieldsOf(FieldsProducer fields) {
    int[] sorted = sortedTerms();
    invert();
    return new FieldsProducer() {
      @Override
      public Iterator<String> iterator() {
        TreeSet<String> names = new TreeSet<>();
        fields.iterator().forEachRemaining(names::add);
        if (terms > 0) {
          names.add(LuceneState.CONTENT);
        }
        return names.iterator();
      }

      @Override
      public Terms terms(String field) throws IOException {
        if (field.equals(LuceneState.CONTENT)) {
          return terms == 0 ? null : new ContentTerms(sorted);
        }
        return fields.terms(field);
      }

      @Override
      public int size() {
        int n = 0;
        for (Iterator<String> i = iterator(); i.hasNext(); i.next()) {
          n++;
        }
        return n;
      }

      @Override
      public void checkIntegrity() throws IOException {
        fields.checkIntegrity();
      }

      @Override
      public void close() throws IOException {
        fields.close();
      }
    };
  }

  /** Where each term's documents start in {@link #docsByTerm}, after {@link #invert}. */
  private int[] termFirst;

  private int[] docsByTerm;

  /** Sorts the postings by term (a counting sort: documents stay in order within a term). */
  private void invert() {
    int[] first = new int[terms];
    int sum = 0;
    for (int t = 0; t < terms; t++) {
      first[t] = sum;
      sum += termDocCount[t];
    }
    int[] next = first.clone();
    int[] out = new int[sum];
    int[] ids = termIds;
    int k = 0;
    for (int j = 0; j < docsWithTerms; j++) {
      int doc = docs[j];
      for (int end = docEnds[j]; k < end; k++) {
        out[next[ids[k]]++] = doc;
      }
    }
    termFirst = first;
    docsByTerm = out;
    termIds = null;
  }

  /**
   * Term ids in the order of their bytes (unsigned), as a terms dictionary lists them: by their
   * first 8 bytes packed in a number, and only terms that share those by their bytes. Boxed ids
   * sorted by a comparator of their bytes took a third of the time a batch's terms took to read.
   */
  private int[] sortedTerms() {
    int[] ids = new int[terms];
    long[] heads = new long[terms];
    byte[] p = pool;
    for (int t = 0; t < terms; t++) {
      ids[t] = t;
      int start = termStart[t];
      int n = Math.min(termLength[t], 8);
      long head = 0;
      for (int i = 0; i < n; i++) {
        head = head << 8 | (p[start + i] & 0xff);
      }
      // Zero-padded: a term sorts before the longer terms it starts.
      heads[t] = head << (8 * (8 - n));
    }
    new IntroSorter() {
      private long pivotHead;
      private int pivot;

      @Override
      protected void swap(int i, int j) {
        int id = ids[i];
        ids[i] = ids[j];
        ids[j] = id;
        long h = heads[i];
        heads[i] = heads[j];
        heads[j] = h;
      }

      @Override
      protected int compare(int i, int j) {
        int c = Long.compareUnsigned(heads[i], heads[j]);
        return c != 0 ? c : compareBytes(ids[i], ids[j]);
      }

      @Override
      protected void setPivot(int i) {
        pivotHead = heads[i];
        pivot = ids[i];
      }

      @Override
      protected int comparePivot(int j) {
        int c = Long.compareUnsigned(pivotHead, heads[j]);
        return c != 0 ? c : compareBytes(pivot, ids[j]);
      }
    }.sort(0, terms);
    return ids;
  }

  private int compareBytes(int a, int b) {
    return Arrays.compareUnsigned(
        pool, termStart[a], termStart[a] + termLength[a],
        pool, termStart[b], termStart[b] + termLength[b]);
  }

  private final class ContentTerms extends DocsOnlyTerms {
    private final int[] sorted;

    ContentTerms(int[] sorted) {
      super(sorted.length);
      this.sorted = sorted;
    }

    @Override
    BytesRef term(int ord, BytesRef scratch) {
      int t = sorted[ord];
      scratch.bytes = pool;
      scratch.offset = termStart[t];
      scratch.length = termLength[t];
      return scratch;
    }

    @Override
    int docFreq(int ord) {
      return termDocCount[sorted[ord]];
    }

    @Override
    PostingsEnum postings(int ord, PostingsEnum reuse) {
      int t = sorted[ord];
      if (reuse instanceof Docs d && d.owner == ContentPostings.this) {
        return d.reset(termFirst[t], termDocCount[t]);
      }
      return new Docs(ContentPostings.this, docsByTerm, termFirst[t], termDocCount[t]);
    }

    @Override
    public long getSumDocFreq() {
      return postings;
    }

    @Override
    public int getDocCount() {
      return docsWithTerms;
    }
  }
}
