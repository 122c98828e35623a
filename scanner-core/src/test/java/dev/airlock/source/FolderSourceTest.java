package dev.airlock.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.scan.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder walked on disk with excluded sub-folders, as a build module is scanned. */
class FolderSourceTest {
  @TempDir Path tmp;

  private static List<String> listed(Source source) throws Exception {
    List<String> paths = new ArrayList<>();
    source.enumerate(
        new Source.Visitor() {
          @Override
          public void file(BlobRef ref) {
            paths.add(ref.path());
          }

          @Override
          public void skipped(String path, String reason) {
            paths.add(path + " skipped " + reason);
          }
        });
    paths.sort(null);
    return paths;
  }

  @Test
  void excludedFoldersAndEverythingBelowThemAreNotListed() throws Exception {
    Path module = tmp.resolve("parent");
    for (String file : List.of("pom.xml", "src/a.txt", "child/pom.xml", "child/src/b.txt",
        "target/classes/c.txt", "target2/d.txt")) {
      Files.createDirectories(module.resolve(file).getParent());
      Files.writeString(module.resolve(file), "x\n");
    }
    try (Source source = Source.folder(module, Set.of(Path.of("child"), module.resolve("target")))) {
      assertThat(listed(source)).containsExactly("pom.xml", "src/a.txt", "target2/d.txt");
      assertThat(source.commit()).isNull();
      assertThat(source.name()).isEqualTo("parent");
    }
  }

  @Test
  void aFolderInsideAGitWorkingCopyIsReadFromDiskIncludingUncommittedFiles() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
      repo.write("module/committed.txt", "a\n").commit("first");
      repo.write("module/uncommitted.txt", "b\n");
    }
    try (Source source = Source.folder(tmp.resolve("repo"), Set.of())) {
      assertThat(listed(source)).containsExactly("module/committed.txt", "module/uncommitted.txt");
    }
  }

  @Test
  void aMissingFolderFailsWithItsPath() {
    Path missing = tmp.resolve("nope");
    assertThatThrownBy(() -> Source.folder(missing, Set.of()))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining(missing.toString());
  }
}
