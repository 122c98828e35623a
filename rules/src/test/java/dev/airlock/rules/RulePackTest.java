package dev.airlock.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.rules.validate.Luhn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulePackTest {
  private static final RuleSet BUILT_IN = RuleSet.builtIn();

  private static final String MINIMAL =
      "pack: test\n"
          + "rules:\n"
          + "  - id: t-minimal\n"
          + "    title: Minimal\n"
          + "    category: secret\n"
          + "    severity: High\n"
          + "    keywords: [ZQ_, Key]\n"
          + "    pattern: 'zq_[a-z0-9]{12}'\n";

  @Test
  void parsesARuleAndFillsInTheDefaults() {
    RulePack pack = RulePack.parse("min.yml", MINIMAL);
    assertThat(pack.name()).isEqualTo("min.yml");
    assertThat(pack.disabled()).isEmpty();
    Rule rule = pack.rules().get(0);
    assertThat(rule.id()).isEqualTo("t-minimal");
    assertThat(rule.title()).isEqualTo("Minimal");
    assertThat(rule.category()).isEqualTo(Category.SECRET);
    assertThat(rule.severity()).isEqualTo(Severity.HIGH);
    assertThat(rule.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(rule.keywords()).containsExactly("zq_", "key");
    assertThat(rule.digits()).isZero();
    assertThat(rule.span()).isZero();
    assertThat(rule.entropy()).isZero();
    assertThat(rule.validator()).isNull();
    assertThat(rule.includePaths()).isEmpty();
    assertThat(rule.excludePaths()).isEmpty();
    assertThat(rule.context()).isEqualTo(Rule.Context.NONE);
    assertThat(rule.allow().allows("anything")).isFalse();
    assertThat(rule.valueGroup()).isNull();
    assertThat(rule.source()).isEqualTo("min.yml");
  }

  @Test
  void parsesEveryOptionalField() {
    String yaml =
        "rules:\n"
            + "  - id: t-full\n"
            + "    title: Full\n"
            + "    description: every field\n"
            + "    category: PCI\n"
            + "    severity: CRITICAL\n"
            + "    confidence: medium\n"
            + "    digits: 13\n"
            + "    pattern: '\\b(?<value>\\d{13,19})\\b'\n"
            + "    span: 40\n"
            + "    validator: luhn\n"
            + "    entropy: 2.5\n"
            + "    paths:\n"
            + "      include: ['src/**']\n"
            + "      exclude: ['*.lock', docs]\n"
            + "    context:\n"
            + "      window: 20\n"
            + "      raise: [Card]\n"
            + "      lower: test\n"
            + "      required: true\n"
            + "    allow:\n"
            + "      patterns: ['^0+$']\n"
            + "      stopwords: [Demo]\n"
            + "      values: ['ABC']\n"
            + "    examples:\n"
            + "      match: ['card 1']\n"
            + "      nomatch: ['card 2', 'card 3']\n"
            + "disable: [other-rule]\n";
    RulePack pack = RulePack.parse("full.yml", yaml);
    Rule rule = pack.rules().get(0);
    assertThat(rule.confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(rule.digits()).isEqualTo(13);
    assertThat(rule.span()).isEqualTo(40);
    assertThat(rule.validator()).isInstanceOf(Luhn.class);
    assertThat(rule.entropy()).isEqualTo(2.5);
    assertThat(rule.valueGroup()).isEqualTo("value");
    assertThat(rule.appliesTo("src/a/B.java")).isTrue();
    assertThat(rule.appliesTo("src/a/deps.lock")).isFalse();
    assertThat(rule.appliesTo("lib/B.java")).isFalse();
    assertThat(rule.context())
        .isEqualTo(new Rule.Context(20, List.of("card"), List.of("test"), true));
    assertThat(rule.allow().allows("000")).isTrue();
    assertThat(rule.allow().allows("a-DEMO-b")).isTrue();
    assertThat(rule.allow().allows("abc")).isTrue();
    assertThat(rule.allow().allows("abcd")).isFalse();
    assertThat(rule.matchExamples()).containsExactly("card 1");
    assertThat(rule.nomatchExamples()).containsExactly("card 2", "card 3");
    assertThat(pack.disabled()).containsExactly("other-rule");
  }

  @Test
  void anEmptyDocumentIsAnEmptyPack() {
    assertThat(RulePack.parse("empty.yml", "").rules()).isEmpty();
    assertThat(RulePack.parse("comment.yml", "# nothing yet\n").rules()).isEmpty();
    assertThat(RulePack.parse("named.yml", "pack: named\n").rules()).isEmpty();
  }

  @Test
  void invalidYamlNamesThePackAndTheLine() {
    String yaml = MINIMAL.replace("    severity: High\n", "  severity: High\n");
    assertThatThrownBy(() -> RulePack.parse("bad.yml", yaml))
        .isInstanceOf(RulePackException.class)
        .hasMessageStartingWith("bad.yml:6: not valid YAML");
  }

  @Test
  void invalidYamlNamesTheLineOfTheProblem() {
    String yaml = MINIMAL + "\tspan: 3\n";
    assertThatThrownBy(() -> RulePack.parse("bad.yml", yaml))
        .isInstanceOf(RulePackException.class)
        .hasMessageStartingWith("bad.yml:9: not valid YAML");
  }

  @Test
  void anUnknownFieldNamesTheRuleItsLineAndTheAllowedFields() {
    String yaml = MINIMAL + "    patern: 'x'\n";
    assertThatThrownBy(() -> RulePack.parse("bad.yml", yaml))
        .isInstanceOf(RulePackException.class)
        .hasMessageStartingWith("bad.yml:3: rule 't-minimal'")
        .hasMessageContaining("unknown field 'patern'")
        .hasMessageContaining(
            "allowed: [allow, anchor, category, checksum, confidence, context, description, digits, entropy,"
                + " examples, id, keywords, paths, pattern, query, requires, severity, span, title,"
                + " validator, volume]");
  }

  @Test
  void anUnknownPackFieldListsTheAllowedOnes() {
    assertThatThrownBy(() -> RulePack.parse("bad.yml", "rule:\n  - id: x\n"))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("unknown field 'rule'")
        .hasMessageContaining("[description, disable, pack, rules]");
  }

  @Test
  void anInvalidRegexNamesTheRule() {
    String yaml = MINIMAL.replace("'zq_[a-z0-9]{12}'", "'zq_([a-z0-9]{12}'");
    assertThatThrownBy(() -> RulePack.parse("bad.yml", yaml))
        .isInstanceOf(RulePackException.class)
        .hasMessageStartingWith("bad.yml:3: rule 't-minimal'")
        .hasMessageContaining("'pattern' is not a valid regex");
  }

  @Test
  void anInvalidAllowPatternNamesTheRule() {
    String yaml = MINIMAL + "    allow:\n      patterns: ['[a-']\n";
    assertThatThrownBy(() -> RulePack.parse("bad.yml", yaml))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("rule 't-minimal'")
        .hasMessageContaining("allow pattern is not a valid regex");
  }

  @Test
  void aMissingOrUnknownCategoryListsTheAllowedValues() {
    String allowed = "[SECRET, PII, PHI, PCI, EXPORT_CONTROL, CLASSIFIED, PROPRIETARY, LICENSE]";
    assertThatThrownBy(
            () -> RulePack.parse("bad.yml", MINIMAL.replace("    category: secret\n", "")))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("rule 't-minimal'")
        .hasMessageContaining("'category' is required, one of " + allowed);
    assertThatThrownBy(
            () ->
                RulePack.parse("bad.yml", MINIMAL.replace("category: secret", "category: secrets")))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("'category' is 'secrets', expected one of " + allowed);
  }

  @Test
  void aMissingSeverityOrABadConfidenceListsTheAllowedValues() {
    assertThatThrownBy(() -> RulePack.parse("bad.yml", MINIMAL.replace("    severity: High\n", "")))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("'severity' is required, one of [LOW, MEDIUM, HIGH, CRITICAL]");
    assertThatThrownBy(() -> RulePack.parse("bad.yml", MINIMAL + "    confidence: sure\n"))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("'confidence' is 'sure', expected one of [LOW, MEDIUM, HIGH]");
  }

  @Test
  void titleAndPatternAreRequired() {
    assertThatThrownBy(() -> RulePack.parse("bad.yml", MINIMAL.replace("    title: Minimal\n", "")))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("rule 't-minimal': 'title' is required");
    assertThatThrownBy(
            () ->
                RulePack.parse("bad.yml", MINIMAL.replace("    pattern: 'zq_[a-z0-9]{12}'\n", "")))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("rule 't-minimal': 'pattern' is required");
  }

  @Test
  void anIdMustBeLowerCaseLettersDigitsDotsUnderscoresAndDashes() {
    assertThatThrownBy(
            () -> RulePack.parse("bad.yml", MINIMAL.replace("id: t-minimal", "id: T Minimal")))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("'id' is required: lower-case letters, digits");
    assertThatThrownBy(
            () -> RulePack.parse("bad.yml", MINIMAL.replace("  - id: t-minimal\n", "  - \n")))
        .isInstanceOf(RulePackException.class);
  }

  @Test
  void anUnknownValidatorListsTheKnownOnes() {
    assertThatThrownBy(() -> RulePack.parse("bad.yml", MINIMAL + "    validator: verhoeff9\n"))
        .isInstanceOf(RulePackException.class)
        .hasMessageStartingWith("bad.yml:3: rule 't-minimal'")
        .hasMessageContaining("unknown validator 'verhoeff9'")
        .hasMessageContaining("luhn");
  }

  @Test
  void anUnknownChecksumListsTheKnownOnes() {
    assertThatThrownBy(() -> RulePack.parse("bad.yml", MINIMAL + "    checksum: crc64\n"))
        .isInstanceOf(RulePackException.class)
        .hasMessageStartingWith("bad.yml:3: rule 't-minimal'")
        .hasMessageContaining("unknown checksum 'crc64'")
        .hasMessageContaining("github-crc32");
  }

  @Test
  void aChecksumIsReadByName() {
    Rule rule = RulePack.parse("min.yml", MINIMAL + "    checksum: github-crc32\n").rules().get(0);
    assertThat(rule.checksum().name()).isEqualTo("github-crc32");
    assertThat(RulePack.parse("min.yml", MINIMAL).rules().get(0).checksum()).isNull();
  }

  @Test
  void keywordsMustBeNonEmptyAscii() {
    assertThatThrownBy(
            () -> RulePack.parse("bad.yml", MINIMAL.replace("[ZQ_, Key]", "[ZQ_, 'cl\u00e9']")))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("keywords must be non-empty ASCII");
    assertThatThrownBy(() -> RulePack.parse("bad.yml", MINIMAL.replace("[ZQ_, Key]", "[ZQ_, '']")))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("keywords must be non-empty ASCII");
  }

  @Test
  void aPatternMayNameOnlyOneValueGroup() {
    String yaml = MINIMAL.replace("'zq_[a-z0-9]{12}'", "'(?<secret>zq_)(?<value>[a-z0-9]{12})'");
    assertThatThrownBy(() -> RulePack.parse("bad.yml", yaml))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("one named group, 'secret' or 'value', not both");
  }

  @Test
  void entropyIsBetweenZeroAndEightBits() {
    assertThatThrownBy(() -> RulePack.parse("bad.yml", MINIMAL + "    entropy: 9\n"))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("'entropy' is bits per character, from 0 to 8");
    assertThatThrownBy(() -> RulePack.parse("bad.yml", MINIMAL + "    entropy: -1\n"))
        .isInstanceOf(RulePackException.class);
  }

  @Test
  void requiredContextNeedsRaiseWords() {
    String yaml = MINIMAL + "    context:\n      lower: [mock]\n      required: true\n";
    assertThatThrownBy(() -> RulePack.parse("bad.yml", yaml))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("'context.required' needs 'context.raise' words");
  }

  @Test
  void rulesMustBeAList() {
    assertThatThrownBy(() -> RulePack.parse("bad.yml", "rules: everything\n"))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("'rules' must be a list");
    assertThatThrownBy(() -> RulePack.parse("bad.yml", "- just\n- a list\n"))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("a rule pack is a mapping");
  }

  @Test
  void theErrorLineIsTheLineOfTheRulesId() {
    String yaml =
        MINIMAL + "  - id: t-second\n    title: Second\n    category: PII\n    pattern: 'x'\n";
    assertThatThrownBy(() -> RulePack.parse("bad.yml", yaml))
        .isInstanceOf(RulePackException.class)
        .hasMessageStartingWith("bad.yml:9: rule 't-second'")
        .hasMessageContaining("'severity' is required");
  }

  // ---- Through RuleSet.load, with the built-in packs loaded first ----

  @Test
  void disablingAnUnknownRuleFailsNamingTheFileAndTheId(@TempDir Path dir) throws Exception {
    Path pack = dir.resolve("off.yml");
    Files.writeString(pack, "disable: [t-no-such-rule]\n");
    assertThatThrownBy(() -> RuleSet.load(List.of(dir)))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining(pack.toString())
        .hasMessageContaining(
            "'disable' names rule 't-no-such-rule', which no earlier pack defines");
  }

  @Test
  void disablingABuiltInRuleRemovesIt(@TempDir Path dir) throws Exception {
    String builtIn = BUILT_IN.rules().get(0).id();
    Files.writeString(dir.resolve("off.yml"), "disable: [" + builtIn + "]\n");
    RuleSet rules = RuleSet.load(List.of(dir));
    assertThat(rules.rule(builtIn).isPresent()).isFalse();
    assertThat(ids(rules)).hasSize(BUILT_IN.rules().size() - 1);
  }

  @Test
  void aUserPackReplacingABuiltInRuleKeepsOneRuleWithThatIdInItsPlace(@TempDir Path dir)
      throws Exception {
    List<Rule> builtIns = BUILT_IN.rules();
    int index = builtIns.size() - 1;
    String id = builtIns.get(index).id();
    Files.writeString(
        dir.resolve("mine.yml"),
        "rules:\n  - id: "
            + id
            + "\n    title: Replaced\n    category: PROPRIETARY\n    severity: LOW\n"
            + "    keywords: [zq_]\n    pattern: 'zq_[a-z0-9]{12}'\n");
    RuleSet rules = RuleSet.load(List.of(dir));
    assertThat(ids(rules)).filteredOn(id::equals).hasSize(1);
    assertThat(ids(rules)).hasSize(builtIns.size());
    assertThat(ids(rules).get(index)).isEqualTo(id);
    assertThat(rules.rule(id).get().title()).isEqualTo("Replaced");
    assertThat(rules.rule(id).get().source()).endsWith("mine.yml");
  }

  @Test
  void userRulesComeAfterTheBuiltInOnes(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("mine.yml"), MINIMAL);
    RuleSet rules = RuleSet.load(List.of(dir));
    assertThat(ids(rules)).last().isEqualTo("t-minimal");
    assertThat(ids(rules)).hasSize(BUILT_IN.rules().size() + 1);
  }

  @Test
  void aRuleDefinedTwiceInOnePackFails(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("twice.yml"), MINIMAL + MINIMAL.substring(MINIMAL.indexOf("  - id:")));
    assertThatThrownBy(() -> RuleSet.load(List.of(dir)))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining("rule 't-minimal' is defined twice in the same pack");
  }

  @Test
  void loadsYmlAndYamlFilesInNameOrderAndIgnoresOthers(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("b.yaml"), MINIMAL.replace("t-minimal", "t-from-b"));
    Files.writeString(dir.resolve("a.yml"), MINIMAL.replace("t-minimal", "t-from-a"));
    Files.writeString(dir.resolve("notes.txt"), "not: [a pack");
    RuleSet rules = RuleSet.load(List.of(dir));
    assertThat(ids(rules))
        .filteredOn(id -> id.startsWith("t-"))
        .containsExactly("t-from-a", "t-from-b");
  }

  @Test
  void aPathToOneFileLoadsThatFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("one.yml");
    Files.writeString(file, MINIMAL);
    assertThat(RuleSet.load(List.of(file)).rule("t-minimal")).isPresent();
  }

  @Test
  void aMissingFolderFails(@TempDir Path dir) {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> RuleSet.load(List.of(missing)))
        .isInstanceOf(RulePackException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void aBrokenUserPackNamesItsFile(@TempDir Path dir) throws Exception {
    Path pack = dir.resolve("broken.yml");
    Files.writeString(pack, MINIMAL + "    patern: x\n");
    assertThatThrownBy(() -> RuleSet.load(List.of(dir)))
        .isInstanceOf(RulePackException.class)
        .hasMessageStartingWith(pack + ":3:");
  }

  @Test
  void theHashFollowsPackTextNotTheFolder(@TempDir Path dir) throws Exception {
    Path one = Files.createDirectory(dir.resolve("one"));
    Path two = Files.createDirectory(dir.resolve("two"));
    Files.writeString(one.resolve("mine.yml"), MINIMAL);
    Files.writeString(two.resolve("mine.yml"), MINIMAL);
    String hash = RuleSet.load(List.of(one)).hash();
    assertThat(hash).matches("[0-9a-f]{64}");
    assertThat(RuleSet.load(List.of(two)).hash()).isEqualTo(hash);
    assertThat(BUILT_IN.hash()).isNotEqualTo(hash);
    Files.writeString(two.resolve("mine.yml"), MINIMAL.replace("Minimal", "Minimal too"));
    assertThat(RuleSet.load(List.of(two)).hash()).isNotEqualTo(hash);
  }

  /** Rule ids only: whole rules would print their examples, which look like secrets. */
  private static List<String> ids(RuleSet rules) {
    return rules.rules().stream().map(Rule::id).toList();
  }
}
