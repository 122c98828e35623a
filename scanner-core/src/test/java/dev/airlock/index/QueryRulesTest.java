package dev.airlock.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.rules.Category;
import dev.airlock.rules.ExampleCheck;
import dev.airlock.rules.Finding;
import dev.airlock.rules.RulePackException;
import dev.airlock.rules.RuleSet;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import dev.airlock.scan.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryRulesTest {
  @TempDir Path tmp;

  private RuleSet pack(String yaml) throws Exception {
    Path dir = tmp.resolve("packs");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("queries.yml"), yaml);
    return RuleSet.load(List.of(dir));
  }

  private static final String TRADE_SECRET = """
      rules:
        - id: trade-secret-words
          title: Trade secret, in so many words
          category: PROPRIETARY
          severity: HIGH
          query: '"trade secret"~3'
          examples:
            match: ['this trade is our secret', 'Trade secret of ACME']
            nomatch: ['a trade show', 'trade is what we do, and the recipe is secret']
        - id: falcon-docs
          title: Project Falcon in documents
          category: PROPRIETARY
          severity: MEDIUM
          query: '"project falcon" OR falconRoadmap'
          paths: {include: ['*.md']}
          examples:
            match: ['see the falconRoadmap page']
            nomatch: ['falcon heavy']
      """;

  private ScanResult scan(Path repo, RuleSet rules, StateOptions state) {
    return Scanner.builder().rules(rules).threads(2).state(state).build()
        .scanPaths(List.of(repo), null).get(0);
  }

  private Path repo() throws Exception {
    Path dir = tmp.resolve("repo");
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("docs/strategy.md", "# Strategy\n\nThe recipe is a trade we keep secret, always.\nProject   Falcon starts in May.\n");
      repo.write("src/Falcon.java", "// project falcon\nclass Falcon {}\n");
      repo.write("README.md", "a trade show and then, later that day, a secret handshake\n");
      repo.commit("initial");
    }
    return dir;
  }

  @Test
  void queryRulesFindPhrasesAndProximityWithLocations() throws Exception {
    RuleSet rules = pack(TRADE_SECRET);
    ScanResult r = scan(repo(), rules, StateOptions.none());
    assertThat(r.findings())
        .extracting(f -> f.ruleId() + " " + f.location() + " " + f.category())
        .containsExactly(
            "trade-secret-words docs/strategy.md:3:17 PROPRIETARY",
            "falcon-docs docs/strategy.md:4:1 PROPRIETARY");
    Finding first = r.findings().get(0);
    assertThat(first.redacted()).contains("…(sha256:").doesNotContain("secret");
  }

  @Test
  void queryRuleFindingsAreReusedFromTheIndexUnchanged() throws Exception {
    RuleSet rules = pack(TRADE_SECRET);
    Path dir = repo();
    ScanResult cold = scan(dir, rules, StateOptions.inRepository(IndexMode.FINDINGS));
    ScanResult again = scan(dir, rules, StateOptions.inRepository(IndexMode.FINDINGS));
    assertThat(again.stats().blobsScanned()).isZero();
    assertThat(again.findings()).isEqualTo(cold.findings()).isNotEmpty();
    assertThat(again.label()).isEqualTo(cold.label());
  }

  @Test
  void examplesOfQueryRulesRunThroughTheQueryEngine() throws Exception {
    RuleSet rules = pack(TRADE_SECRET);
    assertThat(ExampleCheck.run(rules, QueryRules.matcher(rules)))
        .filteredOn(f -> f.source().endsWith("queries.yml"))
        .isEmpty();
    // The regex engine alone cannot run them: their match examples fail there.
    assertThat(ExampleCheck.run(rules)).extracting(ExampleCheck.Failure::ruleId)
        .contains("trade-secret-words");
  }

  @Test
  void aQueryThatDoesNotParseNamesItsRule() throws Exception {
    RuleSet rules = pack("""
        rules:
          - id: broken-query
            title: Broken
            category: PROPRIETARY
            severity: LOW
            query: 'content:(trade'
        """);
    assertThatThrownBy(() -> QueryRules.matcher(rules))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("broken-query")
        .hasMessageContaining("cannot parse");
  }

  @Test
  void aRuleHasAQueryOrAPatternNotBoth() {
    assertThatThrownBy(() -> pack("""
        rules:
          - id: both
            title: Both
            category: PROPRIETARY
            severity: LOW
            query: 'falcon'
            pattern: 'falcon'
        """))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("'pattern' does not apply to a rule with 'query'");
  }

  @Test
  void builtInRulesHaveNoQueriesSoTheRegexEngineServesAlone() {
    RuleSet builtIn = RuleSet.builtIn();
    assertThat(builtIn.rules()).noneMatch(r -> r.isQuery());
    // The rule set's own engine, asked for at each match (it is built at the first).
    dev.airlock.rules.engine.Matcher matcher = QueryRules.matcher(builtIn);
    assertThat(matcher.describe()).isEqualTo(builtIn.matcher().describe());
    assertThat(matcher.match("password=" + "x".repeat(3) + "Q7!rT9zK", "a.properties"))
        .isEqualTo(builtIn.matcher().match("password=" + "x".repeat(3) + "Q7!rT9zK", "a.properties"));
    assertThat(Category.PROPRIETARY).isNotNull();
  }
}
