package dev.airlock.index;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Rule;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.engine.Match;
import dev.airlock.rules.engine.Matches;
import dev.airlock.scan.ScanResult;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * A repository's scan state in a Lucene index: one document per scanned blob, one per finding,
 * one per scan (the schema is in {@code docs/index.md}). A blob's outcome is looked up by its id
 * and the rule set's hash, through a Caffeine cache bounded by weight.
 *
 * <p>Crash safety comes from Lucene's commits: everything a scan writes becomes visible at once in
 * {@link #finish}, so a scan killed at any moment leaves the previous commit. Lucene's write lock
 * keeps a second scan of the same repository out; it waits up to the lock wait, then fails.
 *
 * <p>Thread-safe: {@link IndexWriter} is, the reader is only read, and the cache is concurrent.
 */
final class LuceneState implements ScanState {
  static final String TYPE = "type";
  static final String KEY = "key";
  static final String BLOB = "blob";
  static final String RULES = "rules";
  static final String PATH = "path";
  static final String LANGUAGE = "language";
  static final String MIME = "mime";
  static final String SIZE = "size";
  static final String CONTENT = "content";
  static final String OUTCOME = "outcome";
  static final String RULE = "rule";
  static final String CATEGORY = "category";
  static final String SEVERITY = "severity";
  static final String CONFIDENCE = "confidence";
  static final String LINE = "line";
  static final String COLUMN = "column";
  static final String FINGERPRINT = "fingerprint";
  static final String REDACTED = "redacted";
  static final String MODE = "mode";

  /**
   * Bumped when documents change shape, or when what a blob's outcome means changes (4: archives
   * and documents are read, no longer skipped as binary); an index of another version is rebuilt.
   */
  static final int SCHEMA = 4;

  static final String SCHEMA_KEY = "airlock.schema";

  /** Cache bound: estimated bytes of decoded outcomes kept in memory. */
  static final long CACHE_WEIGHT = 64L << 20;

  static final FieldType CONTENT_TYPE;

  static {
    FieldType t = new FieldType();
    t.setTokenized(true);
    t.setStored(false);
    t.setOmitNorms(true);
    t.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
    t.freeze();
    CONTENT_TYPE = t;
  }

  private final Path dir;
  private final Directory directory;
  private final IndexWriter writer;
  private final DirectoryReader reader;
  private final RuleSet rules;
  private final Map<String, Rule> rulesById = new HashMap<>();
  private final Map<String, Integer> ranks = new HashMap<>();
  private final List<Rule> pathLimited = new ArrayList<>();
  private final IndexMode mode;
  private final String keyPrefix;
  private final Consumer<String> warnings;
  private final Cache<String, Stored> cache;
  private final AtomicBoolean lookupFailed = new AtomicBoolean();

  /** Time spent, for --verbose: where an index costs, when it does. */
  private final java.util.concurrent.atomic.LongAdder lookupNanos = new java.util.concurrent.atomic.LongAdder();

  private final java.util.concurrent.atomic.LongAdder recordNanos = new java.util.concurrent.atomic.LongAdder();
  private long openNanos;
  private long commitNanos;

  /** Each thread's term enumerators of the key field, one per segment, reused across look-ups. */
  private final ThreadLocal<TermsEnum[]> keyEnums;

  /** Keys with documents in the last commit: recording one of them replaces its documents. */
  private final Set<String> present = ConcurrentHashMap.newKeySet();

  private LuceneState(
      Path dir,
      Directory directory,
      Opened opened,
      RuleSet rules,
      IndexMode mode,
      Consumer<String> warnings) {
    this.dir = dir;
    this.directory = directory;
    this.writer = opened.writer();
    this.reader = opened.reader();
    int leaves = reader.leaves().size();
    this.keyEnums = ThreadLocal.withInitial(() -> new TermsEnum[leaves]);
    this.rules = rules;
    this.mode = mode;
    this.warnings = warnings;
    for (int i = 0; i < rules.rules().size(); i++) {
      Rule r = rules.rules().get(i);
      rulesById.put(r.id(), r);
      ranks.put(r.id(), i);
      if (!r.includePaths().isEmpty() || !r.excludePaths().isEmpty()) {
        pathLimited.add(r);
      }
    }
    // A blob's key holds the rule set's hash: a blob matched under other rules is never reused.
    this.keyPrefix = rules.hash().substring(0, 16) + ':';
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(CACHE_WEIGHT)
            .weigher((String k, Stored v) -> weight(v))
            .recordStats()
            .build();
  }

  /**
   * Writes, commits and reads one document in memory: loads the classes a scan's index uses, off
   * the scan's path.
   */
  static void preload() {
    try (Directory memory = new org.apache.lucene.store.ByteBuffersDirectory();
        IndexWriter w = new IndexWriter(memory, config(IndexWriterConfig.OpenMode.CREATE))) {
      Document d = new Document();
      d.add(new StringField(KEY, "k", Field.Store.NO));
      d.add(new StringField(BLOB, "b", Field.Store.YES));
      d.add(new StoredField(SIZE, 1L));
      d.add(new BinaryDocValuesField(OUTCOME, new BytesRef(new byte[] {0})));
      d.add(new Field(CONTENT, "preload getUserName", CONTENT_TYPE));
      w.addDocument(d);
      w.commit();
      try (DirectoryReader r = DirectoryReader.open(w)) {
        for (LeafReaderContext leaf : r.leaves()) {
          leaf.reader().terms(KEY).iterator().seekExact(new BytesRef("k"));
          leaf.reader().getBinaryDocValues(OUTCOME).advanceExact(0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Only a warm-up: the scan opens its index and reports problems itself.
    }
  }

  static LuceneState open(
      Path dir, RuleSet rules, StateOptions options, Consumer<String> warnings)
      throws StateException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StateException(
          dir + ": cannot create the index folder (" + e.getMessage()
              + "); give --state DIR elsewhere or scan with --no-state", e);
    }
    long opening = System.nanoTime();
    long deadline = opening + options.lockWait().toNanos();
    while (true) {
      Directory directory = null;
      try {
        directory = unsynced(FSDirectory.open(dir));
        Opened opened = openIndex(directory, dir, warnings);
        try {
          LuceneState state =
              new LuceneState(dir, directory, opened, rules, options.mode(), warnings);
          state.dropOtherRules();
          state.openNanos = System.nanoTime() - opening;
          return state;
        } catch (IOException | RuntimeException e) {
          opened.reader().close();
          opened.writer().rollback();
          throw e;
        }
      } catch (LockObtainFailedException e) {
        closeQuietly(directory);
        if (System.nanoTime() >= deadline) {
          throw new StateException(
              dir + ": the index is in use by another scan of this repository; wait for it to"
                  + " finish, or scan with --no-state", e);
        }
        sleep(100);
      } catch (IOException | RuntimeException e) {
        closeQuietly(directory);
        throw new StateException(
            dir + ": cannot open the index (" + oneLine(e)
                + "); delete that folder or scan with --no-state", e);
      }
    }
  }

  /** A writer and a reader of its last commit, opened together. */
  private record Opened(IndexWriter writer, DirectoryReader reader) {}

  /**
   * Opens the writer on the last commit and a reader of it; when that commit cannot be read (a
   * damaged or foreign index), starts a new index in its place and says so. Lucene checks the
   * structure and footers of every file when it opens a segment, so truncated files fail here.
   */
  private static Opened openIndex(Directory directory, Path dir, Consumer<String> warnings)
      throws IOException {
    try {
      IndexWriter writer =
          new IndexWriter(directory, config(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
      try {
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        String schema = data == null ? null : liveCommit(data).get(SCHEMA_KEY);
        if (writer.getDocStats().maxDoc == 0 || String.valueOf(SCHEMA).equals(schema)) {
          return new Opened(writer, DirectoryReader.open(writer));
        }
      } catch (IOException | RuntimeException e) {
        writer.rollback();
        throw e;
      }
      writer.rollback();
      warnings.accept(dir + ": the index was written by another version of airlock; rebuilt it,"
          + " so this scan reads every file");
    } catch (LockObtainFailedException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      warnings.accept(dir + ": the index was damaged (" + oneLine(e) + "); rebuilt it, so this"
          + " scan reads every file");
    }
    deleteIndexFiles(dir);
    IndexWriter writer = new IndexWriter(directory, config(IndexWriterConfig.OpenMode.CREATE));
    return new Opened(writer, DirectoryReader.open(writer));
  }

  private static Map<String, String> liveCommit(Iterable<Map.Entry<String, String>> data) {
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, String> e : data) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  /** Removes what a damaged index left, except the lock (held by no one: the writer failed). */
  private static void deleteIndexFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        if (!f.getFileName().toString().equals(IndexWriter.WRITE_LOCK_NAME)) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /**
   * Skips fsync. A commit is still atomic for the processes that read the index (Lucene writes a
   * new segments file and renames it into place), so a scan killed at any moment, even by
   * SIGKILL, leaves the last commit readable: the kernel keeps what was written. Only a machine
   * crash can lose recent writes, and a damaged index is rebuilt with a warning. On a busy disk
   * fsync cost more than the whole of a small rescan.
   */
  private static Directory unsynced(Directory directory) {
    return new FilterDirectory(directory) {
      @Override
      public void sync(java.util.Collection<String> names) {}

      @Override
      public void syncMetaData() {}
    };
  }

  private static IndexWriterConfig config(IndexWriterConfig.OpenMode openMode) {
    IndexWriterConfig config = new IndexWriterConfig(new CodeAnalyzer());
    config.setOpenMode(openMode);
    config.setRAMBufferSizeMB(48);
    config.setUseCompoundFile(false);
    config.setCommitOnClose(false);
    TieredMergePolicy merges = new TieredMergePolicy();
    merges.setNoCFSRatio(0);
    config.setMergePolicy(merges);
    return config;
  }

  /** Blob and finding documents of other rule sets can never be reused again. */
  private void dropOtherRules() throws IOException {
    BooleanQuery stale =
        new BooleanQuery.Builder()
            .add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER)
            .add(new TermQuery(new Term(RULES, rules.hash())), BooleanClause.Occur.MUST_NOT)
            .add(new TermQuery(new Term(TYPE, "scan")), BooleanClause.Occur.MUST_NOT)
            .build();
    writer.deleteDocuments(stale);
  }

  @Override
  public Stored find(String blobId, String path) {
    return cache.get(key(blobId, path), this::lookup);
  }

  /**
   * A blob's outcome depends on the rule set and on which path-limited rules were left out for
   * the path it was matched at; the key holds both, so an outcome serves exactly the paths it is
   * complete and exact for, and findings never depend on whether a blob was reused.
   */
  private String key(String blobId, String path) {
    // The scanner looks a blob up and then, when it had to read it, records it, on one thread
    // and for one path: the path globs are evaluated once for both.
    String[] memo = lastKey.get();
    if (path.equals(memo[0]) && blobId.equals(memo[1])) {
      return memo[2];
    }
    String key = computeKey(blobId, path);
    memo[0] = path;
    memo[1] = blobId;
    memo[2] = key;
    return key;
  }

  private final ThreadLocal<String[]> lastKey = ThreadLocal.withInitial(() -> new String[3]);

  private String computeKey(String blobId, String path) {
    StringBuilder key = new StringBuilder(keyPrefix.length() + blobId.length() + 8);
    key.append(keyPrefix).append(blobId);
    int mask = 0;
    int bit = 0;
    for (Rule r : pathLimited) {
      if (!r.appliesTo(path)) {
        mask |= 1 << (bit % 30);
      }
      bit++;
      if (bit % 30 == 0) {
        key.append(':').append(Integer.toString(mask, 36));
        mask = 0;
      }
    }
    if (bit % 30 != 0) {
      key.append(':').append(Integer.toString(mask, 36));
    }
    return key.toString();
  }

  private Stored lookup(String key) {
    long started = System.nanoTime();
    try {
      return lookupTimed(key);
    } finally {
      lookupNanos.add(System.nanoTime() - started);
    }
  }

  private Stored lookupTimed(String key) {
    BytesRef term = new BytesRef(key);
    try {
      TermsEnum[] enums = keyEnums.get();
      for (LeafReaderContext leaf : reader.leaves()) {
        TermsEnum te = enums[leaf.ord];
        if (te == null) {
          Terms terms = leaf.reader().terms(KEY);
          if (terms == null) {
            continue;
          }
          te = enums[leaf.ord] = terms.iterator();
        }
        if (!te.seekExact(term)) {
          continue;
        }
        PostingsEnum postings = te.postings(null, PostingsEnum.NONE);
        Bits live = leaf.reader().getLiveDocs();
        for (int d = postings.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.nextDoc()) {
          if (live != null && !live.get(d)) {
            continue;
          }
          present.add(key);
          BinaryDocValues outcomes = leaf.reader().getBinaryDocValues(OUTCOME);
          if (outcomes != null && outcomes.advanceExact(d)) {
            Stored stored = decode(outcomes.binaryValue());
            if (stored != null) {
              return stored;
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // A damaged part of the index costs a re-read of this blob, not the scan.
      if (lookupFailed.compareAndSet(false, true)) {
        warnings.accept(dir + ": part of the index could not be read (" + oneLine(e)
            + "); the blobs there are read again");
      }
    }
    return null;
  }

  @Override
  public void record(String blobId, String path, long size, String text, Stored outcome) {
    long started = System.nanoTime();
    try {
      recordTimed(blobId, path, size, text, outcome);
    } finally {
      recordNanos.add(System.nanoTime() - started);
    }
  }

  private void recordTimed(String blobId, String path, long size, String text, Stored outcome) {
    String key = key(blobId, path);
    byte[] encoded = encode(outcome, mode == IndexMode.CODE && text != null);
    List<Document> docs = new ArrayList<>();
    Document blob = new Document();
    blob.add(new StringField(TYPE, "blob", Field.Store.NO));
    blob.add(new StringField(KEY, key, Field.Store.NO));
    blob.add(new StringField(BLOB, blobId, Field.Store.YES));
    blob.add(new StringField(RULES, rules.hash(), Field.Store.NO));
    blob.add(new StringField(PATH, path, Field.Store.YES));
    FileKind kind = FileKind.of(path);
    blob.add(new StringField(LANGUAGE, kind.language(), Field.Store.YES));
    blob.add(new StringField(MIME, kind.mime(), Field.Store.YES));
    blob.add(new StoredField(SIZE, size));
    blob.add(new BinaryDocValuesField(OUTCOME, new BytesRef(encoded)));
    if (mode == IndexMode.CODE && text != null) {
      blob.add(new Field(CONTENT, text, CONTENT_TYPE));
    }
    List<Finding> findings = outcome.matches() == null ? List.of() : outcome.matches().forPath(path);
    Set<String> ruleIds = new LinkedHashSet<>();
    Set<String> categories = new LinkedHashSet<>();
    for (Finding f : findings) {
      ruleIds.add(f.ruleId());
      categories.add(f.category().name().toLowerCase(Locale.ROOT));
    }
    // Rule ids and categories on the blob too, so one query can combine them with content.
    for (String r : ruleIds) {
      blob.add(new StringField(RULE, r, Field.Store.NO));
    }
    for (String c : categories) {
      blob.add(new StringField(CATEGORY, c, Field.Store.NO));
    }
    docs.add(blob);
    for (Finding f : findings) {
      Document d = new Document();
      d.add(new StringField(TYPE, "finding", Field.Store.NO));
      d.add(new StringField(KEY, key, Field.Store.NO));
      d.add(new StringField(BLOB, blobId, Field.Store.YES));
      d.add(new StringField(RULES, rules.hash(), Field.Store.NO));
      d.add(new StringField(RULE, f.ruleId(), Field.Store.YES));
      d.add(new StringField(CATEGORY, f.category().name().toLowerCase(Locale.ROOT), Field.Store.YES));
      d.add(new StringField(SEVERITY, f.severity().name(), Field.Store.YES));
      d.add(new StringField(CONFIDENCE, f.confidence().name(), Field.Store.YES));
      d.add(new StringField(PATH, f.location().path(), Field.Store.YES));
      d.add(new IntPoint(LINE, f.location().line()));
      d.add(new StoredField(LINE, f.location().line()));
      d.add(new StoredField(COLUMN, f.location().column()));
      d.add(new StringField(FINGERPRINT, f.fingerprint(), Field.Store.YES));
      // Only the redacted form: the index must never hold a value.
      d.add(new StoredField(REDACTED, f.redacted()));
      docs.add(d);
    }
    try {
      if (present.contains(key)) {
        // Stored before, but unusable now (matched for another path, or without content).
        writer.updateDocuments(new Term(KEY, key), docs);
      } else {
        writer.addDocuments(docs);
        present.add(key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot write the index", e);
    }
    // Not cached: the cache serves what earlier scans stored; within a scan the scanner itself
    // reuses a blob's outcome for its other paths.
  }

  @Override
  public void finish(ScanResult result) {
    Document scan = new Document();
    scan.add(new StringField(TYPE, "scan", Field.Store.NO));
    scan.add(new StoredField("repository", result.name()));
    scan.add(new StoredField("root", result.path()));
    if (result.commit() != null) {
      scan.add(new StringField("commit", result.commit(), Field.Store.YES));
    }
    if (result.label() != null) {
      scan.add(new StringField("label", result.label().routing().name(), Field.Store.YES));
      scan.add(new StringField("sensitivity", result.label().sensitivity().name(), Field.Store.YES));
    }
    long now = Instant.now().toEpochMilli();
    scan.add(new LongPoint("time", now));
    scan.add(new StoredField("time", now));
    scan.add(new StringField(RULES, rules.hash(), Field.Store.YES));
    scan.add(new StringField(MODE, mode.name().toLowerCase(Locale.ROOT), Field.Store.YES));
    scan.add(new StoredField("blobsScanned", result.stats().blobsScanned()));
    scan.add(new StoredField("blobsReused", result.stats().blobsReused()));
    try {
      writer.addDocument(scan);
      writer.setLiveCommitData(Map.of(SCHEMA_KEY, String.valueOf(SCHEMA)).entrySet());
      long committing = System.nanoTime();
      writer.commit();
      commitNanos = System.nanoTime() - committing;
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot commit the index", e);
    }
  }

  @Override
  public String summary() {
    CacheStats s = cache.stats();
    return String.format(
        Locale.ROOT,
        "index %s (%s): cache %d hits, %d misses, hit rate %.1f%%, %d entries, %d of %d bytes;"
            + " open %d ms, look-ups %d ms, writes %d ms (summed over threads), commit %d ms",
        dir,
        mode.name().toLowerCase(Locale.ROOT),
        s.hitCount(),
        s.missCount(),
        s.hitRate() * 100,
        cache.estimatedSize(),
        cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L),
        CACHE_WEIGHT,
        openNanos / 1_000_000,
        lookupNanos.sum() / 1_000_000,
        recordNanos.sum() / 1_000_000,
        commitNanos / 1_000_000);
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      // Nothing was written through the reader.
    }
    try {
      // Rollback drops what was not committed and releases the lock.
      writer.rollback();
    } catch (IOException e) {
      warnings.accept(dir + ": cannot close the index: " + oneLine(e));
    }
    closeQuietly(directory);
  }

  // --- outcome encoding: what reproduces Matches#forPath for any path ---

  private static int weight(Stored s) {
    int w = 64;
    if (s.matches() != null) {
      w += 160 * s.matches().matches().size();
    }
    return w;
  }

  private byte[] encode(Stored outcome, boolean hasContent) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(hasContent ? 1 : 0);
      if (outcome.skipReason() != null) {
        out.writeByte(1);
        out.writeUTF(outcome.skipReason());
        return bytes.toByteArray();
      }
      out.writeByte(0);
      Matches m = outcome.matches();
      writeStrings(out, m.exhaustedRules());
      writeStrings(out, m.skippedRules().stream().map(Rule::id).toList());
      out.writeInt(m.matches().size());
      for (Match match : m.matches()) {
        out.writeUTF(match.rule().id());
        out.writeInt(match.start());
        out.writeInt(match.end());
        out.writeInt(match.line());
        out.writeInt(match.column());
        out.writeByte(match.confidence().ordinal());
        out.writeUTF(match.redacted());
        out.writeUTF(match.valueHash());
        out.writeUTF(match.rule().category().name());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The stored outcome, or null when it cannot serve this scan (no content in a code index). */
  private Stored decode(BytesRef ref) {
    try (DataInputStream in =
        new DataInputStream(new java.io.ByteArrayInputStream(ref.bytes, ref.offset, ref.length))) {
      boolean hasContent = in.readByte() == 1;
      boolean skipped = in.readByte() == 1;
      if (skipped) {
        String reason = in.readUTF();
        return new Stored(null, reason);
      }
      if (mode == IndexMode.CODE && !hasContent) {
        return null;
      }
      List<String> exhausted = readStrings(in);
      List<Rule> skippedRules = new ArrayList<>();
      for (String id : readStrings(in)) {
        skippedRules.add(rule(id));
      }
      int n = in.readInt();
      List<Match> matches = new ArrayList<>(n);
      Confidence[] confidences = Confidence.values();
      for (int i = 0; i < n; i++) {
        String id = in.readUTF();
        matches.add(
            new Match(
                rule(id),
                ranks.get(id),
                in.readInt(),
                in.readInt(),
                in.readInt(),
                in.readInt(),
                confidences[in.readByte()],
                in.readUTF(),
                in.readUTF()));
        in.readUTF();
      }
      return new Stored(new Matches(matches, exhausted, skippedRules), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Rule rule(String id) {
    Rule r = rulesById.get(id);
    if (r == null) {
      // Same rule set hash, so the same rules: only a damaged index gets here.
      throw new IllegalStateException("index names rule '" + id + "', which the rule set lacks");
    }
    return r;
  }

  private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String v : values) {
      out.writeUTF(v);
    }
  }

  private static List<String> readStrings(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(in.readUTF());
    }
    return out;
  }

  private static void closeQuietly(Directory d) {
    if (d != null) {
      try {
        d.close();
      } catch (IOException e) {
        // Nothing to flush in a directory.
      }
    }
  }

  private static void sleep(long millis) throws StateException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StateException("interrupted while waiting for the index lock", e);
    }
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage();
    return (e.getClass().getSimpleName() + (m == null ? "" : ": " + m)).replace('\n', ' ');
  }
}
