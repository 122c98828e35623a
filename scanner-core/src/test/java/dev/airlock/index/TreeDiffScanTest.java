package dev.airlock.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.RuleSet;
import dev.airlock.rules.policy.Policy;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import dev.airlock.scan.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rescans that compare the scanned commit's tree with the last scanned one, taking every
 * unchanged path's result from the last scan: they must report exactly what a scan without an
 * index reports, after any kind of change, and list the whole tree when the last scan's results
 * are missing, damaged or were made under other rules.
 */
class TreeDiffScanTest {
  private static final long SEED = 20261201;

  @TempDir Path tmp;

  private final RecordingListener listener = new RecordingListener();
  private final List<String> warnings = listener.warnings;
  private final List<String> summaries = listener.summaries;

  /** Small, so that some files are too large to read. */
  private static final long MAX_FILE_SIZE = 6000;

  private Scanner scanner(StateOptions state, RuleSet rules) {
    return scanner(state, rules, Policy.defaultPolicy());
  }

  private Scanner scanner(StateOptions state, RuleSet rules, Policy policy) {
    return Scanner.builder().rules(rules).policy(policy).threads(2).maxFileSize(MAX_FILE_SIZE)
        .listener(listener).state(state).build();
  }

  private ScanResult scan(Path dir, StateOptions state) {
    return scanner(state, RuleSet.builtIn()).scanPaths(List.of(dir), null).get(0);
  }

  /** The last scan's "listing: ..." line (each scan gives it, then the index's summary). */
  private String listing() {
    return summaries.get(summaries.size() - 2);
  }

  /**
   * Rescans with {@code state}, checks that only the changes since the last scan were listed, and
   * that the report is a scan's without an index.
   */
  private ScanResult rescanComparingTrees(Path dir, StateOptions state, String as) {
    ScanResult rescan = scan(dir, state);
    assertThat(listing()).as(as).contains("listing: changes since");
    assertSameReport(rescan, scan(dir, StateOptions.none()), as);
    return rescan;
  }

  /**
   * Rescans with {@code state}, checks that the whole tree was listed for the reason that starts
   * with {@code why}, and that the report is a scan's without an index.
   */
  private ScanResult assertListsTheWholeTree(Path dir, StateOptions state, String why, String as) {
    ScanResult rescan = scan(dir, state);
    assertThat(listing()).as(as).contains("the whole tree (" + why);
    assertSameReport(rescan, scan(dir, StateOptions.none()), as);
    return rescan;
  }

  private static void assertSameReport(ScanResult actual, ScanResult expected, String as) {
    assertThat(actual.error()).as(as).isNull();
    assertThat(actual.findings()).as(as).isEqualTo(expected.findings());
    assertThat(actual.partial()).as(as).isEqualTo(expected.partial());
    assertThat(actual.skipped()).as(as).isEqualTo(expected.skipped());
    assertThat(actual.label()).as(as).isEqualTo(expected.label());
    assertThat(actual.units()).as(as).isEqualTo(expected.units());
    assertThat(actual.onPremFiles()).as(as).isEqualTo(expected.onPremFiles());
    assertThat(actual.stats().files()).as(as).isEqualTo(expected.stats().files());
    assertThat(actual.stats().bytes()).as(as).isEqualTo(expected.stats().bytes());
    assertThat(actual.stats().skipped()).as(as).isEqualTo(expected.stats().skipped());
  }

  /** Content of one of several kinds: clean, with a licence, a credential, binary, too large. */
  private static String content(Random random, int kind) {
    return switch (kind) {
      case 0 -> "class C" + random.nextInt(1000) + " { int v = " + random.nextInt() + "; }\n";
      case 1 -> "// Licensed under the Apache License, Version 2.0\nclass L" + random.nextInt(100) + " {}\n";
      case 2 -> "password=" + TestRepo.token(random, TestRepo.BASE62, 20) + "7!\n";
      case 3 -> "AWS_ACCESS_KEY_ID=" + TestRepo.awsKeyId(random) + "\n";
      case 4 -> "contact ops.lead@corp.example.com\n";
      case 5 -> "x".repeat((int) MAX_FILE_SIZE + 10 + random.nextInt(100)) + "\n";
      default -> "binary\u0000\u0001\u0002" + random.nextInt() + "\n";
    };
  }

  private static final String[] FOLDERS = {
    "", "billing/", "billing/src/main/java/", "billing/src/test/java/", "auth/", "auth/config/",
    "web/", "web/src/", "docs/", "examples/"
  };

  private static final String[] NAMES = {".java", ".properties", ".env", ".txt", ".md", ".ts"};

  private static final String[] MANIFESTS = {
    "billing/pom.xml", "auth/pom.xml", "web/package.json", "docs/go.mod", "tools/pyproject.toml"
  };

  private static String manifest(String path) {
    if (path.endsWith("pom.xml")) {
      return "<project><artifactId>" + path.substring(0, path.indexOf('/')) + "</artifactId></project>\n";
    }
    if (path.endsWith("package.json")) {
      return "{\"name\": \"web\"}\n";
    }
    if (path.endsWith("go.mod")) {
      return "module example.org/docs\n";
    }
    return "[project]\nname = \"tools\"\n";
  }

  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> !p.startsWith(dir.resolve(".git")))
          .filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
              || Files.isSymbolicLink(p))
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  private static String newPath(Random random) {
    return FOLDERS[random.nextInt(FOLDERS.length)] + "f" + random.nextInt(100_000)
        + NAMES[random.nextInt(NAMES.length)];
  }

  /** One random change to the working tree, described for the assertion messages. */
  private static String change(TestRepo repo, Random random) throws Exception {
    Path dir = repo.dir();
    List<String> files = new ArrayList<>(files(dir));
    String some = files.get(random.nextInt(files.size()));
    switch (random.nextInt(10)) {
      case 0, 1 -> {
        if (Files.isSymbolicLink(dir.resolve(some))) {
          return "kept " + some;
        }
        Files.writeString(dir.resolve(some), content(random, random.nextInt(7)),
            java.nio.file.StandardOpenOption.APPEND);
        return "edited " + some;
      }
      case 2 -> {
        String path = newPath(random);
        repo.write(path, content(random, random.nextInt(7)));
        return "added " + path;
      }
      case 3 -> {
        Files.delete(dir.resolve(some));
        return "deleted " + some;
      }
      case 4 -> {
        String to = newPath(random);
        Files.createDirectories(dir.resolve(to).getParent());
        Files.move(dir.resolve(some), dir.resolve(to));
        return "moved " + some + " to " + to;
      }
      case 5 -> {
        if (Files.isSymbolicLink(dir.resolve(some))) {
          return "kept " + some;
        }
        String to = newPath(random);
        repo.write(to, Files.readString(dir.resolve(some)));
        return "copied " + some + " to " + to;
      }
      case 6 -> {
        String m = MANIFESTS[random.nextInt(MANIFESTS.length)];
        if (Files.exists(dir.resolve(m))) {
          Files.delete(dir.resolve(m));
          return "deleted manifest " + m;
        }
        repo.write(m, manifest(m));
        return "added manifest " + m;
      }
      case 7 -> {
        // A file becomes a folder of the same name.
        if (Files.isSymbolicLink(dir.resolve(some))) {
          return "kept " + some;
        }
        String text = Files.readString(dir.resolve(some));
        Files.delete(dir.resolve(some));
        repo.write(some + "/inner.properties", text);
        return "turned " + some + " into a folder";
      }
      case 8 -> {
        String link = FOLDERS[random.nextInt(FOLDERS.length)] + "link" + random.nextInt(1000);
        Path at = dir.resolve(link);
        if (Files.exists(at, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          return "kept " + link;
        }
        Files.createDirectories(at.getParent());
        Files.createSymbolicLink(at, Path.of("../elsewhere"));
        return "linked " + link;
      }
      default -> {
        String path = "billing/src/main/resources/r" + random.nextInt(1000) + ".properties";
        repo.write(path, content(random, 2));
        return "added " + path;
      }
    }
  }

  private TestRepo monorepo(Path dir, Random random) throws Exception {
    TestRepo repo = TestRepo.init(dir);
    repo.write("pom.xml", "<project><modules><module>billing</module><module>auth</module></modules></project>\n");
    repo.write("billing/pom.xml", manifest("billing/pom.xml"));
    repo.write("auth/pom.xml", manifest("auth/pom.xml"));
    repo.write("LICENSE", "Apache License\nVersion 2.0, January 2004\n");
    for (int i = 0; i < 40; i++) {
      repo.write(newPath(random), content(random, random.nextInt(7)));
    }
    repo.commit("initial");
    return repo;
  }

  @Test
  void everyKindOfChangeReportsWhatAScanWithoutIndexReports() throws Exception {
    Random random = new Random(SEED);
    Path dir = tmp.resolve("mono");
    StateOptions state = StateOptions.under(tmp.resolve("state"), IndexMode.CODE);
    try (TestRepo repo = monorepo(dir, random)) {
      ScanResult first = scan(dir, state);
      assertSameReport(first, scan(dir, StateOptions.none()), "seed " + SEED + ", initial");
      List<String> done = new ArrayList<>();
      for (int round = 0; round < 12; round++) {
        int changes = 1 + random.nextInt(4);
        for (int i = 0; i < changes; i++) {
          done.add(change(repo, random));
        }
        repo.commit("round " + round);
        String as = "seed " + SEED + ", round " + round + " after " + done;
        ScanResult rescan = rescanComparingTrees(dir, state, as);
        assertThat(rescan.stats().blobsScanned()).as(as).isLessThanOrEqualTo(2L * changes);
      }
      assertThat(warnings).as(warnings.toString()).isEmpty();
    }
  }

  @Test
  void declaredUnitsAndExclusionsAreMatchedAgainstTheWholeTree() throws Exception {
    Random random = new Random(SEED + 1);
    Path dir = tmp.resolve("declared");
    StateOptions state = StateOptions.inRepository(IndexMode.FINDINGS);
    try (TestRepo repo = monorepo(dir, random)) {
      repo.write("airlock.yml", "units:\n  - billing\n  - 'web/*'\n  - docs\nexclude: ['examples/**']\n");
      repo.write("examples/demo.env", content(random, 3));
      repo.commit("declare units");
      scan(dir, state);
      for (int round = 0; round < 6; round++) {
        String what = change(repo, random);
        repo.commit("round " + round);
        rescanComparingTrees(dir, state, "seed " + (SEED + 1) + ", round " + round + ": " + what);
      }
      // Other exclusions change which paths are read at all: the whole tree is listed again.
      repo.write("airlock.yml", "units:\n  - billing\n  - 'web/*'\nexclude: ['auth/**']\n").commit("exclude auth");
      assertListsTheWholeTree(dir, state, "the last scan ran with other rules or settings)", "after changing exclusions");
      assertThat(warnings).as(warnings.toString()).isEmpty();
    }
  }

  @Test
  void missingDamagedOrStaleTreeFileListsTheWholeTree() throws Exception {
    Random random = new Random(SEED + 2);
    Path dir = tmp.resolve("app");
    StateOptions state = StateOptions.inRepository(IndexMode.CODE);
    try (TestRepo repo = monorepo(dir, random)) {
      scan(dir, state);
      Path tree = dir.resolve(".git/airlock/index").resolve(LuceneState.TREE_FILE);
      byte[] stale = Files.readAllBytes(tree);

      // Stale: a scan killed after renaming its tree into place and before its commit leaves a
      // file the index's last commit does not name.
      change(repo, random);
      repo.commit("one change");
      scan(dir, state);
      Files.write(tree, stale);
      change(repo, random);
      repo.commit("another change");
      assertListsTheWholeTree(dir, state, LuceneState.TREE_FILE + " is not the one", "stale tree");

      // Damaged: one byte changed in the middle.
      byte[] bytes = Files.readAllBytes(tree);
      bytes[bytes.length / 2] ^= 0x5a;
      Files.write(tree, bytes);
      assertListsTheWholeTree(dir, state, LuceneState.TREE_FILE + " is not the one", "damaged tree");

      // Missing.
      Files.delete(tree);
      change(repo, random);
      repo.commit("a third change");
      ScanResult afterMissing =
          assertListsTheWholeTree(dir, state, LuceneState.TREE_FILE + " cannot be read", "missing tree");

      // Each of those scans kept a tree again: the next one compares trees.
      ScanResult again = scan(dir, state);
      assertThat(listing()).contains("listing: changes since").contains(": 0 paths");
      assertThat(again.stats().blobsScanned()).isZero();
      assertSameReport(again, afterMissing, "unchanged");
      assertThat(warnings).as(warnings.toString()).isEmpty();
    }
  }

  @Test
  void treeFileIsDecodedOnlyWhenIntact() throws Exception {
    Random random = new Random(SEED + 3);
    Path dir = tmp.resolve("app");
    try (TestRepo repo = monorepo(dir, random)) {
      scan(dir, StateOptions.inRepository(IndexMode.FINDINGS));
    }
    byte[] bytes =
        Files.readAllBytes(dir.resolve(".git/airlock/index").resolve(LuceneState.TREE_FILE));
    ScannedTree tree = ScannedTree.decode(bytes);
    assertThat(tree.entries()).isNotEmpty();
    assertThat(ScannedTree.decode(tree.encode())).isEqualTo(tree);
    for (int cut : new int[] {0, 7, bytes.length / 3, bytes.length - 1}) {
      byte[] truncated = java.util.Arrays.copyOf(bytes, cut);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScannedTree.decode(truncated))
          .as("cut at %d", cut)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void nextTreeCopiesTheLastTreesUnchangedEntriesAndDecodesAsIfEncodedAnew() throws Exception {
    Random random = new Random(SEED + 7);
    Path dir = tmp.resolve("app");
    try (TestRepo repo = monorepo(dir, random)) {
      scan(dir, StateOptions.inRepository(IndexMode.CODE));
    }
    ScannedTree.Encoded base =
        ScannedTree.decodeEncoded(
            Files.readAllBytes(dir.resolve(".git/airlock/index").resolve(LuceneState.TREE_FILE)));
    List<ScannedTree.Entry> old = base.tree().entries();
    int withFindings = 0;
    while (old.get(withFindings).findings().isEmpty()) {
      withFindings++;
    }
    // As a rescan passes them on: unchanged entries are the last tree's own objects; one path
    // removed, one changed (with a finding of a rule the last tree's strings do not hold), one added.
    List<ScannedTree.Entry> next = new ArrayList<>(old);
    ScannedTree.Entry changed = old.get(withFindings);
    dev.airlock.rules.Finding f = changed.findings().get(0);
    next.set(
        withFindings,
        new ScannedTree.Entry(
            changed.path(), changed.kind(), "0".repeat(40), changed.size() + 1, true, null,
            List.of(new dev.airlock.rules.Finding("made-up-rule", "A made-up title", f.category(),
                f.severity(), f.confidence(), f.location(), f.redacted(), f.fingerprint())),
            List.of("made-up-rule")));
    next.remove(old.size() - 1);
    next.add(ScannedTree.Entry.listed("zzz/added.bin", "made-up-reason"));
    next.remove(withFindings == 0 ? 1 : 0);
    ScannedTree tree =
        new ScannedTree("f".repeat(40), base.tree().context(), next, base.tree().manifests(), base.tree().labels());

    byte[] copied = tree.encode(base);
    assertThat(ScannedTree.decode(copied)).isEqualTo(tree).isEqualTo(ScannedTree.decode(tree.encode()));
    assertThat(ScannedTree.decodeEncoded(copied).table()).startsWith(base.table()).contains("made-up-rule");

    // Listed in full under another context: nothing is copied, and no string of the last tree kept.
    ScannedTree other =
        new ScannedTree("f".repeat(40), "another context", next, Map.of(), null);
    assertThat(other.encode(base)).isEqualTo(other.encode());
  }

  @Test
  void rescanLabelsAsAScanWithoutIndexWhenAnEditMovesChangesOrAddsFindings() throws Exception {
    Random random = new Random(SEED + 2);
    Path dir = tmp.resolve("mono");
    StateOptions state = StateOptions.inRepository(IndexMode.CODE);
    try (TestRepo repo = monorepo(dir, random)) {
      repo.write("billing/src/main/resources/app.properties", content(random, 2));
      repo.write("auth/Clean.java", content(random, 0));
      repo.commit("a credential in billing, a clean file in auth");
      ScanResult first = scan(dir, state);
      int line = lineOf(first, "billing/src/main/resources/app.properties");

      // Lines added above the credential: its finding moves, the units' evidence does not.
      Path props = dir.resolve("billing/src/main/resources/app.properties");
      Files.writeString(props, "# one\n# two\n" + Files.readString(props));
      repo.commit("move the credential down");
      ScanResult moved = rescanComparingTrees(dir, state, "moved");
      assertThat(lineOf(moved, "billing/src/main/resources/app.properties")).isEqualTo(line + 2);
      assertThat(moved.units()).isEqualTo(first.units());

      // Another value, then a credential where there was none: labelled again.
      repo.write("billing/src/main/resources/app.properties", content(random, 3));
      repo.commit("another credential");
      rescanComparingTrees(dir, state, "changed");
      Files.writeString(dir.resolve("auth/Clean.java"), content(random, 3), java.nio.file.StandardOpenOption.APPEND);
      repo.commit("a credential in auth");
      ScanResult added = rescanComparingTrees(dir, state, "added");
      assertThat(added.units()).isNotEqualTo(moved.units());
      assertThat(warnings).as(warnings.toString()).isEmpty();
    }
  }

  private static int lineOf(ScanResult result, String path) {
    return result.findings().stream().filter(f -> f.location().path().equals(path)).findFirst()
        .orElseThrow().location().line();
  }

  @Test
  void rescanKeepsTheLastUnitsOnlyWhileNoManifestChanges() throws Exception {
    Random random = new Random(SEED + 8);
    Path dir = tmp.resolve("mono");
    StateOptions state = StateOptions.inRepository(IndexMode.FINDINGS);
    try (TestRepo repo = monorepo(dir, random)) {
      scan(dir, state);
      repo.write("billing/src/main/resources/notes.properties", content(random, 3)).commit("no manifest");
      ScanResult same = rescanComparingTrees(dir, state, "a file added, no manifest");
      assertThat(same.units()).extracting(u -> u.path()).containsExactly("", "auth", "billing");

      repo.write("pom.xml", "<project><modules><module>billing</module><module>auth</module>"
              + "<module>web</module></modules></project>\n")
          .write("web/pom.xml", "<project><artifactId>web</artifactId></project>\n")
          .write("web/app.properties", content(random, 2))
          .commit("a module");
      ScanResult more = rescanComparingTrees(dir, state, "a module added");
      assertThat(more.units()).extracting(u -> u.path()).containsExactly("", "auth", "billing", "web");

      Files.delete(dir.resolve("web/pom.xml"));
      repo.write("pom.xml", "<project><modules><module>billing</module><module>auth</module></modules></project>\n")
          .commit("the module removed");
      ScanResult fewer = rescanComparingTrees(dir, state, "the module removed");
      assertThat(fewer.units()).extracting(u -> u.path()).containsExactly("", "auth", "billing");
      assertThat(warnings).as(warnings.toString()).isEmpty();
    }
  }

  @Test
  void ruleSetChangeListsTheWholeTreeAndReadsEveryBlob() throws Exception {
    Random random = new Random(SEED + 4);
    Path dir = tmp.resolve("app");
    StateOptions state = StateOptions.inRepository(IndexMode.CODE);
    try (TestRepo repo = monorepo(dir, random)) {
      repo.write("notes/plan.txt", "Roadmap agreed with Falconridge Holdings\n").commit("plan");
      ScanResult cold = scan(dir, state);
      // Naming an organisation adds a rule: another rule set, with another hash.
      RuleSet changed = RuleSet.builtIn().withOrganisations(List.of("Falconridge Holdings"));
      assertThat(changed.hash()).isNotEqualTo(RuleSet.builtIn().hash());
      ScanResult rescan = scanner(state, changed).scanPaths(List.of(dir), null).get(0);
      assertThat(listing()).contains("the whole tree (the index's last commit names no scanned tree)");
      assertThat(rescan.stats().blobsReused()).isZero();
      assertThat(rescan.stats().blobsScanned()).isEqualTo(cold.stats().blobsScanned());
      assertSameReport(
          rescan,
          scanner(StateOptions.none(), changed).scanPaths(List.of(dir), null).get(0),
          "other rules");
      ScanResult again = scanner(state, changed).scanPaths(List.of(dir), null).get(0);
      assertThat(listing()).contains("listing: changes since");
      assertSameReport(again, rescan, "same rules again");
    }
  }

  @Test
  void rescanUnderAnotherPolicyLabelsEveryUnitAgain() throws Exception {
    Random random = new Random(SEED + 6);
    Path dir = tmp.resolve("app");
    StateOptions state = StateOptions.inRepository(IndexMode.FINDINGS);
    // Licences and every other finding make a unit RESTRICTED: every unit of the monorepo is
    // covered by its root LICENSE, so each label differs from the default policy's.
    Policy strict =
        Policy.parse(
            "strict.yml",
            "rules:\n  - id: anything\n    sensitivity: RESTRICTED\n  - id: licensed\n"
                + "    category: LICENSE\n    sensitivity: RESTRICTED\nrouting:\n"
                + "  PUBLIC: CLOUD_ELIGIBLE\n  INTERNAL: CLOUD_ELIGIBLE\n  CONFIDENTIAL: ON_PREM_ONLY\n"
                + "  RESTRICTED: ON_PREM_ONLY\n");
    try (TestRepo repo = monorepo(dir, random)) {
      ScanResult lenient = scan(dir, state);
      String what = change(repo, random);
      repo.commit("one change");
      ScanResult rescan = scanner(state, RuleSet.builtIn(), strict).scanPaths(List.of(dir), null).get(0);
      assertThat(listing()).contains("listing: changes since");
      assertSameReport(
          rescan,
          scanner(StateOptions.none(), RuleSet.builtIn(), strict).scanPaths(List.of(dir), null).get(0),
          "another policy after " + what);
      assertThat(rescan.units()).isNotEqualTo(lenient.units());
      assertThat(rescan.onPremFiles()).isNotEqualTo(lenient.onPremFiles());
      // And back: the labels kept under the strict policy are not the default policy's either.
      repo.write("auth/Notes.java", "class Notes {}\n").commit("another change");
      rescanComparingTrees(dir, state, "the default policy again");
    }
  }

  @Test
  void bareRepositoryComparesTreesToo() throws Exception {
    Random random = new Random(SEED + 5);
    Path work = tmp.resolve("work");
    Path bare = tmp.resolve("work.git");
    try (TestRepo repo = monorepo(work, random)) {
      Git.cloneRepository().setURI(work.toUri().toString()).setBare(true)
          .setDirectory(bare.toFile()).call().close();
      StateOptions state = StateOptions.inRepository(IndexMode.CODE);
      scan(bare, state);
      for (int i = 0; i < 3; i++) {
        change(repo, random);
      }
      repo.commit("changes");
      String branch = repo.git().getRepository().getBranch();
      repo.git().push().setRemote(bare.toUri().toString())
          .setRefSpecs(new org.eclipse.jgit.transport.RefSpec(branch + ":" + branch)).call();
      rescanComparingTrees(bare, state, "bare");
      assertThat(bare.resolve("airlock/index").resolve(LuceneState.TREE_FILE)).isRegularFile();
    }
  }
}
