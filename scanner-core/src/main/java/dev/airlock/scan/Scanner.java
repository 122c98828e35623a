package dev.airlock.scan;

import dev.airlock.config.RepoConfig;
import dev.airlock.extract.Documents;
import dev.airlock.extract.Extractor;
import dev.airlock.index.QueryRules;
import dev.airlock.index.ScanState;
import dev.airlock.index.ScannedTree;
import dev.airlock.index.StateException;
import dev.airlock.index.StateOptions;
import dev.airlock.label.Labeller;
import dev.airlock.label.Manifests;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Location;
import dev.airlock.rules.RulePackException;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.engine.Matcher;
import dev.airlock.rules.engine.Matches;
import dev.airlock.rules.engine.Utf8Text;
import dev.airlock.rules.policy.Policy;
import dev.airlock.source.BlobRef;
import dev.airlock.source.ReadBuffer;
import dev.airlock.source.Source;
import dev.airlock.source.SourceException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scans sources and labels them. One thread per repository enumerates its files; a fixed pool of
 * workers, shared by all repositories of a call, reads and matches them. A blob id met twice in a
 * repository is read once. Results never depend on the thread count.
 *
 * <p>An instance holds only configuration and may be shared across threads; each {@code scan}
 * call starts and stops its own worker pool.
 */
public final class Scanner {
  /**
   * Files are handed to workers in batches, so queueing costs little next to matching; small
   * ones, so that the last batches of a scan keep every worker busy rather than one (a 4 MB batch
   * was half a second of one core at the end of each scan).
   */
  private static final int BATCH_FILES = 32;

  private static final long BATCH_BYTES = 512L << 10;

  private final RuleSet rules;
  /** The rules' engine: regexes, and the rules written as queries. */
  private final Matcher matcher;

  private final Labeller labeller;
  private final boolean repoConfig;
  /** Rule sets of repositories with their own rules, one per distinct configuration. */
  private final Map<String, RuleSet> repoRules = new ConcurrentHashMap<>();
  private final int threads;
  private final long maxFileSize;
  private final ScanListener listener;
  private final StateOptions stateOptions;
  private final Extractor extractor = new Extractor();
  /** Limits of document extraction, or null when documents are skipped as binary files. */
  private final Documents.Limits documentLimits;

  private Scanner(Builder b) {
    this.rules = b.rules;
    this.matcher = QueryRules.matcher(b.rules);
    this.labeller = new Labeller(b.policy);
    this.repoConfig = b.repoConfig;
    this.threads = b.threads;
    this.maxFileSize = b.maxFileSize;
    this.listener = b.listener;
    this.stateOptions = b.stateOptions;
    this.documentLimits = b.documentLimits;
  }

  public static Builder builder() {
    return new Builder();
  }

  public RuleSet rules() {
    return rules;
  }

  /** Scans one open source. The caller keeps ownership of the source. */
  public ScanResult scan(Source source) {
    ExecutorService pool = newPool();
    DocumentLane lane = new DocumentLane(documentLimits);
    try {
      return scan(source, pool, lane);
    } finally {
      pool.shutdownNow();
      lane.close();
    }
  }

  /**
   * Opens and scans each path ({@code ref} applies to each Git repository), several at once,
   * returning one result per path in the order given. A path that cannot be opened gives a failed
   * result with the reason; the others are still scanned.
   */
  public List<ScanResult> scanPaths(List<Path> paths, String ref) {
    if (paths.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = newPool();
    DocumentLane lane = new DocumentLane(documentLimits);
    ExecutorService enumerators =
        Executors.newFixedThreadPool(Math.min(paths.size(), threads), daemon("airlock-repo"));
    try {
      List<Future<ScanResult>> futures = new ArrayList<>();
      for (Path path : paths) {
        futures.add(enumerators.submit(() -> openAndScan(path, ref, pool, lane)));
      }
      List<ScanResult> results = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        try {
          results.add(futures.get(i).get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          results.add(
              ScanResult.failed(
                  nameOf(paths.get(i)), paths.get(i).toString(), "scan failed: " + cause));
        }
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("scan interrupted", e);
    } finally {
      enumerators.shutdownNow();
      pool.shutdownNow();
      lane.close();
    }
  }

  private ScanResult openAndScan(Path path, String ref, ExecutorService pool, DocumentLane lane) {
    ScanResult result;
    try (Source source = Source.open(path, ref)) {
      if (!stateOptions.enabled()) {
        // A scan without an index loads every blob (one with an index learns it when it opens).
        source.loadsAll();
      }
      result = scan(source, pool, lane);
    } catch (SourceException e) {
      result = ScanResult.failed(nameOf(path), path.toString(), e.getMessage());
      listener.finished(result);
    }
    return result;
  }

  private static String nameOf(Path path) {
    Path name = path.toAbsolutePath().normalize().getFileName();
    return name == null ? path.toString() : name.toString();
  }

  private ExecutorService newPool() {
    return Executors.newFixedThreadPool(threads, daemon("airlock-worker", WORKER_STACK));
  }

  /**
   * java.util.regex recurses once per repetition of a group; a deep stack lets such patterns
   * finish on long inputs instead of overflowing (which abandons the window). Reserved, not
   * committed, memory.
   */
  private static final long WORKER_STACK = 64L << 20;

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    return daemon(prefix, 0);
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix, long stackSize) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(null, r, prefix + "-" + n.incrementAndGet(), stackSize);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * What happened to one blob: its matches, or why it was skipped, or (a document) its findings
   * already placed at their path, or (a document not yet read) its bytes for the document lane.
   */
  private record Outcome(
      Matches matches, String skipReason, DocumentOutcome document, byte[] pending, Placed placed) {
    Outcome(Matches matches, String skipReason) {
      this(matches, skipReason, null, null, null);
    }

    Outcome(Matches matches, String skipReason, DocumentOutcome document, byte[] pending) {
      this(matches, skipReason, document, pending, null);
    }

    /** Matches of a file read now, with their findings at its path. */
    static Outcome matched(Matches matches, String path) {
      return new Outcome(matches, null, null, null, new Placed(path, matches.forPath(path)));
    }

    /** The findings at {@code path}, computed once: the index and the report both need them. */
    List<Finding> findingsAt(String path) {
      return placed != null && placed.path().equals(path) ? placed.findings() : matches.forPath(path);
    }
  }

  /** The findings of a file's matches at the path it was read at. */
  private record Placed(String path, List<Finding> findings) {}

  /** A document's findings, skipped entries and partly scanned entries, for one path. */
  private record DocumentOutcome(
      List<Finding> findings, List<SkippedItem> skipped, List<PartialItem> partial) {}

  /**
   * Documents are read on a lane of their own, as many at once as there are child processes, so
   * that slow PDFs hold up neither each other beyond that nor the workers matching source files.
   * The child processes start with the first document.
   */
  private static final class DocumentLane implements AutoCloseable {
    private final Documents.Limits limits;
    private Documents documents;
    private ExecutorService executor;
    /** Documents read or waiting, at most: their bytes are held in memory until read. */
    private final Semaphore queued;

    DocumentLane(Documents.Limits limits) {
      this.limits = limits;
      this.queued = new Semaphore(limits == null ? 1 : limits.children() * 4);
    }

    boolean enabled() {
      return limits != null;
    }

    synchronized Documents documents() {
      if (documents == null) {
        documents = new Documents(limits);
        executor = Executors.newFixedThreadPool(limits.children(), daemon("airlock-document"));
      }
      return documents;
    }

    void submit(Runnable task) {
      documents();
      queued.acquireUninterruptibly();
      executor.execute(
          () -> {
            try {
              task.run();
            } finally {
              queued.release();
            }
          });
    }

    @Override
    public synchronized void close() {
      if (executor != null) {
        executor.shutdownNow();
        documents.close();
      }
    }
  }

  /** A file's outcome and, for matched text, its findings at its own path (null otherwise). */
  private record Scanned(BlobRef ref, Outcome outcome, List<Finding> findings) {
    /** Places the matches at the file's path on the worker, not on the thread that merges. */
    static Scanned of(BlobRef ref, Outcome outcome) {
      Matches m = outcome.skipReason() == null ? outcome.matches() : null;
      return new Scanned(ref, outcome, m == null ? null : outcome.findingsAt(ref.path()));
    }
  }

  /** One repository's scan in progress: its matcher, its state and how many blobs came from it. */
  private static final class Run {
    final Source source;
    final Matcher matcher;
    final ScanState state;
    final DocumentLane lane;
    final java.util.concurrent.atomic.LongAdder reused = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.AtomicBoolean stateFailed =
        new java.util.concurrent.atomic.AtomicBoolean();
    /**
     * Manifests' texts, kept by the workers that read them so the units need no second read;
     * null when the repository declares its units.
     */
    final Map<String, String> manifestTexts;

    Run(Source source, Matcher matcher, ScanState state, DocumentLane lane, boolean manifests) {
      this.source = source;
      this.matcher = matcher;
      this.state = state;
      this.lane = lane;
      this.manifestTexts = manifests ? new ConcurrentHashMap<>() : null;
    }
  }

  private ScanResult scan(Source source, ExecutorService pool, DocumentLane lane) {
    long started = System.nanoTime();
    String repo = source.name();
    RepoConfig config;
    RuleSet repoRuleSet;
    Matcher matcher;
    try {
      config = repoConfig ? RepoConfig.load(source) : RepoConfig.NONE;
      repoRuleSet = rulesFor(config);
      matcher = repoRuleSet == rules ? this.matcher : QueryRules.matcher(repoRuleSet);
    } catch (RulePackException e) {
      // The repository's own configuration is broken: this repository fails, the others go on.
      ScanResult failed =
          ScanResult.failed(repo, source.root().toString(), source.commit(),
              source.root() + "/" + e.getMessage());
      listener.finished(failed);
      return failed;
    }
    Labeller repoLabeller = config.policy() == null ? labeller : new Labeller(config.policy());
    ScanState state;
    try {
      state = ScanState.open(source, repoRuleSet, stateOptions, w -> listener.warning(repo, w));
    } catch (StateException e) {
      ScanResult failed =
          ScanResult.failed(repo, source.root().toString(), source.commit(), e.getMessage());
      listener.finished(failed);
      return failed;
    }
    try (state) {
      Run run = new Run(source, matcher, state, lane, config.units() == null);
      return scan(run, config, repoRuleSet, repoLabeller, pool, started);
    }
  }

  private ScanResult scan(
      Run run,
      RepoConfig config,
      RuleSet repoRuleSet,
      Labeller repoLabeller,
      ExecutorService pool,
      long started) {
    Source source = run.source;
    String repo = source.name();
    List<BlobRef> manifests = new ArrayList<>();
    boolean declaredUnits = config.units() != null;
    Set<String> folders = new HashSet<>();
    Map<String, Outcome> byBlob = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<Scanned> scanned = new ConcurrentLinkedQueue<>();
    List<BlobRef> duplicates = new ArrayList<>();
    List<SkippedItem> skipped = new ArrayList<>();
    /** The first path of each blob id listed, so the index learns every path of a shared blob. */
    Map<String, String> firstPaths = new HashMap<>();
    Semaphore inFlight = new Semaphore(threads * 4);
    Phaser running = new Phaser(1);
    // The listing (until it is over) and each batch or document being read. The last of them to
    // finish tells the state that every blob is recorded, so that writing a rescan's few blobs
    // to the index begins while this thread still gathers the unchanged paths' results; unless
    // a blob listed at several paths may be matched again below, and so recorded after that.
    java.util.concurrent.atomic.AtomicBoolean noneToMatchAgain =
        new java.util.concurrent.atomic.AtomicBoolean();
    Phaser reading =
        new Phaser(1) {
          @Override
          protected boolean onAdvance(int phase, int parties) {
            if (noneToMatchAgain.get()) {
              try {
                run.state.recorded();
              } catch (RuntimeException e) {
                // Thrown here, it would skip the worker's arrival below and leave the scan
                // waiting for it; this thread calls recorded() again once the workers are done.
              }
            }
            return true;
          }
        };
    List<Work> batch = new ArrayList<>();
    long[] batchBytes = {0};

    Runnable flush =
        () -> {
          if (batch.isEmpty()) {
            return;
          }
          List<Work> work = List.copyOf(batch);
          batch.clear();
          batchBytes[0] = 0;
          inFlight.acquireUninterruptibly();
          running.register();
          reading.register();
          pool.execute(
              () -> {
                try {
                  for (Work w : work) {
                    BlobRef ref = w.ref();
                    Outcome outcome = w.known() != null ? w.known() : read(run, ref);
                    if (outcome.pending() != null) {
                      running.register();
                      reading.register();
                      run.lane.submit(
                          () -> {
                            try {
                              Outcome read = readDocument(run, ref, outcome.pending());
                              if (ref.blobId() != null) {
                                byBlob.put(ref.blobId(), read);
                              }
                              scanned.add(Scanned.of(ref, read));
                            } finally {
                              reading.arriveAndDeregister();
                              running.arriveAndDeregister();
                            }
                          });
                      continue;
                    }
                    if (ref.blobId() != null) {
                      byBlob.put(ref.blobId(), outcome);
                    }
                    scanned.add(Scanned.of(ref, outcome));
                  }
                } finally {
                  inFlight.release();
                  reading.arriveAndDeregister();
                  running.arriveAndDeregister();
                }
              });
        };

    Listing listing = Listing.of(source, run.state, context(config, repoRuleSet, run.lane));
    // A rescan reads only what changed, a few files: each is a batch of its own, so that every
    // worker takes some as they are listed (one worker read all ten of the bench's commit, 40 ms
    // of code that runs cold in a rescan's process).
    int batchFiles = listing.diffed() ? 1 : BATCH_FILES;
    try {
      Source.Visitor visitor =
          new Source.Visitor() {
            @Override
            public void file(BlobRef ref) {
              listed(ref.path());
              if (config.excludes(ref.path())) {
                skip(ref.path(), "excluded");
                return;
              }
              if (config.units() == null && Manifests.isManifest(ref.path())) {
                manifests.add(ref);
              }
              if (ref.size() > maxFileSize) {
                skip(ref.path(), "too-large");
              } else if (ref.blobId() != null && firstPaths.putIfAbsent(ref.blobId(), ref.path()) != null) {
                duplicates.add(ref);
              } else {
                // The index's answer is looked up here: a blob it knows without matches (most of
                // a rescan) is done at once, and only those to read or place go to a worker.
                Outcome known = ref.blobId() == null ? null : reuse(run, ref.blobId(), ref);
                boolean nothingToPlace =
                    known != null && (known.matches() == null || known.matches().isEmpty());
                if (nothingToPlace) {
                  byBlob.put(ref.blobId(), known);
                  scanned.add(Scanned.of(ref, known));
                  return;
                }
                batch.add(new Work(ref, known));
                batchBytes[0] += known == null ? ref.size() : 0;
                if (batch.size() >= batchFiles || batchBytes[0] >= BATCH_BYTES) {
                  flush.run();
                }
              }
            }

            @Override
            public void skipped(String path, String reason) {
              listed(path);
              skip(path, config.excludes(path) ? "excluded" : reason);
            }

            /** Units in airlock.yml are matched against the folders of this one listing. */
            private void listed(String path) {
              if (declaredUnits) {
                addFolders(path, folders);
              }
            }

            private void skip(String path, String reason) {
              skipped.add(new SkippedItem(path, reason));
              listener.fileSkipped(repo, reason);
            }
          };
      if (listing.diffed()) {
        listing.replay(visitor);
      } else {
        source.enumerate(visitor, run.state::knownSize);
      }
    } catch (IOException | RuntimeException e) {
      // A damaged tree ends the listing early; what was listed is still scanned and reported.
      skipped.add(new SkippedItem("", "listing-failed: " + oneLine(e)));
    }
    run.state.listed(sharedBlobs(firstPaths, duplicates));
    flush.run();
    noneToMatchAgain.set(duplicates.isEmpty());
    reading.arriveAndDeregister();
    // While the workers read what changed, this thread gathers the last scan's results of every
    // other path: work in proportion to the whole tree (16,401 paths and 9,799 findings of the
    // bench corpus), which came after the workers, on the critical path.
    Unchanged unchanged = unchanged(listing, firstPaths, declaredUnits ? folders : null);
    running.arriveAndAwaitAdvance();

    List<PartialItem> partial = new ArrayList<>();
    long files = unchanged.files();
    long bytes = unchanged.bytes();
    List<Scanned> all = new ArrayList<>(scanned);
    long rematched = 0;
    /** Files that took another path's outcome of their blob: not counted in the blob figures. */
    Set<Scanned> uncounted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (BlobRef dup : duplicates) {
      Outcome first = byBlob.get(dup.blobId());
      if (first.matches() != null && !first.matches().covers(dup.path())
          || first.document() != null) {
        // The blob was matched without rules that apply only at this other path (or, a
        // document, its findings name the other path): match it again.
        Outcome again = process(run, dup);
        if (again.pending() != null) {
          again = readDocument(run, dup, again.pending());
        }
        all.add(Scanned.of(dup, again));
        rematched++;
      } else {
        Scanned placed = Scanned.of(dup, first);
        all.add(placed);
        uncounted.add(placed);
      }
    }
    // The index writes its buffers out while the findings are collected and labelled.
    run.state.recorded();
    List<SkippedItem> listingSkipped = List.copyOf(skipped);
    // The findings of the files listed now: all of them, unless only the changes were.
    List<Finding> fresh = new ArrayList<>();
    for (Scanned s : all) {
      if (collect(s, fresh, skipped, partial)) {
        files++;
        bytes += s.ref().size();
      }
    }
    skipped.addAll(unchanged.skipped());
    partial.addAll(unchanged.partial());
    long reusedFromTree = unchanged.reused();
    List<Finding> findings = merged(unchanged.findings(), fresh, Finding.REPORT_ORDER);
    skipped.sort(Comparator.comparing(SkippedItem::path).thenComparing(SkippedItem::reason));
    partial.sort(Comparator.comparing(PartialItem::path));
    Map<String, Long> byReason = new TreeMap<>();
    for (SkippedItem s : skipped) {
      byReason.merge(reasonKey(s.reason()), 1L, Long::sum);
    }
    long reused = run.reused.sum();
    ScanStats stats =
        new ScanStats(
            files, bytes, scanned.size() + rematched - reused, reused + reusedFromTree,
            new TreeMap<>(byReason), 0);
    Map<String, String> manifestTexts =
        config.units() == null ? listing.manifests(manifestTexts(source, manifests, run.manifestTexts)) : Map.of();
    // When only the changes were listed, the labels of what they do not touch are the last
    // scan's (under the same policy); so are its units when no manifest changed.
    ScannedTree.Labels last = listing.lastLabels(repoLabeller.policy().hash());
    // The paths whose labels are worked out again: those that changed, and those listed again.
    Set<String> relisted = last == null ? Set.of() : new HashSet<>(listing.changed());
    if (last != null) {
      for (Scanned s : all) {
        relisted.add(s.ref().path());
      }
    }
    Map<String, String> units =
        config.units() == null
            ? last != null && noManifestAmong(relisted)
                ? unitsOf(last)
                : Manifests.units(manifestTexts)
            : Manifests.configured(
                config.units(),
                folders,
                RepoConfig.FILE,
                entry ->
                    listener.warning(
                        repo,
                        RepoConfig.FILE + ": units: '" + entry
                            + "' names no folder of the scanned tree; it is not a unit"));
    // The files routed on-prem are worked out on another thread while this one labels the
    // units: each reads only the findings.
    java.util.concurrent.CompletableFuture<List<String>> onPrem =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                last == null
                    ? repoLabeller.onPremFiles(findings)
                    : repoLabeller.onPremFiles(fresh, last.onPremFiles(), relisted),
            Scanner::runOnNewThread);
    Labeller.Labelled labelled =
        last == null
            ? repoLabeller.label(findings, units)
            : repoLabeller.relabel(findings, units, last.units(), evidenceChanged(relisted, all, listing));
    List<String> onPremFiles = onPrem.join();
    // Written on a thread of its own while the index commits what the scan added.
    ScannedTree next =
        run.stateFailed.get()
            ? null
            : nextTree(
                run, listing, all, uncounted, listingSkipped, manifestTexts,
                new ScannedTree.Labels(repoLabeller.policy().hash(), labelled.units(), onPremFiles));
    run.state.writeTreeAhead(next);
    ScanResult result =
        new ScanResult(
            repo,
            source.root().toString(),
            source.commit(),
            source.remote(),
            labelled.label(),
            labelled.units(),
            onPremFiles,
            findings,
            skipped,
            partial,
            stats,
            repoRuleSet.hash(),
            repoLabeller.policy().hash(),
            null);
    if (!run.stateFailed.get()) {
      try {
        run.state.finish(result, next);
      } catch (RuntimeException e) {
        listener.warning(repo, "the index was not updated: " + oneLine(e));
      }
    }
    listener.indexSummary(repo, "listing: " + listing.note());
    listener.indexSummary(repo, run.state.summary());
    result = result.withDurationMs((System.nanoTime() - started) / 1_000_000);
    listener.finished(result);
    return result;
  }

  /**
   * The paths of {@code relisted} whose findings may label a unit otherwise than at the last scan:
   * all but the files matched now whose findings are the last scan's at that path but for their
   * places in the file ({@link Labeller#sameEvidence}). Most edits add or move no finding, and
   * labelling again each unit they touch read all of its findings.
   */
  private static Set<String> evidenceChanged(Set<String> relisted, List<Scanned> all, Listing listing) {
    Set<String> changed = new HashSet<>(relisted);
    for (Scanned s : all) {
      Outcome o = s.outcome();
      if (o.skipReason() != null || o.document() != null || s.findings() == null) {
        continue;
      }
      ScannedTree.Entry before = listing.lastEntry(s.ref().path());
      if (before != null
          && before.kind() == ScannedTree.Kind.FILE
          && Labeller.sameEvidence(before.findings(), s.findings())) {
        changed.remove(s.ref().path());
      }
    }
    return changed;
  }

  /** Whether none of {@code paths} is a build manifest. */
  private static boolean noManifestAmong(Set<String> paths) {
    for (String path : paths) {
      if (Manifests.isManifest(path)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The units the manifests declared at the last scan, as {@link Manifests#units} gave them (its
   * labels hold one unit per folder it gave, and the root unit): the same manifests declare the
   * same units, and parsing them again took 10-13 ms of each rescan of the bench corpus.
   */
  private static Map<String, String> unitsOf(ScannedTree.Labels last) {
    Map<String, String> units = new TreeMap<>();
    for (dev.airlock.label.Unit u : last.units()) {
      if (!u.path().isEmpty()) {
        units.put(u.path(), u.origin());
      }
    }
    return units;
  }

  /** Runs a task of the end of a scan on a daemon thread of its own (a few per scan). */
  private static void runOnNewThread(Runnable task) {
    Thread t = new Thread(task, "airlock-label");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Adds one file's findings, skipped and partly scanned items to the scan's; false when the file
   * itself was skipped. A method, not the body of the loop over files: the JIT compiles a method
   * after a few hundred calls, a loop run once only after tens of thousands of iterations.
   */
  private static boolean collect(
      Scanned s, List<Finding> findings, List<SkippedItem> skipped, List<PartialItem> partial) {
    Outcome o = s.outcome();
    if (o.skipReason() != null) {
      skipped.add(new SkippedItem(s.ref().path(), o.skipReason()));
      return false;
    }
    if (o.document() != null) {
      findings.addAll(o.document().findings());
      skipped.addAll(o.document().skipped());
      partial.addAll(o.document().partial());
      return true;
    }
    findings.addAll(s.findings());
    if (!o.matches().exhaustedRules().isEmpty()) {
      partial.add(new PartialItem(s.ref().path(), o.matches().exhaustedRules()));
    }
    return true;
  }

  /**
   * The last scan's results of the paths not listed now: their findings (sorted in report
   * order), skipped and partly scanned items, how many files and bytes they count, and how many
   * of their blobs count as reused (those not listed again at another path).
   */
  private record Unchanged(
      List<Finding> findings, List<SkippedItem> skipped, List<PartialItem> partial, long files,
      long bytes, long reused) {}

  /**
   * Gathers {@link Unchanged} from {@code listing}; adds the folders of the paths to {@code
   * folders} when not null (units declared in airlock.yml are matched against them).
   */
  private static Unchanged unchanged(
      Listing listing, Map<String, String> firstPaths, Set<String> folders) {
    List<Finding> findings = new ArrayList<>();
    List<SkippedItem> skipped = new ArrayList<>();
    List<PartialItem> partial = new ArrayList<>();
    long files = 0;
    long bytes = 0;
    long reused = 0;
    for (ScannedTree.Entry e : listing.unchanged()) {
      if (Listing.collect(e, findings, skipped, partial)) {
        files++;
        bytes += e.size();
      }
      if (e.counted() && !firstPaths.containsKey(e.blobId())) {
        reused++;
      }
      if (folders != null) {
        addFolders(e.path(), folders);
      }
    }
    // Already in order, path by path (entries are sorted by path, each one's findings in report
    // order): checking it takes one comparison per finding.
    findings.sort(Finding.REPORT_ORDER);
    return new Unchanged(findings, skipped, partial, files, bytes, reused);
  }

  /**
   * {@code sorted} (in {@code order}) and {@code others}, in {@code order}, as a stable sort of
   * {@code others} then {@code sorted} gives them: each of the few others is placed by a binary
   * search, rather than comparing all of a rescan's findings or paths again in a sort.
   */
  private static <T> List<T> merged(List<T> sorted, List<T> others, Comparator<T> order) {
    List<T> rest = new ArrayList<>(others);
    rest.sort(order);
    List<T> out = new ArrayList<>(sorted.size() + rest.size());
    int from = 0;
    for (T f : rest) {
      // Before any equal element of the sorted list.
      int low = from;
      int high = sorted.size();
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (order.compare(sorted.get(mid), f) < 0) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      out.addAll(sorted.subList(from, low));
      out.add(f);
      from = low;
    }
    out.addAll(sorted.subList(from, sorted.size()));
    return out;
  }

  /** Adds every folder above {@code path} to {@code folders}. */
  private static void addFolders(String path, Set<String> folders) {
    for (int at = path.lastIndexOf('/'); at > 0; at = path.lastIndexOf('/', at - 1)) {
      if (!folders.add(path.substring(0, at))) {
        break;
      }
    }
  }

  /**
   * What a path's result depends on besides its content and its path: a tree kept under another
   * context is not reused.
   */
  private String context(RepoConfig config, RuleSet rules, DocumentLane lane) {
    StringBuilder c = new StringBuilder();
    c.append("rules ").append(rules.hash());
    c.append("; max-file-size ").append(maxFileSize);
    c.append("; documents ").append(lane.enabled());
    c.append("; index ").append(stateOptions.mode());
    c.append("; units ").append(config.units());
    c.append("; exclude");
    for (dev.airlock.rules.Glob g : config.exclude()) {
      c.append(' ').append(g.text());
    }
    return c.toString();
  }

  /**
   * Skip reasons the index keeps for a blob (the extractor's and the size limit's), so final for
   * its path; documents give none of these, and every other reason is read again.
   */
  private static final Set<String> KEPT_SKIPS = Set.of("binary", "lfs-pointer", "too-large");

  /**
   * This scan's per-path results, for the next scan to diff against; null when there is no index,
   * no commit, or the listing failed (no complete tree to keep).
   */
  private static ScannedTree nextTree(
      Run run, Listing listing, List<Scanned> all, Set<Scanned> uncounted,
      List<SkippedItem> listingSkipped, Map<String, String> manifests, ScannedTree.Labels labels) {
    if (run.state == ScanState.NONE || run.source.commit() == null) {
      return null;
    }
    // The unchanged entries are in path order already: only the others are sorted into them.
    List<ScannedTree.Entry> entries = new ArrayList<>(all.size() + listingSkipped.size());
    for (SkippedItem s : listingSkipped) {
      if (s.path().isEmpty()) {
        return null;
      }
      entries.add(ScannedTree.Entry.listed(s.path(), s.reason()));
    }
    for (Scanned s : all) {
      if (s.ref().blobId() == null) {
        return null;
      }
      entries.add(entryOf(s, !uncounted.contains(s)));
    }
    return new ScannedTree(
        run.source.commit(), listing.context,
        merged(listing.unchanged(), entries, Comparator.comparing(ScannedTree.Entry::path)),
        manifests, labels);
  }

  private static ScannedTree.Entry entryOf(Scanned s, boolean counted) {
    BlobRef ref = s.ref();
    Outcome o = s.outcome();
    if (o.document() == null && o.skipReason() == null) {
      return new ScannedTree.Entry(
          ref.path(), ScannedTree.Kind.FILE, ref.blobId(), ref.size(), counted, null,
          s.findings(), o.matches().exhaustedRules());
    }
    if (o.document() == null && KEPT_SKIPS.contains(o.skipReason())) {
      return new ScannedTree.Entry(
          ref.path(), ScannedTree.Kind.SKIPPED, ref.blobId(), ref.size(), counted, o.skipReason(),
          List.of(), List.of());
    }
    // Documents, and files that could not be read, are read again by every scan.
    return new ScannedTree.Entry(
        ref.path(), ScannedTree.Kind.AGAIN, ref.blobId(), ref.size(), counted, null, List.of(),
        List.of());
  }


  /** Every path of each blob listed at more than one, in listing order. */
  private static Map<String, List<String>> sharedBlobs(
      Map<String, String> firstPaths, List<BlobRef> duplicates) {
    Map<String, List<String>> shared = new HashMap<>();
    for (BlobRef dup : duplicates) {
      shared
          .computeIfAbsent(dup.blobId(), id -> new ArrayList<>(List.of(firstPaths.get(id))))
          .add(dup.path());
    }
    return shared;
  }

  /** The run's rules, extended by the repository's own; compiled once per distinct extension. */
  private RuleSet rulesFor(RepoConfig config) {
    if (config.rules().isEmpty() && config.organisations().isEmpty()) {
      return rules;
    }
    StringBuilder key = new StringBuilder();
    for (RuleSet.Addition a : config.rules()) {
      key.append(a.pack().name()).append('\u0000').append(a.text()).append('\u0001');
    }
    key.append(String.join("\u0000", config.organisations()));
    return repoRules.computeIfAbsent(key.toString(), k -> config.applyTo(rules));
  }

  /** Manifests are small; one that is not is no manifest worth reading. */
  private static final int MAX_MANIFEST_BYTES = 1 << 20;

  private static Map<String, String> manifestTexts(
      Source source, List<BlobRef> manifests, Map<String, String> read) {
    Map<String, String> texts = new TreeMap<>();
    for (BlobRef ref : manifests) {
      String known = read.get(ref.path());
      if (known != null) {
        texts.put(ref.path(), known);
      } else if (ref.size() <= MAX_MANIFEST_BYTES) {
        try {
          texts.put(ref.path(), new String(source.load(ref), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
          // An unreadable manifest declares nothing; the file itself is reported by the scan.
        }
      }
    }
    return texts;
  }

  /** A file for a worker: to read and match, or (known) only to place at its path. */
  private record Work(BlobRef ref, Outcome known) {}

  private Outcome process(Run run, BlobRef ref) {
    if (ref.blobId() != null) {
      Outcome known = reuse(run, ref.blobId(), ref);
      if (known != null) {
        return known;
      }
    }
    return read(run, ref);
  }

  /**
   * Each worker's buffer for the file it reads: files read from disk go into one array per
   * worker instead of one per file.
   */
  private final ThreadLocal<ReadBuffer> readBuffers =
      ThreadLocal.withInitial(() -> new ReadBuffer(1 << 16));

  /** Reads and matches a file that the index has no outcome for at this path. */
  private Outcome read(Run run, BlobRef ref) {
    ReadBuffer buffer = readBuffers.get();
    try {
      return read(run, ref, buffer);
    } finally {
      buffer.clear();
    }
  }

  private Outcome read(Run run, BlobRef ref, ReadBuffer buffer) {
    Source source = run.source;
    String repo = source.name();
    Outcome outcome;
    String text = null;
    Utf8Text utf8 = null;
    String blobId = ref.blobId();
    try {
      source.load(ref, buffer);
      byte[] bytes = buffer.bytes();
      int length = buffer.length();
      if (run.manifestTexts != null
          && length <= MAX_MANIFEST_BYTES
          && Manifests.isManifest(ref.path())) {
        run.manifestTexts.put(
            ref.path(), new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8));
      }
      if (blobId == null && run.state != ScanState.NONE) {
        // A folder outside Git: the content's Git blob id keys its state (read, but not matched).
        blobId = BlobRef.gitBlobId(buffer.copy());
        Outcome known = reuse(run, blobId, ref);
        if (known != null) {
          return known;
        }
      }
      if (length > maxFileSize) {
        outcome = new Outcome(null, "too-large");
      } else {
        Extractor.Result extracted = extractor.extract(ref.path(), bytes, length);
        if (extracted instanceof Extractor.Document && run.lane.enabled()) {
          // Read on the document lane; its outcome is not kept in the index (read on each scan).
          return new Outcome(null, null, null, buffer.copy());
        } else if (extracted instanceof Extractor.Document) {
          outcome = new Outcome(null, "binary");
        } else if (extracted instanceof Extractor.Utf8 u) {
          // An engine that reads bytes decodes the text only to confirm a possible match.
          Matches m = run.matcher.match(u.text(), ref.path());
          // A code index keeps the content of every file it records, from the bytes.
          utf8 = run.state.wantsText() ? u.text() : null;
          outcome = Outcome.matched(m, ref.path());
        } else if (extracted instanceof Extractor.Text t) {
          text = t.text();
          Matches m = run.matcher.match(text, ref.path());
          outcome = Outcome.matched(m, ref.path());
        } else {
          outcome = new Outcome(null, ((Extractor.Skipped) extracted).reason());
        }
      }
      if (blobId != null && !run.stateFailed.get()) {
        try {
          ScanState.Stored stored =
              new ScanState.Stored(
                  outcome.matches(),
                  outcome.skipReason(),
                  outcome.placed() == null ? null : outcome.placed().findings());
          if (utf8 != null) {
            run.state.recordUtf8(blobId, ref.path(), ref.size(), utf8, stored);
          } else {
            run.state.record(blobId, ref.path(), ref.size(), text, stored);
          }
        } catch (RuntimeException e) {
          if (run.stateFailed.compareAndSet(false, true)) {
            listener.warning(repo, "the index stopped taking updates; this scan goes on without it: " + oneLine(e));
          }
        }
      }
    } catch (IOException e) {
      outcome = new Outcome(null, "unreadable: " + oneLine(e));
    } catch (RuntimeException | StackOverflowError e) {
      outcome = new Outcome(null, "scan-error: " + oneLine(e));
    }
    return reported(repo, ref, outcome);
  }

  /** Tells the listener of one file's outcome, and returns it. */
  private Outcome reported(String repo, BlobRef ref, Outcome outcome) {
    if (outcome.skipReason() == null) {
      listener.fileScanned(repo, ref.size());
    } else {
      listener.fileSkipped(repo, reasonKey(outcome.skipReason()));
    }
    return outcome;
  }

  /** Reads a document in a child process and matches each of its parts at its own location. */
  private Outcome readDocument(Run run, BlobRef ref, byte[] bytes) {
    String repo = run.source.name();
    Outcome outcome;
    try {
      Documents.Extraction x = run.lane.documents().extract(ref.path(), bytes);
      if (x.skipReason() != null) {
        outcome = new Outcome(null, x.skipReason());
      } else {
        List<Finding> found = new ArrayList<>();
        List<SkippedItem> skippedEntries = new ArrayList<>();
        List<PartialItem> partial = new ArrayList<>();
        for (Documents.Segment seg : x.segments()) {
          String at = ref.path() + seg.entry();
          Matches m = run.matcher.match(seg.text(), at);
          for (Finding f : m.forPath(at)) {
            found.add(placed(f, seg));
          }
          if (!m.exhaustedRules().isEmpty()) {
            partial.add(new PartialItem(at, m.exhaustedRules()));
          }
        }
        for (Documents.SkippedEntry e : x.skipped()) {
          skippedEntries.add(new SkippedItem(ref.path() + e.entry(), e.reason()));
        }
        if (x.partialReason() != null) {
          partial.add(new PartialItem(ref.path(), List.of(), x.partialReason()));
        }
        outcome =
            new Outcome(null, null, new DocumentOutcome(found, skippedEntries, partial), null);
      }
    } catch (RuntimeException | StackOverflowError e) {
      outcome = new Outcome(null, "scan-error: " + oneLine(e));
    }
    return reported(repo, ref, outcome);
  }

  /**
   * A finding in a document part at its place in the document: on a page, or in a sheet's cell
   * (line is the row; the column counts cells, not characters).
   */
  private static Finding placed(Finding f, Documents.Segment seg) {
    Location l = f.location();
    int column = l.column();
    if (seg.table()) {
      String text = seg.text();
      int start = 0;
      for (int line = 1; line < l.line() && start >= 0; line++) {
        start = text.indexOf('\n', start);
        start = start < 0 ? -1 : start + 1;
      }
      column = 1;
      if (start >= 0) {
        int end = Math.min(text.length(), start + l.column() - 1);
        for (int i = start; i < end; i++) {
          if (text.charAt(i) == '\t') {
            column++;
          }
        }
      }
    }
    if (column == l.column() && seg.page() == 0) {
      return f;
    }
    return new Finding(
        f.ruleId(), f.title(), f.category(), f.severity(), f.confidence(),
        new Location(l.path(), l.line(), column, seg.page()), f.redacted(), f.fingerprint());
  }

  /** The outcome of a blob an earlier scan read, when one serves a file at this path. */
  private Outcome reuse(Run run, String blobId, BlobRef ref) {
    ScanState.Stored stored = run.state.find(blobId, ref.path());
    if (stored == null) {
      return null;
    }
    run.reused.increment();
    if (stored.skipReason() == null) {
      listener.fileScanned(run.source.name(), ref.size());
    } else {
      listener.fileSkipped(run.source.name(), reasonKey(stored.skipReason()));
    }
    return new Outcome(stored.matches(), stored.skipReason());
  }

  /** The reason's kind without its detail: "unreadable: disk error" counts as "unreadable". */
  private static String reasonKey(String reason) {
    int colon = reason.indexOf(':');
    return colon < 0 ? reason : reason.substring(0, colon);
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    String text = e.getClass().getSimpleName() + (m == null ? "" : " " + m);
    return text.replace('\n', ' ');
  }

  /** Configures a {@link Scanner}; every setter checks its argument at once. */
  public static final class Builder {
    private RuleSet rules;
    private Policy policy;
    private int threads = Runtime.getRuntime().availableProcessors();
    private long maxFileSize = 10L << 20;
    private ScanListener listener = ScanListener.NONE;
    private boolean repoConfig = true;
    private StateOptions stateOptions = StateOptions.none();
    private Documents.Limits documentLimits = Documents.Limits.defaults();

    private Builder() {}

    /**
     * How documents and archives are read (out of process, under these limits); null skips them
     * as binary files. Default: {@link Documents.Limits#defaults()}.
     */
    public Builder documents(Documents.Limits limits) {
      if (limits != null && limits.children() < 1) {
        throw new IllegalArgumentException(
            "document children must be at least 1, got " + limits.children());
      }
      this.documentLimits = limits;
      return this;
    }

    /**
     * Whether each repository's own {@code airlock.yml} applies (its rules, units, policy and
     * exclusions); on by default. Off, every repository is scanned with this scanner's rules and
     * policy alone.
     */
    public Builder repoConfig(boolean read) {
      this.repoConfig = read;
      return this;
    }

    /**
     * Keeps an index per repository, so later scans read only blobs they have not seen (default:
     * none).
     */
    public Builder state(StateOptions options) {
      this.stateOptions = java.util.Objects.requireNonNull(options, "options");
      return this;
    }

    public Builder rules(RuleSet rules) {
      this.rules = java.util.Objects.requireNonNull(rules, "rules");
      return this;
    }

    public Builder policy(Policy policy) {
      this.policy = java.util.Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder threads(int threads) {
      if (threads < 1 || threads > 1024) {
        throw new IllegalArgumentException("threads must be between 1 and 1024, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    public Builder maxFileSize(long bytes) {
      if (bytes < 1 || bytes > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException(
            "max file size must be between 1 byte and 2 GiB, got " + bytes);
      }
      this.maxFileSize = bytes;
      return this;
    }

    public Builder listener(ScanListener listener) {
      this.listener = java.util.Objects.requireNonNull(listener, "listener");
      return this;
    }

    public Scanner build() {
      if (rules == null) {
        rules = RuleSet.builtIn();
      }
      if (policy == null) {
        policy = Policy.defaultPolicy();
      }
      return new Scanner(this);
    }
  }
}
