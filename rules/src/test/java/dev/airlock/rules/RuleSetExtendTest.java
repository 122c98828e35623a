package dev.airlock.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A repository's own rules and organisations on top of the run's rules. */
class RuleSetExtendTest {
  private static final String PACK =
      "rules:\n  - id: codename-falcon\n    title: Falcon\n    category: PROPRIETARY\n"
          + "    severity: HIGH\n    keywords: [falcon]\n    pattern: '(?i)project falcon'\n"
          + "disable:\n  - aws-access-key-id\n";

  @Test
  void extendingAddsAndDisablesRulesAndLeavesTheBaseAlone() {
    RuleSet base = RuleSet.builtIn();
    RuleSet extended = base.extend(List.of(new RuleSet.Addition(RulePack.parse("own.yml", PACK), PACK)));
    assertThat(extended.rule("codename-falcon")).isPresent();
    assertThat(extended.rule("aws-access-key-id")).isEmpty();
    assertThat(extended.rules()).hasSize(base.rules().size());
    assertThat(extended.hash()).isNotEqualTo(base.hash());
    assertThat(base.rule("aws-access-key-id")).isPresent();
    assertThat(base.rule("codename-falcon")).isEmpty();
    assertThat(base.extend(List.of())).isSameAs(base);
  }

  @Test
  void disablingAnUnknownRuleNamesTheLineOfTheDisableEntry() {
    String text = "# mine\ndisable:\n  - no-such-rule\n";
    RulePack pack = RulePack.parse("own.yml", text);
    assertThatThrownBy(() -> RuleSet.builtIn().extend(List.of(new RuleSet.Addition(pack, text))))
        .isInstanceOf(RulePackException.class)
        .hasMessageStartingWith("own.yml:3: 'disable' names rule 'no-such-rule'");
  }

  @Test
  void organisationsAreKeptAndChangeTheHash() {
    RuleSet base = RuleSet.builtIn();
    RuleSet acme = base.withOrganisations(List.of(" Acme Corp ", "Acme GmbH"));
    assertThat(acme.organisations()).containsExactly("Acme Corp", "Acme GmbH");
    assertThat(acme.hash()).isNotEqualTo(base.hash());
    // Only the copyright rule changes: it now fires on the organisations' notices alone.
    assertThat(acme.rules()).extracting(Rule::id).isEqualTo(base.rules().stream().map(Rule::id).toList());
    assertThat(acme.rules()).filteredOn(r -> !base.rules().contains(r)).extracting(Rule::id)
        .containsExactly("copyright-notice");
    assertThat(base.withOrganisations(List.of("Acme Corp", "Acme GmbH")).hash()).isEqualTo(acme.hash());
    assertThat(base.withOrganisations(List.of())).isSameAs(base);
    assertThat(base.organisations()).isEmpty();
  }
}
