package dev.airlock.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.lucene.codecs.DocValuesProducer;
import org.apache.lucene.codecs.FieldsProducer;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.NormsProducer;
import org.apache.lucene.codecs.PointsReader;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.codecs.TermVectorsReader;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafMetaData;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IntroSorter;
import org.apache.lucene.util.Version;

/**
 * The blob documents a findings index writes in a first scan, kept as arrays and added to the
 * index as one ready-made segment ({@link IndexWriter#addIndexes}), so only Lucene's merge code
 * writes them. Each such document has exactly what {@link LuceneState} gives a blob of a findings
 * index through {@link IndexWriter#addDocuments}: {@code type} {@code blob}, its {@code key}, the
 * rule set's hash as {@code rules} (three keyword fields: terms without frequencies or norms), and
 * the {@code outcome} and {@code verdicts} binary doc values. Lucene's indexing chain inverted
 * those three terms per blob, wrote each doc value through its own buffers, and ran interpreted
 * or freshly compiled once per process: most of the CPU a findings index added to a scan. Here a
 * blob costs an append; the segment's terms are the sorted keys (one document each) and two terms
 * that every document holds.
 *
 * <p>Thread-safe: {@link #put} and {@link #addTo} hold the instance's lock.
 */
final class FindingsSegment {
  private final BytesRef rulesHash;
  /**
   * Each blob's {@code verdicts} as read at its path, encoded by the worker that put it: they
   * begin with its key ({@link #keyLength}), which is all the segment keeps of it.
   */
  private byte[][] verdicts = new byte[1024][];
  private byte[][] outcomes = new byte[1024][];
  /** What a blob listed at several paths needs to encode its {@code verdicts} again. */
  private String[] blobIds = new String[1024];
  private String[] paths = new String[1024];
  private long[] sizes = new long[1024];
  private int docs;

  FindingsSegment(BytesRef rulesHash) {
    this.rulesHash = rulesHash;
  }

  /**
   * Appends a blob read at {@code path}, with its {@code verdicts} as read there (they name only
   * that path: {@link #addTo} encodes again those of a blob listed at others). A key put again (a
   * blob recorded twice under one key in a scan, which is rare) is resolved when the segment is
   * added: the last put wins. Finding a repeat here took a hash set of every key, which cost each
   * blob a hash, a node kept to the end and the set's growth: half of what a worker spent
   * recording a blob. Lucene copies a doc value's bytes when it writes it, so arrays shared by many
   * blobs (the outcomes of files without findings) are kept once. False once the segment is added.
   */
  synchronized boolean put(byte[] verdicts, byte[] outcome, String blobId, String path, long size) {
    if (added) {
      return false;
    }
    if (docs == this.verdicts.length) {
      int grown = docs * 2;
      this.verdicts = Arrays.copyOf(this.verdicts, grown);
      outcomes = Arrays.copyOf(outcomes, grown);
      blobIds = Arrays.copyOf(blobIds, grown);
      paths = Arrays.copyOf(paths, grown);
      sizes = Arrays.copyOf(sizes, grown);
    }
    int doc = docs++;
    this.verdicts[doc] = verdicts;
    outcomes[doc] = outcome;
    blobIds[doc] = blobId;
    paths[doc] = path;
    sizes[doc] = size;
    return true;
  }

  /**
   * The length of the key that {@code verdicts} begin with, as {@code DataOutput#writeUTF} writes
   * it: keys are ASCII (hex, {@code :} and base-36 digits), so those bytes are its UTF-8 too.
   */
  static int keyLength(byte[] verdicts) {
    return (verdicts[0] & 0xff) << 8 | verdicts[1] & 0xff;
  }

  /**
   * Whether the segment was added: a blob put after that is refused, and goes through the writer,
   * replacing by a delete of its key whatever document the segment gave it. That delete comes
   * after the segment, so it reaches it.
   */
  boolean added() {
    return added;
  }

  private volatile boolean added;

  /** The other paths of blobs listed at several, known once the listing is over. */
  interface OtherPaths {
    /** Whether the blob was listed at other paths than the one it was read at. */
    boolean of(String blobId);

    /** The blob's {@code verdicts}, with those of its paths that share its key. */
    byte[] verdicts(String key, String blobId, String path, long size);
  }

  /**
   * Adds the blobs put so far to the index as one segment, and refuses any later put; returns how
   * many it added, none when it holds none. Each key gets one document, the blob put last under
   * it, unless {@code writtenElsewhere} (null for none) says the writer took a document of that
   * key in this scan: that one stands. The documents are in the order of their keys, which the
   * terms dictionary reads front to back. The lock is held throughout: a blob put meanwhile is
   * either in the segment or refused.
   */
  synchronized int addTo(IndexWriter writer, OtherPaths others, Predicate<String> writtenElsewhere)
      throws IOException {
    added = true;
    if (docs == 0) {
      return 0;
    }
    try {
      int[] order = byKey(verdicts, docs);
      byte[][] sortedVerdicts = new byte[docs][];
      byte[][] sortedOutcomes = new byte[docs][];
      int kept = 0;
      for (int r = 0; r < docs; r++) {
        int d = order[r];
        if (r + 1 < docs && compareKeys(verdicts[d], verdicts[order[r + 1]]) == 0) {
          continue; // put again later
        }
        byte[] v = verdicts[d];
        String key = null;
        if (writtenElsewhere != null) {
          key = keyOf(v);
          if (writtenElsewhere.test(key)) {
            continue;
          }
        }
        if (others.of(blobIds[d])) {
          v = others.verdicts(key != null ? key : keyOf(v), blobIds[d], paths[d], sizes[d]);
        }
        sortedVerdicts[kept] = v;
        sortedOutcomes[kept] = outcomes[d];
        kept++;
      }
      if (kept > 0) {
        writer.addIndexes(new Reader(kept, sortedVerdicts, sortedOutcomes, rulesHash));
      }
      return kept;
    } finally {
      docs = 0;
      Arrays.fill(verdicts, null);
      Arrays.fill(outcomes, null);
      Arrays.fill(blobIds, null);
      Arrays.fill(paths, null);
    }
  }

  private static String keyOf(byte[] verdicts) {
    return new String(verdicts, 2, keyLength(verdicts), StandardCharsets.ISO_8859_1);
  }

  private static int compareKeys(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, 2, 2 + keyLength(a), b, 2, 2 + keyLength(b));
  }

  /**
   * The blobs in the order of their keys' bytes, and of their puts among equal keys. Compared
   * first by their first 8 bytes packed in a number (a blob id's first 8 hex digits, nearly
   * always enough), the rest byte by byte only where those are equal.
   */
  private static int[] byKey(byte[][] verdicts, int count) {
    long[] prefix = new long[count];
    int[] order = new int[count];
    for (int d = 0; d < count; d++) {
      byte[] v = verdicts[d];
      int length = keyLength(v);
      long packed = 0;
      for (int i = 0; i < 8; i++) {
        packed = (packed << 8) | (i < length ? v[2 + i] & 0xff : 0);
      }
      prefix[d] = packed;
      order[d] = d;
    }
    new IntroSorter() {
      private int pivot;

      @Override
      protected void swap(int i, int j) {
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }

      @Override
      protected int compare(int i, int j) {
        return compareDocs(order[i], order[j]);
      }

      @Override
      protected void setPivot(int i) {
        pivot = order[i];
      }

      @Override
      protected int comparePivot(int j) {
        return compareDocs(pivot, order[j]);
      }

      private int compareDocs(int a, int b) {
        int c = Long.compareUnsigned(prefix[a], prefix[b]);
        if (c == 0) {
          c = compareKeys(verdicts[a], verdicts[b]);
        }
        return c != 0 ? c : Integer.compare(a, b);
      }
    }.sort(0, count);
    return order;
  }

  private static final String[] TERM_FIELDS = {
    LuceneState.KEY, LuceneState.RULES, LuceneState.TYPE
  };

  /**
   * The fields as the indexing chain declares them for a {@code StringField} (indexed, docs
   * only, no norms) and a {@code BinaryDocValuesField} (not indexed, which keeps norms on): the
   * index checks that each field keeps one schema across segments.
   */
  private static FieldInfos fieldInfos() {
    List<String> names =
        List.of(LuceneState.TYPE, LuceneState.KEY, LuceneState.RULES, LuceneState.OUTCOME,
            LuceneState.VERDICTS);
    FieldInfo[] infos = new FieldInfo[names.size()];
    for (int i = 0; i < infos.length; i++) {
      boolean docValues = i >= 3;
      infos[i] =
          new FieldInfo(
              names.get(i), i, false, !docValues, false,
              docValues ? IndexOptions.NONE : IndexOptions.DOCS,
              docValues ? DocValuesType.BINARY : DocValuesType.NONE,
              -1, new HashMap<>(), 0, 0, 0, 0, VectorEncoding.FLOAT32,
              VectorSimilarityFunction.EUCLIDEAN, false, false);
    }
    return new FieldInfos(infos);
  }

  /**
   * The segment as a merge reads it: postings, doc values and (empty) stored fields. Document
   * {@code d} holds the key of rank {@code d}, which its {@code verdicts} begin with.
   */
  private static final class Reader extends CodecReader {
    private final int maxDoc;
    private final byte[][] outcomes;
    private final byte[][] verdicts;
    private final BytesRef rulesHash;
    private final FieldInfos infos = fieldInfos();

    Reader(int maxDoc, byte[][] verdicts, byte[][] outcomes, BytesRef rulesHash) {
      this.maxDoc = maxDoc;
      this.outcomes = outcomes;
      this.verdicts = verdicts;
      this.rulesHash = rulesHash;
    }

    @Override
    public FieldInfos getFieldInfos() {
      return infos;
    }

    @Override
    public int maxDoc() {
      return maxDoc;
    }

    @Override
    public int numDocs() {
      return maxDoc;
    }

    @Override
    public Bits getLiveDocs() {
      return null;
    }

    @Override
    public LeafMetaData getMetaData() {
      return new LeafMetaData(Version.LATEST.major, Version.LATEST, null, false);
    }

    @Override
    public FieldsProducer getPostingsReader() {
      return new Postings(verdicts, maxDoc, rulesHash);
    }

    @Override
    public DocValuesProducer getDocValuesReader() {
      return new DocValuesProducer() {
        @Override
        public BinaryDocValues getBinary(FieldInfo field) {
          return new Values(field.name.equals(LuceneState.OUTCOME) ? outcomes : verdicts, maxDoc);
        }

        @Override
        public NumericDocValues getNumeric(FieldInfo field) {
          return null;
        }

        @Override
        public SortedDocValues getSorted(FieldInfo field) {
          return null;
        }

        @Override
        public SortedNumericDocValues getSortedNumeric(FieldInfo field) {
          return null;
        }

        @Override
        public SortedSetDocValues getSortedSet(FieldInfo field) {
          return null;
        }

        @Override
        public void checkIntegrity() {}

        @Override
        public void close() {}
      };
    }

    @Override
    public StoredFieldsReader getFieldsReader() {
      return new NoStoredFields();
    }

    @Override
    public TermVectorsReader getTermVectorsReader() {
      return null;
    }

    @Override
    public NormsProducer getNormsReader() {
      return null;
    }

    @Override
    public PointsReader getPointsReader() {
      return null;
    }

    @Override
    public KnnVectorsReader getVectorReader() {
      return null;
    }

    @Override
    public CacheHelper getCoreCacheHelper() {
      return null;
    }

    @Override
    public CacheHelper getReaderCacheHelper() {
      return null;
    }
  }

  /** No document of the segment stores a field. */
  private static final class NoStoredFields extends StoredFieldsReader {
    @Override
    public void document(int docID, StoredFieldVisitor visitor) {}

    @Override
    public StoredFieldsReader clone() {
      return this;
    }

    @Override
    public void checkIntegrity() {}

    @Override
    public void close() {}
  }

  /** Each document's value, in document order. */
  private static final class Values extends BinaryDocValues {
    private final byte[][] values;
    private final int maxDoc;
    private final BytesRef value = new BytesRef();
    private int doc = -1;

    Values(byte[][] values, int maxDoc) {
      this.values = values;
      this.maxDoc = maxDoc;
    }

    @Override
    public BytesRef binaryValue() {
      byte[] v = values[doc];
      value.bytes = v;
      value.offset = 0;
      value.length = v.length;
      return value;
    }

    @Override
    public boolean advanceExact(int target) {
      doc = target;
      return true;
    }

    @Override
    public int docID() {
      return doc;
    }

    @Override
    public int nextDoc() {
      return advance(doc + 1);
    }

    @Override
    public int advance(int target) {
      return doc = target < maxDoc ? target : NO_MORE_DOCS;
    }

    @Override
    public long cost() {
      return maxDoc;
    }
  }

  /**
   * The three keyword fields: {@code key} with one document per term, the document of the same
   * rank; {@code rules} and {@code type} with one term that every document holds.
   */
  private static final class Postings extends FieldsProducer {
    /** The documents' {@code verdicts}, in the order of the keys they begin with. */
    private final byte[][] verdicts;
    /** Every document, in order: a key's document is the slice of one at its rank. */
    private final int[] allDocs;
    private final int maxDoc;
    private final BytesRef rulesHash;

    Postings(byte[][] verdicts, int maxDoc, BytesRef rulesHash) {
      this.verdicts = verdicts;
      this.maxDoc = maxDoc;
      this.rulesHash = rulesHash;
      this.allDocs = new int[maxDoc];
      for (int d = 0; d < maxDoc; d++) {
        allDocs[d] = d;
      }
    }

    @Override
    public Iterator<String> iterator() {
      // In the order of the names, as a merge of several readers' fields expects.
      return Arrays.stream(TERM_FIELDS).sorted().iterator();
    }

    @Override
    public Terms terms(String field) {
      return switch (field) {
        case LuceneState.KEY -> new Field(maxDoc) {
          @Override
          BytesRef term(int ord, BytesRef scratch) {
            byte[] v = verdicts[ord];
            scratch.bytes = v;
            scratch.offset = 2;
            scratch.length = keyLength(v);
            return scratch;
          }

          @Override
          int docFreq(int ord) {
            return 1;
          }

          @Override
          PostingsEnum postings(int ord, PostingsEnum reuse) {
            return docs(reuse, allDocs, ord, 1);
          }
        };
        case LuceneState.RULES -> everyDocument(rulesHash);
        case LuceneState.TYPE -> everyDocument(LuceneState.BLOB_TYPE);
        default -> null;
      };
    }

    private Terms everyDocument(BytesRef term) {
      return new Field(1) {
        @Override
        BytesRef term(int ord, BytesRef scratch) {
          return term;
        }

        @Override
        int docFreq(int ord) {
          return maxDoc;
        }

        @Override
        PostingsEnum postings(int ord, PostingsEnum reuse) {
          return docs(reuse, allDocs, 0, maxDoc);
        }
      };
    }

    private PostingsEnum docs(PostingsEnum reuse, int[] docs, int first, int count) {
      if (reuse instanceof DocsOnlyTerms.Docs d && d.owner == docs) {
        return d.reset(first, count);
      }
      return new DocsOnlyTerms.Docs(docs, docs, first, count);
    }

    /** A field of the segment: every document holds one of its terms. */
    private abstract class Field extends DocsOnlyTerms {
      Field(int terms) {
        super(terms);
      }

      @Override
      public long getSumDocFreq() {
        return maxDoc;
      }

      @Override
      public int getDocCount() {
        return maxDoc;
      }
    }

    @Override
    public int size() {
      return TERM_FIELDS.length;
    }

    @Override
    public void checkIntegrity() {}

    @Override
    public void close() {}
  }
}
