package dev.airlock.maven;

import dev.airlock.source.RemoteUrl;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The normalised {@code origin} remote of the Git repository a build lives in, so that the labels
 * feed names the repository the way the gateway knows it. Only the repository's own config is
 * read; no network.
 */
final class GitRemote {
  private GitRemote() {}

  /** The remote, or null when the folder is in no Git repository or it has no origin. */
  static String of(Path folder) {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(folder.toFile());
    if (builder.getGitDir() == null) {
      return null;
    }
    try (Repository repo = builder.setMustExist(true).build()) {
      return RemoteUrl.normalise(repo.getConfig().getString("remote", "origin", "url"));
    } catch (IOException | RuntimeException e) {
      // A damaged repository costs the report its remote, never the build.
      return null;
    }
  }
}
