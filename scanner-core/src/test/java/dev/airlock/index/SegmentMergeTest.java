package dev.airlock.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.RuleSet;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import dev.airlock.scan.TestRepo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rescans' small segments are merged after each scan's commit; a first scan's large ones stay. */
class SegmentMergeTest {
  @TempDir Path tmp;

  private final Random random = new Random(20261202);

  @Test
  void smallSegmentsBecomeOneAndALargeOneIsLeftAlone() throws Exception {
    try (Directory directory = FSDirectory.open(tmp.resolve("index"));
        IndexWriter writer =
            new IndexWriter(
                directory,
                new IndexWriterConfig()
                    .setMergePolicy(NoMergePolicy.INSTANCE)
                    .setMergeScheduler(new SerialMergeScheduler())
                    .setUseCompoundFile(false))) {
      // Random bytes do not compress: 40 documents of 100 KB make a segment over the threshold.
      for (int i = 0; i < 40; i++) {
        byte[] bytes = new byte[100_000];
        random.nextBytes(bytes);
        writer.addDocument(document("large", new StoredField("bytes", bytes)));
      }
      writer.commit();
      for (int i = 0; i < 3; i++) {
        writer.addDocument(document("small-" + i, new StoredField("bytes", new byte[] {(byte) i})));
        writer.commit();
      }
      assertThat(SegmentInfos.readLatestCommit(directory).size()).isEqualTo(4);

      writer.getConfig().setMergePolicy(new LuceneState.SmallSegmentsFirst());
      writer.maybeMerge();
      writer.commit();

      List<Integer> docsPerSegment = new ArrayList<>();
      for (SegmentCommitInfo info : SegmentInfos.readLatestCommit(directory)) {
        docsPerSegment.add(info.info.maxDoc());
        if (info.info.maxDoc() == 40) {
          assertThat(info.sizeInBytes()).isGreaterThan(LuceneState.SMALL_SEGMENT_BYTES);
        }
      }
      assertThat(docsPerSegment).containsExactlyInAnyOrder(40, 3);
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        assertThat(reader.numDocs()).isEqualTo(43);
        IndexSearcher searcher = new IndexSearcher(reader);
        for (String name : List.of("large", "small-0", "small-1", "small-2")) {
          assertThat(searcher.count(new TermQuery(new Term("name", name)))).as(name).isPositive();
        }
      }
    }
  }

  @Test
  void rescansLeaveAtMostTwoSegmentsWithEveryScanAndTheirFindings() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = twentyServices(dir)) {
      StateOptions state = StateOptions.inRepository(IndexMode.CODE);
      Scanner scanner = Scanner.builder().rules(RuleSet.builtIn()).threads(2).state(state).build();
      int scans = 0;
      for (int round = 0; round < 5; round++) {
        repo.write("src/Service" + round + ".java",
            "class Service" + round + " { String k = \"" + TestRepo.githubToken(random) + "\"; }\n");
        repo.commit("round " + round);
        ScanResult rescan = scanner.scanPaths(List.of(dir), null).get(0);
        scans++;
        ScanResult fresh =
            Scanner.builder().rules(RuleSet.builtIn()).threads(2).state(StateOptions.none()).build()
                .scanPaths(List.of(dir), null).get(0);
        assertThat(rescan.error()).isNull();
        assertThat(rescan.findings()).isEqualTo(fresh.findings());
        assertThat(rescan.findings()).hasSize(round + 1);

        Path index = dir.resolve(".git/airlock/index");
        try (Directory directory = FSDirectory.open(index)) {
          // Each scan wrote two or three segments; the whole index is small, so a rescan leaves
          // one, or the two of a scan that found fewer than three to merge.
          assertThat(SegmentInfos.readLatestCommit(directory).size()).as("round " + round)
              .isBetween(1, 2);
          try (DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            assertThat(searcher.count(new TermQuery(new Term(LuceneState.TYPE, "scan"))))
                .isEqualTo(scans);
          }
        }
      }
    }
  }

  @Test
  void firstFindingsScanKeepsItsTwoSegmentsAndARescanMergesTheSmallOnes() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = twentyServices(dir)) {
      Scanner scanner =
          Scanner.builder().rules(RuleSet.builtIn()).threads(2)
              .state(StateOptions.inRepository(IndexMode.FINDINGS)).build();
      Path index = dir.resolve(".git/airlock/index");
      assertThat(scanner.scanPaths(List.of(dir), null).get(0).error()).isNull();
      try (Directory directory = FSDirectory.open(index)) {
        // The ready-made segment of the blobs, and the scan document's.
        assertThat(SegmentInfos.readLatestCommit(directory).size()).isEqualTo(2);
      }
      repo.write("src/Service1.java", "class Service1 { int y; }\n");
      repo.commit("change");
      ScanResult rescan = scanner.scanPaths(List.of(dir), null).get(0);
      assertThat(rescan.stats().blobsScanned()).isEqualTo(1);
      try (Directory directory = FSDirectory.open(index)) {
        assertThat(SegmentInfos.readLatestCommit(directory).size()).isEqualTo(1);
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
          IndexSearcher searcher = new IndexSearcher(reader);
          assertThat(searcher.count(new TermQuery(new Term(LuceneState.TYPE, "scan")))).isEqualTo(2);
          assertThat(searcher.count(new TermQuery(new Term(LuceneState.TYPE, "blob")))).isEqualTo(21);
        }
      }
    }
  }

  private static TestRepo twentyServices(Path dir) throws Exception {
    TestRepo repo = TestRepo.init(dir);
    for (int i = 0; i < 20; i++) {
      repo.write("src/Service" + i + ".java", "class Service" + i + " { int x = " + i + "; }\n");
    }
    repo.commit("initial");
    return repo;
  }

  private static Document document(String name, Field... fields) {
    Document d = new Document();
    d.add(new StringField("name", name, Field.Store.NO));
    for (Field f : fields) {
      d.add(f);
    }
    return d;
  }
}
