package dev.airlock.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import dev.airlock.scan.TestRepo;
import dev.airlock.source.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexSearchTest {
  @TempDir Path tmp;

  private final Random random = new Random(4242);

  private List<String> search(Path repo, String query) throws Exception {
    try (Source source = Source.open(repo, null)) {
      return IndexSearch.search(source, null, query, 100).hits().stream()
          .map(h -> h.line() == 0 ? h.path() : h.path() + ":" + h.line() + ": " + h.text())
          .toList();
    }
  }

  private ScanResult scan(Path repo, IndexMode mode) {
    return Scanner.builder().threads(2).state(StateOptions.inRepository(mode)).build()
        .scanPaths(List.of(repo), null).get(0);
  }

  private Path corpus() throws Exception {
    Path dir = tmp.resolve("mono");
    try (TestRepo repo = TestRepo.init(dir)) {
      writeFalconSources(repo);
      repo.write("old/Gone.java", "class Gone { /* project falcon */ }\n");
      repo.commit("initial");
      Files.delete(dir.resolve("old/Gone.java"));
      repo.commit("remove old");
    }
    return dir;
  }

  /** A Java file, a document and a config file with a generated token, all mentioning falcon. */
  private void writeFalconSources(TestRepo repo) throws Exception {
    repo.write("services/api/Roadmap.java",
        "package api;\n// Project Falcon ships in Q3\nclass Roadmap { int getUserName() { return 1; } }\n");
    repo.write("docs/plan.md", "Notes\nThis trade and its secret are kept here\nproject falcon, again\n");
    repo.write("config/app.properties", "falcon.url=http://falcon\ntoken=" + TestRepo.token(random, TestRepo.BASE62, 28) + "9\n");
  }

  @Test
  void aLimitedSearchGivesTheFirstAnswersOfTheFullOneInOrder() throws Exception {
    Path dir = tmp.resolve("many");
    try (TestRepo repo = TestRepo.init(dir)) {
      // Listed by Git in another order than by path: "b/x" after "b.java" in a tree walk.
      for (String name : List.of("b.java", "b/x.java", "a/z.java", "c.java", "a.java", "b/a.java")) {
        repo.write(name, "// falcon one\nint x;\n// falcon two\n");
      }
      repo.write("d.java", "nothing here\n");
      repo.commit("initial");
    }
    scan(dir, IndexMode.CODE);
    try (Source source = Source.open(dir, null)) {
      IndexSearch.Result all = IndexSearch.search(source, null, "falcon", 1000);
      assertThat(all.hits()).hasSize(12);
      assertThat(all.truncated()).isFalse();
      for (int limit = 1; limit <= 12; limit++) {
        IndexSearch.Result first = IndexSearch.search(source, null, "falcon", limit);
        assertThat(first.hits()).as("limit " + limit).isEqualTo(all.hits().subList(0, limit));
        assertThat(first.truncated()).as("limit " + limit).isEqualTo(limit < 12);
      }
    }
  }

  @Test
  void requiredWordsArePreCheckedAsTheAnalyzerLowerCasesThem() throws Exception {
    var parser = new org.apache.lucene.queryparser.classic.QueryParser(LuceneState.CONTENT, new CodeAnalyzer());
    assertThat(IndexSearch.requiredContentTerms(parser.parse("\"project falcon\" AND language:java")))
        .containsExactly("project", "falcon");
    // Optional and excluded words are not required.
    assertThat(IndexSearch.requiredContentTerms(parser.parse("falcon OR eagle"))).isEmpty();
    assertThat(IndexSearch.requiredContentTerms(parser.parse("+falcon -eagle"))).containsExactly("falcon");
    assertThat(IndexSearch.containsAll("class CatalogPermissionFeature {}", List.of("catalogpermissionfeature")))
        .isTrue();
    // The Kelvin sign lower-cases to an ASCII k, as in the analyzer.
    assertThat(IndexSearch.containsAll("\u212Aey", List.of("key"))).isTrue();
    assertThat(IndexSearch.containsAll("catalog permission feature", List.of("catalogpermissionfeature")))
        .isFalse();
    assertThat(IndexSearch.containsAll("falcon", List.of("falcon", "eagle"))).isFalse();
  }

  @Test
  void phraseAndPathWildcardFindTheLine() throws Exception {
    Path dir = corpus();
    scan(dir, IndexMode.CODE);
    assertThat(search(dir, "content:\"project falcon\" AND path:services/*"))
        .containsExactly("services/api/Roadmap.java:2: // Project Falcon ships in Q3");
    assertThat(search(dir, "\"project falcon\""))
        .containsExactly("docs/plan.md:3: project falcon, again",
            "services/api/Roadmap.java:2: // Project Falcon ships in Q3");
  }

  @Test
  void proximityAndCamelCasePartsMatch() throws Exception {
    Path dir = corpus();
    scan(dir, IndexMode.CODE);
    assertThat(search(dir, "\"trade secret\"~3")).containsExactly("docs/plan.md:2: This trade and its secret are kept here");
    assertThat(search(dir, "\"trade secret\"")).isEmpty();
    assertThat(search(dir, "\"user name\" AND language:java"))
        .containsExactly("services/api/Roadmap.java:3: class Roadmap { int getUserName() { return 1; } }");
  }

  @Test
  void findingValuesInShownLinesAreRedacted() throws Exception {
    Path dir = corpus();
    String secretLine = Files.readAllLines(dir.resolve("config/app.properties")).get(1);
    scan(dir, IndexMode.CODE);
    List<String> hits = search(dir, "category:secret");
    assertThat(hits).singleElement().asString()
        .startsWith("config/app.properties:2: token=")
        .contains("…(sha256:")
        .doesNotContain(secretLine.substring("token=".length()));
    assertThat(search(dir, "token AND path:config/*")).singleElement().asString()
        .doesNotContain(secretLine.substring("token=".length()));
  }

  @Test
  void aFileThatCannotBeReadIsNamedNotDropped() throws Exception {
    Path dir = corpus();
    scan(dir, IndexMode.CODE);
    List<String> before = search(dir, "falcon");
    assertThat(before).anyMatch(h -> h.startsWith("docs/plan.md:"));
    // The blob leaves the object store, and the working copy's file no longer proves to hold it.
    byte[] plan = Files.readAllBytes(dir.resolve("docs/plan.md"));
    String id = dev.airlock.source.BlobRef.gitBlobId(plan);
    Files.delete(dir.resolve(".git/objects/" + id.substring(0, 2) + "/" + id.substring(2)));
    Files.writeString(dir.resolve("docs/plan.md"), "rewritten, without the words\n");
    try (Source source = Source.open(dir, null)) {
      IndexSearch.Result result = IndexSearch.search(source, null, "falcon", 100);
      assertThat(result.hits()).extracting(h -> h.path() + ":" + h.line() + ": " + h.text())
          .isEqualTo(before.stream().filter(h -> !h.startsWith("docs/plan.md:")).toList())
          .isNotEmpty();
      assertThat(result.skipped()).singleElement().satisfies(s -> {
        assertThat(s.path()).isEqualTo("docs/plan.md");
        assertThat(s.reason()).isNotBlank();
      });
    }
    assertThat(search(dir, "path:services/*")).containsExactly("services/api/Roadmap.java");
  }

  @Test
  void answersOnlyForFilesOfTheScannedCommit() throws Exception {
    Path dir = corpus();
    // The removed file was indexed by a scan of the first commit.
    Scanner.builder().state(StateOptions.inRepository(IndexMode.CODE)).build()
        .scanPaths(List.of(dir), "HEAD~1");
    scan(dir, IndexMode.CODE);
    assertThat(search(dir, "gone")).isEmpty();
    assertThat(search(dir, "path:old/*")).isEmpty();
    assertThat(search(dir, "path:docs/*")).containsExactly("docs/plan.md");
  }

  @Test
  void clearMessagesWithoutAnIndexWithoutContentAndForBadQueries() throws Exception {
    Path dir = corpus();
    assertThatThrownBy(() -> search(dir, "falcon"))
        .isInstanceOf(StateException.class).hasMessageContaining("no index yet").hasMessageContaining("airlock scan");
    scan(dir, IndexMode.FINDINGS);
    assertThatThrownBy(() -> search(dir, "falcon"))
        .isInstanceOf(StateException.class).hasMessageContaining("--index code");
    scan(dir, IndexMode.CODE);
    assertThatThrownBy(() -> search(dir, "content:(falcon"))
        .isInstanceOf(StateException.class).hasMessageContaining("cannot parse the query");
  }

  @Test
  void aCodeScanOverAFindingsIndexAnswersAsAFreshCodeIndex() throws Exception {
    Path dir = tmp.resolve("upgraded");
    try (TestRepo repo = TestRepo.init(dir)) {
      writeFalconSources(repo);
      // A binary file is skipped in either index, and a code scan keeps it as a findings scan wrote it.
      repo.writeBytes("docs/logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2, 0, 7});
      repo.commit("initial");
    }
    List<String> queries =
        List.of("falcon", "path:docs/*", "\"user name\"", "category:credentials AND falcon",
            "language:java");
    scan(dir, IndexMode.CODE);
    List<List<String>> fresh = new java.util.ArrayList<>();
    for (String q : queries) {
      fresh.add(search(dir, q));
    }
    assertThat(fresh.get(1)).contains("docs/logo.png");
    deleteRecursively(dir.resolve(".git/airlock"));
    scan(dir, IndexMode.FINDINGS);
    scan(dir, IndexMode.CODE);
    for (int i = 0; i < queries.size(); i++) {
      assertThat(search(dir, queries.get(i))).as(queries.get(i)).isEqualTo(fresh.get(i));
    }
  }

  private static void deleteRecursively(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  @Test
  void phrasesAreCheckedOnTheFileTextSinceTheIndexKeepsNoPositions() throws Exception {
    Path dir = tmp.resolve("order");
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("a/Apart.txt", "falcon lands first\nthe project waits\n");
      repo.write("b/Adjacent.txt", "intro\nproject falcon here\n");
      repo.commit("initial");
    }
    scan(dir, IndexMode.CODE);
    // Both files hold both words; only one holds them in order.
    assertThat(search(dir, "\"project falcon\"")).containsExactly("b/Adjacent.txt:2: project falcon here");
    // An excluded phrase excludes only the file that has it, not every file with its words.
    assertThat(search(dir, "falcon AND NOT \"project falcon\""))
        .containsExactly("a/Apart.txt:1: falcon lands first");
    assertThat(search(dir, "\"falcon project\"~1")).isEmpty();
    assertThat(search(dir, "\"falcon project\"~3"))
        .containsExactly("a/Apart.txt:1: falcon lands first", "b/Adjacent.txt:2: project falcon here");
  }

  @Test
  void findsCamelCasePartsAndTokenShapedStringsWhole() throws Exception {
    Path dir = tmp.resolve("tokens");
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("src/Build.java", "class Build {\n  String id = \"build_id_7f3a9c-x2\";\n  int getUserName() { return 1; }\n}\n");
      repo.commit("initial");
    }
    scan(dir, IndexMode.CODE);
    assertThat(search(dir, "\"build_id_7f3a9c-x2\"")).containsExactly("src/Build.java:2: String id = \"build_id_7f3a9c-x2\";");
    // Unquoted, its parts are terms of their own, and "build" is also on the first line.
    assertThat(search(dir, "build_id_7f3a9c-x2")).contains("src/Build.java:2: String id = \"build_id_7f3a9c-x2\";");
    assertThat(search(dir, "7f3a9c")).containsExactly("src/Build.java:2: String id = \"build_id_7f3a9c-x2\";");
    assertThat(search(dir, "content:user")).containsExactly("src/Build.java:3: int getUserName() { return 1; }");
    assertThat(search(dir, "getusername")).containsExactly("src/Build.java:3: int getUserName() { return 1; }");
    assertThat(search(dir, "content:getUser*")).containsExactly("src/Build.java:3: int getUserName() { return 1; }");
    assertThat(search(dir, "\"name user\"")).isEmpty();
    // Patterns a compound can match only whole: every blob is checked.
    assertThat(search(dir, "content:*sername")).containsExactly("src/Build.java:3: int getUserName() { return 1; }");
    assertThat(search(dir, "content:/getuser.*/")).containsExactly("src/Build.java:3: int getUserName() { return 1; }");
    assertThat(search(dir, "content:getuzername~1")).containsExactly("src/Build.java:3: int getUserName() { return 1; }");
  }

  @Test
  void longTermsWithADigitAreFoundWholeByPrefixAndInCompounds() throws Exception {
    Path dir = tmp.resolve("ids");
    try (TestRepo repo = TestRepo.init(dir)) {
      // The index holds each id only as its first characters, which both ids share.
      repo.write("a/Ids.java", "class Ids {\n  String a = \"d41d8cd98f00b204\";\n  int build20241201Release;\n}\n");
      repo.write("b/Other.java", "class Other {\n  String b = \"d41d0000ffff\";\n}\n");
      repo.commit("initial");
    }
    scan(dir, IndexMode.CODE);
    assertThat(search(dir, "d41d8cd98f00b204")).containsExactly("a/Ids.java:2: String a = \"d41d8cd98f00b204\";");
    assertThat(search(dir, "content:d41d8cd9*")).containsExactly("a/Ids.java:2: String a = \"d41d8cd98f00b204\";");
    assertThat(search(dir, "content:d41d0*")).containsExactly("b/Other.java:2: String b = \"d41d0000ffff\";");
    assertThat(search(dir, "content:d41d*")).hasSize(2);
    assertThat(search(dir, "build20241201release")).containsExactly("a/Ids.java:3: int build20241201Release;");
    assertThat(search(dir, "build20241201")).containsExactly("a/Ids.java:3: int build20241201Release;");
    assertThat(search(dir, "build20241202")).isEmpty();
    assertThat(search(dir, "d41d AND NOT d41d8cd98f00b204")).isEmpty();
    assertThat(search(dir, "class AND NOT d41d8cd98f00b204")).containsExactly("b/Other.java:1: class Other {");
  }

  @Test
  void anIndexOfAnotherSchemaIsNotSearched() throws Exception {
    Path dir = corpus();
    scan(dir, IndexMode.CODE);
    Path index = dir.resolve(".git/airlock/index");
    try (org.apache.lucene.store.Directory d = org.apache.lucene.store.FSDirectory.open(index);
        org.apache.lucene.index.IndexWriter w =
            new org.apache.lucene.index.IndexWriter(d, new org.apache.lucene.index.IndexWriterConfig())) {
      w.setLiveCommitData(java.util.Map.of(LuceneState.SCHEMA_KEY, "5").entrySet());
      w.commit();
    }
    assertThatThrownBy(() -> search(dir, "falcon"))
        .isInstanceOf(StateException.class).hasMessageContaining("another version").hasMessageContaining("scan again");
  }

  @Test
  void slashesInsideTermsAreEscapedButRegexesStay() {
    assertThat(IndexSearch.escapeInnerSlashes("path:services/api/*")).isEqualTo("path:services\\/api\\/*");
    assertThat(IndexSearch.escapeInnerSlashes("path:/serv.*/")).isEqualTo("path:/serv.*/");
    assertThat(IndexSearch.escapeInnerSlashes("path:/a.*/ AND path:b/c")).isEqualTo("path:/a.*/ AND path:b\\/c");
    assertThat(IndexSearch.escapeInnerSlashes("\"a/b\"")).isEqualTo("\"a/b\"");
  }
}
