package dev.airlock.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {

  private static boolean matches(String glob, String path) {
    return Glob.of(glob).matches(path);
  }

  @Test
  void doubleStarCrossesFolders() {
    assertThat(matches("src/**/*.java", "src/A.java")).isTrue();
    assertThat(matches("src/**/*.java", "src/a/b/c/A.java")).isTrue();
    assertThat(matches("src/**/*.java", "test/A.java")).isFalse();
    assertThat(matches("src/**", "src/a/b.txt")).isTrue();
    assertThat(matches("a/**/b", "a/b")).isTrue();
    assertThat(matches("a/**/b", "a/x/y/b")).isTrue();
    assertThat(matches("a/**/b", "a/xb")).isFalse();
    assertThat(matches("**/generated/**", "src/main/generated/X.java")).isTrue();
    assertThat(matches("**/generated/**", "generated/X.java")).isTrue();
  }

  @Test
  void singleStarStaysInsideOneFolder() {
    assertThat(matches("src/*.java", "src/A.java")).isTrue();
    assertThat(matches("src/*.java", "src/a/A.java")).isFalse();
    assertThat(matches("src/*/A.java", "src/a/A.java")).isTrue();
    assertThat(matches("src/*/A.java", "src/a/b/A.java")).isFalse();
  }

  @Test
  void questionMarkIsOneCharacterOtherThanASlash() {
    assertThat(matches("a?c.txt", "abc.txt")).isTrue();
    assertThat(matches("a?c.txt", "ac.txt")).isFalse();
    assertThat(matches("a?c.txt", "abbc.txt")).isFalse();
    assertThat(matches("x/a?c", "x/a/c")).isFalse();
  }

  @Test
  void aGlobWithoutASlashMatchesTheFileNameAtAnyDepth() {
    assertThat(matches("*.min.js", "app.min.js")).isTrue();
    assertThat(matches("*.min.js", "web/static/js/app.min.js")).isTrue();
    assertThat(matches("*.min.js", "web/app.js")).isFalse();
    assertThat(matches("Makefile", "Makefile")).isTrue();
    assertThat(matches("Makefile", "tools/build/Makefile")).isTrue();
    assertThat(matches("Makefile", "tools/Makefile.bak")).isFalse();
    assertThat(matches("Makefile", "tools/GNUMakefile")).isFalse();
  }

  @Test
  void aGlobWithASlashIsAnchoredAtTheRoot() {
    assertThat(matches("docs/api", "docs/api/index.html")).isTrue();
    assertThat(matches("docs/api", "site/docs/api/index.html")).isFalse();
    assertThat(matches("/build", "build/out.class")).isTrue();
    assertThat(matches("/build", "module/build/out.class")).isFalse();
  }

  @Test
  void aFolderGlobCoversEverythingUnderTheFolder() {
    assertThat(matches("build", "build/classes/A.class")).isTrue();
    assertThat(matches("build", "module/build/classes/A.class")).isTrue();
    assertThat(matches("node_modules", "web/node_modules/x/index.js")).isTrue();
    assertThat(matches("docs/api", "docs/api")).isTrue();
    assertThat(matches("docs/api", "docs/apix/index.html")).isFalse();
    assertThat(matches("build", "rebuild/x")).isFalse();
  }

  @Test
  void regexCharactersInAGlobAreLiteral() {
    assertThat(matches("a+b.txt", "a+b.txt")).isTrue();
    assertThat(matches("a+b.txt", "aab.txt")).isFalse();
    assertThat(matches("a.txt", "abtxt")).isFalse();
    assertThat(matches("(x)[1].yml", "(x)[1].yml")).isTrue();
    assertThat(matches("$HOME\\x", "$HOME\\x")).isTrue();
  }

  @Test
  void matchingIsCaseSensitive() {
    assertThat(matches("*.java", "A.JAVA")).isFalse();
  }

  @Test
  void anyMatchesIsTrueWhenOneGlobMatches() {
    List<Glob> globs = List.of(Glob.of("*.md"), Glob.of("docs"));
    assertThat(Glob.anyMatches(globs, "README.md")).isTrue();
    assertThat(Glob.anyMatches(globs, "docs/a.txt")).isTrue();
    assertThat(Glob.anyMatches(globs, "src/a.txt")).isFalse();
    assertThat(Glob.anyMatches(List.of(), "src/a.txt")).isFalse();
  }

  @Test
  void anEmptyGlobIsRejected() {
    assertThatThrownBy(() -> Glob.of(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> Glob.of("  ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Glob.of(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aGlobEndingInASlashCoversTheFolder() {
    // As in .gitignore, "vendor/" names a folder; the class comment promises that a folder glob
    // covers everything below it.
    assertThat(matches("vendor/", "vendor/lib/a.js")).isTrue();
    assertThat(matches("third_party/vendor/", "third_party/vendor/a.js")).isTrue();
  }

  /** The string tests that stand in for the regex of simple globs must agree with the regex. */
  @Test
  void nameSuffixAndPrefixGlobsAgreeWithTheirRegexOnRandomPaths() {
    long seed = 20261201L;
    java.util.Random random = new java.util.Random(seed);
    String[] parts = {"LICENSE", "LICENSE.txt", "x", "a.md", ".md", "md", "pom.xml", "src", "/", "/",
        "/", "CHANGELOG", "docs", "README.md.bak", "LICENSES", "aLICENSE"};
    List<Glob> globs = List.of(Glob.of("LICENSE*"), Glob.of("*.md"), Glob.of("pom.xml"),
        Glob.of("CHANGELOG*"), Glob.of("*.xml"), Glob.of("md"));
    for (int i = 0; i < 20_000; i++) {
      StringBuilder path = new StringBuilder();
      int n = 1 + random.nextInt(5);
      for (int j = 0; j < n; j++) {
        path.append(parts[random.nextInt(parts.length)]);
      }
      String p = path.toString();
      for (Glob g : globs) {
        assertThat(g.matches(p))
            .as("seed %d, glob %s, path %s", seed, g.text(), p)
            .isEqualTo(g.regex().matcher(p).matches());
      }
    }
  }
}
