package dev.airlock.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Something to scan: the tree of a Git commit or a folder on disk. A source lists its files on one
 * thread ({@link #enumerate}) and loads them on many ({@link #load}).
 */
public sealed interface Source extends AutoCloseable permits GitSource, DirectorySource {

  /** A short name for reports: the repository or folder name. */
  String name();

  /** The path the user gave. */
  Path root();

  /** The scanned commit id, or null for a folder outside Git. */
  String commit();

  /**
   * The {@link RemoteUrl normalised} URL of the repository's {@code origin} remote, or null for a
   * folder outside Git or a repository without that remote. Never holds credentials.
   */
  String remote();

  /** Receives every file of the source, or the reason it is skipped without being read. */
  interface Visitor {
    void file(BlobRef ref);

    void skipped(String path, String reason);
  }

  /** Receives what changed between two trees: listed paths as a {@link Visitor} does, and removals. */
  interface ChangeVisitor extends Visitor {
    /** The path was in the earlier tree and is not in this one. */
    void removed(String path);
  }

  /**
   * Lists only what differs from the tree of {@code commit}: each path added or changed (its
   * content, its mode, or a file now a folder) as {@link #enumerate} lists it, and each path
   * removed. Parts of the tree identical in both are not read. Call from one thread.
   *
   * @return false when this source cannot compare trees (a folder outside Git)
   * @throws IOException when {@code commit} is not in the repository or cannot be read
   */
  default boolean changesSince(String commit, ChangeVisitor visitor) throws IOException {
    return false;
  }

  /** Lists every file once. Call from one thread. */
  void enumerate(Visitor visitor) throws IOException;

  /**
   * Lists every file once, taking the size of a blob from {@code knownSizes} (by blob id; -1 when
   * unknown) rather than from the object store. Call from one thread.
   */
  default void enumerate(Visitor visitor, java.util.function.ToLongFunction<String> knownSizes)
      throws IOException {
    enumerate(visitor);
  }

  /** The content of one listed file. Thread-safe. */
  byte[] load(BlobRef ref) throws IOException;

  /**
   * Loads the content of one listed file into {@code buffer}, in the array it already has where
   * the source can: for workers that load file after file. Thread-safe; the buffer is the
   * calling thread's.
   */
  default void load(BlobRef ref, ReadBuffer buffer) throws IOException {
    buffer.set(load(ref));
  }

  /**
   * One regular file of the scanned tree, read by its path without listing the tree (the
   * repository's {@code airlock.yml} and the packs it names are read this way before the scan).
   * Empty when there is no such file, or when it is a symbolic link, a folder or a submodule.
   */
  Optional<byte[]> read(String path) throws IOException;

  /** The paths of the regular files directly inside {@code folder}, sorted; empty when none. */
  List<String> list(String folder) throws IOException;

  @Override
  void close();

  /**
   * Prepares for {@link #open} of {@code path}, on a thread that has nothing better to do while
   * the caller is busy elsewhere: a Git repository is opened once and closed, so that JGit's
   * classes and its file system and configuration set-up (which generate about 25 classes at run
   * time, for JGit's string concatenations) are ready, and the repository's files in the page
   * cache, when the scan opens it. That opening was on the critical path of every scan's start,
   * after the command line. Never fails: the scan opens the path again and reports any problem.
   */
  static void preload(Path path) {
    try {
      if (Files.isDirectory(path) && GitSource.isRepository(path)) {
        GitSource.preload(path);
      }
    } catch (RuntimeException e) {
      // Reported by the scan's own opening.
    }
  }

  /**
   * Tells the source, once the caller knows it, that it will load every blob it lists (a scan
   * without an index, or whose index holds no last scan): a working copy's Git index, which says
   * which files can be read from disk, is then read at once on a thread of its own, while the
   * caller goes on, rather than by the listing when it first needs it.
   */
  default void loadsAll() {}

  /**
   * Opens {@code path}: a Git working copy or bare repository is scanned at {@code ref} (HEAD when
   * null) through Git; any other folder is walked on disk.
   */
  static Source open(Path path, String ref) throws SourceException {
    if (!Files.exists(path)) {
      throw new SourceException(path + ": no such file or folder");
    }
    if (!Files.isDirectory(path)) {
      throw new SourceException(path + ": not a folder; give a repository or a folder to scan");
    }
    if (GitSource.isRepository(path)) {
      return GitSource.open(path, ref);
    }
    if (ref != null) {
      throw new SourceException(path + ": --ref needs a Git repository, and this folder is not one");
    }
    return new DirectorySource(path);
  }

  /**
   * Walks {@code path} on disk even inside a Git working copy (what a build sees, not what is
   * committed), leaving out {@code excluded} folders and everything below them. Relative excluded
   * paths are taken from {@code path}. Suits one module of a build, whose nested modules and build
   * output are not its own.
   */
  static Source folder(Path path, Set<Path> excluded) throws SourceException {
    if (!Files.isDirectory(path)) {
      throw new SourceException(path + ": not a folder; give a folder to scan");
    }
    return new DirectorySource(path, excluded);
  }
}
