package dev.airlock.scan;

import dev.airlock.config.RepoConfig;
import dev.airlock.extract.Extractor;
import dev.airlock.index.QueryRules;
import dev.airlock.index.ScanState;
import dev.airlock.index.StateException;
import dev.airlock.index.StateOptions;
import dev.airlock.label.Labeller;
import dev.airlock.label.Manifests;
import dev.airlock.rules.Finding;
import dev.airlock.rules.RulePackException;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.engine.Matcher;
import dev.airlock.rules.engine.Matches;
import dev.airlock.rules.policy.Policy;
import dev.airlock.source.BlobRef;
import dev.airlock.source.Source;
import dev.airlock.source.SourceException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
  /** Files are handed to workers in batches, so queueing costs little next to matching. */
  private static final int BATCH_FILES = 128;

  private static final long BATCH_BYTES = 4L << 20;

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

  private Scanner(Builder b) {
    this.rules = b.rules;
    this.matcher = QueryRules.matcher(b.rules);
    this.labeller = new Labeller(b.policy);
    this.repoConfig = b.repoConfig;
    this.threads = b.threads;
    this.maxFileSize = b.maxFileSize;
    this.listener = b.listener;
    this.stateOptions = b.stateOptions;
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
    try {
      return scan(source, pool);
    } finally {
      pool.shutdownNow();
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
    ExecutorService enumerators =
        Executors.newFixedThreadPool(Math.min(paths.size(), threads), daemon("airlock-repo"));
    try {
      List<Future<ScanResult>> futures = new ArrayList<>();
      for (Path path : paths) {
        futures.add(enumerators.submit(() -> openAndScan(path, ref, pool)));
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
    }
  }

  private ScanResult openAndScan(Path path, String ref, ExecutorService pool) {
    ScanResult result;
    try (Source source = Source.open(path, ref)) {
      result = scan(source, pool);
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

  /** What happened to one blob: its matches, or why it was skipped. */
  private record Outcome(Matches matches, String skipReason) {}

  private record Scanned(BlobRef ref, Outcome outcome) {}

  /** One repository's scan in progress: its matcher, its state and how many blobs came from it. */
  private static final class Run {
    final Source source;
    final Matcher matcher;
    final ScanState state;
    final java.util.concurrent.atomic.LongAdder reused = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.AtomicBoolean stateFailed =
        new java.util.concurrent.atomic.AtomicBoolean();

    Run(Source source, Matcher matcher, ScanState state) {
      this.source = source;
      this.matcher = matcher;
      this.state = state;
    }
  }

  private ScanResult scan(Source source, ExecutorService pool) {
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
      Run run = new Run(source, matcher, state);
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
    Set<String> seenBlobs = new HashSet<>();
    Semaphore inFlight = new Semaphore(threads * 4);
    Phaser running = new Phaser(1);
    List<BlobRef> batch = new ArrayList<>();
    long[] batchBytes = {0};

    Runnable flush =
        () -> {
          if (batch.isEmpty()) {
            return;
          }
          List<BlobRef> work = List.copyOf(batch);
          batch.clear();
          batchBytes[0] = 0;
          inFlight.acquireUninterruptibly();
          running.register();
          pool.execute(
              () -> {
                try {
                  for (BlobRef ref : work) {
                    Outcome outcome = process(run, ref);
                    if (ref.blobId() != null) {
                      byBlob.put(ref.blobId(), outcome);
                    }
                    scanned.add(new Scanned(ref, outcome));
                  }
                } finally {
                  inFlight.release();
                  running.arriveAndDeregister();
                }
              });
        };

    try {
      source.enumerate(
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
              } else if (ref.blobId() != null && !seenBlobs.add(ref.blobId())) {
                duplicates.add(ref);
              } else {
                batch.add(ref);
                batchBytes[0] += ref.size();
                if (batch.size() >= BATCH_FILES || batchBytes[0] >= BATCH_BYTES) {
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
                for (int at = path.lastIndexOf('/'); at > 0; at = path.lastIndexOf('/', at - 1)) {
                  if (!folders.add(path.substring(0, at))) {
                    break;
                  }
                }
              }
            }

            private void skip(String path, String reason) {
              skipped.add(new SkippedItem(path, reason));
              listener.fileSkipped(repo, reason);
            }
          });
    } catch (IOException | RuntimeException e) {
      // A damaged tree ends the listing early; what was listed is still scanned and reported.
      skipped.add(new SkippedItem("", "listing-failed: " + oneLine(e)));
    }
    flush.run();
    running.arriveAndAwaitAdvance();

    List<Finding> findings = new ArrayList<>();
    List<PartialItem> partial = new ArrayList<>();
    long files = 0;
    long bytes = 0;
    List<Scanned> all = new ArrayList<>(scanned);
    long rematched = 0;
    for (BlobRef dup : duplicates) {
      Outcome first = byBlob.get(dup.blobId());
      if (first.matches() != null && !first.matches().covers(dup.path())) {
        // The blob was matched without rules that apply only at this other path: match it again.
        all.add(new Scanned(dup, process(run, dup)));
        rematched++;
      } else {
        all.add(new Scanned(dup, first));
      }
    }
    for (Scanned s : all) {
      Outcome o = s.outcome();
      if (o.skipReason() != null) {
        skipped.add(new SkippedItem(s.ref().path(), o.skipReason()));
        continue;
      }
      files++;
      bytes += s.ref().size();
      findings.addAll(o.matches().forPath(s.ref().path()));
      if (!o.matches().exhaustedRules().isEmpty()) {
        partial.add(new PartialItem(s.ref().path(), o.matches().exhaustedRules()));
      }
    }
    findings.sort(Finding.REPORT_ORDER);
    skipped.sort(Comparator.comparing(SkippedItem::path).thenComparing(SkippedItem::reason));
    partial.sort(Comparator.comparing(PartialItem::path));
    Map<String, Long> byReason = new TreeMap<>();
    for (SkippedItem s : skipped) {
      byReason.merge(reasonKey(s.reason()), 1L, Long::sum);
    }
    long reused = run.reused.sum();
    ScanStats stats =
        new ScanStats(
            files, bytes, scanned.size() + rematched - reused, reused, new TreeMap<>(byReason), 0);
    Map<String, String> units =
        config.units() == null
            ? Manifests.units(manifestTexts(source, manifests))
            : Manifests.configured(
                config.units(),
                folders,
                RepoConfig.FILE,
                entry ->
                    listener.warning(
                        repo,
                        RepoConfig.FILE + ": units: '" + entry
                            + "' names no folder of the scanned tree; it is not a unit"));
    Labeller.Labelled labelled = repoLabeller.label(findings, units);
    ScanResult result =
        new ScanResult(
            repo,
            source.root().toString(),
            source.commit(),
            source.remote(),
            labelled.label(),
            labelled.units(),
            repoLabeller.onPremFiles(findings),
            findings,
            skipped,
            partial,
            stats,
            repoRuleSet.hash(),
            repoLabeller.policy().hash(),
            null);
    if (!run.stateFailed.get()) {
      try {
        run.state.finish(result);
      } catch (RuntimeException e) {
        listener.warning(repo, "the index was not updated: " + oneLine(e));
      }
    }
    listener.indexSummary(repo, run.state.summary());
    result = result.withDurationMs((System.nanoTime() - started) / 1_000_000);
    listener.finished(result);
    return result;
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

  private static Map<String, String> manifestTexts(Source source, List<BlobRef> manifests) {
    Map<String, String> texts = new TreeMap<>();
    for (BlobRef ref : manifests) {
      if (ref.size() <= MAX_MANIFEST_BYTES) {
        try {
          texts.put(ref.path(), new String(source.load(ref), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
          // An unreadable manifest declares nothing; the file itself is reported by the scan.
        }
      }
    }
    return texts;
  }

  private Outcome process(Run run, BlobRef ref) {
    Source source = run.source;
    String repo = source.name();
    if (ref.blobId() != null) {
      Outcome known = reuse(run, ref.blobId(), ref);
      if (known != null) {
        return known;
      }
    }
    Outcome outcome;
    String text = null;
    String blobId = ref.blobId();
    try {
      byte[] bytes = source.load(ref);
      if (blobId == null && run.state != ScanState.NONE) {
        // A folder outside Git: the content's Git blob id keys its state (read, but not matched).
        blobId = BlobRef.gitBlobId(bytes);
        Outcome known = reuse(run, blobId, ref);
        if (known != null) {
          return known;
        }
      }
      if (bytes.length > maxFileSize) {
        outcome = new Outcome(null, "too-large");
      } else {
        Extractor.Result extracted = extractor.extract(bytes);
        if (extracted instanceof Extractor.Text t) {
          text = t.text();
          outcome = new Outcome(run.matcher.match(text, ref.path()), null);
        } else {
          outcome = new Outcome(null, ((Extractor.Skipped) extracted).reason());
        }
      }
      if (blobId != null && !run.stateFailed.get()) {
        try {
          run.state.record(
              blobId, ref.path(), ref.size(), text, new ScanState.Stored(outcome.matches(), outcome.skipReason()));
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
    if (outcome.skipReason() == null) {
      listener.fileScanned(repo, ref.size());
    } else {
      listener.fileSkipped(repo, reasonKey(outcome.skipReason()));
    }
    return outcome;
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

    private Builder() {}

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
