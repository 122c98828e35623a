package dev.airlock.source;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * The tree of one commit of a Git repository (working copy or bare), read through JGit. The
 * working tree is never written. {@link #load} is thread-safe: each thread gets its own {@link
 * ObjectReader} over the one shared {@link Repository}.
 *
 * <p>Inflating blobs from a pack is the slowest part of reading (100–180 MB/s on two cores). As
 * {@code git grep} does, a file of the working copy that Git's index shows unchanged from the
 * scanned blob is read from disk instead: the index entry names the same blob id, its size and
 * modification time match the file on disk, and the entry is not racily clean (written in the same
 * second as the index, when a later change in that second would leave the stat data equal). The
 * blob's size must also equal the file's, so a file that a filter or line-ending conversion
 * changed on checkout is read from the pack. Anything else, including every error, reads the blob.
 * {@code -Dairlock.worktree=false} turns this off.
 *
 * <p>The listing takes such a file's blob size from its index entry, not the pack, when nothing
 * in the repository can convert files on checkout (no attributes, no {@code core.autocrlf}):
 * asking the pack inflated the start of every blob, a tenth of a cold scan's CPU. It stats the
 * file to do so, and that stat stands in for the one its read would make before opening it. The
 * read still stats it after: a file rewritten meanwhile is read from the pack. What the earlier
 * stat cannot rule out is a named pipe put in a file's place after the listing and before the
 * read, which the read would wait on; nothing but a deliberate act makes one there.
 */
public final class GitSource implements Source {
  /**
   * JGit's own settings, which hold nothing but what it measured of each file store (how fine its
   * timestamps are, for telling a file changed since it was read). Without an entry for the
   * store of a repository, JGit measures it on first use, writing and rewriting probe files in the
   * repository's Git directory and saving the result in ~/.config/jgit/config: three to four
   * seconds of the first scan on a machine, for a read-only scan that never relies on it. {@link
   * #assumeFileStore} instead records JGit's own fallback for a store it cannot measure (two
   * seconds, the coarsest file systems'): a file changed within two seconds of being read counts
   * as changed, which at worst makes JGit read a pack listing or a ref again.
   */
  private static final FileBasedConfig FILE_STORES = inMemory(null, FS.DETECTED);

  static {
    // Only a repository's own configuration matters for reading its objects. Without this, JGit
    // runs the git executable to find the system configuration: a process start per scan.
    SystemReader.setInstance(
        new SystemReader.Delegate(SystemReader.getInstance()) {
          @Override
          public FileBasedConfig openSystemConfig(Config parent, FS fs) {
            return inMemory(parent, fs);
          }

          @Override
          public FileBasedConfig openJGitConfig(Config parent, FS fs) {
            return FILE_STORES;
          }
        });
  }

  private static FileBasedConfig inMemory(Config parent, FS fs) {
    return new FileBasedConfig(parent, null, fs) {
      @Override
      public void load() {}

      @Override
      public void save() {}

      @Override
      public boolean isOutdated() {
        return false;
      }
    };
  }

  /** Gives JGit the file store attributes of {@code dir}'s store, so that it measures nothing. */
  static void assumeFileStore(Path dir) {
    try {
      FileStore store = Files.getFileStore(dir);
      String name = store.name();
      if (SystemReader.getInstance().isWindows()
          && store.getAttribute("volume:vsn") instanceof Integer serial) {
        name = serial.toString();
      }
      // The subsection JGit looks up: FS.FileStoreAttributes.getConfigKey.
      String key = System.getProperty("java.vendor") + '|' + System.getProperty("java.version") + '|' + name;
      synchronized (FILE_STORES) {
        if (FILE_STORES.getString("filesystem", key, "timestampResolution") == null) {
          FILE_STORES.setString("filesystem", key, "timestampResolution", "2 seconds");
          FILE_STORES.setString("filesystem", key, "minRacyThreshold", "0 nanoseconds");
        }
      }
    } catch (IOException | RuntimeException e) {
      // JGit measures the store itself, as it always could.
    }
  }

  /** What {@link #assumeFileStore} told JGit, for tests. */
  static Config assumedFileStores() {
    return FILE_STORES;
  }

  private final Repository repository;
  /** Whether unchanged files of the working copy may be read from disk. */
  private final boolean readWorkingCopy;
  /**
   * The working copy's index, read at the first {@link #load} (a rescan that loads nothing never
   * reads it); null before that, and {@link WorkingCopy#NONE} when blobs always come from the
   * object store.
   */
  private volatile WorkingCopy workingCopy;
  /** The working copy being read on a thread of its own ({@link #loadsAll}), or null. */
  private volatile java.util.concurrent.FutureTask<WorkingCopy> workingCopyAhead;
  private final Path root;
  private final String name;
  private final RevCommit commit;
  private final Queue<ObjectReader> readers = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<ObjectReader> reader =
      ThreadLocal.withInitial(
          () -> {
            ObjectReader r = newReader();
            readers.add(r);
            return r;
          });

  private static final java.util.concurrent.atomic.AtomicBoolean WINDOW_CACHE_SET =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Sizes JGit's pack window cache once per process, as the first repository opened needs it.
   * JGit's defaults (10 MiB of pack windows, 10 MiB of delta bases) thrash on a monorepo's pack;
   * 128 MiB scanned a bare 1 GB repository (a 372 MB pack) as fast as 512 MiB did, with 70 MB
   * less peak RSS. A working copy's files are read from disk, so there the pack is mostly read
   * for blob sizes the index cannot give, a window each: windows on the heap outlived young collections
   * and were copied by each of them (GC pauses 0.40 s vs 0.19 s on the 311 MB Go bench tree,
   * live heap 74 MB vs 20 MB), so they are memory-mapped. A bare repository inflates every blob
   * from its pack, which JGit does a little faster from heap windows (about 5% of CPU there).
   */
  private static void setWindowCache(boolean mapped) {
    if (!WINDOW_CACHE_SET.compareAndSet(false, true)) {
      return;
    }
    WindowCacheConfig cache = new WindowCacheConfig();
    cache.setPackedGitLimit(128L << 20);
    cache.setPackedGitWindowSize(64 << 10);
    cache.setPackedGitMMAP(mapped);
    cache.setDeltaBaseCacheLimit(64 << 20);
    cache.setStreamFileThreshold(64 << 20);
    cache.install();
  }

  private GitSource(Repository repository, Path root, RevCommit commit, boolean readWorkingCopy) {
    this.repository = repository;
    this.readWorkingCopy = readWorkingCopy;
    this.root = root;
    this.commit = commit;
    Path folderName = root.toAbsolutePath().normalize().getFileName();
    String folder = folderName == null ? root.toString() : folderName.toString();
    this.name = folder.endsWith(".git") && folder.length() > 4
        ? folder.substring(0, folder.length() - 4)
        : folder;
  }

  /**
   * Opens the repository at {@code dir}, reads its HEAD and closes it again; see {@link
   * Source#preload}.
   */
  static void preload(Path dir) {
    try {
      File gitDir = RepositoryCache.FileKey.resolve(dir.toFile(), FS.DETECTED);
      if (gitDir == null) {
        return;
      }
      assumeFileStore(gitDir.toPath());
      try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build()) {
        repo.resolve(Constants.HEAD);
      }
    } catch (IOException | RuntimeException e) {
      // The scan opens it again and reports what is wrong.
    }
  }

  /** True when {@code dir} is a working copy (has .git) or a bare repository. */
  static boolean isRepository(Path dir) {
    return Files.exists(dir.resolve(Constants.DOT_GIT))
        || RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED);
  }

  static GitSource open(Path dir, String ref) throws SourceException {
    GitSource source = open(dir, ref, !"false".equals(System.getProperty("airlock.worktree")));
    source.packLoadsFirst = PACK_LOADS_FIRST;
    return source;
  }

  /**
   * Loads served from the object store before the working copy's index is read: reading the index
   * (an entry per file of the tree: 16,000 on the bench corpus) costs more than inflating the few
   * blobs a rescan loads (changed files, manifests).
   */
  static final int PACK_LOADS_FIRST = 64;

  private volatile int packLoadsFirst;
  private final java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Opens {@code dir} at {@code ref}; {@code readWorkingCopy} lets unchanged files of the working
   * copy be read from disk instead of the object store (same bytes, less inflation).
   */
  static GitSource open(Path dir, String ref, boolean readWorkingCopy) throws SourceException {
    Repository repo;
    try {
      File gitDir = RepositoryCache.FileKey.resolve(dir.toFile(), FS.DETECTED);
      if (gitDir == null) {
        throw new SourceException(dir + ": not a Git repository");
      }
      assumeFileStore(gitDir.toPath());
      setWindowCache(readWorkingCopy && Files.isRegularFile(gitDir.toPath().resolve("index")));
      repo = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build();
    } catch (IOException e) {
      throw new SourceException(dir + ": cannot open Git repository: " + e.getMessage(), e);
    }
    try {
      String rev = ref == null ? Constants.HEAD : ref;
      ObjectId id;
      try {
        id = repo.resolve(rev + "^{commit}");
      } catch (RevisionSyntaxException e) {
        throw new SourceException(dir + ": '" + rev + "' is not a valid revision", e);
      }
      if (id == null) {
        if (ref == null) {
          throw new SourceException(
              dir + ": the repository has no commits yet; commit something or scan it as a folder");
        }
        throw new SourceException(dir + ": revision '" + ref + "' not found in the repository");
      }
      try (RevWalk walk = new RevWalk(repo)) {
        return new GitSource(repo, dir, walk.parseCommit(id), readWorkingCopy);
      }
    } catch (SourceException e) {
      repo.close();
      throw e;
    } catch (IOException e) {
      repo.close();
      throw new SourceException(dir + ": cannot read commit: " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public String commit() {
    return commit.name();
  }

  /** The repository's Git directory: {@code .git} of a working copy, or the bare repository. */
  public Path gitDirectory() {
    return repository.getDirectory().toPath();
  }


  @Override
  public String remote() {
    return RemoteUrl.normalise(repository.getConfig().getString("remote", "origin", "url"));
  }

  @Override
  public void enumerate(Visitor visitor) throws IOException {
    enumerate(visitor, id -> -1);
  }

  @Override
  public void enumerate(Visitor visitor, java.util.function.ToLongFunction<String> knownSizes)
      throws IOException {
    try (ObjectReader sizes = newReader();
        TreeWalk walk = new TreeWalk(repository, sizes)) {
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      int[] fromPack = {0};
      SizeLookup lookup =
          (path, id) -> {
            // As for loads: a rescan asks few sizes, fewer than reading the index costs.
            WorkingCopy copy =
                workingCopy == null && fromPack[0]++ < packLoadsFirst
                    ? WorkingCopy.NONE
                    : workingCopy();
            long size = copy == WorkingCopy.NONE ? -1 : copy.listedSize(path, id);
            return size >= 0 ? size : sizes.getObjectSize(id, Constants.OBJ_BLOB);
          };
      while (walk.next()) {
        visit(walk, 0, visitor, knownSizes, lookup);
      }
    }
  }

  /** The size of blob {@code id} at {@code path}; throws {@link MissingObjectException}. */
  @FunctionalInterface
  private interface SizeLookup {
    long size(String path, ObjectId id) throws IOException;
  }

  @Override
  public boolean changesSince(String base, ChangeVisitor visitor) throws IOException {
    ObjectId baseId;
    try {
      baseId = ObjectId.fromString(base);
    } catch (RuntimeException e) {
      throw new IOException("'" + base + "' is not a commit id", e);
    }
    try (ObjectReader r = newReader();
        RevWalk commits = new RevWalk(r);
        TreeWalk walk = new TreeWalk(repository, r)) {
      walk.addTree(commits.parseCommit(baseId).getTree());
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      // Entries with the same id in both trees are passed over, subtrees without being entered.
      walk.setFilter(TreeFilter.ANY_DIFF);
      while (walk.next()) {
        if (walk.getFileMode(1) == FileMode.MISSING) {
          visitor.removed(walk.getPathString());
        } else {
          visit(walk, 1, visitor, id -> -1, (path, id) -> r.getObjectSize(id, Constants.OBJ_BLOB));
        }
      }
    }
    return true;
  }

  /**
   * One entry of the listing. A method, not the loop's body: the JIT compiles a method after a
   * few hundred calls, a loop run once only after tens of thousands of iterations.
   */
  private static void visit(
      TreeWalk walk,
      int tree,
      Visitor visitor,
      java.util.function.ToLongFunction<String> knownSizes,
      SizeLookup sizes)
      throws IOException {
    String path = walk.getPathString();
    FileMode mode = walk.getFileMode(tree);
    if (mode == FileMode.GITLINK) {
      visitor.skipped(path, "submodule");
    } else if (mode == FileMode.SYMLINK) {
      visitor.skipped(path, "symlink");
    } else if (mode.getObjectType() != Constants.OBJ_BLOB) {
      visitor.skipped(path, "not-a-file");
    } else {
      ObjectId id = walk.getObjectId(tree);
      String name = id.name();
      // Asking the pack for a size reads the object's window: on a rescan, where the index
      // knows nearly every blob, that was most of the pack and most of the scan's time.
      long size = knownSizes.applyAsLong(name);
      try {
        if (size < 0) {
          size = sizes.size(path, id);
        }
      } catch (MissingObjectException e) {
        // Shallow or partial clones leave blobs out; the rest of the tree is still scanned.
        visitor.skipped(path, "missing-object");
        return;
      }
      visitor.file(new BlobRef(path, name, size));
    }
  }

  @Override
  public byte[] load(BlobRef ref) throws IOException {
    ReadBuffer buffer = new ReadBuffer(0);
    load(ref, buffer);
    return buffer.detach();
  }

  @Override
  public void load(BlobRef ref, ReadBuffer buffer) throws IOException {
    ObjectId id = ObjectId.fromString(ref.blobId());
    WorkingCopy copy =
        workingCopy == null && loads.getAndIncrement() < packLoadsFirst
            ? WorkingCopy.NONE
            : workingCopy();
    if (copy != WorkingCopy.NONE && copy.read(ref.path(), id, ref.size(), buffer)) {
      return;
    }
    buffer.set(reader.get().open(id, Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE));
  }

  /** How many sizes the listings took from the working copy's index rather than the object store. */
  long indexSizes() {
    WorkingCopy copy = workingCopy;
    return copy == null ? 0 : copy.sizes;
  }

  /** How many {@link #load}s were served from the working copy rather than the object store. */
  long workingCopyReads() {
    WorkingCopy copy = workingCopy;
    return copy == null ? 0 : copy.reads.sum();
  }

  private WorkingCopy workingCopy() {
    WorkingCopy copy = workingCopy;
    if (copy == null) {
      synchronized (this) {
        copy = workingCopy;
        if (copy == null) {
          java.util.concurrent.FutureTask<WorkingCopy> ahead = workingCopyAhead;
          copy = ahead != null ? readAhead(ahead)
              : readWorkingCopy ? WorkingCopy.of(repository, root) : null;
          workingCopy = copy = copy == null ? WorkingCopy.NONE : copy;
        }
      }
    }
    return copy;
  }

  /** The working copy's Git index, being read on a thread of its own. */
  private static java.util.concurrent.FutureTask<WorkingCopy> readingAhead(Repository repo, Path dir) {
    java.util.concurrent.FutureTask<WorkingCopy> ahead =
        new java.util.concurrent.FutureTask<>(() -> WorkingCopy.of(repo, dir));
    Thread reading = new Thread(ahead, "airlock-git-index");
    reading.setDaemon(true);
    reading.start();
    return ahead;
  }

  /**
   * Reads the working copy's Git index at once, on a thread of its own, rather than after the
   * first {@link #PACK_LOADS_FIRST} loads on the thread that asks (which suits a rescan that loads
   * a few changed blobs). Read by the listing, it was on the critical path of a scan that loads
   * every blob: 20,203 entries (the generated Go tree) took 100-160 ms on the quick compiler,
   * holding the lock every worker's read takes, while both workers waited.
   */
  @Override
  public synchronized void loadsAll() {
    packLoadsFirst = 0;
    if (readWorkingCopy && workingCopy == null && workingCopyAhead == null) {
      workingCopyAhead = readingAhead(repository, root);
    }
  }

  /** The working copy read ahead; null (the object store serves every blob) if that failed. */
  private static WorkingCopy readAhead(java.util.concurrent.FutureTask<WorkingCopy> ahead) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return ahead.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (java.util.concurrent.ExecutionException e) {
      return null;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The index of a working copy, read once, and the files it shows unchanged. Read-only after
   * construction but for {@link #listedSize}'s marks, which the listing thread writes before it
   * hands a file to a worker; so shared by the listing and all loading threads.
   */
  private static final class WorkingCopy {
    /** No working copy to read from. */
    static final WorkingCopy NONE = new WorkingCopy(null, null, 0, false);

    private final Path tree;
    private final DirCache index;
    /** Entries modified in or after this second are racily clean: their stat data proves nothing. */
    private final long racySecond;
    /**
     * Whether a clean entry's size is its blob's: nothing converts files between the object
     * store and the working copy (no attributes anywhere, no {@code core.autocrlf}).
     */
    private final boolean sizesFromIndex;
    /**
     * By index position: {@link #listedSize} found the file unchanged, a regular file, when it
     * was listed, so its read need not stat it first.
     */
    private final boolean[] stated;

    final LongAdder reads = new LongAdder();
    /** Sizes {@link #listedSize} gave; written by the listing thread only. */
    long sizes;

    private WorkingCopy(Path tree, DirCache index, long racySecond, boolean sizesFromIndex) {
      this.tree = tree;
      this.index = index;
      this.racySecond = racySecond;
      this.sizesFromIndex = sizesFromIndex;
      this.stated = new boolean[index == null ? 0 : index.getEntryCount()];
    }

    /** Null for a bare repository, a folder below the working copy's top, or an unreadable index. */
    static WorkingCopy of(Repository repository, Path root) {
      if (repository.isBare()) {
        return null;
      }
      try {
        Path tree = repository.getWorkTree().toPath().toRealPath();
        if (!tree.equals(root.toRealPath())) {
          return null;
        }
        Path indexFile = repository.getIndexFile().toPath();
        if (!Files.isRegularFile(indexFile)) {
          return null;
        }
        // Stat before reading: an index rewritten meanwhile is newer, so its entries stay racy.
        long racySecond = Files.getLastModifiedTime(indexFile).toInstant().getEpochSecond();
        DirCache index = DirCache.read(indexFile.toFile(), repository.getFS());
        return new WorkingCopy(tree, index, racySecond, convertsNothing(repository, index));
      } catch (IOException | RuntimeException e) {
        // Without a readable index every blob comes from the object store, as it always could.
        return null;
      }
    }

    /**
     * True when no file can differ from its blob on checkout: no {@code core.autocrlf}, and no
     * attributes file at all (any may set {@code text}, {@code eol}, {@code filter} such as LFS,
     * {@code ident} or {@code working-tree-encoding}), neither tracked nor the repository's nor
     * the user's. Deliberately coarse: any doubt keeps the blob's size from the object store.
     */
    private static boolean convertsNothing(Repository repository, DirCache index) {
      Config config = repository.getConfig();
      String autocrlf = config.getString("core", null, "autocrlf");
      if (autocrlf != null && !"false".equalsIgnoreCase(autocrlf)
          || config.getString("core", null, "attributesFile") != null
          || Files.exists(repository.getDirectory().toPath().resolve("info").resolve("attributes"))
          || Files.exists(userAttributes())) {
        return false;
      }
      for (int i = 0, n = index.getEntryCount(); i < n; i++) {
        String path = index.getEntry(i).getPathString();
        if (path.equals(Constants.DOT_GIT_ATTRIBUTES)
            || path.endsWith("/" + Constants.DOT_GIT_ATTRIBUTES)) {
          return false;
        }
      }
      return true;
    }

    /** Git's default global attributes file: $XDG_CONFIG_HOME/git/attributes. */
    private static Path userAttributes() {
      String xdg = System.getenv("XDG_CONFIG_HOME");
      Path config = xdg == null || xdg.isEmpty()
          ? Path.of(System.getProperty("user.home"), ".config")
          : Path.of(xdg);
      return config.resolve("git").resolve("attributes");
    }

    /**
     * The size of blob {@code id} at {@code path} when the file on disk provably holds it: the
     * index entry's size, which is the file's as Git hashed it; -1 otherwise (the object store
     * then answers). The file is stated here, on the listing thread, in place of the stat its
     * read would make first; its read still stats it after.
     */
    long listedSize(String path, ObjectId id) {
      if (!sizesFromIndex) {
        return -1;
      }
      int position = clean(path, id);
      if (position < 0) {
        return -1;
      }
      DirCacheEntry entry = index.getEntry(position);
      long size = entry.getLength();
      try {
        if (size > MAX_READ || !unchanged(tree.resolve(path), entry.getLastModifiedInstant(), size)) {
          return -1;
        }
      } catch (IOException | RuntimeException e) {
        return -1;
      }
      stated[position] = true;
      sizes++;
      return size;
    }

    /**
     * The index position of {@code path} when its entry is blob {@code id} as a plain file that
     * Git's stat data can vouch for; -1 otherwise.
     */
    private int clean(String path, ObjectId id) {
      int position = position(path);
      if (position < 0) {
        return -1;
      }
      DirCacheEntry entry = index.getEntry(position);
      if (entry.getStage() != DirCacheEntry.STAGE_0
          || entry.isSkipWorkTree()
          || entry.isIntentToAdd()
          || entry.getFileMode().getObjectType() != Constants.OBJ_BLOB
          || entry.getFileMode() == FileMode.SYMLINK
          || !id.equals(entry.getObjectId())
          // Modified in the index's second: a later change in that second leaves equal stat data.
          || entry.getLastModifiedInstant().getEpochSecond() >= racySecond) {
        return -1;
      }
      return position;
    }

    /**
     * Per thread, the index position its last lookup found. The listing asks for paths in the
     * tree's order, which is the index's, and each worker reads a batch of them in that order, so
     * the entry after the last one is nearly always the next path's: one comparison instead of a
     * binary search over the whole index (with the path encoded for it), per file and thread.
     */
    private final ThreadLocal<int[]> lastPosition = ThreadLocal.withInitial(() -> new int[] {-1});

    /** Index position of {@code path} (any stage), or a negative number when it has none. */
    private int position(String path) {
      int[] last = lastPosition.get();
      int next = last[0] + 1;
      if (next < index.getEntryCount() && spells(index.getEntry(next).getRawPath(), path)) {
        last[0] = next;
        return next;
      }
      int position = index.findEntry(path);
      if (position >= 0) {
        last[0] = position;
      }
      return position;
    }

    /**
     * Whether the UTF-8 bytes {@code raw} are {@code path}; false for a path with a character
     * outside ASCII (no such character equals a byte), which is then looked up in full.
     */
    private static boolean spells(byte[] raw, String path) {
      int n = path.length();
      if (raw.length != n) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        if (raw[i] != path.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    /**
     * Reads the file into {@code buffer} when it provably holds blob {@code id} of {@code size}
     * bytes; false (the buffer's content undefined) otherwise.
     */
    boolean read(String path, ObjectId id, long size, ReadBuffer buffer) {
      int position = clean(path, id);
      if (position < 0 || size > MAX_READ) {
        return false;
      }
      DirCacheEntry entry = index.getEntry(position);
      if (entry.getLength() != size) {
        return false;
      }
      Instant indexed = entry.getLastModifiedInstant();
      try {
        Path file = tree.resolve(path);
        // Stat first (unless the listing just did): opening a named pipe put in the file's place
        // would wait for a writer.
        if (!stated[position] && !unchanged(file, indexed, size)) {
          return false;
        }
        int n = (int) size;
        if (!readFully(file, buffer.room(n), n)) {
          return false;
        }
        // Stat again: a file rewritten while it was read may hold anything.
        if (!unchanged(file, indexed, size)) {
          return false;
        }
        buffer.filled(n);
        reads.increment();
        return true;
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }

    /** Larger files come from the object store (a Java array holds a little less than 2 GiB). */
    private static final long MAX_READ = Integer.MAX_VALUE - 16;

    /**
     * Reads the first {@code n} bytes of {@code file} into {@code into}; false when it is
     * shorter. Neither asks the file's size nor reads to its end, as {@code Files.readAllBytes}
     * does: the stat after the read finds a file that grew.
     */
    private static boolean readFully(Path file, byte[] into, int n) throws IOException {
      try (FileChannel channel =
          FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        ByteBuffer target = ByteBuffer.wrap(into, 0, n);
        while (target.hasRemaining()) {
          if (channel.read(target) < 0) {
            return false;
          }
        }
        return true;
      }
    }

    private static boolean unchanged(Path file, Instant indexed, long size) throws IOException {
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile() || a.size() != size) {
        return false;
      }
      Instant modified = a.lastModifiedTime().toInstant();
      // An index written without nanoseconds records whole seconds; compare what it has.
      return indexed.getNano() == 0
          ? modified.getEpochSecond() == indexed.getEpochSecond()
          : modified.equals(indexed);
    }
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException {
    try (ObjectReader r = newReader();
        TreeWalk walk = TreeWalk.forPath(repository, r, path, commit.getTree())) {
      if (walk == null || walk.getFileMode(0).getObjectType() != Constants.OBJ_BLOB
          || walk.getFileMode(0) == FileMode.SYMLINK) {
        return Optional.empty();
      }
      return Optional.of(r.open(walk.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE));
    }
  }

  @Override
  public List<String> list(String folder) throws IOException {
    try (ObjectReader r = newReader();
        TreeWalk walk = TreeWalk.forPath(repository, r, folder, commit.getTree())) {
      if (walk == null || !walk.isSubtree()) {
        return List.of();
      }
      walk.enterSubtree();
      List<String> out = new ArrayList<>();
      while (walk.next()) {
        FileMode mode = walk.getFileMode(0);
        if (mode.getObjectType() == Constants.OBJ_BLOB && mode != FileMode.SYMLINK) {
          out.add(walk.getPathString());
        }
      }
      out.sort(null);
      return out;
    }
  }

  private ObjectReader newReader() {
    ObjectReader r = repository.newObjectReader();
    r.setAvoidUnreachableObjects(false);
    return r;
  }

  @Override
  public void close() {
    ObjectReader r;
    while ((r = readers.poll()) != null) {
      r.close();
    }
    repository.close();
  }
}
