package dev.airlock.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.rules.engine.Engine;
import dev.airlock.rules.engine.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Built-in patterns compile on first use; user patterns when their pack loads. */
class LazyPatternsTest {

  private static List<Rule> freshBuiltIns() {
    List<Rule> rules = new ArrayList<>();
    for (RulePack pack : CompiledPacks.read().packs()) {
      rules.addAll(pack.rules());
    }
    return rules;
  }

  @Test
  void builtInPatternsAndGlobsAreCompiledOnlyWhenUsed() {
    List<Rule> rules = freshBuiltIns();
    assertThat(rules).allSatisfy(r -> assertThat(r.regex().compiled()).as(r.id()).isFalse());
    assertThat(rules.stream().flatMap(r -> r.includePaths().stream()))
        .isNotEmpty()
        .allSatisfy(g -> assertThat(g.compiled().compiled()).as(g.text()).isFalse());

    Rule first = rules.get(0);
    Pattern p = first.pattern();
    assertThat(p.pattern()).isEqualTo(first.regex().source());
    assertThat(first.pattern()).isSameAs(p);
    assertThat(first.regex().compiled()).isTrue();
  }

  @Test
  void buildingTheJavaEngineCompilesNoPatternAndMatchingCompilesOnlyWhatItTries() {
    List<Rule> rules = freshBuiltIns();
    Matcher matcher = Engine.JAVA.create(rules);
    assertThat(rules.stream().filter(r -> r.regex().compiled())).isEmpty();

    // An AWS-style key id, built here so that no credential-shaped literal sits in the source.
    String key = "AKIA" + "Q3EGRJXWZ7TN5KVB";
    assertThat(matcher.match("aws_access_key_id = " + key + "\n").matches()).isNotEmpty();
    long compiled = rules.stream().filter(r -> r.regex().compiled()).count();
    assertThat(compiled).isPositive().isLessThan(rules.size() / 4);
  }

  @Test
  void userPatternsAreCompiledWhenThePackLoadsSoABadOneFailsThere() {
    String good =
        "rules:\n  - id: codename-heron\n    title: Heron\n    category: PROPRIETARY\n"
            + "    severity: HIGH\n    keywords: [heron]\n    pattern: '(?i)project heron'\n";
    assertThat(RulePack.parse("good.yml", good).rules().get(0).regex().compiled()).isTrue();
    String bad = good.replace("'(?i)project heron'", "'(unclosed'");
    assertThatThrownBy(() -> RulePack.parse("bad.yml", bad))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("bad.yml:2")
        .hasMessageContaining("codename-heron")
        .hasMessageContaining("not a valid regex");
  }

  @Test
  void racingFirstUsesAllGetTheSamePattern() {
    Regex regex = Regex.lazy("(?<secret>[a-z]{4}_[0-9]{6})");
    ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
    IntStream.range(0, 64).parallel().forEach(i -> {
      Pattern p = regex.get();
      seen.put(p.pattern() + "/" + p.matcher("abcd_123456").matches(), true);
    });
    assertThat(seen.keySet()).containsExactly("(?<secret>[a-z]{4}_[0-9]{6})/true");
    assertThat(regex.plain()).isTrue();
    assertThat(Regex.of(Pattern.compile("abc", Pattern.CASE_INSENSITIVE)).plain()).isFalse();
    assertThat(Regex.of(Pattern.compile("(?i)abc")).plain()).isTrue();
  }
}
