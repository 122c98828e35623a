package dev.airlock.maven;

import dev.airlock.source.RemoteUrl;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The Git repository a build lives in, if any: its normalised {@code origin} remote, so that the
 * labels feed names the repository the way the gateway knows it, and its Git directory, where scan
 * state survives {@code mvn clean}. Only the repository's own files are read; no network.
 *
 * @param remote the normalised origin remote, or null
 * @param gitDir the Git directory, or null when the folder is in no Git repository
 */
record EnclosingRepository(String remote, Path gitDir) {
  static final EnclosingRepository NONE = new EnclosingRepository(null, null);

  /** The repository {@code folder} lies in. */
  static EnclosingRepository find(Path folder) {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(folder.toFile());
    if (builder.getGitDir() == null) {
      return NONE;
    }
    try (Repository repo = builder.setMustExist(true).build()) {
      return new EnclosingRepository(
          RemoteUrl.normalise(repo.getConfig().getString("remote", "origin", "url")),
          repo.getDirectory().toPath().toAbsolutePath().normalize());
    } catch (IOException | RuntimeException e) {
      // A damaged repository costs the report its remote and the state its place, never the build.
      return NONE;
    }
  }
}
