package dev.airlock.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.RuleSet;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import dev.airlock.scan.TestRepo;
import dev.airlock.source.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rescan's index opened ahead of the scan, while the command line is parsed ({@link
 * ScanState#preload(Path)}): the scan takes the reader and tree file of its own folder, makes the
 * reader current once it holds the lock, and reports what a scan without an index reports;
 * anything opened ahead that the scan does not take is released.
 */
class OpenedAheadTest {
  @TempDir Path tmp;

  private final Random random = new Random(20261202);
  private final RecordingListener listener = new RecordingListener();
  private final StateOptions state = StateOptions.inRepository(IndexMode.CODE);

  @BeforeEach
  @AfterEach
  void nothingOpenedAhead() {
    LuceneState.forgetAhead();
  }

  private TestRepo repo(Path dir) throws Exception {
    TestRepo repo = TestRepo.init(dir);
    for (int i = 0; i < 20; i++) {
      repo.write("src/app/Service" + i + ".java", "class Service" + i + " { int n = " + i + "; }\n");
    }
    repo.write("deploy/creds.env", "AWS_ACCESS_KEY_ID=" + TestRepo.awsKeyId(random) + "\n");
    repo.commit("initial");
    return repo;
  }

  private ScanResult scan(Path dir, StateOptions options) {
    return Scanner.builder().rules(RuleSet.builtIn()).threads(2).listener(listener).state(options)
        .build().scanPaths(List.of(dir), null).get(0);
  }

  /** The index summary of the last scan. */
  private String summary() {
    return listener.summaries.get(listener.summaries.size() - 1);
  }

  private static void assertSameReport(ScanResult actual, ScanResult expected) {
    assertThat(actual.error()).isNull();
    assertThat(actual.findings()).isEqualTo(expected.findings());
    assertThat(actual.skipped()).isEqualTo(expected.skipped());
    assertThat(actual.label()).isEqualTo(expected.label());
    assertThat(actual.units()).isEqualTo(expected.units());
    assertThat(actual.onPremFiles()).isEqualTo(expected.onPremFiles());
  }

  /** As a new process does: a scan's own earlier opening stops any opening ahead. */
  private static void preload(Path dir) {
    LuceneState.forgetAhead();
    ScanState.preload(dir);
  }

  /** The reader opened ahead, once it is open. */
  private static DirectoryReader readerAhead() {
    return LuceneState.AHEAD.get().reader().join();
  }

  @Test
  void rescanTakesTheIndexOpenedAheadAndReportsWhatAScanWithoutIndexDoes() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = repo(dir)) {
      scan(dir, state);
      assertThat(summary()).doesNotContain("opened ahead");
      repo.write("src/app/Service1.java", "class Service1 { String k = \"" + TestRepo.githubToken(random) + "\"; }\n");
      repo.write("src/app/Added.java", "class Added {}\n");
      repo.commit("change");

      preload(dir);
      DirectoryReader ahead = readerAhead();
      ScanResult rescan = scan(dir, state);
      assertThat(summary()).contains("reader and tree file opened ahead of the scan");
      assertThat(rescan.stats().blobsScanned()).isEqualTo(2);
      assertSameReport(rescan, scan(dir, StateOptions.none()));
      // Taken, and closed with the scan's state.
      assertThat(ahead.getRefCount()).isZero();
      assertThat(listener.warnings).isEmpty();
      // Opened ahead once per process: the next scan opens its index itself.
      ScanState.preload(dir);
      assertThat(LuceneState.AHEAD.get().dir()).isNull();
    }
  }

  @Test
  void aCommitMadeAfterTheIndexWasOpenedAheadIsSeen() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = repo(dir)) {
      scan(dir, state);
      String secret = "token=" + TestRepo.githubToken(random) + "\n";
      repo.write("src/app/First.properties", secret);
      repo.commit("add a file");
      preload(dir);
      readerAhead();
      // Another scan commits between the opening ahead and this scan's taking the lock.
      LuceneState.Ahead opened = LuceneState.AHEAD.getAndSet(null);
      ScanResult other = scan(dir, state);
      assertThat(other.stats().blobsScanned()).isEqualTo(1);
      LuceneState.AHEAD.set(opened);

      // The same blob at another path: known to the index only through the other scan's commit.
      repo.write("src/app/Second.properties", secret);
      repo.commit("copy it");
      ScanResult rescan = scan(dir, state);
      assertThat(summary()).contains("opened ahead");
      // Compared with the other scan's tree, not the one read ahead.
      assertThat(listener.summaries.get(listener.summaries.size() - 2))
          .contains("listing: changes since " + repo.git().getRepository().resolve("HEAD~1").name().substring(0, 12))
          .contains(": 1 paths");
      assertThat(rescan.stats().blobsScanned()).isZero();
      assertSameReport(rescan, scan(dir, StateOptions.none()));
    }
  }

  @Test
  void anIndexOpenedAheadInAnotherFolderIsReleased() throws Exception {
    Path one = tmp.resolve("one");
    Path two = tmp.resolve("two");
    try (TestRepo a = repo(one); TestRepo b = repo(two)) {
      scan(one, state);
      scan(two, state);
      preload(one);
      DirectoryReader ahead = readerAhead();
      scan(two, state);
      assertThat(summary()).doesNotContain("opened ahead");
      assertThat(ahead.getRefCount()).isZero();
      // Nothing of it holds the first repository's index.
      assertSameReport(scan(one, state), scan(one, StateOptions.none()));
      assertThat(listener.warnings).isEmpty();
    }
  }

  @Test
  void aDamagedIndexOpenedAheadIsRebuiltWithAWarning() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = repo(dir)) {
      ScanResult cold = scan(dir, state);
      try (Stream<Path> files = Files.list(dir.resolve(".git/airlock/index"))) {
        for (Path f : files.toList()) {
          if (f.getFileName().toString().endsWith(".si")) {
            Files.write(f, new byte[] {1, 2, 3});
          }
        }
      }
      preload(dir);
      ScanResult rebuilt = scan(dir, state);
      assertThat(listener.warnings).singleElement().asString().contains("damaged").contains("rebuilt");
      assertSameReport(rebuilt, cold);
      assertThat(rebuilt.stats().blobsReused()).isZero();
    }
  }

  @Test
  void aScanThatCannotTakeTheLockReleasesWhatWasOpenedAhead() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = repo(dir)) {
      scan(dir, state);
      StateOptions briefly = state.withLockWait(Duration.ofMillis(300));
      try (Source source = Source.open(dir, null);
          ScanState held = ScanState.open(source, RuleSet.builtIn(), briefly, listener.warnings::add)) {
        preload(dir);
        DirectoryReader ahead = readerAhead();
        ScanResult blocked = scan(dir, briefly);
        assertThat(blocked.error()).contains("in use by another scan");
        assertThat(ahead.getRefCount()).isZero();
      }
      assertSameReport(scan(dir, state), scan(dir, StateOptions.none()));
    }
  }
}
