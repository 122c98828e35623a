package dev.airlock.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.index.IndexMode;
import dev.airlock.index.ScanState;
import dev.airlock.index.StateOptions;
import dev.airlock.rules.Finding;
import dev.airlock.rules.RuleSet;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import dev.airlock.scan.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of a working copy that Git's index shows unchanged are read from disk; every other file
 * (changed, staged, deleted) from the scanned commit's blob. Either way the scan is the same.
 */
class WorkingCopyReadTest {
  private static final long SEED = 20261201L;
  private static final Scanner SCANNER = Scanner.builder().threads(2).build();

  @TempDir Path tmp;

  private Path dir;
  private final Random random = new Random(SEED);
  private final List<String> committedTokens = new ArrayList<>();

  /**
   * Commits five files with a credential each, then changes the working copy: one file rewritten
   * without committing, one deleted, one changed and staged; two left alone.
   */
  @BeforeEach
  void repositoryWithAChangedWorkingCopy() throws Exception {
    dir = tmp.resolve("repo");
    try (TestRepo repo = TestRepo.init(dir)) {
      for (String name : List.of("same.properties", "same2.properties", "edited.properties",
          "deleted.properties", "staged.properties")) {
        String token = TestRepo.githubToken(random);
        committedTokens.add(token);
        repo.write(name, "# " + name + "\ngithub.token=" + token + "\n");
      }
      // Stat data older than the index, so the index does not count the entries as racily clean.
      backdate("same.properties", "same2.properties", "edited.properties", "deleted.properties",
          "staged.properties");
      repo.commit("initial");

      repo.write("edited.properties", "# edited.properties\nnothing here any more\n");
      Files.delete(dir.resolve("deleted.properties"));
      repo.write("staged.properties", "# staged.properties\ngithub.token="
          + TestRepo.githubToken(random) + "\n");
      backdate("staged.properties");
      repo.git().add().addFilepattern("staged.properties").call();
    }
  }

  private void backdate(String... names) throws Exception {
    for (String name : names) {
      Files.setLastModifiedTime(dir.resolve(name), FileTime.from(Instant.now().minusSeconds(3600)));
    }
  }

  @Test
  void unchangedFilesComeFromDiskAndEveryOtherFromTheCommittedBlob() throws Exception {
    List<BlobRef> refs = new ArrayList<>();
    try (GitSource withDisk = GitSource.open(dir, null, true);
        GitSource blobsOnly = GitSource.open(dir, null, false)) {
      withDisk.enumerate(visitor(refs));
      assertThat(refs).hasSize(5);
      for (BlobRef ref : refs) {
        assertThat(withDisk.load(ref)).as(ref.path()).isEqualTo(blobsOnly.load(ref));
      }
      assertThat(withDisk.workingCopyReads()).isEqualTo(2);
      assertThat(blobsOnly.workingCopyReads()).isZero();
    }
  }

  @Test
  void findingsAreTheSameWithAndWithoutReadingTheWorkingCopy() throws Exception {
    ScanResult withDisk;
    ScanResult blobsOnly;
    try (GitSource source = GitSource.open(dir, null, true)) {
      withDisk = SCANNER.scan(source);
      assertThat(source.workingCopyReads()).isEqualTo(2);
    }
    try (GitSource source = GitSource.open(dir, null, false)) {
      blobsOnly = SCANNER.scan(source);
    }
    assertThat(withDisk.findings()).isEqualTo(blobsOnly.findings());
    // The committed credential of every file is found, whatever the working copy holds now.
    assertThat(withDisk.findings().stream().map(Finding::location).map(l -> l.path()).distinct())
        .containsExactlyInAnyOrder("same.properties", "same2.properties", "edited.properties",
            "deleted.properties", "staged.properties");
    assertThat(withDisk.findings().stream().map(Finding::redacted))
        .noneMatch(r -> committedTokens.stream().anyMatch(r::contains));
  }

  @Test
  void theFirstLoadsOfAScanComeFromTheObjectStoreAndLaterOnesFromDisk() throws Exception {
    List<BlobRef> refs = new ArrayList<>();
    try (GitSource source = GitSource.open(dir, null)) {
      source.enumerate(visitor(refs));
      BlobRef same = refs.stream().filter(r -> r.path().equals("same.properties")).findFirst().orElseThrow();
      byte[] expected = Files.readAllBytes(dir.resolve("same.properties"));
      for (int i = 0; i < GitSource.PACK_LOADS_FIRST; i++) {
        assertThat(source.load(same)).isEqualTo(expected);
      }
      // A rescan loads a few files: the working copy's index is not read for them.
      assertThat(source.workingCopyReads()).isZero();
      assertThat(source.load(same)).isEqualTo(expected);
      assertThat(source.workingCopyReads()).isEqualTo(1);
    }
  }

  @Test
  void anIndexReadAheadServesTheFirstLoadsAndSizesAndTheSameBytes() throws Exception {
    List<BlobRef> refs = new ArrayList<>();
    List<BlobRef> lazily = new ArrayList<>();
    try (GitSource ahead = GitSource.open(dir, null);
        GitSource whenNeeded = GitSource.open(dir, null);
        GitSource blobsOnly = GitSource.open(dir, null, false)) {
      ahead.loadsAll();
      ahead.enumerate(visitor(refs));
      whenNeeded.enumerate(visitor(lazily));
      assertThat(refs).isEqualTo(lazily);
      // For a scan that loads everything, the listing's very first sizes come from the index.
      assertThat(ahead.indexSizes()).isEqualTo(2);
      assertThat(whenNeeded.indexSizes()).isZero();
      for (BlobRef ref : refs) {
        assertThat(ahead.load(ref)).as(ref.path()).isEqualTo(blobsOnly.load(ref));
      }
      // Unchanged files are read from disk from the first load on, every other from its blob.
      assertThat(ahead.workingCopyReads()).isEqualTo(2);
    }
  }

  @Test
  void aScanWithNoLastScanInItsIndexReadsTheGitIndexAheadAndARescanDoesNot() throws Exception {
    List<String> warnings = new ArrayList<>();
    StateOptions options = StateOptions.inRepository(IndexMode.FINDINGS);
    try (GitSource cold = GitSource.open(dir, null);
        ScanState state = ScanState.open(cold, RuleSet.builtIn(), options, warnings::add)) {
      cold.enumerate(visitor(new ArrayList<>()));
      // Opening an index with no last scan told the source it loads everything.
      assertThat(cold.indexSizes()).isEqualTo(2);
    }
    ScanResult scanned =
        Scanner.builder().threads(2).state(options).build().scanPaths(List.of(dir), null).get(0);
    assertThat(scanned.error()).isNull();
    try (GitSource rescan = GitSource.open(dir, null);
        ScanState state = ScanState.open(rescan, RuleSet.builtIn(), options, warnings::add)) {
      rescan.enumerate(visitor(new ArrayList<>()));
      assertThat(rescan.indexSizes()).isZero();
    }
  }

  @Test
  void theListingTakesTheSizesOfUnchangedFilesFromTheIndexAndTheOthersFromTheObjectStore()
      throws Exception {
    List<BlobRef> withDisk = new ArrayList<>();
    List<BlobRef> blobsOnly = new ArrayList<>();
    try (GitSource disk = GitSource.open(dir, null, true);
        GitSource blobs = GitSource.open(dir, null, false)) {
      disk.enumerate(visitor(withDisk));
      blobs.enumerate(visitor(blobsOnly));
      // same and same2; edited, staged (its index entry is not the commit's blob) and deleted not.
      assertThat(disk.indexSizes()).isEqualTo(2);
      assertThat(blobs.indexSizes()).isZero();
    }
    assertThat(withDisk).isEqualTo(blobsOnly);
  }

  @Test
  void aFileThatChangedSizeAfterTheIndexIsListedAndReadAsItsBlob() throws Exception {
    String before = Files.readString(dir.resolve("same.properties"));
    Files.writeString(dir.resolve("same.properties"), before + "# appended, not committed\n");
    try (GitSource source = GitSource.open(dir, null, true)) {
      BlobRef same = ref(source, "same.properties");
      assertThat(same.size()).isEqualTo(before.length());
      assertThat(new String(source.load(same), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(before);
      assertThat(source.indexSizes()).isEqualTo(1);
      assertThat(source.workingCopyReads()).isZero();
    }
  }

  /**
   * Line-ending conversion makes the file on disk (and its index entry's size) differ from the
   * blob while Git's stat data still matches: the size and the bytes must be the blob's.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"autocrlf", "attributes"})
  void aConvertedFileIsListedAndReadAsItsBlob(String conversion) throws Exception {
    String onDisk = "first line\r\nsecond line\r\n";
    String committed = "first line\nsecond line\n";
    try (TestRepo repo = TestRepo.init(tmp.resolve(conversion))) {
      if (conversion.equals("autocrlf")) {
        org.eclipse.jgit.lib.StoredConfig config = repo.git().getRepository().getConfig();
        config.setString("core", null, "autocrlf", "true");
        config.save();
      } else {
        repo.write(".gitattributes", "*.txt text eol=crlf\n");
      }
      repo.write("notes.txt", onDisk);
      dir = repo.dir();
      backdate("notes.txt");
      repo.commit("converted");
    }
    try (GitSource source = GitSource.open(dir, null, true)) {
      BlobRef notes = ref(source, "notes.txt");
      assertThat(notes.size()).isEqualTo(committed.length());
      assertThat(new String(source.load(notes), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(committed);
      assertThat(source.indexSizes()).isZero();
    }
  }

  @Test
  void aFileRewrittenBetweenTheListingAndTheReadIsReadFromTheBlob() throws Exception {
    String before = Files.readString(dir.resolve("same.properties"));
    try (GitSource source = GitSource.open(dir, null, true)) {
      BlobRef same = ref(source, "same.properties");
      // The listing stated it unchanged, so its read does not stat it before opening it.
      assertThat(source.indexSizes()).isEqualTo(2);
      Files.writeString(dir.resolve("same.properties"), "x".repeat(before.length()));
      assertThat(new String(source.load(same), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(before);
      assertThat(source.workingCopyReads()).isZero();
    }
  }

  @Test
  void aFileRewrittenAfterTheIndexIsReadFromTheBlob() throws Exception {
    // Same size, new content, a new modification time: the stat data no longer matches the index.
    String before = Files.readString(dir.resolve("same.properties"));
    Files.writeString(dir.resolve("same.properties"), "x".repeat(before.length()));
    try (GitSource source = GitSource.open(dir, null, true)) {
      List<BlobRef> refs = new ArrayList<>();
      source.enumerate(visitor(refs));
      BlobRef same = refs.stream().filter(r -> r.path().equals("same.properties")).findFirst().orElseThrow();
      assertThat(new String(source.load(same), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(before);
      assertThat(source.workingCopyReads()).isZero();
    }
  }

  @Test
  void oneBufferTakesABigFileThenSmallerOnesAndBlobsWithNothingLeftOver() throws Exception {
    Path big = dir.resolve("big.txt");
    // Larger than a worker's first buffer, so that the buffer grows and then serves less.
    StringBuilder text = new StringBuilder();
    while (text.length() < 300_000) {
      text.append("line ").append(random.nextInt()).append('\n');
    }
    Files.writeString(big, text);
    backdate("big.txt");
    try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.open(dir.toFile())) {
      // Commits the staged file too, which then is unchanged on disk.
      git.add().addFilepattern("big.txt").call();
      git.commit().setMessage("a big file").call();
    }
    try (GitSource withDisk = GitSource.open(dir, null, true);
        GitSource blobsOnly = GitSource.open(dir, null, false)) {
      List<BlobRef> refs = new ArrayList<>();
      withDisk.enumerate(visitor(refs));
      BlobRef bigRef = refs.stream().filter(r -> r.path().equals("big.txt")).findFirst().orElseThrow();
      List<BlobRef> order = new ArrayList<>();
      // Big from disk, then small ones from disk and from blobs (edited, staged), then big again.
      order.add(bigRef);
      order.addAll(refs);
      order.add(bigRef);
      ReadBuffer buffer = new ReadBuffer(1 << 10);
      for (BlobRef ref : order) {
        withDisk.load(ref, buffer);
        byte[] expected = blobsOnly.load(ref);
        assertThat(buffer.length()).as(ref.path()).isEqualTo(expected.length);
        assertThat(java.util.Arrays.copyOf(buffer.bytes(), buffer.length())).as(ref.path()).isEqualTo(expected);
        assertThat(buffer.copy()).as(ref.path()).isEqualTo(expected);
        buffer.clear();
      }
      assertThat(Files.size(big)).isGreaterThan(1 << 16);
      // big.txt three times, same, same2 and staged from disk; edited and deleted from blobs.
      assertThat(withDisk.workingCopyReads()).isEqualTo(6);
    }
  }

  @Test
  void aSymbolicLinkInAFilesPlaceIsNotFollowed() throws Exception {
    Path same = dir.resolve("same.properties");
    String committed = Files.readString(same);
    Path elsewhere = tmp.resolve("elsewhere.properties");
    Files.writeString(elsewhere, "x".repeat(committed.length()));
    FileTime indexed = Files.getLastModifiedTime(same);
    Files.setLastModifiedTime(elsewhere, indexed);
    Files.delete(same);
    Files.createSymbolicLink(same, elsewhere);
    try (GitSource source = GitSource.open(dir, null, true)) {
      BlobRef ref = ref(source, "same.properties");
      assertThat(new String(source.load(ref), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(committed);
      assertThat(source.workingCopyReads()).isZero();
    }
  }

  @Test
  void aNamedPipeInAFilesPlaceIsNeverOpened() throws Exception {
    Path same = dir.resolve("same.properties");
    String committed = Files.readString(same);
    Files.delete(same);
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", same.toString()).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no mkfifo here: " + e.getMessage());
      return;
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
    try (GitSource source = GitSource.open(dir, null, true)) {
      BlobRef ref = ref(source, "same.properties");
      // Opening a pipe for reading waits for a writer: the read must not get that far.
      byte[] loaded =
          org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
              java.time.Duration.ofSeconds(20), () -> source.load(ref));
      assertThat(new String(loaded, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(committed);
      assertThat(source.workingCopyReads()).isZero();
    }
  }

  private static BlobRef ref(Source source, String path) throws Exception {
    List<BlobRef> refs = new ArrayList<>();
    source.enumerate(visitor(refs));
    return refs.stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
  }

  @Test
  void aBareRepositoryReadsEveryBlobFromItsObjects() throws Exception {
    Path bare = tmp.resolve("bare.git");
    try (org.eclipse.jgit.api.Git g =
        org.eclipse.jgit.api.Git.cloneRepository().setURI(dir.toUri().toString())
            .setDirectory(bare.toFile()).setBare(true).call()) {
      assertThat(g.getRepository().isBare()).isTrue();
    }
    try (GitSource source = GitSource.open(bare, null, true)) {
      List<BlobRef> refs = new ArrayList<>();
      source.enumerate(visitor(refs));
      for (BlobRef ref : refs) {
        source.load(ref);
      }
      assertThat(refs).hasSize(5);
      assertThat(source.workingCopyReads()).isZero();
    }
  }

  @Test
  void aKnownSizeIsTakenInsteadOfAskingTheObjectStore() throws Exception {
    List<BlobRef> plain = new ArrayList<>();
    List<BlobRef> hinted = new ArrayList<>();
    try (Source source = Source.open(dir, null)) {
      source.enumerate(visitor(plain));
      String first = plain.get(0).blobId();
      // A size no blob here has: seeing it proves the listing took the hint for that blob only.
      source.enumerate(visitor(hinted), id -> id.equals(first) ? 123_456_789L : -1);
    }
    assertThat(plain).hasSize(5);
    assertThat(plain).allSatisfy(ref -> assertThat(ref.size()).isBetween(20L, 200L));
    assertThat(hinted.get(0).size()).isEqualTo(123_456_789L);
    assertThat(hinted.subList(1, 5)).isEqualTo(plain.subList(1, 5));
  }

  private static Source.Visitor visitor(List<BlobRef> refs) {
    return new Source.Visitor() {
      @Override
      public void file(BlobRef ref) {
        refs.add(ref);
      }

      @Override
      public void skipped(String path, String reason) {
        throw new AssertionError("nothing is skipped here: " + path + " " + reason);
      }
    };
  }
}
