package dev.airlock.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.rules.validate.Checksum;
import dev.airlock.rules.validate.Validator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in packs' compiled form, which start-up reads instead of their YAML. */
class CompiledPacksTest {

  @Test
  void theBuildShipsTheCompiledFormAndItHoldsExactlyWhatTheYamlDoes() {
    CompiledPacks.Contents compiled = CompiledPacks.read();
    assertThat(compiled).as("the build writes " + CompiledPacks.RESOURCE).isNotNull();
    RuleSet.Yamls yaml = RuleSet.builtInFromYaml();

    assertThat(compiled.packs()).extracting(RulePack::name)
        .containsExactlyElementsOf(yaml.packs().stream().map(RulePack::name).toList());
    assertThat(compiled.packs().stream().mapToInt(p -> p.rules().size()).sum()).isGreaterThan(400);
    for (int i = 0; i < yaml.packs().size(); i++) {
      RulePack expected = yaml.packs().get(i);
      RulePack actual = compiled.packs().get(i);
      assertThat(actual.disabled()).as(expected.name()).isEqualTo(expected.disabled());
      assertThat(actual.rules()).as(expected.name()).hasSameSizeAs(expected.rules());
      for (int r = 0; r < expected.rules().size(); r++) {
        assertThat(comparable(actual.rules().get(r)))
            .as(expected.rules().get(r).id())
            .isEqualTo(comparable(expected.rules().get(r)));
      }
    }
    assertThat(compiled.hash()).isEqualTo(yaml.hash());
  }

  @Test
  void theBuiltInRuleSetIsTheCompiledOneWithTheHashOfTheYamlText() throws Exception {
    RuleSet builtIn = RuleSet.builtIn();
    List<String> texts = builtInTexts();
    assertThat(builtIn.hash()).isEqualTo(sha256("", texts));
    // Organisations put a prefix before the packs' text, which is then read from the jar.
    assertThat(builtIn.withOrganisations(List.of("Acme Corp")).hash())
        .isEqualTo(sha256("organisations\u0000Acme Corp\u0001", texts));
    List<Rule> expected = new ArrayList<>();
    for (RulePack p : RuleSet.builtInFromYaml().packs()) {
      expected.addAll(p.rules());
    }
    // No built-in pack disables or replaces another's rule, so the set is every rule in order.
    assertThat(builtIn.rules().stream().map(CompiledPacksTest::comparable).toList())
        .isEqualTo(expected.stream().map(CompiledPacksTest::comparable).toList());
  }

  @Test
  void aUserPackOnTopHashesTheBuiltInTextsAndItsOwn(@TempDir Path dir) throws Exception {
    String own =
        "rules:\n  - id: codename-heron\n    title: Heron\n    category: PROPRIETARY\n"
            + "    severity: HIGH\n    keywords: [heron]\n    pattern: 'project heron'\n";
    Files.writeString(dir.resolve("own.yml"), own);
    List<String> texts = new ArrayList<>(builtInTexts());
    RuleSet loaded = RuleSet.load(List.of(dir));
    texts.add("own.yml\u0000" + own);
    assertThat(loaded.hash()).isEqualTo(sha256("", texts));
  }

  @Test
  void everyFieldSurvivesTheRoundTrip() throws IOException {
    // Fields the built-in packs may not all use, so that the form is proven for each of them.
    String yaml =
        """
        rules:
          - id: every-field
            title: Every field
            category: SECRET
            severity: HIGH
            confidence: MEDIUM
            keywords: [Token_, tok]
            requires: ["="]
            pattern: '(?<secret>tok_[a-z0-9]{8})'
            span: 2
            validator: luhn
            checksum: github-crc32
            entropy: 2.5
            paths:
              include: ["*.java", "src/**"]
              exclude: [vendor/]
            context:
              window: 40
              raise: [Secret]
              lower: [example]
              required: true
            allow:
              patterns: ['^tok_0+$']
              stopwords: [Dummy]
              values: [tok_aaaaaaaa]
            volume: {few: 1, many: 5}
            examples:
              match: ["tok_ab12cd34 = 1"]
              nomatch: ["nothing"]
          - id: digits-rule
            title: Digits
            category: PII
            severity: LOW
            digits: 9
            pattern: '\\d{9}'
          - id: anchored-rule
            title: Anchored
            category: SECRET
            severity: MEDIUM
            keywords: [ghp_]
            anchor: keyword
            pattern: 'ghp_[A-Za-z0-9]{36}'
          - id: query-rule
            title: Query
            category: PROPRIETARY
            severity: MEDIUM
            query: '"trade secret"~3'
            paths:
              exclude: ["*.md"]
            examples:
              match: ["a trade and secret"]
        disable:
          - some-rule
        """;
    RulePack pack = RulePack.parse("own.yml", yaml);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CompiledPacks.write(new CompiledPacks.Contents(List.of(pack), "abc123"), bytes);
    CompiledPacks.Contents back = CompiledPacks.read(new ByteArrayInputStream(bytes.toByteArray()));

    assertThat(back.hash()).isEqualTo("abc123");
    RulePack read = back.packs().get(0);
    assertThat(read.name()).isEqualTo("own.yml");
    assertThat(read.disabled()).containsExactly("some-rule");
    assertThat(read.rules().stream().map(CompiledPacksTest::comparable).toList())
        .isEqualTo(pack.rules().stream().map(CompiledPacksTest::comparable).toList());
    Rule every = read.rules().get(0);
    assertThat(every.validator()).isSameAs(Validator.named("luhn"));
    assertThat(every.checksum()).isSameAs(Checksum.named("github-crc32"));
    assertThat(every.volume()).isEqualTo(new Rule.Volume(1, 5));
    assertThat(read.rules().get(1).context()).isSameAs(Rule.Context.NONE);
    assertThat(read.rules().get(1).allow()).isSameAs(Rule.Allow.NONE);
    assertThat(read.rules().get(3).pattern()).isSameAs(Rule.NO_PATTERN);
    assertThat(read.rules().get(3).query()).isEqualTo("\"trade secret\"~3");
  }

  @Test
  void aFileCutShortIsAnErrorAtEveryLength() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CompiledPacks.Contents built = CompiledPacks.read();
    CompiledPacks.write(new CompiledPacks.Contents(built.packs().subList(0, 1), built.hash()), bytes);
    byte[] whole = bytes.toByteArray();
    assertThat(CompiledPacks.read(new ByteArrayInputStream(whole)).packs().get(0).rules())
        .hasSameSizeAs(built.packs().get(0).rules());
    for (int length = 4; length < whole.length; length += 1 + length / 7) {
      byte[] cut = java.util.Arrays.copyOf(whole, length);
      assertThatThrownBy(() -> CompiledPacks.read(new ByteArrayInputStream(cut)))
          .isInstanceOf(java.io.EOFException.class);
    }
  }

  @Test
  void aFileOfAnotherFormatIsRefused() {
    byte[] junk = "rules:\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CompiledPacks.read(new ByteArrayInputStream(junk)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rebuild the rules module");
  }

  /**
   * A rule as plain values, component by component, so that two rules compare by content: a
   * {@link Pattern} or {@link Regex} (whose equals is identity) by its source and flags, a {@link
   * Glob} by its text.
   * Read reflectively, so a field added to {@link Rule} later is compared too.
   */
  static Object comparable(Object value) {
    if (value instanceof Pattern p) {
      return "regex " + p.flags() + " " + p.pattern();
    }
    if (value instanceof Glob g) {
      return "glob " + g.text();
    }
    if (value instanceof Regex r) {
      return "regex " + r.plain() + " " + r.source();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(CompiledPacksTest::comparable).toList();
    }
    if (value instanceof Record r) {
      List<Object> out = new ArrayList<>();
      out.add(r.getClass().getSimpleName());
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        try {
          out.add(c.getName() + "=" + comparable(c.getAccessor().invoke(r)));
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
      return out;
    }
    return value;
  }

  /** Each built-in pack as "name NUL text", in load order, read straight from the resources. */
  private static List<String> builtInTexts() throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : resource("airlock/rules/packs.txt").split("\n")) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        out.add("airlock/rules/" + name + "\u0000" + resource("airlock/rules/" + name));
      }
    }
    return out;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = CompiledPacksTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The documented hash: SHA-256 over a prefix, then each "name NUL text" followed by NUL. */
  private static String sha256(String prefix, List<String> texts) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(prefix.getBytes(StandardCharsets.UTF_8));
    for (String t : texts) {
      sha.update(t.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
