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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalScanTest {
  @TempDir Path tmp;

  private final Random random = new Random(20261201);
  private final RecordingListener listener = new RecordingListener();
  private final List<String> warnings = listener.warnings;
  private final List<String> summaries = listener.summaries;

  private static final int FILES = 40;

  /** A repository with plain files, credentials, and one blob under paths with different rules. */
  private TestRepo repoWithFindings(Path dir) throws Exception {
    TestRepo repo = TestRepo.init(dir);
    for (int i = 0; i < FILES; i++) {
      repo.write("src/main/java/app/Service" + i + ".java",
          "package app;\nclass Service" + i + " {\n  int handle(int x) { return x * " + i + "; }\n}\n");
    }
    repo.write("config/app.properties", "db.url=jdbc:postgresql://db/app\ntoken=" + TestRepo.token(random, TestRepo.BASE62, 32) + "\n");
    repo.write("deploy/creds.env", "AWS_ACCESS_KEY_ID=" + TestRepo.awsKeyId(random) + "\n");
    String shared = "password=" + TestRepo.token(random, TestRepo.BASE62, 20) + "7!\nmail ops.lead@corp.example.com\n";
    // The same blob where path-limited rules apply (.properties) and where they do not (.java, AUTHORS).
    repo.write("shared/a.properties", shared);
    repo.write("shared/B.java", shared);
    repo.write("AUTHORS", shared);
    repo.write("docs/team.txt", shared);
    repo.commit("initial");
    return repo;
  }

  private Scanner scanner(StateOptions state) {
    return scanner(state, RuleSet.builtIn());
  }

  private Scanner scanner(StateOptions state, RuleSet rules) {
    return Scanner.builder().rules(rules).threads(2).listener(listener).state(state).build();
  }

  private ScanResult scan(Path path, StateOptions state) {
    return scanner(state).scanPaths(List.of(path), null).get(0);
  }

  private static void assertSameOutcome(ScanResult actual, ScanResult expected) {
    assertThat(actual.error()).isNull();
    assertThat(actual.findings()).isEqualTo(expected.findings());
    assertThat(actual.partial()).isEqualTo(expected.partial());
    assertThat(actual.skipped()).isEqualTo(expected.skipped());
    assertThat(actual.label()).isEqualTo(expected.label());
    assertThat(actual.stats().files()).isEqualTo(expected.stats().files());
    // A rescan takes the sizes of known blobs from the index, not from the object store.
    assertThat(actual.stats().bytes()).isEqualTo(expected.stats().bytes());
  }

  @Test
  void rescanReadsOnlyChangedBlobsAndReportsTheSameFindings() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = repoWithFindings(dir)) {
      StateOptions state = StateOptions.inRepository(IndexMode.CODE);
      ScanResult cold = scan(dir, state);
      long distinct = cold.stats().blobsScanned();
      assertThat(cold.stats().blobsReused()).isZero();
      assertThat(cold.findings()).isNotEmpty();
      assertSameOutcome(cold, scan(dir, StateOptions.none()));

      repo.write("src/main/java/app/Service1.java", "class Service1 { String k = \"" + TestRepo.githubToken(random) + "\"; }\n");
      repo.write("src/main/java/app/Service2.java", "class Service2 {}\n");
      repo.write("config/app.properties", "db.url=jdbc:postgresql://db/other\n");
      repo.write("src/main/java/app/Added.java", "class Added {}\n");
      Files.delete(dir.resolve("src/main/java/app/Service3.java"));
      repo.commit("change a few files");

      ScanResult rescan = scan(dir, state);
      assertThat(rescan.stats().blobsScanned()).isEqualTo(4);
      assertThat(rescan.stats().blobsReused()).isEqualTo(distinct - 4);
      assertSameOutcome(rescan, scan(dir, StateOptions.none()));
      assertThat(warnings).as(warnings.toString()).isEmpty();
      // The tree was compared with the last scanned one: only the changed paths were looked up.
      assertThat(summaries.get(summaries.size() - 4)).contains("listing: changes since").contains(": 5 paths");
      assertThat(summaries.get(summaries.size() - 3)).contains("read 0 stored blobs");

      // Without the last scan's per-path results, the tree is listed and looked up in full.
      Files.delete(dir.resolve(".git/airlock/index").resolve(LuceneState.TREE_FILE));
      repo.write("src/main/java/app/Service4.java", "class Service4 {}\n");
      repo.commit("change one more");
      ScanResult listed = scan(dir, state);
      assertThat(listed.stats().blobsScanned()).isEqualTo(1);
      assertSameOutcome(listed, scan(dir, StateOptions.none()));
      assertThat(summaries.get(summaries.size() - 4)).contains("listing: the whole tree");
      // The clean files share one stored outcome, decoded once; only blobs with findings are
      // decoded one by one.
      String summary = summaries.get(summaries.size() - 3);
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("cache 0 hits, (\\d+) misses.*; (\\d+) outcomes shared").matcher(summary);
      assertThat(m.find()).as(summary).isTrue();
      assertThat(Integer.parseInt(m.group(1))).as(summary).isLessThan(10);
      assertThat(Integer.parseInt(m.group(2))).as(summary).isPositive();
    }
  }

  @Test
  void rescanAfterMovesCopiesAndDeletesReportsWhatAColdScanReports() throws Exception {
    Path dir = tmp.resolve("mono");
    String licence = "// Licensed under the Apache License, Version 2.0\n";
    String secret = "password=" + TestRepo.token(random, TestRepo.BASE62, 20) + "7!\n";
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("pom.xml", "<project><modules><module>billing</module><module>auth</module></modules></project>\n");
      repo.write("billing/pom.xml", "<project><artifactId>billing</artifactId></project>\n");
      repo.write("auth/pom.xml", "<project><artifactId>auth</artifactId></project>\n");
      for (int i = 0; i < 12; i++) {
        repo.write("billing/src/main/java/B" + i + ".java", licence + "class B" + i + " {}\n");
        repo.write("auth/src/main/java/A" + i + ".java", licence + "class A" + i + " {}\n");
      }
      repo.write("billing/src/main/resources/app.properties", secret);
      repo.write("auth/config/keys.env", "AWS_ACCESS_KEY_ID=" + TestRepo.awsKeyId(random) + "\n");
      repo.write("LICENSE", "Apache License\nVersion 2.0, January 2004\n");
      repo.commit("initial");
      StateOptions state = StateOptions.inRepository(IndexMode.CODE);
      assertSameOutcome(scan(dir, state), scan(dir, StateOptions.none()));

      // A file moved into a test folder (its findings drop to low confidence), one copied to a
      // path where other rules apply, a unit's manifest deleted, a file deleted, one edited.
      Files.createDirectories(dir.resolve("billing/src/test/java"));
      Files.move(dir.resolve("billing/src/main/resources/app.properties"),
          dir.resolve("billing/src/test/java/app.properties"));
      repo.write("auth/src/main/java/Copied.java", secret);
      Files.delete(dir.resolve("auth/pom.xml"));
      Files.delete(dir.resolve("billing/src/main/java/B3.java"));
      repo.write("billing/src/main/java/B4.java", licence + "class B4 { String k = \"" + TestRepo.githubToken(random) + "\"; }\n");
      repo.commit("move, copy, delete, edit");

      ScanResult rescan = scan(dir, state);
      ScanResult cold = scan(dir, StateOptions.none());
      assertSameOutcome(rescan, cold);
      assertThat(rescan.units()).isEqualTo(cold.units());
      assertThat(rescan.onPremFiles()).isEqualTo(cold.onPremFiles());
      assertThat(rescan.stats().blobsReused()).isPositive();
      assertThat(rescan.findings()).anyMatch(f -> f.location().path().equals("billing/src/test/java/app.properties"));
      assertThat(warnings).as(warnings.toString()).isEmpty();
    }
  }

  @Test
  void findingsOnlyIndexReusesBlobsToo() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = repoWithFindings(dir)) {
      StateOptions state = StateOptions.inRepository(IndexMode.FINDINGS);
      ScanResult cold = scan(dir, state);
      ScanResult again = scan(dir, state);
      assertThat(again.stats().blobsScanned()).isZero();
      assertThat(again.stats().blobsReused()).isEqualTo(cold.stats().blobsScanned());
      assertSameOutcome(again, cold);
      // A code index needs content the findings index lacks: blobs are read again, once.
      ScanResult code = scan(dir, StateOptions.inRepository(IndexMode.CODE));
      assertThat(code.stats().blobsScanned()).isEqualTo(cold.stats().blobsScanned());
      assertSameOutcome(code, cold);
    }
  }

  @Test
  void changingAnyRuleRescansEveryBlob() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = repoWithFindings(dir)) {
      StateOptions state = StateOptions.inRepository(IndexMode.CODE);
      ScanResult cold = scan(dir, state);
      Path pack = tmp.resolve("packs/extra.yml");
      Files.createDirectories(pack.getParent());
      Files.writeString(pack, """
          rules:
            - id: codename-falcon
              title: Project Falcon code name
              category: PROPRIETARY
              severity: HIGH
              keywords: [falcon]
              pattern: '(?i)\\bproject[ _-]?falcon\\b'
              examples:
                match: ['Roadmap for Project Falcon']
                nomatch: ['the falcon heavy launch']
          """);
      RuleSet changed = RuleSet.load(List.of(pack.getParent()));
      ScanResult rescan = scanner(state, changed).scanPaths(List.of(dir), null).get(0);
      assertThat(rescan.stats().blobsReused()).isZero();
      assertThat(rescan.stats().blobsScanned()).isEqualTo(cold.stats().blobsScanned());
      ScanResult again = scanner(state, changed).scanPaths(List.of(dir), null).get(0);
      assertThat(again.stats().blobsScanned()).isZero();
    }
  }

  @Test
  void stateLivesInTheGitDirectoryAndNeverInTheWorkingTree() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = repoWithFindings(dir)) {
      scan(dir, StateOptions.inRepository(IndexMode.CODE));
      assertThat(dir.resolve(".git/airlock/index")).isDirectory();
      assertThat(repo.git().status().call().isClean()).isTrue();
      try (Stream<Path> top = Files.list(dir)) {
        assertThat(top.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder(".git", "src", "config", "deploy", "shared", "AUTHORS", "docs");
      }
    }
  }

  @Test
  void bareRepositoryKeepsItsStateInsideItself() throws Exception {
    try (TestRepo repo = repoWithFindings(tmp.resolve("work"))) {
      Path bare = tmp.resolve("work.git");
      Git.cloneRepository().setURI(repo.dir().toUri().toString()).setBare(true)
          .setDirectory(bare.toFile()).call().close();
      StateOptions state = StateOptions.inRepository(IndexMode.CODE);
      ScanResult cold = scan(bare, state);
      assertThat(bare.resolve("airlock/index")).isDirectory();
      assertThat(scan(bare, state).stats().blobsReused()).isEqualTo(cold.stats().blobsScanned());
    }
  }

  @Test
  void stateRootHoldsOneIndexPerRepositoryAndFoldersOnlyThere() throws Exception {
    Path one = tmp.resolve("one");
    Path two = tmp.resolve("two");
    Path folder = tmp.resolve("folder");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("creds.env"), "AWS_ACCESS_KEY_ID=" + TestRepo.awsKeyId(random) + "\n");
    Files.writeString(folder.resolve("notes.txt"), "nothing here\n");
    try (TestRepo a = repoWithFindings(one);
        TestRepo b = repoWithFindings(two)) {
      Path root = tmp.resolve("state");
      StateOptions state = StateOptions.under(root, IndexMode.CODE);
      List<ScanResult> first = scanner(state).scanPaths(List.of(one, two, folder), null);
      assertThat(first).allSatisfy(r -> assertThat(r.error()).isNull());
      try (Stream<Path> dirs = Files.list(root)) {
        assertThat(dirs.map(p -> p.getFileName().toString()))
            .hasSize(3)
            .anySatisfy(n -> assertThat(n).startsWith("one-"))
            .anySatisfy(n -> assertThat(n).startsWith("two-"))
            .anySatisfy(n -> assertThat(n).startsWith("folder-"));
      }
      assertThat(one.resolve(".git/airlock")).doesNotExist();
      List<ScanResult> second = scanner(state).scanPaths(List.of(one, two, folder), null);
      for (int i = 0; i < 3; i++) {
        assertThat(second.get(i).stats().blobsScanned()).isZero();
        assertSameOutcome(second.get(i), first.get(i));
      }
      assertThat(second.get(2).stats().blobsReused()).isEqualTo(2);
    }
    // Without a state root a folder outside Git keeps nothing: it has nowhere outside its tree.
    ScanResult plain = scan(folder, StateOptions.inRepository(IndexMode.CODE));
    assertThat(plain.stats().blobsReused()).isZero();
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files).hasSize(2);
    }
  }

  @Test
  void damagedIndexIsRebuiltWithAWarning() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = repoWithFindings(dir)) {
      StateOptions state = StateOptions.inRepository(IndexMode.CODE);
      ScanResult cold = scan(dir, state);
      Path index = dir.resolve(".git/airlock/index");
      try (Stream<Path> files = Files.list(index)) {
        for (Path f : files.toList()) {
          if (!f.getFileName().toString().equals("write.lock")) {
            long size = Files.size(f);
            try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
              ch.truncate(size / 2);
            }
          }
        }
      }
      ScanResult rebuilt = scan(dir, state);
      assertThat(warnings).singleElement().asString().contains("damaged").contains("rebuilt");
      assertThat(rebuilt.stats().blobsReused()).isZero();
      assertSameOutcome(rebuilt, cold);
      warnings.clear();
      ScanResult after = scan(dir, state);
      assertThat(warnings).as(warnings.toString()).isEmpty();
      assertThat(after.stats().blobsScanned()).isZero();
    }
  }

  @Test
  void indexOfAnotherSchemaIsRebuiltInsteadOfRefusingNewDocuments() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = repoWithFindings(dir)) {
      StateOptions state = StateOptions.inRepository(IndexMode.FINDINGS);
      ScanResult cold = scan(dir, state);
      // An older airlock wrote this index: its fields may be shaped differently (a point field
      // where this version stores a plain value), which Lucene would refuse to mix.
      try (var directory = org.apache.lucene.store.FSDirectory.open(dir.resolve(".git/airlock/index"));
          var writer = new org.apache.lucene.index.IndexWriter(directory,
              new org.apache.lucene.index.IndexWriterConfig()
                  .setOpenMode(org.apache.lucene.index.IndexWriterConfig.OpenMode.CREATE))) {
        var doc = new org.apache.lucene.document.Document();
        doc.add(new org.apache.lucene.document.LongPoint(LuceneState.SIZE, 1));
        writer.addDocument(doc);
        writer.setLiveCommitData(java.util.Map.of(LuceneState.SCHEMA_KEY, "1").entrySet());
        writer.commit();
      }
      ScanResult rebuilt = scan(dir, state);
      assertThat(warnings).singleElement().asString().contains("another version").contains("rebuilt");
      assertSameOutcome(rebuilt, cold);
      warnings.clear();
      assertThat(scan(dir, state).stats().blobsScanned()).isZero();
      assertThat(warnings).isEmpty();
    }
  }

  @Test
  void indexOfAnotherBuildIsRebuiltSinceItsMatchingMayDiffer() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = repoWithFindings(dir)) {
      StateOptions state = StateOptions.inRepository(IndexMode.FINDINGS);
      ScanResult cold = scan(dir, state);
      assertThat(scan(dir, state).stats().blobsScanned()).isZero();
      // Same schema and rules, another build: its stored outcomes might not be what this one finds.
      try (var directory = org.apache.lucene.store.FSDirectory.open(dir.resolve(".git/airlock/index"));
          var writer = new org.apache.lucene.index.IndexWriter(directory,
              new org.apache.lucene.index.IndexWriterConfig()
                  .setOpenMode(org.apache.lucene.index.IndexWriterConfig.OpenMode.APPEND))) {
        java.util.Map<String, String> data = new java.util.HashMap<>();
        writer.getLiveCommitData().forEach(e -> data.put(e.getKey(), e.getValue()));
        assertThat(data).containsEntry(LuceneState.BUILD_KEY, dev.airlock.report.Tool.build());
        data.put(LuceneState.BUILD_KEY, "0.0.1@20000101T000000Z");
        writer.setLiveCommitData(data.entrySet());
        writer.commit();
      }
      warnings.clear();
      ScanResult rebuilt = scan(dir, state);
      assertThat(warnings).singleElement().asString().contains("another version or build").contains("rebuilt");
      assertThat(rebuilt.stats().blobsReused()).isZero();
      assertSameOutcome(rebuilt, cold);
      warnings.clear();
      assertThat(scan(dir, state).stats().blobsScanned()).isZero();
      assertThat(warnings).isEmpty();
    }
  }

  @Test
  void garbageInTheIndexFolderIsRebuiltWithAWarning() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = repoWithFindings(dir)) {
      StateOptions state = StateOptions.inRepository(IndexMode.FINDINGS);
      ScanResult cold = scan(dir, state);
      Path index = dir.resolve(".git/airlock/index");
      try (Stream<Path> files = Files.list(index)) {
        for (Path f : files.toList()) {
          if (f.getFileName().toString().startsWith("segments_")) {
            Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
          }
        }
      }
      ScanResult rebuilt = scan(dir, state);
      assertThat(warnings).singleElement().asString().contains("damaged");
      assertSameOutcome(rebuilt, cold);
    }
  }

  @Test
  void secondScanOfOneRepositoryFailsClearlyWhileTheFirstHoldsTheIndex() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = repoWithFindings(dir)) {
      StateOptions state = StateOptions.inRepository(IndexMode.CODE).withLockWait(Duration.ofMillis(300));
      try (Source source = Source.open(dir, null);
          ScanState held = ScanState.open(source, RuleSet.builtIn(), state, warnings::add)) {
        ScanResult blocked = scan(dir, state);
        assertThat(blocked.failed()).isTrue();
        assertThat(blocked.error()).contains("in use by another scan").contains("--no-state");
      }
      ScanResult after = scan(dir, state);
      assertThat(after.error()).isNull();
      assertSameOutcome(after, scan(dir, StateOptions.none()));
    }
  }

  @Test
  void twoScannersAtOnceBothFinishAndLeaveAUsableIndex() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = repoWithFindings(dir)) {
      StateOptions state = StateOptions.inRepository(IndexMode.CODE).withLockWait(Duration.ofSeconds(60));
      ExecutorService two = Executors.newFixedThreadPool(2);
      try {
        Future<ScanResult> a = two.submit(() -> scan(dir, state));
        Future<ScanResult> b = two.submit(() -> scan(dir, state));
        ScanResult ra = a.get();
        ScanResult rb = b.get();
        assertThat(ra.error()).isNull();
        assertThat(rb.error()).isNull();
        assertSameOutcome(rb, ra);
        // One of them ran after the other had committed.
        assertThat(ra.stats().blobsReused() + rb.stats().blobsReused()).isPositive();
      } finally {
        two.shutdownNow();
      }
      ScanResult third = scan(dir, state);
      assertThat(third.stats().blobsScanned()).isZero();
      assertThat(warnings).as(warnings.toString()).isEmpty();
    }
  }

  @Test
  void scanWithoutStateWritesNothing() throws Exception {
    Path dir = tmp.resolve("app");
    try (TestRepo repo = repoWithFindings(dir)) {
      scan(dir, StateOptions.none());
      assertThat(dir.resolve(".git/airlock")).doesNotExist();
    }
  }
}
