package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.rules.Rule;
import dev.airlock.rules.RulePack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiled database is kept between runs, and a broken or unwritable cache never fails. */
class HyperscanCacheTest {
  private static final String TEXT = "x = 1\nauth = tk_abcdefghij0123456789\nTK_zzzzzzzzzzzzzzzzzzzz\n";
  private String before;

  @BeforeEach
  void natives() {
    assumeTrue(HyperscanMatcher.unavailableReason() == null, "Hyperscan natives");
    before = System.getProperty("airlock.cache.dir");
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty("airlock.cache.dir");
    } else {
      System.setProperty("airlock.cache.dir", before);
    }
  }

  /** Parsed once: matches hold their rule, and two parses give unequal Pattern objects. */
  private static final List<Rule> RULES = parse();

  private static List<Rule> rules() {
    return RULES;
  }

  private static List<Rule> parse() {
    return RulePack.parse(
            "test-pack.yml",
            TestRule.pack(
                rule("t-token").category("SECRET").keywords("tk_").pattern("(?i)\\btk_[a-z0-9]{20}\\b")))
        .rules();
  }

  @Test
  void aSecondMatcherLoadsTheDatabaseFromTheCacheAndFindsTheSame(@TempDir Path dir) throws IOException {
    System.setProperty("airlock.cache.dir", dir.toString());
    HyperscanMatcher first = new HyperscanMatcher(rules());
    HyperscanMatcher second = new HyperscanMatcher(rules());
    assertThat(first.fromCache).isFalse();
    assertThat(second.fromCache).isTrue();
    try (Stream<Path> files = Files.list(dir.resolve("hyperscan"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .singleElement()
          .satisfies(name -> assertThat(name).endsWith(".hsdb"));
    }
    assertThat(second.match(TEXT).matches()).hasSize(2).isEqualTo(first.match(TEXT).matches());
  }

  @Test
  void aCorruptCacheFileIsIgnoredAndReplaced(@TempDir Path dir) throws IOException {
    System.setProperty("airlock.cache.dir", dir.toString());
    new HyperscanMatcher(rules());
    Path file;
    try (Stream<Path> files = Files.list(dir.resolve("hyperscan"))) {
      file = files.findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(file);
    for (int i = bytes.length / 2; i < bytes.length; i++) {
      bytes[i] = (byte) 0x5a;
    }
    Files.write(file, bytes);
    HyperscanMatcher again = new HyperscanMatcher(rules());
    assertThat(again.fromCache).isFalse();
    assertThat(again.match(TEXT).matches()).hasSize(2);
    assertThat(new HyperscanMatcher(rules()).fromCache).isTrue();
  }

  @Test
  void anUnwritableCacheFolderOnlyMeansCompiling(@TempDir Path dir) throws IOException {
    Path blocker = dir.resolve("file");
    Files.writeString(blocker, "not a folder");
    System.setProperty("airlock.cache.dir", blocker.toString());
    HyperscanMatcher m = new HyperscanMatcher(rules());
    assertThat(m.fromCache).isFalse();
    assertThat(m.match(TEXT).matches()).hasSize(2);
  }
}
