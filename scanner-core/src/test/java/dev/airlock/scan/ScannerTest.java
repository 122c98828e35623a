package dev.airlock.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.report.JsonReportWriter;
import dev.airlock.rules.Category;
import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.policy.Routing;
import dev.airlock.rules.policy.Sensitivity;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end scans of real repositories built with JGit on disk. */
class ScannerTest {
  private static final long SEED = 20261125L;
  private static final Scanner SCANNER = Scanner.builder().threads(2).build();

  @TempDir Path tmp;

  private final Random random = new Random(SEED);

  private ScanResult scanOne(Path path, String ref) {
    List<ScanResult> results = SCANNER.scanPaths(List.of(path), ref);
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  @Test
  void liveCredentialInConfigMakesRepositoryOnPremOnly() throws Exception {
    String token = TestRepo.githubToken(random);
    try (TestRepo repo = TestRepo.init(tmp.resolve("billing"))) {
      repo.write("README.md", "# Billing\nNothing to see.\n")
          .write("config/app.properties", "name=billing\n\ngithub.token=" + token + "\n")
          .commit("initial");
    }
    ScanResult r = scanOne(tmp.resolve("billing"), null);

    assertThat(r.failed()).isFalse();
    assertThat(r.label().routing()).isEqualTo(Routing.ON_PREM_ONLY);
    assertThat(r.label().sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
    Finding f = r.findings().stream().filter(x -> x.category() == Category.SECRET).findFirst().orElseThrow();
    assertThat(f.location().path()).isEqualTo("config/app.properties");
    assertThat(f.location().line()).isEqualTo(3);
    assertThat(f.location().column()).isEqualTo("github.token=".length() + 1);
    assertThat(f.redacted()).doesNotContain(token).startsWith("ghp_");
    assertThat(r.label().reasons()).anySatisfy(reason -> assertThat(reason.ruleId()).isEqualTo(f.ruleId()));
    assertThat(r.commit()).hasSize(40);
    assertThat(r.stats().files()).isEqualTo(2);
  }

  @Test
  void cleanRepositoryWithoutALicenceIsInternalAndCloudEligible() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("clean"))) {
      repo.write("src/main/java/App.java", "class App { public static void main(String[] a) {} }\n")
          .write("README.md", "# App\nBuild with mvn.\n")
          .commit("initial");
    }
    ScanResult r = scanOne(tmp.resolve("clean"), null);
    assertThat(r.label().routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
    assertThat(r.label().sensitivity()).isEqualTo(Sensitivity.INTERNAL);
    assertThat(r.label().reasons()).isEmpty();
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void credentialInTestFixtureOnlyLowersToCloudEligible() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("lib"))) {
      repo.write("src/test/resources/fixture.properties", "token=" + TestRepo.githubToken(random) + "\n")
          .commit("initial");
    }
    ScanResult r = scanOne(tmp.resolve("lib"), null);
    assertThat(r.findings()).isNotEmpty().allSatisfy(f -> assertThat(f.confidence()).isEqualTo(Confidence.LOW));
    assertThat(r.label().routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
    assertThat(r.label().sensitivity()).isEqualTo(Sensitivity.INTERNAL);
  }

  @Test
  void bareRepositoryScansLikeItsWorkingCopy() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("work"))) {
      repo.write("deploy/creds.env", "AWS_ACCESS_KEY_ID=" + TestRepo.awsKeyId(random) + "\n").commit("initial");
    }
    Path bare = tmp.resolve("work.git");
    Git.cloneRepository().setURI(tmp.resolve("work").toUri().toString()).setBare(true)
        .setDirectory(bare.toFile()).call().close();

    ScanResult work = scanOne(tmp.resolve("work"), null);
    ScanResult fromBare = scanOne(bare, null);
    assertThat(fromBare.name()).isEqualTo("work");
    assertThat(fromBare.commit()).isEqualTo(work.commit());
    assertThat(fromBare.findings()).isEqualTo(work.findings());
    assertThat(fromBare.label()).isEqualTo(work.label());
  }

  @Test
  void refSelectsAnOlderCommitAndHeadIsTheDefault() throws Exception {
    RevCommit first;
    try (TestRepo repo = TestRepo.init(tmp.resolve("history"))) {
      first = repo.write("a.properties", "key=" + TestRepo.githubToken(random) + "\n").commit("leak");
      repo.write("a.properties", "key=${GITHUB_TOKEN}\n").commit("fix");
    }
    assertThat(scanOne(tmp.resolve("history"), null).label().routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
    ScanResult old = scanOne(tmp.resolve("history"), first.name());
    assertThat(old.commit()).isEqualTo(first.name());
    assertThat(old.label().routing()).isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void commitWithAnEmptyTreeTakesTheBaselineWithNothingScanned() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("hollow"))) {
      repo.git().commit().setMessage("empty").setAllowEmpty(true).call();
    }
    ScanResult r = scanOne(tmp.resolve("hollow"), null);
    assertThat(r.failed()).isFalse();
    assertThat(r.stats().files()).isZero();
    assertThat(r.label().sensitivity()).isEqualTo(Sensitivity.INTERNAL);
    assertThat(r.label().routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
  }

  @Test
  void noPathsGiveNoResults() {
    assertThat(SCANNER.scanPaths(List.of(), null)).isEmpty();
  }

  @Test
  void repositoryWithoutCommitsFailsWithAClearMessage() throws Exception {
    TestRepo.init(tmp.resolve("empty")).close();
    ScanResult r = scanOne(tmp.resolve("empty"), null);
    assertThat(r.failed()).isTrue();
    assertThat(r.error()).contains("no commits");
    assertThat(r.label()).isNull();
  }

  @Test
  void unknownRefAndMissingPathFailWithoutStoppingOtherRepositories() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("ok"))) {
      repo.write("a.txt", "hello\n").commit("initial");
    }
    List<ScanResult> results = SCANNER.scanPaths(List.of(tmp.resolve("missing"), tmp.resolve("ok")), null);
    assertThat(results.get(0).error()).contains("no such file or folder");
    assertThat(results.get(1).failed()).isFalse();
    assertThat(scanOne(tmp.resolve("ok"), "no-such-branch").error()).contains("no-such-branch").contains("not found");
  }

  @Test
  void folderThatIsNotARepositoryIsWalkedOnDiskSkippingNestedGitFolders() throws Exception {
    Path folder = tmp.resolve("plain");
    Files.createDirectories(folder.resolve("conf"));
    Files.writeString(folder.resolve("conf/db.env"), "KEY=" + TestRepo.githubToken(random) + "\n");
    try (TestRepo nested = TestRepo.init(folder.resolve("nested"))) {
      nested.write("ok.txt", "nothing\n").commit("initial");
    }
    ScanResult r = scanOne(folder, null);
    assertThat(r.commit()).isNull();
    assertThat(r.label().routing()).isEqualTo(Routing.ON_PREM_ONLY);
    assertThat(r.findings()).extracting(f -> f.location().path()).containsOnly("conf/db.env");
    assertThat(r.stats().files()).isEqualTo(2); // conf/db.env and nested/ok.txt, not nested/.git/*
  }

  @Test
  void sameBlobUnderTwoPathsIsReadOnceAndReportedForBoth() throws Exception {
    String content = "token=" + TestRepo.githubToken(random) + "\n";
    try (TestRepo repo = TestRepo.init(tmp.resolve("dups"))) {
      repo.write("a/app.env", content).write("b/app.env", content).write("c.txt", "other\n").commit("initial");
    }
    ScanResult r = scanOne(tmp.resolve("dups"), null);
    assertThat(r.stats().files()).isEqualTo(3);
    assertThat(r.stats().blobsScanned()).isEqualTo(2);
    assertThat(r.findings()).extracting(f -> f.location().path()).containsExactly("a/app.env", "b/app.env");
    assertThat(r.findings().get(0).fingerprint()).isNotEqualTo(r.findings().get(1).fingerprint());
  }

  @Test
  void aBlobMatchedForOnePathIsMatchedAgainWherePathLimitedRulesApply() throws Exception {
    // The unquoted-assignment rule applies to configuration files only. The same blob is first
    // listed as Java source (where the rule is not run), then as a properties file.
    String content = "db.password=" + TestRepo.token(random, TestRepo.BASE62 + "!#%", 18) + "\n";
    try (TestRepo repo = TestRepo.init(tmp.resolve("same-blob"))) {
      repo.write("a/Settings.java", content).write("b/settings.properties", content).commit("initial");
    }
    ScanResult r = scanOne(tmp.resolve("same-blob"), null);
    assertThat(r.findings()).extracting(f -> f.location().path() + " " + f.ruleId())
        .containsExactly("b/settings.properties generic-secret-assignment-unquoted");
    assertThat(r.stats().files()).isEqualTo(2);
    assertThat(r.label().routing()).isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void binaryLargeLfsSubmoduleAndSymlinkEntriesAreSkippedAndCountedByReason() throws Exception {
    Scanner small = Scanner.builder().threads(2).maxFileSize(1000).build();
    try (TestRepo repo = TestRepo.init(tmp.resolve("mixed"))) {
      byte[] png = new byte[600];
      png[0] = (byte) 0x89;
      png[1] = 'P';
      png[5] = 0;
      repo.writeBytes("img/logo.png", png)
          .write("big/data.txt", "x".repeat(5000) + "\n")
          .write("media/video.mp4",
              "version https://git-lfs.github.com/spec/v1\noid sha256:" + "ab".repeat(32) + "\nsize 12345\n")
          .write("src/ok.txt", "fine\n");
      Files.createSymbolicLink(repo.dir().resolve("escape"), Path.of("/etc/passwd"));
      RevCommit base = repo.commit("files");
      DirCache index = repo.git().getRepository().lockDirCache();
      DirCacheEditor editor = index.editor();
      editor.add(
          new DirCacheEditor.PathEdit("vendor/lib") {
            @Override
            public void apply(DirCacheEntry e) {
              e.setFileMode(FileMode.GITLINK);
              e.setObjectId(base);
            }
          });
      editor.commit();
      repo.git().commit().setMessage("submodule").call();
    }
    ScanResult r = small.scanPaths(List.of(tmp.resolve("mixed")), null).get(0);
    assertThat(r.stats().skipped())
        .containsEntry("binary", 1L)
        .containsEntry("too-large", 1L)
        .containsEntry("lfs-pointer", 1L)
        .containsEntry("submodule", 1L)
        .containsEntry("symlink", 1L);
    assertThat(r.skipped()).extracting(SkippedItem::path)
        .containsExactly("big/data.txt", "escape", "img/logo.png", "media/video.mp4", "vendor/lib");
    assertThat(r.stats().files()).isEqualTo(1);
  }

  @Test
  void outputIsByteIdenticalWhateverTheThreadCount() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("many"))) {
      for (int i = 0; i < 300; i++) {
        String body = i % 7 == 0
            ? "secret_key = \"" + TestRepo.githubToken(random) + "\"\nid=" + TestRepo.awsKeyId(random) + "\n"
            : "class C" + i + " { int x = " + i + "; }\n";
        repo.write("mod" + (i % 10) + "/src/File" + i + ".java", body);
      }
      repo.commit("many files");
    }
    String one = json(Scanner.builder().threads(1).build().scanPaths(List.of(tmp.resolve("many")), null));
    String eight = json(Scanner.builder().threads(8).build().scanPaths(List.of(tmp.resolve("many")), null));
    assertThat(eight).isEqualTo(one);
    assertThat(one).contains("\"findings\"").contains("ghp_");
  }

  @Test
  void scanningNeverWritesIntoTheWorkingTree() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("untouched"))) {
      repo.write("a.env", "token=" + TestRepo.githubToken(random) + "\n").commit("initial");
    }
    List<String> before = listing(tmp.resolve("untouched"));
    scanOne(tmp.resolve("untouched"), null);
    assertThat(listing(tmp.resolve("untouched"))).isEqualTo(before);
  }

  @Test
  void severalRepositoriesAreLabelledEachOnItsOwnInTheOrderGiven() throws Exception {
    try (TestRepo a = TestRepo.init(tmp.resolve("a")); TestRepo b = TestRepo.init(tmp.resolve("b"))) {
      a.write("x.env", "t=" + TestRepo.githubToken(random) + "\n").commit("a");
      b.write("x.txt", "plain\n").commit("b");
    }
    List<ScanResult> results = SCANNER.scanPaths(List.of(tmp.resolve("b"), tmp.resolve("a")), null);
    assertThat(results).extracting(ScanResult::name).containsExactly("b", "a");
    assertThat(results).extracting(r -> r.label().routing())
        .containsExactly(Routing.CLOUD_ELIGIBLE, Routing.ON_PREM_ONLY);
  }

  private static String json(List<ScanResult> results) throws IOException {
    StringWriter out = new StringWriter();
    new JsonReportWriter().write(results, out);
    // Durations are the only field allowed to differ between runs.
    return out.toString().replaceAll("\"durationMs\" : \\d+", "\"durationMs\" : 0")
        .replaceAll("\"path\" : \"/[^\"]*\"", "\"path\" : \"<root>\"");
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.startsWith(dir.resolve(".git")))
          .map(p -> {
            try {
              return dir.relativize(p) + " " + Files.getLastModifiedTime(p).toMillis();
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .sorted()
          .toList();
    }
  }
}
