package dev.airlock.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * The ready-made segment of a findings index's first scan, added to a real index: one document
 * per key, the blob put last under it, none for a key the writer took, in the order of the keys.
 */
class FindingsSegmentTest {
  private final Random random = new Random(20261202);

  @Test
  void givesEachKeyOneDocumentTheLastPutAndLeavesOutKeysWrittenElsewhere() throws Exception {
    FindingsSegment segment = new FindingsSegment(new BytesRef("rules-hash"));
    Map<String, String> expected = new TreeMap<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      keys.add(blobId() + ":0123456789abcdef" + (i % 5 == 0 ? ":" + i : ""));
    }
    // Keys equal in their first 8 bytes, and one a prefix of another: the sort compares past
    // the packed prefix.
    keys.add("aaaaaaaa");
    keys.add("aaaaaaaab");
    keys.add("aaaaaaaaa");
    java.util.Collections.shuffle(keys, random);
    String twice = keys.get(17);
    String elsewhere = keys.get(42);
    // One blob listed at other paths too: its verdicts are encoded again when the segment is added.
    String shared = keys.get(99);
    int put = 0;
    for (String key : keys) {
      String outcome = "outcome of " + key + " #" + put++;
      assertThat(segment.put(verdicts(key, "path/" + key), bytes(outcome), "blob-" + key, "path/" + key, key.length()))
          .isTrue();
      expected.put(key, outcome);
    }
    String later = "outcome of " + twice + " put again";
    assertThat(segment.put(verdicts(twice, "other/" + twice), bytes(later), "blob-" + twice, "other/" + twice, 7))
        .isTrue();
    expected.put(twice, later);
    expected.remove(elsewhere);
    FindingsSegment.OtherPaths others =
        new FindingsSegment.OtherPaths() {
          @Override
          public boolean of(String blobId) {
            return blobId.equals("blob-" + shared);
          }

          @Override
          public byte[] verdicts(String key, String blobId, String path, long size) {
            return FindingsSegmentTest.verdicts(key, path + "+copy/" + path);
          }
        };

    Map<String, String> actual = new TreeMap<>();
    List<String> keyOrder = new ArrayList<>();
    try (Directory dir = new ByteBuffersDirectory();
        IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(null))) {
      int added = segment.addTo(writer, others, Set.of(elsewhere)::contains);
      assertThat(added).isEqualTo(expected.size()).isEqualTo(keys.size() - 1);
      // Refused once added: such a blob goes through the writer.
      assertThat(segment.added()).isTrue();
      assertThat(segment.put(verdicts("late", "late"), bytes("late"), "late", "late", 1)).isFalse();
      assertThat(segment.addTo(writer, others, null)).isZero();
      writer.commit();

      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertThat(reader.leaves()).hasSize(1);
        LeafReader leaf = reader.leaves().get(0).reader();
        assertThat(leaf.maxDoc()).isEqualTo(expected.size());
        BinaryDocValues outcomes = leaf.getBinaryDocValues(LuceneState.OUTCOME);
        BinaryDocValues verdicts = leaf.getBinaryDocValues(LuceneState.VERDICTS);
        TermsEnum terms = leaf.terms(LuceneState.KEY).iterator();
        PostingsEnum docs = null;
        for (BytesRef term = terms.next(); term != null; term = terms.next()) {
          String key = term.utf8ToString();
          keyOrder.add(key);
          docs = terms.postings(docs, PostingsEnum.NONE);
          int doc = docs.nextDoc();
          assertThat(docs.nextDoc()).isEqualTo(DocIdSetIterator.NO_MORE_DOCS);
          assertThat(outcomes.advanceExact(doc)).isTrue();
          actual.put(key, outcomes.binaryValue().utf8ToString());
          assertThat(verdicts.advanceExact(doc)).isTrue();
          BytesRef verdict = verdicts.binaryValue();
          String expectedPaths =
              key.equals(twice) ? "other/" + twice : key.equals(shared) ? "path/" + shared + "+copy/path/" + shared : "path/" + key;
          assertThat(BytesRef.deepCopyOf(verdict).bytes).isEqualTo(verdicts(key, expectedPaths));
        }
        for (String field : List.of(LuceneState.TYPE, LuceneState.RULES)) {
          TermsEnum every = leaf.terms(field).iterator();
          assertThat(every.next()).isNotNull();
          assertThat(every.docFreq()).isEqualTo(expected.size());
          assertThat(every.next()).isNull();
        }
      }
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(keyOrder).isSorted().doesNotContain(elsewhere).contains("aaaaaaaa", "aaaaaaaaa", "aaaaaaaab");
  }

  private String blobId() {
    byte[] id = new byte[20];
    random.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  /** Verdicts as a blob's begin: the key as {@code writeUTF} writes it, then anything. */
  private static byte[] verdicts(String key, String paths) {
    ByteEncoder out = new ByteEncoder(16);
    out.writeUTF(key);
    out.writeUTF(paths);
    return out.toByteArray();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
