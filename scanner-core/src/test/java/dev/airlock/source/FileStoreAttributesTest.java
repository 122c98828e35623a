package dev.airlock.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.scan.TestRepo;
import java.lang.reflect.Method;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a repository tells JGit its file store's attributes, so JGit never measures the store
 * (probe files written in the Git directory, seconds of a first scan, a write to the user's
 * ~/.config/jgit/config). The key is JGit's own, asked of JGit by reflection, so that a JGit
 * upgrade that names stores differently fails here instead of silently measuring again.
 */
class FileStoreAttributesTest {
  @TempDir Path tmp;

  @Test
  void openingARepositoryGivesJGitItsStoresAttributesUnderJGitsOwnKey() throws Exception {
    Path dir = tmp.resolve("repo");
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("a.txt", "hello\n");
      repo.commit("initial");
    }
    FileStore store = Files.getFileStore(dir.resolve(".git"));
    Class<?> attributes = FS.FileStoreAttributes.class;
    Method key = attributes.getDeclaredMethod("getConfigKey", FileStore.class);
    key.setAccessible(true);
    String jgitKey = (String) key.invoke(null, store);
    // Other tests of this JVM may have had JGit measure the store (and record it here) already.
    GitSource.assumedFileStores().unsetSection("filesystem", jgitKey);

    try (GitSource source = GitSource.open(dir, null)) {
      assertThat(source.commit()).hasSize(40);
    }
    assertThat(GitSource.assumedFileStores().getString("filesystem", jgitKey, "timestampResolution"))
        .isEqualTo("2 seconds");

    // And JGit reads them back as they are meant: its fallback for a store it cannot measure.
    Method read = attributes.getDeclaredMethod("readFromConfig", FileStore.class);
    read.setAccessible(true);
    Optional<?> fromConfig = (Optional<?>) read.invoke(null, store);
    assertThat(fromConfig).isPresent();
    FS.FileStoreAttributes a = (FS.FileStoreAttributes) fromConfig.get();
    assertThat(a.getFsTimestampResolution()).isEqualTo(Duration.ofSeconds(2));
    assertThat(a.getMinimalRacyInterval()).isEqualTo(Duration.ZERO);
  }
}
