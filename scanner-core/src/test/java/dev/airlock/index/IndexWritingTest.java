package dev.airlock.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.RuleSet;
import dev.airlock.rules.engine.Matches;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import dev.airlock.scan.TestRepo;
import dev.airlock.source.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a scan writes its index: on a thread of its own, complete when the scan returns, with every
 * path of a blob, and how a rescan reuses what the last scan stored per path.
 */
class IndexWritingTest {
  @TempDir Path tmp;

  private final Random random = new Random(7_2026);
  private final RecordingListener listener = new RecordingListener();
  private final List<String> warnings = listener.warnings;
  private final List<String> summaries = listener.summaries;

  private ScanResult scan(Path dir, IndexMode mode) {
    return Scanner.builder().rules(RuleSet.builtIn()).threads(2).listener(listener)
        .state(StateOptions.inRepository(mode)).build()
        .scanPaths(List.of(dir), null).get(0);
  }

  private static DirectoryReader index(Path repo) throws Exception {
    return DirectoryReader.open(FSDirectory.open(repo.resolve(".git/airlock/index")));
  }

  private static List<Document> blobDocs(DirectoryReader reader, Term term) throws Exception {
    IndexSearcher searcher = new IndexSearcher(reader);
    BooleanQuery q =
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term(LuceneState.TYPE, "blob")), BooleanClause.Occur.FILTER)
            .add(new TermQuery(term), BooleanClause.Occur.FILTER)
            .build();
    List<Document> out = new ArrayList<>();
    for (ScoreDoc sd : searcher.search(q, 100).scoreDocs) {
      out.add(searcher.storedFields().document(sd.doc));
    }
    return out;
  }

  /** The count of keys the last scan computed from path globs, from its --verbose summary. */
  private long globKeys() {
    Matcher m = Pattern.compile("path-glob keys (\\d+)").matcher(summaries.get(summaries.size() - 1));
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void blobDocumentHoldsEveryPathOfItsBlob() throws Exception {
    Path dir = tmp.resolve("repo");
    try (TestRepo repo = TestRepo.init(dir)) {
      String shared = "shared helper text\nint value = 42;\n";
      repo.write("a/first.txt", shared);
      // Many files between the paths, so the blob is read long before its last path is listed.
      for (int i = 0; i < 300; i++) {
        repo.write("m/File" + i + ".java", "class File" + i + " { int v = " + random.nextInt() + "; }\n");
      }
      repo.write("z/copy.txt", shared);
      repo.write("z/deep/again.md", shared);
      repo.commit("initial");
    }
    ScanResult result = scan(dir, IndexMode.CODE);
    assertThat(result.error()).isNull();
    try (DirectoryReader reader = index(dir)) {
      List<Document> docs = blobDocs(reader, new Term(LuceneState.PATH, "z/deep/again.md"));
      assertThat(docs).hasSize(1);
      assertThat(Arrays.asList(docs.get(0).getValues(LuceneState.PATH)))
          .containsExactly("a/first.txt", "z/copy.txt", "z/deep/again.md");
    }
    try (Source source = Source.open(dir, null)) {
      assertThat(IndexSearch.search(source, null, "helper AND path:z/deep/*", 10).hits())
          .extracting(IndexSearch.Hit::path)
          .contains("z/deep/again.md");
    }
    assertThat(warnings).isEmpty();
  }

  /**
   * A word of file {@code i} alone, spelt without digits: the index holds a long term with a
   * digit only as its first characters.
   */
  private static String marker(int i) {
    StringBuilder out = new StringBuilder("marker");
    for (char c : Integer.toString(i).toCharArray()) {
      out.append((char) ('a' + c - '0'));
    }
    return out.append("word").toString();
  }

  @Test
  void indexHoldsEveryBlobWhenTheScanReturns() throws Exception {
    Path dir = tmp.resolve("repo");
    int files = 400;
    try (TestRepo repo = TestRepo.init(dir)) {
      for (int i = 0; i < files; i++) {
        StringBuilder text = new StringBuilder("package app;\n// ").append(marker(i)).append("\n");
        for (int line = 0; line < 80; line++) {
          text.append("  int computeTotal").append(line).append("(int x) { return x + ")
              .append(random.nextInt(1000)).append("; }\n");
        }
        repo.write("src/app/Unit" + i + ".java", text.toString());
      }
      repo.commit("initial");
    }
    ScanResult result = scan(dir, IndexMode.CODE);
    assertThat(result.stats().blobsScanned()).isEqualTo(files);
    // Written by the indexing thread, yet all there (and committed) as soon as scan returns.
    try (DirectoryReader reader = index(dir)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      assertThat(
              searcher.count(
                  new BooleanQuery.Builder()
                      .add(new TermQuery(new Term(LuceneState.TYPE, "blob")), BooleanClause.Occur.FILTER)
                      .add(new TermQuery(new Term(LuceneState.RULES, RuleSet.builtIn().hash())),
                          BooleanClause.Occur.FILTER)
                      .build()))
          .isEqualTo(files);
      for (int i = 0; i < files; i += 37) {
        assertThat(searcher.count(new TermQuery(new Term(LuceneState.CONTENT, marker(i)))))
            .as("content of file %d", i)
            .isEqualTo(1);
      }
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void contentOfEveryBlobIsItsTextsTermsAcrossSeveralBatches() throws Exception {
    Path dir = tmp.resolve("repo");
    String[] words = {"getUserName", "trade-secret", "ÉtéCafé", "HTTPServer", "d41d8cd98f00b204",
        "x", "snake_case_name", "Ωmega", "value42", "__init__", "userName", "ПриветМир"};
    java.util.Map<String, String> texts = new java.util.TreeMap<>();
    try (TestRepo repo = TestRepo.init(dir)) {
      for (int i = 0; i < 120; i++) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 40 + random.nextInt(200); w++) {
          text.append(words[random.nextInt(words.length)]).append(random.nextInt(3) == 0 ? i : "")
              .append(random.nextBoolean() ? " " : ".\n");
        }
        String path = "src/F" + i + ".txt";
        repo.write(path, text.toString());
        texts.put(path, text.toString());
      }
      repo.commit("initial");
    }
    long limit = LuceneState.batchLimit;
    LuceneState.batchLimit = 4096;
    // Left unmerged after the scan, so that the batches can be told apart.
    LuceneState.smallSegmentBytes = 0;
    try {
      scan(dir, IndexMode.CODE);
    } finally {
      LuceneState.batchLimit = limit;
      LuceneState.smallSegmentBytes = LuceneState.SMALL_SEGMENT_BYTES;
    }
    try (DirectoryReader reader = index(dir)) {
      // Each batch is a segment of its own.
      assertThat(reader.leaves()).hasSizeGreaterThan(3);
      java.util.Map<String, java.util.Set<String>> indexed = new java.util.TreeMap<>();
      for (org.apache.lucene.index.LeafReaderContext leaf : reader.leaves()) {
        org.apache.lucene.index.Terms terms = leaf.reader().terms(LuceneState.CONTENT);
        if (terms == null) {
          continue;
        }
        org.apache.lucene.index.StoredFields stored = leaf.reader().storedFields();
        org.apache.lucene.index.TermsEnum e = terms.iterator();
        org.apache.lucene.index.PostingsEnum docs = null;
        for (org.apache.lucene.util.BytesRef t = e.next(); t != null; t = e.next()) {
          docs = e.postings(docs, org.apache.lucene.index.PostingsEnum.NONE);
          for (int d = docs.nextDoc(); d != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
              d = docs.nextDoc()) {
            if (leaf.reader().getLiveDocs() != null && !leaf.reader().getLiveDocs().get(d)) {
              continue;
            }
            indexed.computeIfAbsent(stored.document(d).get(LuceneState.PATH), k -> new java.util.TreeSet<>())
                .add(t.utf8ToString());
          }
        }
      }
      assertThat(indexed.keySet()).isEqualTo(texts.keySet());
      for (java.util.Map.Entry<String, String> f : texts.entrySet()) {
        DocumentTerms expected = new TermSetTokenizer().collect(f.getValue());
        java.util.Set<String> want = new java.util.TreeSet<>();
        for (int i = 0; i < expected.size(); i++) {
          want.add(expected.term(i));
        }
        assertThat(indexed.get(f.getKey())).as(f.getKey()).isEqualTo(want);
      }
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void rescanReusesEachPathsStoredKeyAndEvaluatesGlobsOnlyForNewPaths() throws Exception {
    Path dir = tmp.resolve("repo");
    try (TestRepo repo = TestRepo.init(dir)) {
      for (int i = 0; i < 30; i++) {
        repo.write("src/S" + i + ".java", "class S" + i + " {}\n");
      }
      repo.write("config/db.properties", "db.password=" + TestRepo.token(random, TestRepo.BASE62, 18) + "\n");
      repo.commit("initial");
      ScanResult cold = scan(dir, IndexMode.FINDINGS);
      assertThat(cold.findings()).isNotEmpty();

      ScanResult again = scan(dir, IndexMode.FINDINGS);
      assertThat(again.stats().blobsReused()).isEqualTo(cold.stats().blobsScanned());
      assertThat(globKeys()).isZero();
      assertThat(again.findings()).isEqualTo(cold.findings());

      // A moved file keeps its blob: reused, with its key computed once for the new path.
      Files.move(dir.resolve("config/db.properties"), dir.resolve("config/app-db.properties"));
      repo.git().add().addFilepattern(".").call();
      repo.git().rm().addFilepattern("config/db.properties").call();
      repo.commit("move");
      ScanResult moved = scan(dir, IndexMode.FINDINGS);
      assertThat(moved.stats().blobsScanned()).isZero();
      assertThat(globKeys()).isEqualTo(1);
      ScanResult fresh =
          Scanner.builder().rules(RuleSet.builtIn()).threads(2).build()
              .scanPaths(List.of(dir), null).get(0);
      assertThat(moved.findings()).isEqualTo(fresh.findings());
    }
    assertThat(warnings).isEmpty();
  }
  private static int count(Path repo, String type) throws Exception {
    try (DirectoryReader reader = index(repo)) {
      return new IndexSearcher(reader).count(new TermQuery(new Term(LuceneState.TYPE, type)));
    }
  }

  @Test
  void findingsIndexHoldsNoFindingDocumentsAndACodeScanOverItWritesThem() throws Exception {
    Path dir = tmp.resolve("repo");
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("src/Main.java", "class Main {}\n");
      repo.write("config/db.properties", "db.password=" + TestRepo.token(random, TestRepo.BASE62, 18) + "\n");
      repo.commit("initial");
    }
    ScanResult cold = scan(dir, IndexMode.FINDINGS);
    assertThat(cold.findings()).isNotEmpty();
    assertThat(count(dir, "blob")).isEqualTo(2);
    assertThat(count(dir, "finding")).isZero();

    // The findings come back from the blobs' outcomes alone.
    ScanResult again = scan(dir, IndexMode.FINDINGS);
    assertThat(again.stats().blobsReused()).isEqualTo(2);
    assertThat(again.findings()).isEqualTo(cold.findings());

    ScanResult code = scan(dir, IndexMode.CODE);
    assertThat(code.findings()).isEqualTo(cold.findings());
    assertThat(count(dir, "blob")).isEqualTo(2);
    assertThat(count(dir, "finding")).isEqualTo(cold.findings().size());
    assertThat(warnings).isEmpty();
  }
  @Test
  void blobsWrittenOutAheadOfAFinishThatNeverCameAreNotCommitted() throws Exception {
    Path dir = tmp.resolve("repo");
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("src/Main.java", "class Main {}\n");
      repo.commit("initial");
    }
    scan(dir, IndexMode.FINDINGS);
    Path index = dir.resolve(".git/airlock/index");
    List<String> committed;
    try (Stream<Path> files = Files.list(index)) {
      committed = files.map(f -> f.getFileName().toString()).sorted().toList();
    }
    try (Source source = Source.open(dir, null);
        ScanState state =
            ScanState.open(
                source, RuleSet.builtIn(), StateOptions.inRepository(IndexMode.FINDINGS), warnings::add)) {
      // Well over the bytes from which the writer's buffers are written out ahead of finish.
      for (int i = 0; i < 20_000; i++) {
        state.record(
            String.format("%040x", i), "gen/f" + i + ".txt", 10, null,
            new ScanState.Stored(Matches.NONE, null));
      }
      state.recorded();
    }
    // Closed without finishing: the last commit stands, and what was written ahead is gone.
    assertThat(count(dir, "blob")).isEqualTo(1);
    try (Stream<Path> files = Files.list(index)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
          .isEqualTo(committed);
    }
    ScanResult again = scan(dir, IndexMode.FINDINGS);
    assertThat(again.stats().blobsReused()).isEqualTo(1);
    assertThat(warnings).isEmpty();
  }

  @Test
  void readyMadeSegmentHoldsWhatTheWritersDocumentsWould() throws Exception {
    Path dir = tmp.resolve("repo");
    try (TestRepo repo = TestRepo.init(dir)) {
      for (int i = 0; i < 300; i++) {
        String text = "class S" + i + " { int v = " + random.nextInt() + "; }\n";
        if (i % 7 == 0) {
          text += "// owner ops" + i + "@corp.example.com, key " + TestRepo.awsKeyId(random) + "\n";
        }
        repo.write("src/S" + i + ".java", text);
      }
      // One blob at paths where different path-limited rules apply (one key for each), and at
      // a second path with the key of its first (so its verdicts name both), and a skipped
      // (binary) blob, which goes through the writer in either case. Those paths come last in
      // the listing, so the scan's last batch of files holds them: the writer, which takes the
      // paths known when it writes, writes them once the listing is over, as the ready-made
      // segment does.
      String secret = "password=" + TestRepo.token(random, TestRepo.BASE62, 20) + "7!\n";
      repo.write("zz/.env", secret);
      repo.write("zz/Db.java", secret);
      repo.write("zz/app.env", secret);
      byte[] binary = new byte[4096];
      random.nextBytes(binary);
      repo.writeBytes("lib/blob.bin", binary);
      repo.commit("initial");
    }
    boolean readyMade = LuceneState.readyMadeSegments;
    String viaWriter;
    String viaSegment;
    ScanResult written;
    ScanResult segment;
    try {
      LuceneState.readyMadeSegments = false;
      written = scan(dir, IndexMode.FINDINGS);
      assertThat(readyMadeBlobs()).isZero();
      viaWriter = describe(dir);
      deleteRecursively(dir.resolve(".git/airlock"));
      LuceneState.readyMadeSegments = true;
      segment = scan(dir, IndexMode.FINDINGS);
      assertThat(readyMadeBlobs()).isEqualTo(segment.stats().blobsScanned() - 1);
      viaSegment = describe(dir);
    } finally {
      LuceneState.readyMadeSegments = readyMade;
    }
    assertThat(segment.findings()).isEqualTo(written.findings()).isNotEmpty();
    assertThat(segment.stats()).usingRecursiveComparison().ignoringFields("durationMs")
        .isEqualTo(written.stats());
    assertThat(viaSegment).isEqualTo(viaWriter);
    assertThat(viaSegment).contains("field key: DOCS", "field outcome: NONE BINARY");
    // Both paths of the secret's key are in its verdicts (hex of their UTF-8).
    assertThat(viaSegment).contains(hex("zz/.env") + "000a" + hex("zz/app.env"));

    // Without the tree file a rescan looks every blob up in the index: all come from the segment.
    Files.delete(dir.resolve(".git/airlock/index").resolve(LuceneState.TREE_FILE));
    ScanResult again = scan(dir, IndexMode.FINDINGS);
    assertThat(again.stats().blobsScanned()).isZero();
    assertThat(again.stats().blobsReused()).isEqualTo(segment.stats().blobsScanned());
    assertThat(again.findings()).isEqualTo(segment.findings());
    assertThat(warnings).isEmpty();
  }

  private static String hex(String s) {
    return java.util.HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The blobs the last scan added as ready-made segments, from its --verbose summary. */
  private long readyMadeBlobs() {
    Matcher m =
        Pattern.compile("ready-made segments (\\d+) blobs").matcher(summaries.get(summaries.size() - 1));
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }

  /**
   * Everything a reader of the index sees of its live documents, whatever segments hold them:
   * each field's schema, and each document's terms and doc values, sorted.
   */
  private static String describe(Path repo) throws Exception {
    java.util.TreeSet<String> fields = new java.util.TreeSet<>();
    List<String> docs = new ArrayList<>();
    try (DirectoryReader reader = index(repo)) {
      for (org.apache.lucene.index.LeafReaderContext leaf : reader.leaves()) {
        org.apache.lucene.index.LeafReader r = leaf.reader();
        java.util.Map<Integer, java.util.TreeSet<String>> byDoc = new java.util.TreeMap<>();
        for (org.apache.lucene.index.FieldInfo f : r.getFieldInfos()) {
          fields.add("field " + f.name + ": " + f.getIndexOptions() + " " + f.getDocValuesType()
              + " norms " + f.hasNorms() + " payloads " + f.hasPayloads() + " vectors "
              + f.hasVectors() + " points " + f.getPointDimensionCount());
          org.apache.lucene.index.Terms terms = r.terms(f.name);
          if (terms != null) {
            org.apache.lucene.index.TermsEnum e = terms.iterator();
            org.apache.lucene.index.PostingsEnum p = null;
            for (org.apache.lucene.util.BytesRef t = e.next(); t != null; t = e.next()) {
              p = e.postings(p, org.apache.lucene.index.PostingsEnum.NONE);
              for (int d = p.nextDoc(); d != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
                  d = p.nextDoc()) {
                byDoc.computeIfAbsent(d, k -> new java.util.TreeSet<>())
                    .add(f.name + "=" + t.utf8ToString());
              }
            }
          }
          if (f.getDocValuesType() == org.apache.lucene.index.DocValuesType.BINARY) {
            org.apache.lucene.index.BinaryDocValues values = r.getBinaryDocValues(f.name);
            for (int d = values.nextDoc(); d != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
                d = values.nextDoc()) {
              org.apache.lucene.util.BytesRef v = values.binaryValue();
              byDoc.computeIfAbsent(d, k -> new java.util.TreeSet<>())
                  .add(f.name + "#" + java.util.HexFormat.of().formatHex(v.bytes, v.offset, v.offset + v.length));
            }
          }
        }
        org.apache.lucene.util.Bits live = r.getLiveDocs();
        for (java.util.Map.Entry<Integer, java.util.TreeSet<String>> d : byDoc.entrySet()) {
          if (live == null || live.get(d.getKey())) {
            docs.add(String.join(" ", d.getValue()));
          }
        }
      }
    }
    docs.sort(null);
    return String.join("\n", fields) + "\n" + String.join("\n", docs);
  }

  private static void deleteRecursively(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
