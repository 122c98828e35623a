package dev.airlock.index;

import dev.airlock.rules.Redaction;
import dev.airlock.source.GitSource;
import dev.airlock.source.Source;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a repository's index lives. */
final class StateLocation {
  private StateLocation() {}

  /**
   * The index folder of {@code source}: under {@code stateRoot} when given (one folder per
   * repository identity), else in the Git directory (working copy and bare alike), else null: a
   * folder outside Git has no place of its own to keep state without writing into the tree.
   */
  static Path indexDir(Source source, Path stateRoot) {
    if (stateRoot != null) {
      return stateRoot.resolve(folderName(source.name(), identity(source)));
    }
    if (source instanceof GitSource git) {
      return git.gitDirectory().resolve("airlock").resolve("index");
    }
    return null;
  }

  /**
   * The index folder of the Git working copy {@code workingCopy} without a state root, as {@link
   * #indexDir} finds it once the repository is open, or null when its {@code .git} is not a
   * folder (a linked worktree's Git directory is elsewhere).
   */
  static Path indexDirOf(Path workingCopy) {
    Path git = workingCopy.resolve(".git");
    return Files.isDirectory(git) ? git.resolve("airlock").resolve("index") : null;
  }

  /**
   * What makes two scans the same repository: the origin remote when there is one (clones of one
   * repository in different folders share state), else the canonical location.
   */
  static String identity(Source source) {
    if (source instanceof GitSource git) {
      String origin = git.remote();
      return origin != null ? origin : canonical(git.gitDirectory());
    }
    return canonical(source.root());
  }

  private static String canonical(Path path) {
    try {
      return path.toRealPath().toString();
    } catch (java.io.IOException e) {
      return path.toAbsolutePath().normalize().toString();
    }
  }

  /** A readable, file-system-safe folder name that cannot collide for different identities. */
  static String folderName(String name, String identity) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.isEmpty() || safe.startsWith(".")) {
      safe = "repo" + safe;
    }
    if (safe.length() > 60) {
      safe = safe.substring(0, 60);
    }
    return safe + "-" + Redaction.hashHex(identity, 12);
  }
}
