package dev.airlock.index;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.airlock.report.Tool;
import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Rule;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.engine.Match;
import dev.airlock.rules.engine.Matches;
import dev.airlock.rules.engine.Utf8Text;
import dev.airlock.scan.ScanResult;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.atomic.LongAdder;
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
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.FilterCodecReader;
import org.apache.lucene.codecs.FieldsProducer;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.MergeTrigger;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SerialMergeScheduler;
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
 * one per scan (the schema is in {@code docs/index.md}).
 *
 * <p>Opening the index reads, in one pass over a doc values field, what every stored blob gave
 * and at which paths: a rescan then answers {@link #find} from memory, and for a path whose blob
 * is unchanged it reuses the stored key instead of evaluating the rules' path globs again. Decoded
 * outcomes go through a Caffeine cache bounded by weight.
 *
 * <p>Recorded blobs are written by an indexing thread of their own, fed through a bounded queue,
 * so the scan's workers hand over a file's terms (found while its text is in their cache) and go
 * on matching; when the queue is full a worker writes the blob itself. Blob documents wait for the listing to end, so that each holds
 * every path of its blob. {@link #finish} waits for the queue, then commits.
 *
 * <p>Crash safety comes from Lucene's commits: everything a scan writes becomes visible at once in
 * {@link #finish}, so a scan killed at any moment leaves the previous commit. Lucene's write lock
 * keeps a second scan of the same repository out; it waits up to the lock wait, then fails.
 *
 * <p>Thread-safe: {@link IndexWriter} is, what was loaded at open is only read, and the cache is
 * concurrent.
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

  /** Binary doc value of a blob document: its key and the paths whose own key it is. */
  static final String VERDICTS = "verdicts";

  /**
   * Bumped when documents change shape, or when what a blob's outcome means changes (4: archives
   * and documents are read, no longer skipped as binary; 5: every path of a blob, and the
   * verdicts field; 6: content holds each distinct term without positions, rule ids and
   * categories stored on blobs; 7: sizes in verdicts; 8: rules in outcomes by rank, not id; 9:
   * long content terms with a digit shortened; 10: keys begin with the blob id); an index of
   * another version is rebuilt.
   */
  static final int SCHEMA = 10;

  static final String SCHEMA_KEY = "airlock.schema";

  /**
   * Commit user data: the build of airlock that wrote the commit ({@link Tool#build}). A stored
   * outcome is keyed by the rule set's hash, which a change to the engines does not move, so an
   * index of another build is rebuilt as one of another schema is.
   */
  static final String BUILD_KEY = "airlock.build";

  /**
   * Commit user data: the hash of the rule set whose blobs the commit holds (every other rule
   * set's were deleted before it). A scan under the same rules has nothing to delete.
   */
  static final String RULES_KEY = "airlock.rules";

  /**
   * Commit user data: the CRC-32 and length of the {@link ScannedTree} file written with the
   * commit ({@link #TREE_FILE}). The file is renamed into place just before the commit, so a scan
   * killed between the two leaves a file the commit does not name, which the next scan ignores.
   */
  static final String TREE_KEY = "airlock.tree";

  /** The last scan's per-path results, beside the segments (Lucene leaves other names alone). */
  static final String TREE_FILE = "scanned-tree.bin";

  /** Cache bound: estimated bytes of decoded outcomes kept in memory. */
  static final long CACHE_WEIGHT = 64L << 20;

  static final FieldType CONTENT_TYPE;

  /**
   * Which blobs hold a term, nothing more: positions (and, before them, every repeated
   * occurrence) made up most of a scan's cost. {@link IndexSearch} checks each answer's phrases
   * and finds its lines on the file's own text.
   */
  static {
    FieldType t = new FieldType();
    t.setTokenized(true);
    t.setStored(false);
    t.setOmitNorms(true);
    t.setIndexOptions(IndexOptions.DOCS);
    t.freeze();
    CONTENT_TYPE = t;
  }

  private final Path dir;
  private final Directory directory;
  private final IndexWriter writer;
  private final RuleSet rules;
  private final Map<String, Rule> rulesById = new HashMap<>();
  private final Map<String, Integer> ranks = new HashMap<>();
  private final List<Rule> pathLimited = new ArrayList<>();
  /** Bit of each path-limited rule in a key's signature. */
  private final Map<Rule, Integer> signatureBits = new java.util.IdentityHashMap<>();
  /**
   * Whether a matcher's skipped rules give the signature: they do unless a query rule is limited
   * by path (query rules are left out without being listed as skipped).
   */
  private final boolean signatureFromMatches;

  private final IndexMode mode;
  /**
   * What follows the blob id in each key of these rules: the rule set's hash, shortened. After
   * the id, not before it: a common prefix of 17 bytes made Lucene's terms dictionary try to
   * compress every block of keys (LZ4 of random hex, then a 6-bit packing), a third of the time
   * a findings index took to write its segment of 16,411 keys.
   */
  private final String keyRules;
  private final Consumer<String> warnings;
  private final Cache<String, Stored> cache;

  /** What the last commit holds under these rules, read at open: key to encoded outcome. */
  private final Map<String, byte[]> storedOutcomes = new HashMap<>();

  /** For each path stored, the key of the blob last stored there. */
  private final Map<String, String> keyAtPath = new HashMap<>();

  /**
   * The size of every blob stored under these rules: a listing then needs no object store, and
   * only for these blobs is a path's key worth computing.
   */
  private final Map<String, Long> storedSizes = new HashMap<>();

  /** Keys written by this scan: recording one again replaces its documents. */
  private final Set<String> written = ConcurrentHashMap.newKeySet();

  private final Feeder feeder = new Feeder();

  /** Time spent, for --verbose: where an index costs, when it does. */
  private final LongAdder lookupNanos = new LongAdder();

  private final LongAdder recordNanos = new LongAdder();
  private final LongAdder keysComputed = new LongAdder();
  private long openNanos;
  /** Whether the scan took a reader and tree file opened ahead ({@link #preload(Path)}). */
  private boolean openedAhead;
  private long loadNanos;
  private long drainNanos;
  private long commitNanos;

  private LuceneState(
      Path dir, Directory directory, IndexWriter writer, RuleSet rules, IndexMode mode,
      Consumer<String> warnings) {
    this.dir = dir;
    this.directory = directory;
    this.writer = writer;
    this.rules = rules;
    this.mode = mode;
    this.warnings = warnings;
    boolean queryLimited = false;
    for (int i = 0; i < rules.rules().size(); i++) {
      Rule r = rules.rules().get(i);
      rulesById.put(r.id(), r);
      ranks.put(r.id(), i);
      if (!r.includePaths().isEmpty() || !r.excludePaths().isEmpty()) {
        signatureBits.put(r, pathLimited.size());
        pathLimited.add(r);
        queryLimited |= r.isQuery();
      }
    }
    this.signatureFromMatches = !queryLimited;
    // A blob's key holds the rule set's hash: a blob matched under other rules is never reused.
    this.keyRules = ':' + rules.hash().substring(0, 16);
    this.rulesHash = new BytesRef(rules.hash());
    this.cache = newCache(CACHE_WEIGHT);
    this.readyMade = mode == IndexMode.FINDINGS ? new FindingsSegment(rulesHash) : null;
  }

  private static Cache<String, Stored> newCache(long maximumWeight) {
    return Caffeine.newBuilder()
        .maximumWeight(maximumWeight)
        .weigher((String k, Stored v) -> weight(v))
        .recordStats()
        .build();
  }

  /**
   * Writes, commits and reads one document in memory (loading the classes a scan's index uses, off
   * the scan's path), first opening the index in {@code dir} (when not null) ahead of the scan
   * that will: a reader of its last commit, and its last scan's tree file read on a thread of its
   * own, for {@link #open} to take. Only when the folder holds a tree file (a rescan). Opening
   * them cost a rescan 90-120 ms after the scan started (Lucene's and the tree's decoding code
   * running for the first time), while the command line was parsed before with a core to spare.
   */
  static void preload(Path dir) {
    if (dir != null) {
      // Before the warm-up: the scan may need this first, and it initialises MMapDirectory too.
      openAhead(dir);
    }
    warmUp();
    writeInMemory(dir == null || holdsIndex(dir));
  }

  /**
   * Whether {@code dir} holds a commit: when it does not, the scan is a first one, which adds,
   * writes and commits but never reads a segment.
   */
  private static boolean holdsIndex(Path dir) {
    String[] files = dir.toFile().list();
    try {
      return files != null && SegmentInfos.getLastCommitGeneration(files) >= 0;
    } catch (RuntimeException e) {
      // A file named like a commit but not one: the scan reports it; warm up in full meanwhile.
      return true;
    }
  }

  /**
   * An index being opened ahead of its scan ({@link #preload(Path)}): the folder, the directory
   * the reader reads (the scan's writer opens the same one), and the reader and tree file, each
   * null when there is nothing to read.
   */
  record Ahead(
      Path dir,
      Directory directory,
      java.util.concurrent.CompletableFuture<DirectoryReader> reader,
      java.util.concurrent.CompletableFuture<TreeRead> tree) {

    /** Releases what was opened, without waiting for what is still being opened. */
    void release() {
      if (reader != null) {
        reader.whenComplete(
            (r, failure) -> {
              if (r != null) {
                try {
                  r.close();
                } catch (IOException e) {
                  // Only read: nothing to lose.
                }
              }
            });
      }
      closeQuietly(directory);
    }
  }

  /** Stands in {@link #AHEAD} for an index taken or given up: nothing more is opened ahead. */
  private static final Ahead TAKEN = new Ahead(null, null, null, null);

  /** The index opened ahead, until {@link #open} takes it (or finds it is not its folder). */
  static final java.util.concurrent.atomic.AtomicReference<Ahead> AHEAD =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** Releases what was opened ahead and lets {@link #preload(Path)} open ahead again (tests). */
  static void forgetAhead() {
    Ahead ahead = AHEAD.getAndSet(null);
    if (ahead != null && ahead != TAKEN) {
      ahead.release();
    }
  }

  private static void openAhead(Path dir) {
    if (AHEAD.get() != null || !Files.isRegularFile(dir.resolve(TREE_FILE))) {
      return;
    }
    Directory directory = null;
    try {
      directory = unsynced(FSDirectory.open(dir));
      if (SegmentInfos.getLastCommitGeneration(directory.listAll()) < 0) {
        directory.close();
        return;
      }
      java.util.concurrent.CompletableFuture<DirectoryReader> reader =
          new java.util.concurrent.CompletableFuture<>();
      Ahead ahead =
          new Ahead(dir, directory, reader, onThread("airlock-tree-read", () -> readTree(dir, null)));
      if (!AHEAD.compareAndSet(null, ahead)) {
        // The scan opened its index first.
        ahead.release();
        reader.cancel(false);
        return;
      }
      try {
        reader.complete(DirectoryReader.open(directory));
      } catch (IOException | RuntimeException e) {
        // The scan opens the index itself, and reports a damaged one.
        reader.completeExceptionally(e);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(directory);
    }
  }

  /**
   * The index {@link #preload(Path)} opened ahead in {@code dir}, or null. Whatever was opened
   * ahead in another folder is released: a scan takes only its own, and nothing is opened ahead
   * after the first scan opened its index.
   */
  private static Ahead takeAhead(Path dir) {
    Ahead ahead = AHEAD.getAndSet(TAKEN);
    if (ahead == null || ahead == TAKEN) {
      return null;
    }
    if (!sameFolder(ahead.dir(), dir)) {
      ahead.release();
      return null;
    }
    return ahead;
  }

  private static boolean sameFolder(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Initialises what the scan's own opening uses before anything else. */
  private static void warmUp() {
    try {
      // First what the scan's own opening does on its thread before anything else: the
      // MMapDirectory class finds at its initialisation how to map and unmap files (method
      // handles made at run time: 7-45 ms of each rescan's opening on the shared machine), and
      // Caffeine finds the class of a cache of this shape by reflection.
      Class.forName("org.apache.lucene.store.MMapDirectory", true, LuceneState.class.getClassLoader());
      newCache(1).put("k", new Stored(null, "binary"));
    } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
      // Only a warm-up: the scan opens its index and reports problems itself.
    }
  }

  /**
   * Writes and commits one document in memory, as a scan's index does, and reads it back when
   * {@code read}: a first scan never reads a segment, and opening one (its readers' classes, and
   * the method handles of their string concatenations) cost the warm-up 20-30 ms of its 140.
   */
  private static void writeInMemory(boolean read) {
    try (Directory memory = new org.apache.lucene.store.ByteBuffersDirectory();
        IndexWriter w = new IndexWriter(memory, config(IndexWriterConfig.OpenMode.CREATE))) {
      Document d = new Document();
      d.add(new StringField(KEY, "k", Field.Store.NO));
      d.add(new StringField(BLOB, "b", Field.Store.YES));
      d.add(new StoredField(SIZE, 1L));
      d.add(new BinaryDocValuesField(OUTCOME, new BytesRef(new byte[] {0})));
      d.add(new BinaryDocValuesField(VERDICTS, new BytesRef(verdicts("k", 1L, List.of("p")))));
      d.add(new Field(CONTENT, new TermSetTokenizer().collect("preload getUserName").stream(), CONTENT_TYPE));
      w.addDocument(d);
      w.commit();
      if (!read) {
        return;
      }
      try (DirectoryReader r = DirectoryReader.open(w)) {
        for (LeafReaderContext leaf : r.leaves()) {
          leaf.reader().getBinaryDocValues(VERDICTS).nextDoc();
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
    Ahead ahead = takeAhead(dir);
    // The last scan's tree is read and decoded while the index opens: a core is free meanwhile.
    java.util.concurrent.CompletableFuture<TreeRead> treeAhead =
        ahead != null
            ? ahead.tree()
            : Files.isRegularFile(dir.resolve(TREE_FILE))
                ? onThread("airlock-tree-read", () -> readTree(dir, null))
                : null;
    int tries = 0;
    while (true) {
      Directory directory = null;
      try {
        // Only on the first try: a scan waiting for the lock would open a reader every time.
        boolean first = tries++ == 0;
        java.util.concurrent.CompletableFuture<DirectoryReader> readerAhead;
        if (first && ahead != null) {
          directory = ahead.directory();
          readerAhead = ahead.reader();
        } else {
          directory = unsynced(FSDirectory.open(dir));
          readerAhead = first ? readerAhead(directory) : null;
        }
        Opened opened = openIndex(directory, dir, warnings, readerAhead);
        DirectoryReader reader = opened.reader();
        try {
          LuceneState state =
              new LuceneState(dir, directory, opened.writer(), rules, options.mode(), warnings);
          state.reader = reader;
          state.treeAhead = treeAhead;
          if (!rules.hash().equals(opened.data().get(RULES_KEY))) {
            // An empty index (a first scan) has nothing to drop: the delete by query would still
            // be applied at the commit, to the documents the scan added before it (a searcher,
            // weights and a query cache made for that alone, once per process).
            if (opened.writer().getDocStats().maxDoc > 0) {
              state.dropOtherRules();
            }
          } else {
            state.treeToken = opened.data().get(TREE_KEY);
          }
          state.openNanos = System.nanoTime() - opening;
          state.openedAhead = ahead != null;
          return state;
        } catch (IOException | RuntimeException e) {
          reader.close();
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

  /** A writer and a reader of its last commit, opened together, and the commit's user data. */
  private record Opened(IndexWriter writer, DirectoryReader reader, Map<String, String> data) {
    Opened(IndexWriter writer, DirectoryReader reader) {
      this(writer, reader, Map.of());
    }
  }

  /**
   * Opens a reader of the directory's last commit on a thread of its own, while the scan's
   * thread opens the writer: each costs a few milliseconds per segment, and a rescan waited for
   * one after the other. Null when the folder holds no commit.
   */
  private static java.util.concurrent.CompletableFuture<DirectoryReader> readerAhead(
      Directory directory) throws IOException {
    if (SegmentInfos.getLastCommitGeneration(directory.listAll()) < 0) {
      return null;
    }
    return onThread("airlock-index-read", () -> DirectoryReader.open(directory));
  }

  /** An I/O step for {@link #onThread}. */
  private interface IoStep<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code step} on a new daemon thread named {@code name}; an IOException comes out of the
   * future as an {@link UncheckedIOException}.
   */
  private static <T> java.util.concurrent.CompletableFuture<T> onThread(String name, IoStep<T> step) {
    return java.util.concurrent.CompletableFuture.supplyAsync(
        () -> {
          try {
            return step.run();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          t.start();
        });
  }

  /** Waits for a step of {@link #onThread}; what failed it comes out as an IOException. */
  private static <T> T join(java.util.concurrent.CompletableFuture<T> step) throws IOException {
    try {
      return step.join();
    } catch (java.util.concurrent.CompletionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof UncheckedIOException u ? u.getCause() : new IOException(oneLine(cause), cause);
    }
  }

  /** Waits for a step of {@link #onThread}, if there is one, whatever its outcome. */
  private static void joinQuietly(java.util.concurrent.CompletableFuture<?> step) {
    if (step != null) {
      try {
        step.join();
      } catch (RuntimeException e) {
        // Its outcome is not needed: only that it is over.
      }
    }
  }

  /**
   * The reader opened ahead, made current if another scan committed before this one took the
   * lock; a reader of the writer when none was opened ahead or it failed (the writer opened
   * the same commit, so it can be read: a reader of the writer reads it once more).
   */
  private static DirectoryReader reader(
      java.util.concurrent.CompletableFuture<DirectoryReader> ahead, IndexWriter writer)
      throws IOException {
    DirectoryReader reader = null;
    try {
      reader = ahead == null ? null : ahead.join();
    } catch (RuntimeException e) {
      // Read again below, as the writer sees it.
    }
    if (reader == null) {
      return DirectoryReader.open(writer);
    }
    try {
      DirectoryReader newer = DirectoryReader.openIfChanged(reader);
      if (newer != null) {
        reader.close();
        reader = newer;
      }
      return reader;
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  private static void closeAhead(java.util.concurrent.CompletableFuture<DirectoryReader> ahead) {
    if (ahead != null) {
      try {
        ahead.join().close();
      } catch (IOException | RuntimeException e) {
        // Nothing was opened, or nothing more to release.
      }
    }
  }

  /**
   * Opens the writer on the last commit and a reader of it; when that commit cannot be read (a
   * damaged or foreign index), starts a new index in its place and says so. Lucene checks the
   * structure and footers of every file when it opens a segment, so truncated files fail here.
   */
  private static Opened openIndex(
      Directory directory, Path dir, Consumer<String> warnings,
      java.util.concurrent.CompletableFuture<DirectoryReader> ahead)
      throws IOException {
    try {
      IndexWriter writer;
      try {
        writer = new IndexWriter(directory, config(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
      } catch (IOException | RuntimeException e) {
        closeAhead(ahead);
        throw e;
      }
      try {
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        Map<String, String> commitData = data == null ? Map.of() : liveCommit(data);
        String schema = commitData.get(SCHEMA_KEY);
        if (writer.getDocStats().maxDoc == 0
            || (String.valueOf(SCHEMA).equals(schema) && Tool.build().equals(commitData.get(BUILD_KEY)))) {
          return new Opened(writer, reader(ahead, writer), commitData);
        }
      } catch (IOException | RuntimeException e) {
        writer.rollback();
        closeAhead(ahead);
        throw e;
      }
      writer.rollback();
      closeAhead(ahead);
      warnings.accept(dir + ": the index was written by another version or build of airlock;"
          + " rebuilt it, so this scan reads every file");
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

  /**
   * No merges while a scan writes: a merge rewrites what was just written, and one still running
   * at the end would be thrown away. Merges run synchronously, only after a scan's commit
   * ({@link #mergeSmallSegments}).
   */
  private static IndexWriterConfig config(IndexWriterConfig.OpenMode openMode) {
    IndexWriterConfig config = new IndexWriterConfig(CodeAnalyzer.distinctTerms());
    config.setOpenMode(openMode);
    // Lucene's buffers live until their segment is written, so they are promoted like queued
    // texts: 32 MB costs the collector less than 48 and makes segments of several MB each.
    config.setRAMBufferSizeMB(32);
    config.setUseCompoundFile(false);
    config.setCommitOnClose(false);
    config.setMergePolicy(NoMergePolicy.INSTANCE);
    config.setMergeScheduler(new SerialMergeScheduler());
    config.setMaxFullFlushMergeWaitMillis(0);
    return config;
  }

  /**
   * Merges every segment below {@link #SMALL_SEGMENT_BYTES} into one, those of rescans, whenever
   * there are three; larger ones as a tiered policy does, up to 8 MB, which leaves the large
   * segments of a first scan alone.
   */
  static final class SmallSegmentsFirst extends TieredMergePolicy {
    SmallSegmentsFirst() {
      setNoCFSRatio(0);
      setMaxMergedSegmentMB(8);
    }

    @Override
    public MergeSpecification findMerges(
        MergeTrigger trigger, SegmentInfos infos, MergeContext context) throws IOException {
      List<SegmentCommitInfo> small = new ArrayList<>();
      for (SegmentCommitInfo info : infos) {
        if (!context.getMergingSegments().contains(info)
            && size(info, context) < smallSegmentBytes) {
          small.add(info);
        }
      }
      // Three: a rescan leaves at least that many (the last merged one and its own two or three),
      // while a first findings scan's two (the ready-made segment and the scan document's) are
      // left as they are: a merge costs 59-80 ms in a fresh process (timed after rescans), which
      // a small repository's first scan need not pay.
      if (small.size() < 3) {
        return super.findMerges(trigger, infos, context);
      }
      MergeSpecification merges = new MergeSpecification();
      merges.add(new OneMerge(small));
      return merges;
    }
  }

  /**
   * A rescan adds 15-25 KB on the 220 MB corpus, so the merged segment of about a hundred rescans
   * stays below this; past it, only the tiered policy merges it, and the next ones merge anew.
   */
  static final long SMALL_SEGMENT_BYTES = 2L << 20;

  /** {@link #SMALL_SEGMENT_BYTES}, set to 0 by tests that look at the segments a scan wrote. */
  static volatile long smallSegmentBytes = SMALL_SEGMENT_BYTES;

  /** Whether {@link #finish} committed the scan: only then does {@link #close} merge. */
  private boolean committed;

  /** The last commit, read at open; closed with the state. */
  private DirectoryReader reader;

  /** What the last commit says of its {@link ScannedTree} file, or null when it has none. */
  private String treeToken;

  /**
   * Whether every stored blob was read ({@link #load}); until then, and for good once a scan said
   * it looks up few blobs, {@link #find} asks the index for each one instead.
   */
  private volatile boolean loaded;

  private volatile boolean fewLookups;

  /** Reads every stored blob once, unless this scan looks up only a few. */
  private void loadOnce() {
    if (!loaded) {
      synchronized (this) {
        if (!loaded) {
          load(reader);
          loaded = true;
        }
      }
    }
  }

  @Override
  public void expectFewLookups() {
    fewLookups = true;
  }

  /**
   * Reads, in one pass per segment, the key, paths and outcome of every blob document stored
   * under these rules. A damaged segment costs a re-read of its blobs, not the scan.
   */
  private void load(DirectoryReader reader) {
    long started = System.nanoTime();
    Map<BytesRef, byte[]> canonical = new HashMap<>();
    Set<byte[]> repeated = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (LeafReaderContext leaf : reader.leaves()) {
      try {
        BinaryDocValues verdicts = leaf.reader().getBinaryDocValues(VERDICTS);
        BinaryDocValues outcomes = leaf.reader().getBinaryDocValues(OUTCOME);
        if (verdicts == null || outcomes == null) {
          continue;
        }
        Bits live = leaf.reader().getLiveDocs();
        for (int d = verdicts.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = verdicts.nextDoc()) {
          if (live == null || live.get(d)) {
            loadBlob(d, verdicts, outcomes, canonical, repeated);
          }
        }
      } catch (IOException | RuntimeException e) {
        if (lookupFailed.compareAndSet(false, true)) {
          warnings.accept(dir + ": part of the index could not be read (" + oneLine(e)
              + "); the blobs there are read again");
        }
      }
    }
    // Most blobs give the same outcome (no finding, the same rules left out): each such outcome
    // is decoded once here, not once per blob.
    for (byte[] encoded : repeated) {
      Stored decoded = decodeSafely(encoded);
      if (decoded != null) {
        common.put(encoded, decoded);
      }
    }
    loadNanos = System.nanoTime() - started;
  }

  /**
   * Loads one blob document. A method of its own, not the body of the loop above: the JIT
   * compiles a method after a few hundred calls, but a loop run once only after tens of thousands
   * of iterations, so a rescan ran this interpreted for every blob.
   */
  private void loadBlob(
      int doc,
      BinaryDocValues verdicts,
      BinaryDocValues outcomes,
      Map<BytesRef, byte[]> canonical,
      Set<byte[]> repeated)
      throws IOException {
    BytesRef v = verdicts.binaryValue();
    int[] at = {v.offset};
    String key = readUtf(v.bytes, at);
    if (!ofTheseRules(key) || !outcomes.advanceExact(doc)) {
      return;
    }
    BytesRef o = outcomes.binaryValue();
    // Looked up by the reader's own bytes (a BytesRef hashes and compares its content), so only
    // an outcome not seen before is copied: most blobs share a few outcomes of several hundred
    // bytes each.
    byte[] encoded = canonical.get(o);
    if (encoded == null) {
      encoded = java.util.Arrays.copyOfRange(o.bytes, o.offset, o.offset + o.length);
      canonical.put(new BytesRef(encoded), encoded);
    } else {
      repeated.add(encoded);
    }
    storedOutcomes.put(key, encoded);
    storedSizes.put(blobOf(key), readLong(v.bytes, at));
    int n = readInt(v.bytes, at);
    for (int i = 0; i < n; i++) {
      keyAtPath.put(readUtf(v.bytes, at), key);
    }
  }

  /** Decoded outcomes that many stored blobs share, by identity of their canonical bytes. */
  private final Map<byte[], Stored> common = new java.util.IdentityHashMap<>();

  /** A string written by {@link DataOutputStream#writeUTF}; ASCII without a stream. */
  private static String readUtf(byte[] bytes, int[] at) throws IOException {
    int start = at[0];
    int length = ((bytes[start] & 0xff) << 8) | (bytes[start + 1] & 0xff);
    int from = start + 2;
    at[0] = from + length;
    for (int i = from; i < from + length; i++) {
      if (bytes[i] < 0) {
        return new DataInputStream(new java.io.ByteArrayInputStream(bytes, start, length + 2))
            .readUTF();
      }
    }
    return new String(bytes, from, length, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static long readLong(byte[] bytes, int[] at) {
    long high = readInt(bytes, at) & 0xffffffffL;
    return high << 32 | (readInt(bytes, at) & 0xffffffffL);
  }

  @Override
  public long knownSize(String blobId) {
    if (fewLookups && !loaded) {
      return -1;
    }
    loadOnce();
    Long size = storedSizes.get(blobId);
    return size == null ? -1 : size;
  }

  private static int readInt(byte[] bytes, int[] at) {
    int i = at[0];
    at[0] = i + 4;
    return ((bytes[i] & 0xff) << 24) | ((bytes[i + 1] & 0xff) << 16) | ((bytes[i + 2] & 0xff) << 8)
        | (bytes[i + 3] & 0xff);
  }

  private final AtomicBoolean lookupFailed = new AtomicBoolean();

  /** Keys looked up one by one and found in no segment: a blob written under one replaces nothing. */
  private final Set<String> absent = ConcurrentHashMap.newKeySet();

  private static String blobOf(String key) {
    int end = key.indexOf(':');
    return end < 0 ? key : key.substring(0, end);
  }

  /** Whether {@code key} is of this rule set: its blob id is followed by this set's hash. */
  private boolean ofTheseRules(String key) {
    int end = key.indexOf(':');
    int after = end + keyRules.length();
    return end > 0
        && key.startsWith(keyRules, end)
        && (key.length() == after || key.charAt(after) == ':');
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
    if (fewLookups && !loaded) {
      return findOne(blobId, path);
    }
    loadOnce();
    if (!storedSizes.containsKey(blobId)) {
      // Never stored: no key to compute, no look-up to make (every blob of a first scan).
      return null;
    }
    long started = System.nanoTime();
    try {
      String key = keyAtPath.get(path);
      if (key == null || !isKeyOf(key, blobId)) {
        // A path the blob was not stored at: its rules' path globs decide which outcome serves.
        key = computeKey(blobId, path);
      }
      byte[] encoded = storedOutcomes.get(key);
      if (encoded == null) {
        return null;
      }
      Stored shared = common.get(encoded);
      return shared != null ? shared : cache.get(key, k -> decodeSafely(encoded));
    } finally {
      lookupNanos.add(System.nanoTime() - started);
    }
  }

  /** One look-up in the index itself, for a scan that makes few: no stored blob read before. */
  private Stored findOne(String blobId, String path) {
    long started = System.nanoTime();
    try {
      String key = computeKey(blobId, path);
      Stored cached = cache.getIfPresent(key);
      if (cached != null) {
        return cached;
      }
      byte[] encoded = storedOutcome(key);
      if (encoded == null && !lookupFailed.get()) {
        absent.add(key);
      }
      return encoded == null ? null : cache.get(key, k -> decodeSafely(encoded));
    } finally {
      lookupNanos.add(System.nanoTime() - started);
    }
  }

  /** The outcome the last commit holds under {@code key}, or null. */
  private byte[] storedOutcome(String key) {
    BytesRef term = new BytesRef(key);
    try {
      for (LeafReaderContext leaf : reader.leaves()) {
        org.apache.lucene.index.PostingsEnum docs =
            leaf.reader().postings(new Term(KEY, term), org.apache.lucene.index.PostingsEnum.NONE);
        if (docs == null) {
          continue;
        }
        Bits live = leaf.reader().getLiveDocs();
        for (int d = docs.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = docs.nextDoc()) {
          BinaryDocValues outcomes = leaf.reader().getBinaryDocValues(OUTCOME);
          if ((live == null || live.get(d)) && outcomes != null && outcomes.advanceExact(d)) {
            BytesRef o = outcomes.binaryValue();
            return java.util.Arrays.copyOfRange(o.bytes, o.offset, o.offset + o.length);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (lookupFailed.compareAndSet(false, true)) {
        warnings.accept(dir + ": part of the index could not be read (" + oneLine(e)
            + "); the blobs there are read again");
      }
    }
    return null;
  }

  private boolean isKeyOf(String key, String blobId) {
    return key.startsWith(blobId)
        && (key.length() == blobId.length() || key.charAt(blobId.length()) == ':');
  }

  private Stored decodeSafely(byte[] encoded) {
    try {
      return decode(new BytesRef(encoded));
    } catch (RuntimeException e) {
      // A damaged outcome costs a re-read of this blob, not the scan.
      if (lookupFailed.compareAndSet(false, true)) {
        warnings.accept(dir + ": part of the index could not be read (" + oneLine(e)
            + "); the blobs there are read again");
      }
      return null;
    }
  }

  /**
   * A blob's outcome depends on the rule set and on which path-limited rules were left out for
   * the path it was matched at; the key holds both, so an outcome serves exactly the paths it is
   * complete and exact for, and findings never depend on whether a blob was reused.
   */
  private String computeKey(String blobId, String path) {
    keysComputed.increment();
    boolean[] left = new boolean[pathLimited.size()];
    for (int i = 0; i < left.length; i++) {
      left[i] = !pathLimited.get(i).appliesTo(path);
    }
    return key(blobId, left);
  }

  /** The key of an outcome matched now, from the rules its matcher left out for the path. */
  private String keyOf(String blobId, String path, Matches matches) {
    if (matches == null || !signatureFromMatches) {
      return computeKey(blobId, path);
    }
    boolean[] left = new boolean[pathLimited.size()];
    for (Rule r : matches.skippedRules()) {
      Integer bit = signatureBits.get(r);
      if (bit == null) {
        return computeKey(blobId, path);
      }
      left[bit] = true;
    }
    return key(blobId, left);
  }

  private String key(String blobId, boolean[] left) {
    StringBuilder key = new StringBuilder(blobId.length() + keyRules.length() + 8);
    key.append(blobId).append(keyRules);
    int mask = 0;
    int bit = 0;
    for (boolean l : left) {
      if (l) {
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

  @Override
  public boolean wantsText() {
    return mode == IndexMode.CODE;
  }

  @Override
  public void record(String blobId, String path, long size, String text, Stored outcome) {
    record(blobId, path, size, text, null, outcome);
  }

  @Override
  public void recordUtf8(String blobId, String path, long size, Utf8Text text, Stored outcome) {
    record(blobId, path, size, null, text, outcome);
  }

  /** Records a blob read now, its text given as a string or as bytes (or neither). */
  private void record(
      String blobId, String path, long size, String text, Utf8Text utf8, Stored outcome) {
    long started = System.nanoTime();
    try {
      String key = keyOf(blobId, path, outcome.matches());
      DocumentTerms terms = null;
      if (mode == IndexMode.CODE && text != null) {
        terms = TERMS.get().collect(text);
      } else if (mode == IndexMode.CODE && utf8 != null) {
        terms =
            utf8.ascii()
                ? TERMS.get().collect(utf8.bytes(), utf8.offset(), utf8.length())
                : TERMS.get().collect(utf8.text());
      }
      if (!writeReadyMade(key, blobId, path, size, outcome)) {
        feeder.submit(new Pending(key, blobId, path, size, terms, outcome));
      }
    } finally {
      recordNanos.add(System.nanoTime() - started);
    }
  }

  @Override
  public void listed(Map<String, List<String>> sharedBlobs) {
    feeder.listed(sharedBlobs);
  }

  /**
   * Each worker's tokenizer: a worker finds a file's terms right after matching it, while its
   * text is in the cache, and queues them instead of the text.
   */
  private static final ThreadLocal<TermSetTokenizer> TERMS =
      ThreadLocal.withInitial(TermSetTokenizer::new);

  /** A recorded blob, waiting to be written; {@code terms} only in a code index, for a text. */
  private record Pending(
      String key, String blobId, String path, long size, DocumentTerms terms, Stored outcome) {
    long bytes() {
      return 64 + (terms == null ? 0 : terms.bytes());
    }
  }

  /** Builds and adds the documents of one recorded blob, with every path it has. */
  private void write(Pending p, Map<String, List<String>> shared) throws IOException {
    List<String> paths = shared.getOrDefault(p.blobId(), List.of(p.path()));
    List<String> verdictPaths = verdictPaths(p.key(), p.blobId(), p.path(), paths);
    Stored outcome = p.outcome();
    // Finding documents, like the blob's searchable fields, serve only a code index: a findings
    // index is never searched, and a rescan reads only the outcome. Placing the matches at the
    // path again (Matches#forPath, its test-path regex and fingerprints) and writing nine indexed
    // and stored fields per finding were a third of what a findings index cost to write.
    List<Finding> findings =
        mode != IndexMode.CODE || outcome.matches() == null
            ? List.of()
            : outcome.findings() != null ? outcome.findings() : outcome.matches().forPath(p.path());
    List<Document> docs = new ArrayList<>(1 + findings.size());
    Document blob = new Document();
    // Terms as bytes: a field given a string copies it into a new array three times its length.
    blob.add(new StringField(TYPE, BLOB_TYPE, Field.Store.NO));
    blob.add(new StringField(KEY, new BytesRef(p.key().getBytes(StandardCharsets.UTF_8)), Field.Store.NO));
    blob.add(new StringField(RULES, rulesHash, Field.Store.NO));
    blob.add(new BinaryDocValuesField(OUTCOME, new BytesRef(encodeOnce(outcome, p.terms() != null))));
    blob.add(new BinaryDocValuesField(VERDICTS, new BytesRef(verdicts(p.key(), p.size(), verdictPaths))));
    boolean batched = batches();
    if (mode == IndexMode.CODE || outcome.skipReason() != null) {
      // A skipped blob has no content in any index, so a later code scan reuses it as it is.
      searchable(blob, p, paths, findings, batched);
    }
    docs.add(blob);
    for (Finding f : findings) {
      docs.add(findingDocument(p, f));
    }
    boolean stored;
    if (fewLookups && !loaded) {
      // Whether the index holds this key was not read, unless it was looked up: deleting what
      // may be stored under it costs the commit a look-up in every segment (with a reader of
      // its own: the scan's reader is not the writer's).
      stored = !absent.contains(p.key());
    } else {
      loadOnce();
      stored = storedOutcomes.containsKey(p.key());
    }
    if (batched) {
      boolean replace = !written.add(p.key()) || stored;
      addToBatch(replace ? new Term(KEY, p.key()) : null, docs, p.terms());
    } else if (!written.add(p.key()) || stored || (readyMade != null && readyMade.added())) {
      // Stored before but unusable now (no content in a code index), or recorded twice in this
      // scan (a blob matched again at another path with the same key, maybe into a ready-made
      // segment added already): replace it.
      writer.updateDocuments(new Term(KEY, p.key()), docs);
    } else {
      writer.addDocuments(docs);
    }
    // Not cached: the cache serves what earlier scans stored; within a scan the scanner itself
    // reuses a blob's outcome for its other paths.
  }

  /**
   * The blob documents of a findings index's scan that looks up every blob (a first scan), when
   * {@link #readyMadeSegments}: put here by the workers that record them, and added to the index
   * as one segment once every file is matched. A rescan's few blobs, skipped blobs (whose
   * documents have the searchable fields too) and blobs stored before go through the indexing
   * thread and the writer's own buffer.
   */
  private final FindingsSegment readyMade;

  /** Whether a findings index writes ready-made segments; tests compare it with the writer's. */
  static volatile boolean readyMadeSegments = true;

  private long readyMadeNanos;

  private long readyMadeBlobs;

  /**
   * Puts a blob into the ready-made segment, unless its key was written through the writer first
   * in this scan, or the segment was added already: its document then goes through the writer
   * too. A key the writer takes after this is left out of the segment when it is added.
   */
  private boolean putReadyMade(String key, byte[] outcome, String blobId, String path, long size) {
    // A first scan writes through the writer only the blobs it skips: the set is nearly always
    // empty, and asking it would hash every key.
    if (!written.isEmpty() && written.contains(key)) {
      return false;
    }
    // Encoded here, on the worker, as the blob was read: the segment is added at the end of the
    // scan, where what it costs is waited for. It encodes again only a blob listed at other paths.
    return readyMade.put(verdicts(key, size, List.of(path)), outcome, blobId, path, size);
  }

  /**
   * Adds the ready-made segment's blobs to the index, if it holds any, each with every path of
   * its blob that shares its key (the listing is over): the indexing thread wrote a findings
   * index's blobs with the paths known then.
   */
  private void addReadyMade() throws IOException {
    if (readyMade != null) {
      long started = System.nanoTime();
      Map<String, List<String>> shared = feeder.shared;
      Map<String, List<String>> all = shared == null ? Map.of() : shared;
      int added =
          readyMade.addTo(
              writer,
              new FindingsSegment.OtherPaths() {
                @Override
                public boolean of(String blobId) {
                  return !all.isEmpty() && all.containsKey(blobId);
                }

                @Override
                public byte[] verdicts(String key, String blobId, String path, long size) {
                  return LuceneState.verdicts(key, size, verdictPaths(key, blobId, path, all.get(blobId)));
                }
              },
              written.isEmpty() ? null : written::contains);
      readyMadeBlobs += added;
      readyMadeNanos += System.nanoTime() - started;
    }
  }

  /**
   * The paths a blob's {@code verdicts} name: the path it was read at, and those of its other
   * {@code paths} that share the key.
   */
  private List<String> verdictPaths(String key, String blobId, String path, List<String> paths) {
    List<String> out = new ArrayList<>(1);
    out.add(path);
    for (String other : paths) {
      // Another path of the blob shares this key only where the same rules apply.
      if (!other.equals(path) && computeKey(blobId, other).equals(key)) {
        out.add(other);
      }
    }
    return out;
  }

  /**
   * Puts a blob recorded now straight into the ready-made segment, on the recording worker:
   * with no indexing thread to hand it to, nothing is queued, woken or locked but the segment
   * (an append; its doc values are encoded when the segment is added). False when the blob's
   * documents go through the writer instead.
   */
  private boolean writeReadyMade(String key, String blobId, String path, long size, Stored outcome) {
    if (readyMade == null || outcome.skipReason() != null || fewLookups || !readyMadeSegments) {
      return false;
    }
    loadOnce();
    if (storedOutcomes.containsKey(key)) {
      return false;
    }
    return putReadyMade(key, encodeOnce(outcome, false), blobId, path, size);
  }

  /**
   * The fields only {@code airlock search} reads, which refuses an index without content: a
   * findings index leaves them out of the blobs it read, and what remains (the key and the two
   * doc values) is all a rescan reads. Those fields were most of the cost of a findings index.
   */
  private static void searchable(
      Document blob, Pending p, List<String> paths, List<Finding> findings, boolean batched) {
    blob.add(new StringField(BLOB, p.blobId(), Field.Store.YES));
    for (String path : paths.contains(p.path()) ? paths : with(paths, p.path())) {
      blob.add(new StringField(PATH, path, Field.Store.YES));
    }
    FileKind kind = FileKind.of(p.path());
    blob.add(new StringField(LANGUAGE, kind.language(), Field.Store.YES));
    blob.add(new StringField(MIME, kind.mime(), Field.Store.YES));
    blob.add(new StoredField(SIZE, p.size()));
    if (p.terms() != null) {
      // In a batch the field only declares itself; the batch inverts the terms.
      DocumentTerms terms = batched ? DocumentTerms.NONE : p.terms();
      blob.add(new Field(CONTENT, terms.stream(), CONTENT_TYPE));
    }
    Set<String> ruleIds = new LinkedHashSet<>();
    Set<String> categories = new LinkedHashSet<>();
    for (Finding f : findings) {
      ruleIds.add(f.ruleId());
      categories.add(f.category().name().toLowerCase(Locale.ROOT));
    }
    // Rule ids and categories on the blob too, so one query can combine them with content.
    // Stored: a search checks each answer against the blob's own fields and text.
    for (String r : ruleIds) {
      blob.add(new StringField(RULE, r, Field.Store.YES));
    }
    for (String c : categories) {
      blob.add(new StringField(CATEGORY, c, Field.Store.YES));
    }
  }

  /**
   * Whether blobs go through a {@link Batch}: in a code index, unless the scan looks up few
   * blobs (a rescan of a few changed files), whose blobs and scan document then make one
   * segment through the writer's own buffer.
   */
  private boolean batches() {
    return mode == IndexMode.CODE && !fewLookups;
  }

  /** Guards {@link #batch} and {@link #batchesWriting}. */
  private final java.util.concurrent.locks.ReentrantLock batchLock =
      new java.util.concurrent.locks.ReentrantLock();

  private final java.util.concurrent.locks.Condition batchWritten = batchLock.newCondition();

  private Batch batch;

  /** Full batches being added to the index, each by the thread that filled it. */
  private int batchesWriting;

  /**
   * Blobs left to whichever thread holds {@link #batchLock}: a worker that finds it held queues
   * its blob here and goes back to matching, and the holder adds it to the batch before letting
   * go. Waiting for the lock instead cost the workers 326 waits, 1,113 ms in all, in one cold
   * code scan of the bench corpus on a busy machine, each with a core idle. Each blob's
   * documents and terms, a few KB, wait here only while another thread adds to the batch.
   */
  private final java.util.concurrent.ConcurrentLinkedQueue<ForBatch> forBatch =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private record ForBatch(List<Document> docs, DocumentTerms terms) {}

  /**
   * Adds a blob's documents to the current batch, and the batch to the index once it is full.
   * A full batch is written outside the lock: while it held the lock, the workers waited for it
   * with a core idle. A replaced key is deleted from the index only once no earlier batch is
   * still being added (a delete applies to what the index holds then), and from the current
   * batch by the batch's own writer (after the blobs queued for it); never from a batch added
   * later, which holds the new documents.
   */
  private void addToBatch(Term replace, List<Document> docs, DocumentTerms terms)
      throws IOException {
    if (replace == null) {
      forBatch.add(new ForBatch(docs, terms));
      addQueuedUnlessBusy();
      return;
    }
    List<Batch> full = new ArrayList<>(1);
    batchLock.lock();
    try {
      addQueued(full);
      awaitBatchesWritten();
      writer.deleteDocuments(replace);
      add(replace, docs, terms, full);
    } finally {
      batchLock.unlock();
    }
    writeOut(full);
    addQueuedUnlessBusy();
  }

  /**
   * Adds the queued blobs to the batch unless another thread holds the lock, and so will. Every
   * thread checks the queue again after letting go of the lock, so a blob queued while it held
   * it is not left for later (it would not be lost: {@link #writeBatch} adds what is queued).
   */
  private void addQueuedUnlessBusy() throws IOException {
    while (!forBatch.isEmpty() && batchLock.tryLock()) {
      List<Batch> full = new ArrayList<>(1);
      try {
        addQueued(full);
      } finally {
        batchLock.unlock();
      }
      writeOut(full);
    }
  }

  /** Holding {@link #batchLock}: adds every queued blob to the batch. */
  private void addQueued(List<Batch> full) throws IOException {
    for (ForBatch b; (b = forBatch.poll()) != null; ) {
      add(null, b.docs(), b.terms(), full);
    }
  }

  /** Holding {@link #batchLock}: adds to the batch; a full one goes to {@code full}. */
  private void add(Term replace, List<Document> docs, DocumentTerms terms, List<Batch> full)
      throws IOException {
    if (batch == null) {
      batch = new Batch();
    }
    batch.add(replace, docs, terms);
    if (batch.bytes() >= batchLimit) {
      full.add(batch);
      batch = null;
      batchesWriting++;
    }
  }

  /** Adds full batches to the index, each counted in {@link #batchesWriting} until it is. */
  private void writeOut(List<Batch> full) throws IOException {
    IOException failed = null;
    for (Batch b : full) {
      try {
        writeOut(b);
      } catch (IOException e) {
        failed = failed == null ? e : failed;
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  private void writeOut(Batch full) throws IOException {
    try {
      full.writeTo(writer);
    } finally {
      batchLock.lock();
      try {
        batchesWriting--;
        batchWritten.signalAll();
      } finally {
        batchLock.unlock();
      }
    }
  }

  /** Holding {@link #batchLock}: waits until no full batch is being added to the index. */
  private void awaitBatchesWritten() {
    while (batchesWriting > 0) {
      batchWritten.awaitUninterruptibly();
    }
  }

  /**
   * Adds the current batch to the index, with the blobs queued for it, if there is one, and
   * waits for any being added.
   */
  private void writeBatch() throws IOException {
    List<Batch> full = new ArrayList<>(2);
    batchLock.lock();
    try {
      addQueued(full);
      if (batch != null) {
        full.add(batch);
        batch = null;
        batchesWriting++;
      }
    } finally {
      batchLock.unlock();
    }
    writeOut(full);
    batchLock.lock();
    try {
      awaitBatchesWritten();
    } finally {
      batchLock.unlock();
    }
  }

  /** The current batch's estimated heap, 0 without one. */
  private long batchBytes() {
    batchLock.lock();
    try {
      return batch == null ? 0 : batch.bytes();
    } finally {
      batchLock.unlock();
    }
  }

  /**
   * Heap a batch holds before it is added to the index: as the writer's own buffer (32 MB), it
   * lives until then and is promoted; a cold scan of the 220 MB bench corpus makes two or three.
   */
  static final long BATCH_BYTES = 32L << 20;

  /** {@link #BATCH_BYTES}, lowered by tests to make several batches of a few files. */
  static volatile long batchLimit = BATCH_BYTES;

  /**
   * Blob documents of a code index on their way to it as one segment: every field but {@code
   * content} indexed by an in-memory writer of the batch's own, and {@code content} inverted by
   * {@link ContentPostings}; the writer's segment, with those postings as its content, is then
   * added to the index whole ({@link IndexWriter#addIndexes}). Lucene's indexing chain inverted
   * each blob's terms one by one, hashing each again and writing its postings as vInts into
   * slices of growing size: a fifth of a cold code scan's CPU. Documents are added under {@link
   * #batchLock} (by the thread that holds it, for others too: {@link #forBatch}), one thread at a
   * time, so the in-memory writer keeps them in one buffer, numbered
   * in the order they came, which is how the postings number them.
   */
  private static final class Batch {
    private final Directory memory = new org.apache.lucene.store.ByteBuffersDirectory();
    private final IndexWriter buffer;
    private final ContentPostings content = new ContentPostings();
    private int docs;

    Batch() throws IOException {
      IndexWriterConfig config = new IndexWriterConfig(CodeAnalyzer.distinctTerms());
      config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
      // Written out only when the batch is added to the index: one segment, numbered in order.
      config.setRAMBufferSizeMB(1024);
      config.setUseCompoundFile(false);
      config.setCommitOnClose(false);
      config.setMergePolicy(NoMergePolicy.INSTANCE);
      config.setMergeScheduler(new SerialMergeScheduler());
      buffer = new IndexWriter(memory, config);
    }

    void add(Term replace, List<Document> blobDocs, DocumentTerms terms) throws IOException {
      int first = docs;
      if (replace != null) {
        buffer.updateDocuments(replace, blobDocs);
      } else {
        buffer.addDocuments(blobDocs);
      }
      docs += blobDocs.size();
      if (terms != null) {
        content.add(first, terms);
      }
    }

    long bytes() {
      return content.bytesUsed() + buffer.ramBytesUsed();
    }

    void writeTo(IndexWriter index) throws IOException {
      try (DirectoryReader r = DirectoryReader.open(buffer)) {
        if (r.leaves().size() != 1 || r.maxDoc() != docs) {
          throw new IllegalStateException(
              "a batch of " + docs + " documents became " + r.leaves().size() + " segments of "
                  + r.maxDoc());
        }
        CodecReader segment = (CodecReader) r.leaves().get(0).reader();
        FieldsProducer postings = content.withFieldsOf(segment.getPostingsReader());
        index.addIndexes(
            new FilterCodecReader(segment) {
              @Override
              public FieldsProducer getPostingsReader() {
                return postings;
              }

              @Override
              public CacheHelper getCoreCacheHelper() {
                return null;
              }

              @Override
              public CacheHelper getReaderCacheHelper() {
                return null;
              }
            });
      } finally {
        buffer.rollback();
        memory.close();
      }
    }

    void discard() {
      try {
        buffer.rollback();
        memory.close();
      } catch (IOException | RuntimeException e) {
        // Memory only: nothing to clean up on disk.
      }
    }
  }

  private Document findingDocument(Pending p, Finding f) {
    Document d = new Document();
    d.add(new StringField(TYPE, "finding", Field.Store.NO));
    d.add(new StringField(KEY, p.key(), Field.Store.NO));
    d.add(new StringField(BLOB, p.blobId(), Field.Store.YES));
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
    return d;
  }

  private static List<String> with(List<String> paths, String path) {
    List<String> out = new ArrayList<>(paths);
    out.add(path);
    return out;
  }

  private static byte[] verdicts(String key, long size, List<String> paths) {
    // Exact for ASCII: the array is copied once, by toByteArray.
    int capacity = 14 + key.length();
    for (String p : paths) {
      capacity += 2 + p.length();
    }
    ByteEncoder out = new ByteEncoder(capacity);
    out.writeUTF(key);
    out.writeLong(size);
    out.writeInt(paths.size());
    for (String p : paths) {
      out.writeUTF(p);
    }
    return out.toByteArray();
  }

  /**
   * Feeds recorded blobs to the index writer from a thread of its own, through a queue bounded by
   * the characters it holds. When the queue is full the recording worker writes the blob itself,
   * so indexing never falls further behind than the bound and never waits on the scan. In a code
   * index, blob documents are held until the listing is complete (so each carries every path of
   * its blob, for search) unless the queue fills first. A findings index is not searched: its
   * blobs are written at once, with the paths known then, so that writing overlaps the scan
   * instead of following it; a later scan gets the key of a shared blob's other paths from the
   * path globs.
   */
  private final class Feeder {
    private final java.util.concurrent.locks.ReentrantLock lock =
        new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition changed = lock.newCondition();
    private final java.util.ArrayDeque<Pending> queue = new java.util.ArrayDeque<>();
    private long queuedBytes;
    private int writing;
    private volatile Map<String, List<String>> shared;
    private boolean closed;
    private boolean draining;
    /** Whether the indexing thread is emptying the queue; else it waits for a batch. */
    private boolean busy;
    private volatile Throwable failure;
    private Thread thread;

    void submit(Pending p) {
      failIfFailed();
      lock.lock();
      try {
        if (!closed && queuedBytes + p.bytes() <= QUEUE_BYTES) {
          queue.add(p);
          queuedBytes += p.bytes();
          if (thread == null) {
            thread = new Thread(this::run, "airlock-index");
            thread.setDaemon(true);
            thread.start();
          }
          if (batchReady()) {
            changed.signalAll();
          }
          return;
        }
      } finally {
        lock.unlock();
      }
      // The indexing thread is behind: this worker writes the blob, with the paths known now.
      writeOrFail(p);
    }

    /**
     * Whether the indexing thread should wake for what is queued. Woken per blob, it took a
     * core from a worker 16,000 times in a scan of as many files (a context switch each); woken
     * per batch, it writes a few hundred blobs per turn.
     */
    private boolean batchReady() {
      // A rescan's few blobs are written as they come once the listing is over, while the scan
      // still reads and gathers; waiting for a batch of them, they were written after it.
      return queue.size() >= WAKE_BLOBS || queuedBytes >= QUEUE_BYTES / 4 || draining
          || (fewLookups && shared != null);
    }

    void listed(Map<String, List<String>> sharedBlobs) {
      lock.lock();
      try {
        shared = Map.copyOf(sharedBlobs);
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    private void run() {
      List<Pending> batch = new ArrayList<>(TAKE_BLOBS);
      while (true) {
        lock.lock();
        try {
          if (queue.isEmpty()) {
            busy = false;
          }
          while (!closed
              && (queue.isEmpty()
                  || (shared == null && mode == IndexMode.CODE)
                  || (!busy && !batchReady()))) {
            changed.awaitUninterruptibly();
          }
          if (closed) {
            return;
          }
          for (int i = 0; i < TAKE_BLOBS && !queue.isEmpty(); i++) {
            Pending p = queue.poll();
            queuedBytes -= p.bytes();
            batch.add(p);
          }
          writing += batch.size();
          busy = true;
        } finally {
          lock.unlock();
        }
        try {
          for (Pending p : batch) {
            writeOrFail(p);
          }
          flushWhileIdle();
        } catch (RuntimeException e) {
          // Kept in failure; the scan hears of it at its next record or at finish.
        } finally {
          doneWriting(batch.size());
          batch.clear();
        }
      }
    }

    /**
     * With nothing queued, the indexing thread writes a buffer out as a segment now rather than
     * leave it to the commit, which runs after the scan: a findings index never fills the
     * writer's buffer, so all of it was written at the end.
     */
    private void flushWhileIdle() {
      boolean idle;
      lock.lock();
      try {
        idle = queue.isEmpty();
      } finally {
        lock.unlock();
      }
      if (idle && batchBytes() >= batchLimit / 2) {
        try {
          writeBatch();
        } catch (IOException | RuntimeException e) {
          if (failure == null) {
            failure = e;
          }
        }
      }
      if (idle && writer.ramBytesUsed() >= (mode == IndexMode.CODE ? IDLE_FLUSH_BYTES : IDLE_FLUSH_BYTES_FINDINGS)) {
        try {
          writer.flushNextBuffer();
        } catch (IOException | RuntimeException e) {
          if (failure == null) {
            failure = e;
          }
        }
      }
    }

    /** Ends the writing of taken blobs, waking whoever waits for the queue to drain. */
    private void doneWriting(int blobs) {
      lock.lock();
      try {
        writing -= blobs;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    private void writeOrFail(Pending p) {
      long started = System.nanoTime();
      try {
        Map<String, List<String>> paths = shared;
        write(p, paths == null ? Map.of() : paths);
      } catch (IOException | RuntimeException e) {
        if (failure == null) {
          failure = e;
        }
        failIfFailed();
      } finally {
        writeNanos.add(System.nanoTime() - started);
      }
    }

    /**
     * Returns when every blob submitted so far is in the writer. The calling thread writes queued
     * blobs beside the indexing thread: the scan's workers are done by now, so a core is free.
     */
    void drain() {
      lock.lock();
      try {
        if (shared == null) {
          shared = Map.of();
        }
        draining = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      while (true) {
        Pending p;
        lock.lock();
        try {
          p = closed || failure != null ? null : queue.poll();
          if (p == null) {
            break;
          }
          queuedBytes -= p.bytes();
          writing++;
        } finally {
          lock.unlock();
        }
        try {
          writeOrFail(p);
        } finally {
          doneWriting(1);
        }
      }
      lock.lock();
      try {
        while (failure == null && (!queue.isEmpty() || writing > 0)) {
          changed.awaitUninterruptibly();
        }
      } finally {
        lock.unlock();
      }
      failIfFailed();
    }

    void close() {
      lock.lock();
      try {
        closed = true;
        queue.clear();
        queuedBytes = 0;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    private void failIfFailed() {
      Throwable f = failure;
      if (f != null) {
        throw new UncheckedIOException(
            dir + ": cannot write the index",
            f instanceof IOException io ? io : new IOException(oneLine(f), f));
      }
    }
  }

  /**
   * Bytes of terms the indexing queue holds at most (with 64 for each blob): a few MB keeps the
   * indexing thread busy without holding a large part of a repository in memory. What is queued
   * outlives young collections and is copied, then promoted: when the queue held texts, 32 M
   * characters cost the collector a third more than 8 M; terms are a quarter of a text's size.
   */
  static final long QUEUE_BYTES = Math.min(8L << 20, Runtime.getRuntime().maxMemory() / 32);

  private final LongAdder writeNanos = new LongAdder();

  /** Blobs queued before the indexing thread wakes, when their terms have not filled a quarter of the queue. */
  static final int WAKE_BLOBS = 256;

  /**
   * Blobs the indexing thread takes from the queue at once: taken one by one, it locked the queue
   * three times per blob, against the workers queueing theirs. A few dozen, not all: at the end
   * the scan's thread writes what is still queued beside it.
   */
  static final int TAKE_BLOBS = 32;

  /** Buffered bytes from which an idle indexing thread writes a segment. */
  static final long IDLE_FLUSH_BYTES = 8L << 20;

  /**
   * The same for a findings index, whose buffer holds about 6 MB after 16,000 blobs: at 8 MB it
   * was all written after the scan, and finish waited 100-250 ms for it on a busy machine.
   */
  static final long IDLE_FLUSH_BYTES_FINDINGS = 2L << 20;

  /** Writes recorded blobs out as segments while the scan labels; {@link #finish} waits for it. */
  private java.util.concurrent.CompletableFuture<Void> ahead;

  /**
   * Buffered bytes from which the writer's buffers are written out before {@link #finish}: a
   * first scan's (several MB) took a core for 100-150 ms after labelling, while the other one
   * was idle. Below it (a rescan's few blobs, one buffer) the one thread writes it alone.
   */
  static final long FLUSH_AHEAD_BYTES = 1L << 20;

  @Override
  public void recorded() {
    if (ahead != null) {
      return;
    }
    ahead =
        onThread(
            "airlock-index-ahead",
            () -> {
              feeder.drain();
              writeBatch();
              addReadyMade();
              if (writer.ramBytesUsed() >= FLUSH_AHEAD_BYTES) {
                flushBuffers();
              } else {
                // A rescan's few blobs: one buffer, written here while the scan labels. Left to
                // the commit, so that they and the scan document made one segment, writing them
                // was most of what a rescan waited for at its end (Lucene's segment writer runs
                // interpreted, once per process); the scan document then makes a segment of its
                // own, written by code that has run once already.
                while (writer.flushNextBuffer()) {
                  // until no buffer holds documents
                }
              }
              return null;
            });
  }

  @Override
  public void finish(ScanResult result, ScannedTree tree) {
    long draining = System.nanoTime();
    if (ahead != null) {
      try {
        join(ahead);
      } catch (IOException e) {
        throw new UncheckedIOException(dir + ": cannot write the index", e);
      }
    }
    feeder.drain();
    try {
      writeBatch();
      addReadyMade();
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot write the index", e);
    }
    drainNanos = System.nanoTime() - draining;
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
      Map<String, String> data = new HashMap<>();
      data.put(SCHEMA_KEY, String.valueOf(SCHEMA));
      data.put(BUILD_KEY, Tool.build());
      data.put(RULES_KEY, rules.hash());
      long committing = System.nanoTime();
      flushBuffers();
      // After the segments: the tree file may still be being written (writeTreeAhead).
      if (tree != null) {
        data.put(TREE_KEY, writeTree(tree));
      }
      writer.setLiveCommitData(data.entrySet());
      writer.commit();
      committed = true;
      commitNanos = System.nanoTime() - committing;
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot commit the index", e);
    }
  }

  /**
   * Writes the writer's buffers out as segments on two threads at once: a commit flushes them one
   * after the other on its own thread, while the other core has nothing left to do.
   */
  private void flushBuffers() throws IOException {
    java.util.concurrent.CompletableFuture<Void> helper =
        onThread(
            "airlock-index-flush",
            () -> {
              while (writer.flushNextBuffer()) {
                // until no buffer holds documents
              }
              return null;
            });
    while (writer.flushNextBuffer()) {
      // the helper takes the other buffers
    }
    join(helper);
  }

  /**
   * Merges the small segments rescans add (two or three each: the blobs written ahead, the scan
   * document) once the scan has committed. Left to pile up until 24, they made each rescan open
   * and look its keys up in every one of them: on the 220 MB corpus a rescan's {@code durationMs}
   * went from 231 ms with 3 segments to 313 with 24, and 433 for the one that merged them. Run
   * by {@link #close}, after the scan's result: a merge only readies the index for the next scan,
   * and a kill during one leaves the scan's commit.
   */
  private void mergeSmallSegments() throws IOException {
    writer.getConfig().setMergePolicy(new SmallSegmentsFirst());
    writer.maybeMerge();
    if (writer.hasUncommittedChanges()) {
      writer.commit();
    }
  }

  private volatile long treeNanos;

  /** The tree given to {@link #writeTreeAhead}, and its file being written: the token it gets. */
  private ScannedTree treeAheadOf;

  private java.util.concurrent.CompletableFuture<String> treeWritten;

  @Override
  public void writeTreeAhead(ScannedTree tree) {
    if (tree == null) {
      return;
    }
    treeAheadOf = tree;
    treeWritten = onThread("airlock-tree-write", () -> writeTemporaryTree(tree));
  }

  /**
   * Writes the tree under a temporary name (begun by {@link #writeTreeAhead} when it was given
   * the same tree) and renames it into place (readers never see half a file); returns what the
   * commit says of it. Not fsynced, like the segments: a kill cannot damage what the kernel was
   * given, and a damaged file fails its CRC and is ignored. The commit names the file only after
   * the rename, so a kill between the two leaves a file that no commit names.
   */
  private String writeTree(ScannedTree tree) throws IOException {
    String token;
    if (tree == treeAheadOf) {
      token = join(treeWritten);
    } else {
      token = writeTemporaryTree(tree);
    }
    Files.move(dir.resolve(TREE_FILE + ".tmp"), dir.resolve(TREE_FILE),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return token;
  }

  /** Encodes the tree into the temporary file; returns its token. */
  private String writeTemporaryTree(ScannedTree tree) throws IOException {
    long writing = System.nanoTime();
    byte[] bytes = tree.encode(lastEncoded);
    Files.write(dir.resolve(TREE_FILE + ".tmp"), bytes);
    treeNanos = System.nanoTime() - writing;
    return treeToken(bytes);
  }

  private static String treeToken(byte[] bytes) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes);
    return Long.toHexString(crc.getValue()) + ":" + bytes.length;
  }

  /** The tree file read at open, on a thread of its own; null when there was none. */
  private java.util.concurrent.CompletableFuture<TreeRead> treeAhead;

  /** A tree file as read: its token (null when unreadable), and its tree or why it has none. */
  private record TreeRead(String token, ScannedTree.Encoded encoded, RuntimeException failure) {
    ScannedTree tree() {
      return encoded == null ? null : encoded.tree();
    }
  }

  /** Reads the tree file; decodes it unless its token is not {@code expected} (when given). */
  private static TreeRead readTree(Path dir, String expected) {
    String token = null;
    try {
      byte[] bytes = Files.readAllBytes(dir.resolve(TREE_FILE));
      token = treeToken(bytes);
      if (expected != null && !expected.equals(token)) {
        return new TreeRead(token, null, null);
      }
      return new TreeRead(token, ScannedTree.decodeEncoded(bytes), null);
    } catch (IOException e) {
      return new TreeRead(token, null, new UncheckedIOException(e));
    } catch (RuntimeException e) {
      return new TreeRead(token, null, e);
    }
  }

  @Override
  public LastTree lastTree() {
    if (treeToken == null) {
      return new LastTree(null, "the index's last commit names no scanned tree");
    }
    long started = System.nanoTime();
    try {
      TreeRead read = treeAhead == null ? null : treeAhead.join();
      if (read == null || !treeToken.equals(read.token())) {
        // Another scan may have replaced the file while this one waited for the lock.
        read = readTree(dir, treeToken);
      }
      if (read.token() != null && !treeToken.equals(read.token())) {
        return new LastTree(null, TREE_FILE + " is not the one the index's last commit names");
      }
      if (read.failure() != null) {
        Throwable cause = read.failure() instanceof UncheckedIOException u ? u.getCause() : read.failure();
        return new LastTree(null, TREE_FILE + " cannot be read (" + oneLine(cause) + ")");
      }
      lastEncoded = read.encoded();
      return new LastTree(read.tree(), null);
    } finally {
      treeReadNanos = System.nanoTime() - started;
    }
  }

  private long treeReadNanos;

  /** The tree {@link #lastTree} gave, as its file holds it: the next tree copies its entries. */
  private volatile ScannedTree.Encoded lastEncoded;

  @Override
  public String summary() {
    CacheStats s = cache.stats();
    return String.format(
        Locale.ROOT,
        "index %s (%s): cache %d hits, %d misses, hit rate %.1f%%, %d entries, %d of %d bytes;"
            + " %d outcomes shared by many blobs (decoded once, outside the cache);"
            + " open %d ms (%sread %d stored blobs at %d paths in %d ms), look-ups %d ms, path-glob"
            + " keys %d, hand-over %d ms, writes %d ms (summed over threads), waited %d ms for"
            + " indexing, ready-made segments %d blobs in %d ms, commit %d ms; scanned tree waited for %d ms (read while the index opens), written in %d ms (while committing)",
        dir,
        mode.name().toLowerCase(Locale.ROOT),
        s.hitCount(),
        s.missCount(),
        s.hitRate() * 100,
        cache.estimatedSize(),
        cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L),
        CACHE_WEIGHT,
        common.size(),
        openNanos / 1_000_000,
        openedAhead ? "reader and tree file opened ahead of the scan; " : "",
        storedOutcomes.size(),
        keyAtPath.size(),
        loadNanos / 1_000_000,
        lookupNanos.sum() / 1_000_000,
        keysComputed.sum(),
        recordNanos.sum() / 1_000_000,
        writeNanos.sum() / 1_000_000,
        drainNanos / 1_000_000,
        readyMadeBlobs,
        readyMadeNanos / 1_000_000,
        commitNanos / 1_000_000,
        treeReadNanos / 1_000_000,
        treeNanos / 1_000_000);
  }

  @Override
  public void close() {
    feeder.close();
    batchLock.lock();
    try {
      forBatch.clear();
      if (batch != null) {
        batch.discard();
        batch = null;
      }
    } finally {
      batchLock.unlock();
    }
    // Not left writing into the folder once the lock is released; a tree not written is not
    // named by any commit.
    joinQuietly(treeWritten);
    // Its flush must not run into the rollback below.
    joinQuietly(ahead);
    try {
      reader.close();
    } catch (IOException e) {
      warnings.accept(dir + ": cannot close the index: " + oneLine(e));
    }
    if (committed) {
      try {
        mergeSmallSegments();
      } catch (IOException | RuntimeException e) {
        warnings.accept(
            dir + ": the scan was saved, but merging the index's small segments failed: "
                + oneLine(e));
      }
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

  /** The {@code type} of blob documents, and the rule set's hash: the same bytes in every one. */
  static final BytesRef BLOB_TYPE = new BytesRef("blob");

  private final BytesRef rulesHash;

  /**
   * Encoded outcomes without a match, by the list of rules left out and whether the blob has
   * content: most blobs have one of a few, and the engine hands out one list per kind of path.
   * Bounded, in case a matcher made a list per file.
   */
  private final Map<List<Rule>, byte[]> nothingFound = new java.util.IdentityHashMap<>();

  private final Map<List<Rule>, byte[]> nothingFoundWithContent = new java.util.IdentityHashMap<>();

  private byte[] encodeOnce(Stored outcome, boolean hasContent) {
    Matches m = outcome.matches();
    if (m == null || !m.matches().isEmpty() || !m.exhaustedRules().isEmpty()) {
      return encode(outcome, hasContent);
    }
    Map<List<Rule>, byte[]> known = hasContent ? nothingFoundWithContent : nothingFound;
    synchronized (known) {
      byte[] encoded = known.get(m.skippedRules());
      if (encoded == null) {
        encoded = encode(outcome, hasContent);
        if (known.size() < 1024) {
          known.put(m.skippedRules(), encoded);
        }
      }
      // Lucene copies a doc value's bytes when the document is added, so one array serves all.
      return encoded;
    }
  }

  private byte[] encode(Stored outcome, boolean hasContent) {
    ByteEncoder out = new ByteEncoder(64);
    out.writeByte(hasContent ? 1 : 0);
    if (outcome.skipReason() != null) {
      out.writeByte(1);
      out.writeUTF(outcome.skipReason());
      return out.toByteArray();
    }
    out.writeByte(0);
    Matches m = outcome.matches();
    // Rules by rank in the rule set (the key holds the rule set's hash, so ranks are stable):
    // the ids of the rules left out at a path were most of an outcome's bytes, and of the index
    // a findings scan writes.
    out.writeVInt(m.exhaustedRules().size());
    for (String id : m.exhaustedRules()) {
      out.writeVInt(ranks.get(id));
    }
    out.writeVInt(m.skippedRules().size());
    for (Rule r : m.skippedRules()) {
      out.writeVInt(ranks.get(r.id()));
    }
    out.writeInt(m.matches().size());
    for (Match match : m.matches()) {
      writeRuleId(out, match.rule().id());
      out.writeInt(match.start());
      out.writeInt(match.end());
      out.writeInt(match.line());
      out.writeInt(match.column());
      out.writeByte(match.confidence().ordinal());
      out.writeUTF(match.redacted());
      out.writeUTF(match.valueHash());
      out.writeUTF(match.rule().category().name());
    }
    return out.toByteArray();
  }

  /** Each rule's id is encoded once per scan, not once per match. */
  private void writeRuleId(ByteEncoder out, String id) {
    byte[] encoded = encodedIds.get(id);
    if (encoded == null) {
      ByteEncoder one = new ByteEncoder(2 + id.length());
      one.writeUTF(id);
      encoded = one.toByteArray();
      encodedIds.put(id, encoded);
    }
    out.writeBytes(encoded);
  }

  private final Map<String, byte[]> encodedIds = new ConcurrentHashMap<>();

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
      int exhaustedCount = readVInt(in);
      List<String> exhausted = new ArrayList<>(exhaustedCount);
      for (int i = 0; i < exhaustedCount; i++) {
        exhausted.add(ruleAt(readVInt(in)).id());
      }
      int skippedCount = readVInt(in);
      List<Rule> skippedRules = new ArrayList<>(skippedCount);
      for (int i = 0; i < skippedCount; i++) {
        skippedRules.add(ruleAt(readVInt(in)));
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

  private Rule ruleAt(int rank) {
    if (rank < 0 || rank >= rules.rules().size()) {
      // Same rule set hash, so the same rules: only a damaged index gets here.
      throw new IllegalStateException("index names rule number " + rank + ", which the rule set lacks");
    }
    return rules.rules().get(rank);
  }

  /** What {@link ByteEncoder#writeVInt} wrote. */
  static int readVInt(java.io.DataInput in) throws IOException {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      byte b = in.readByte();
      v |= (b & 0x7f) << shift;
      if (b >= 0) {
        return v;
      }
    }
    throw new IOException("malformed number in a stored outcome");
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
