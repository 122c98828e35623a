package dev.airlock.index;

import dev.airlock.rules.Finding;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.engine.Matches;
import dev.airlock.rules.engine.Utf8Text;
import dev.airlock.scan.ScanResult;
import dev.airlock.source.Source;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What earlier scans of one repository learned, by blob id: the scanner asks it before reading a
 * blob and tells it what each newly read blob gave. Implementations are thread-safe: workers call
 * {@link #find} and {@link #record} concurrently; {@link #finish} and {@link #close} come from the
 * scan's own thread at the end.
 */
public interface ScanState extends AutoCloseable {

  /**
   * What one blob gave under the current rules: its matches, or why it was skipped (never both);
   * with {@code findings}, the matches' findings at the path the blob was recorded at, when the
   * caller placed them already (null when not: they are computed again where needed).
   */
  record Stored(Matches matches, String skipReason, List<Finding> findings) {
    public Stored(Matches matches, String skipReason) {
      this(matches, skipReason, null);
    }
  }

  /**
   * The per-path results of the scan that made the state's last commit, or, when there are none
   * to use, why (for {@code --verbose}).
   */
  record LastTree(ScannedTree tree, String missing) {}

  /** Keeps nothing and knows nothing. */
  ScanState NONE =
      new ScanState() {
        @Override
        public Stored find(String blobId, String path) {
          return null;
        }

        @Override
        public void record(String blobId, String path, long size, String text, Stored outcome) {}

        @Override
        public boolean wantsText() {
          return false;
        }

        @Override
        public void listed(Map<String, List<String>> sharedBlobs) {}

        @Override
        public void finish(ScanResult result, ScannedTree tree) {}

        @Override
        public LastTree lastTree() {
          return new LastTree(null, "no index");
        }

        @Override
        public String summary() {
          return "no index";
        }

        @Override
        public void close() {}
      };

  /**
   * The stored outcome of {@code blobId} under the current rules, valid for a file at {@code
   * path}, or null when there is none.
   */
  Stored find(String blobId, String path);

  /**
   * The size of {@code blobId} when the state has stored it, else -1: a blob's id fixes its size,
   * and asking the object store for each size reads most of a repository's pack.
   */
  default long knownSize(String blobId) {
    return -1;
  }

  /**
   * Whether {@link #record} uses a file's text (a code index): else the scanner passes null and
   * need not decode a text its engine did not.
   */
  boolean wantsText();

  /**
   * Stores what a blob read now gave. {@code text} is its extracted text (null when it was
   * skipped), for the content index. May return before the blob is in the index: writing it can
   * happen on another thread, and {@link #finish} waits for it.
   */
  void record(String blobId, String path, long size, String text, Stored outcome);

  /**
   * {@link #record(String, String, long, String, Stored)} of a text given as UTF-8 bytes, which
   * the engine decoded only if it had a match to confirm. Reads {@code text}'s bytes before it
   * returns (the caller reuses its buffer for the next file).
   */
  default void recordUtf8(String blobId, String path, long size, Utf8Text text, Stored outcome) {
    record(blobId, path, size, text.text(), outcome);
  }

  /**
   * Says the listing is complete: {@code sharedBlobs} maps each blob id found at more than one
   * path to all of its paths, in listing order. Called once per scan, before {@link #finish};
   * recorded blobs are written with every path they have.
   */
  void listed(Map<String, List<String>> sharedBlobs);

  /**
   * Starts writing {@code tree} (the one {@link #finish} will be given; null for none) on a
   * thread of its own, so that it overlaps the end of the scan; {@link #finish} waits for it and
   * makes it the next scan's {@link #lastTree} only with its commit.
   */
  default void writeTreeAhead(ScannedTree tree) {}

  /**
   * Says no more blobs will be recorded: the state may start writing what it holds while the
   * caller labels, before {@link #finish}. Nothing is durable before {@link #finish}.
   */
  default void recorded() {}

  /**
   * Records the scan itself and makes everything recorded durable at once, with {@code tree} (the
   * scan's per-path results, or null when it has none to keep) as the next scan's {@link
   * #lastTree}; returns when the index holds every blob recorded before it was called.
   */
  void finish(ScanResult result, ScannedTree tree);

  /**
   * The per-path results that the last {@link #finish} kept, when they belong to the state's last
   * commit and are intact; else the reason there are none. Reads them from disk on each call.
   */
  LastTree lastTree();

  /**
   * Says this scan will look up only a few blobs (those of paths that changed since the last
   * scan): each is then looked up in the index on its own, instead of reading every stored blob
   * first. Call before the first {@link #find}.
   */
  default void expectFewLookups() {}

  /** One line about the index and its cache, for {@code --verbose}. */
  String summary();

  /** Releases the index; what was not {@link #finish finished} is dropped. */
  @Override
  void close();

  /**
   * Loads the index's classes (Lucene's codecs among them) now, so that a caller can overlap this
   * with other start-up work; safe to call from any thread, any number of times. When {@code
   * repository} (a Git working copy that a scan will open with its index in the repository's own
   * Git directory) was scanned before, also opens that index's last commit and reads its last
   * scan's tree ahead, for the scan's {@link #open} to take. An index
   * the scan does not open is released when it opens its own; nothing is ever written or locked
   * ahead, and a problem only means the scan opens its index as it would have.
   */
  static void preload(java.nio.file.Path repository) {
    LuceneState.preload(repository == null ? null : StateLocation.indexDirOf(repository));
  }

  /**
   * Opens the state of {@code source} as {@code options} say, or {@link #NONE} when it keeps none
   * (no state asked for, or a folder outside Git without a state root). A damaged index is rebuilt
   * and reported to {@code warnings}.
   *
   * @throws StateException when the index is held by another scan for longer than the lock wait,
   *     or cannot be created
   */
  static ScanState open(
      Source source, RuleSet rules, StateOptions options, Consumer<String> warnings)
      throws StateException {
    if (!options.enabled()) {
      return NONE;
    }
    java.nio.file.Path dir = StateLocation.indexDir(source, options.stateRoot());
    if (dir == null) {
      return NONE;
    }
    if (!java.nio.file.Files.isRegularFile(dir.resolve(LuceneState.TREE_FILE))) {
      // No last scan to diff against: every blob is listed and most are loaded.
      source.loadsAll();
    }
    return LuceneState.open(dir, rules, options, warnings);
  }
}
