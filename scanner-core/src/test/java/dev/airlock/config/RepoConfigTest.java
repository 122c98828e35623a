package dev.airlock.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.rules.RulePackException;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.policy.Sensitivity;
import dev.airlock.source.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a repository's airlock.yml from a real folder, and every error naming file and line. */
class RepoConfigTest {
  @TempDir Path tmp;

  private RepoConfig load(String airlockYml) throws Exception {
    if (airlockYml != null) {
      Files.writeString(tmp.resolve("airlock.yml"), airlockYml);
    }
    try (Source source = Source.open(tmp, null)) {
      return RepoConfig.load(source);
    }
  }

  private void write(String path, String text) throws Exception {
    Files.createDirectories(tmp.resolve(path).getParent());
    Files.writeString(tmp.resolve(path), text);
  }

  private static final String POLICY =
      "rules:\n  - id: all-restricted\n    sensitivity: RESTRICTED\nrouting:\n"
          + "  PUBLIC: CLOUD_ELIGIBLE\n  INTERNAL: CLOUD_ELIGIBLE\n  CONFIDENTIAL: ON_PREM_ONLY\n"
          + "  RESTRICTED: ON_PREM_ONLY\n";

  @Test
  void aRepositoryWithoutAirlockYmlHasNoConfiguration() throws Exception {
    assertThat(load(null)).isSameAs(RepoConfig.NONE);
    assertThat(load("# only a comment\n")).isSameAs(RepoConfig.NONE);
  }

  @Test
  void readsEverySection() throws Exception {
    write("sec/policy.yml", POLICY);
    write("sec/packs/a.yml", "rules: []\n");
    write("sec/packs/b.yaml", "disable: [jwt]\n");
    write("sec/packs/notes.txt", "not a pack\n");
    RepoConfig c =
        load(
            "packs: [./sec/packs/]\norganisations: [Acme Corp]\nunits: [services/*, docs/]\n"
                + "policy: sec/policy.yml\nexclude: ['gen/**']\n");
    assertThat(c.rules()).extracting(a -> a.pack().name())
        .containsExactly("sec/packs/a.yml", "sec/packs/b.yaml");
    assertThat(c.organisations()).containsExactly("Acme Corp");
    assertThat(c.units()).containsExactly("services/*", "docs");
    assertThat(c.policy().name()).isEqualTo("sec/policy.yml");
    assertThat(c.excludes("gen/a/b.java")).isTrue();
    assertThat(c.excludes("src/gen.java")).isFalse();
    RuleSet rules = c.applyTo(RuleSet.builtIn());
    assertThat(rules.rule("jwt")).isEmpty();
    assertThat(rules.organisations()).containsExactly("Acme Corp");
  }

  @Test
  void anInlinePolicyIsParsedLikeAPolicyFile() throws Exception {
    RepoConfig c =
        load("policy:\n  rules:\n    - id: pci-only\n      category: PCI\n      sensitivity: RESTRICTED\n"
            + "  routing: {PUBLIC: CLOUD_ELIGIBLE, INTERNAL: CLOUD_ELIGIBLE,"
            + " CONFIDENTIAL: ON_PREM_ONLY, RESTRICTED: ON_PREM_ONLY}\n");
    assertThat(c.policy().rules()).singleElement()
        .satisfies(r -> assertThat(r.sensitivity()).isEqualTo(Sensitivity.RESTRICTED));
  }

  @Test
  void errorsNameTheFileTheLineAndWhatIsAllowed() throws Exception {
    assertThatThrownBy(() -> load("units: [a]\n\nexlude: [b]\n"))
        .isInstanceOf(RulePackException.class)
        .hasMessage("airlock.yml:3: unknown field 'exlude'; allowed: "
            + "[disable, exclude, organisations, packs, policy, rules, units]");
    assertThatThrownBy(() -> load("units: [a]\nunits: [b]\n"))
        .hasMessageStartingWith("airlock.yml:2: not valid YAML")
        .hasMessageContaining("duplicate key");
    assertThatThrownBy(() -> load("# x\norganisations: Acme\n"))
        .hasMessage("airlock.yml:2: 'organisations' must be a list of strings");
    assertThatThrownBy(() -> load("units: ['../other']\n"))
        .hasMessage("airlock.yml:1: units: '../other' must be a path inside the repository,"
            + " relative to its root");
    assertThatThrownBy(() -> load("packs: [/etc]\n"))
        .hasMessageStartingWith("airlock.yml:1: packs: '/etc' must be a path inside the repository");
    assertThatThrownBy(() -> load("x: 1\npacks: [missing]\n"))
        .hasMessageStartingWith("airlock.yml:1: unknown field 'x'");
    assertThatThrownBy(() -> load("packs: [missing]\n"))
        .hasMessage("airlock.yml:1: packs: 'missing' is neither a rule pack file nor a folder"
            + " with *.yml packs in the repository");
    assertThatThrownBy(() -> load("\npolicy: nowhere.yml\n"))
        .hasMessageStartingWith("airlock.yml:2: policy: no file 'nowhere.yml' in the repository");
    assertThatThrownBy(() -> load("policy: [a]\n"))
        .hasMessage("airlock.yml:1: 'policy' is a policy file's path in the repository or a policy mapping");
    assertThatThrownBy(() -> load("rules: {id: x}\n"))
        .hasMessage("airlock.yml:1: 'rules' is a list of rules, as in a rule pack");
    assertThatThrownBy(() -> load("- just\n- a list\n"))
        .hasMessageStartingWith("airlock.yml:1: airlock.yml is a mapping");
  }

  @Test
  void aRuleErrorInAirlockYmlNamesTheRuleAndItsLine() throws Exception {
    assertThatThrownBy(() -> load("# mine\nrules:\n  - id: broken-rule\n    title: x\n    category: SECRET\n"
            + "    severity: HIGH\n    pattern: '(unclosed'\n"))
        .hasMessageStartingWith("airlock.yml:3: rule 'broken-rule': 'pattern' is not a valid regex");
  }

  @Test
  void aBrokenPackNamedByAirlockYmlNamesThePackFile() throws Exception {
    write("sec/bad.yml", "rules:\n  - id: x\n    title: x\n    category: NOPE\n");
    assertThatThrownBy(() -> load("packs: [sec/bad.yml]\n"))
        .hasMessageStartingWith("sec/bad.yml:2: rule 'x'");
  }

  @Test
  void aSymbolicLinkOutOfTheTreeIsNotFollowed() throws Exception {
    Path outside = Files.createTempFile("policy", ".yml");
    try {
      Files.writeString(outside, POLICY);
      Files.createSymbolicLink(tmp.resolve("linked.yml"), outside);
      assertThatThrownBy(() -> load("policy: linked.yml\n"))
          .hasMessageStartingWith("airlock.yml:1: policy: no file 'linked.yml' in the repository");
    } finally {
      Files.delete(outside);
    }
  }
}
