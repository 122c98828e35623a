package dev.airlock.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.rules.Category;
import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Location;
import dev.airlock.rules.RulePackException;
import dev.airlock.rules.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PolicyTest {
  private static final String ROUTING =
      "routing:\n"
          + "  PUBLIC: CLOUD_ELIGIBLE\n"
          + "  INTERNAL: CLOUD_ELIGIBLE\n"
          + "  CONFIDENTIAL: ON_PREM_ONLY\n"
          + "  RESTRICTED: ON_PREM_ONLY\n";

  private static final String YAML =
      "rules:\n"
          + "  - id: low-anything\n"
          + "    sensitivity: INTERNAL\n"
          + "  - id: live-secret\n"
          + "    category: SECRET\n"
          + "    minConfidence: MEDIUM\n"
          + "    sensitivity: RESTRICTED\n"
          + "  - id: many-emails\n"
          + "    category: PII\n"
          + "    ruleIds: [t-email]\n"
          + "    minCount: 10\n"
          + "    per: FILE\n"
          + "    sensitivity: CONFIDENTIAL\n"
          + "  - id: ids-in-unit\n"
          + "    category: [PII, PHI]\n"
          + "    ruleIds: t-id\n"
          + "    minCount: 3\n"
          + "    per: UNIT\n"
          + "    sensitivity: CONFIDENTIAL\n"
          + "  - id: severe-notice\n"
          + "    category: PROPRIETARY\n"
          + "    minSeverity: HIGH\n"
          + "    sensitivity: CONFIDENTIAL\n"
          + ROUTING;

  private final Policy policy = Policy.parse("test-policy.yml", YAML);

  /** A finding of value number {@code value}; equal numbers stand for equal values. */
  static Finding finding(
      String ruleId,
      Category category,
      Severity severity,
      Confidence confidence,
      String path,
      int value) {
    String hash = String.format(Locale.ROOT, "%06x", value);
    return new Finding(
        ruleId,
        "test " + ruleId,
        category,
        severity,
        confidence,
        new Location(path, 1 + value, 1),
        "…(sha256:" + hash + ")",
        ruleId + "-" + path + "-" + hash);
  }

  private static Finding email(String path, int value) {
    return finding("t-email", Category.PII, Severity.MEDIUM, Confidence.MEDIUM, path, value);
  }

  @Test
  void noFindingsArePublicAndCloudEligible() {
    Label label = policy.evaluate(List.of());
    assertThat(label.sensitivity()).isEqualTo(Sensitivity.PUBLIC);
    assertThat(label.routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
    assertThat(label.reasons()).isEmpty();
  }

  @Test
  void aMediumConfidenceSecretIsRestrictedAndOnPremOnlyWithItsReason() {
    Finding secret =
        finding("t-aws", Category.SECRET, Severity.HIGH, Confidence.MEDIUM, "a/b.env", 1);
    Label label = policy.evaluate(List.of(secret));
    assertThat(label.sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
    assertThat(label.routing()).isEqualTo(Routing.ON_PREM_ONLY);
    // The finding is claimed by the strongest rule only, not counted again by low-anything.
    assertThat(label.reasons())
        .containsExactly(
            new Reason("t-aws", Category.SECRET, 1, "live-secret", Sensitivity.RESTRICTED));
  }

  @Test
  void lowConfidenceFindingsAloneAreInternalAndCloudEligible() {
    List<Finding> findings =
        List.of(
            finding("t-aws", Category.SECRET, Severity.CRITICAL, Confidence.LOW, "a.env", 1),
            finding("t-aws", Category.SECRET, Severity.CRITICAL, Confidence.LOW, "b.env", 2));
    Label label = policy.evaluate(findings);
    assertThat(label.sensitivity()).isEqualTo(Sensitivity.INTERNAL);
    assertThat(label.routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
    assertThat(label.reasons())
        .containsExactly(
            new Reason("t-aws", Category.SECRET, 2, "low-anything", Sensitivity.INTERNAL));
  }

  @Test
  void perFileMinCountFiresOnEnoughDistinctValuesInOneFile() {
    List<Finding> findings = new ArrayList<>();
    for (int v = 0; v < 10; v++) {
      findings.add(email("crm/contacts.csv", v));
    }
    Label label = policy.evaluate(findings);
    assertThat(label.sensitivity()).isEqualTo(Sensitivity.CONFIDENTIAL);
    assertThat(label.routing()).isEqualTo(Routing.ON_PREM_ONLY);
    assertThat(label.reasons())
        .containsExactly(
            new Reason("t-email", Category.PII, 10, "many-emails", Sensitivity.CONFIDENTIAL));
  }

  @Test
  void perFileMinCountDoesNotAddUpAcrossFiles() {
    List<Finding> findings = new ArrayList<>();
    for (int v = 0; v < 10; v++) {
      findings.add(email("crm/part-" + v + ".csv", v));
    }
    assertThat(policy.evaluate(findings).sensitivity()).isEqualTo(Sensitivity.INTERNAL);
  }

  @Test
  void perFileMinCountCountsTheSameValueOnce() {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      findings.add(email("crm/contacts.csv", 7));
    }
    assertThat(policy.evaluate(findings).sensitivity()).isEqualTo(Sensitivity.INTERNAL);
    List<Finding> nineDistinct = new ArrayList<>(findings);
    for (int v = 0; v < 8; v++) {
      nineDistinct.add(email("crm/contacts.csv", 100 + v));
    }
    assertThat(policy.evaluate(nineDistinct).sensitivity()).isEqualTo(Sensitivity.INTERNAL);
    nineDistinct.add(email("crm/contacts.csv", 200));
    assertThat(policy.evaluate(nineDistinct).sensitivity()).isEqualTo(Sensitivity.CONFIDENTIAL);
  }

  @Test
  void perUnitMinCountAddsUpAcrossFiles() {
    List<Finding> findings = new ArrayList<>();
    for (int v = 0; v < 3; v++) {
      findings.add(
          finding("t-id", Category.PHI, Severity.LOW, Confidence.LOW, "f" + v + ".txt", v));
    }
    assertThat(policy.evaluate(findings.subList(0, 2)).sensitivity())
        .isEqualTo(Sensitivity.INTERNAL);
    assertThat(policy.evaluate(findings).sensitivity()).isEqualTo(Sensitivity.CONFIDENTIAL);
  }

  @Test
  void ruleIdsLimitWhichFindingsAPolicyRuleCounts() {
    List<Finding> findings = new ArrayList<>();
    for (int v = 0; v < 12; v++) {
      findings.add(
          finding("t-phone", Category.PII, Severity.MEDIUM, Confidence.HIGH, "crm.csv", v));
    }
    assertThat(policy.evaluate(findings).sensitivity()).isEqualTo(Sensitivity.INTERNAL);
  }

  @Test
  void minSeverityLeavesOutLessSevereFindings() {
    assertThat(policy.evaluate(List.of(notice(Severity.MEDIUM))).sensitivity())
        .isEqualTo(Sensitivity.INTERNAL);
    assertThat(policy.evaluate(List.of(notice(Severity.HIGH))).sensitivity())
        .isEqualTo(Sensitivity.CONFIDENTIAL);
    assertThat(policy.evaluate(List.of(notice(Severity.CRITICAL))).sensitivity())
        .isEqualTo(Sensitivity.CONFIDENTIAL);
  }

  private static Finding notice(Severity severity) {
    return finding("t-notice", Category.PROPRIETARY, severity, Confidence.HIGH, "LICENSE", 1);
  }

  @Test
  void minConfidenceLeavesOutLessConfidentFindings() {
    Finding low = finding("t-aws", Category.SECRET, Severity.HIGH, Confidence.LOW, "a", 1);
    Finding high = finding("t-aws", Category.SECRET, Severity.HIGH, Confidence.HIGH, "a", 2);
    assertThat(policy.evaluate(List.of(low)).sensitivity()).isEqualTo(Sensitivity.INTERNAL);
    assertThat(policy.evaluate(List.of(high)).sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
  }

  @Test
  void reasonsAreSortedMostSensitiveFirstThenByCountThenRuleId() {
    List<Finding> findings = new ArrayList<>();
    findings.add(finding("t-zz-low", Category.PII, Severity.LOW, Confidence.LOW, "x", 1));
    findings.add(finding("t-aa-low", Category.PII, Severity.LOW, Confidence.LOW, "x", 2));
    findings.add(notice(Severity.HIGH));
    for (int v = 0; v < 10; v++) {
      findings.add(email("crm.csv", v));
    }
    findings.add(finding("t-gcp", Category.SECRET, Severity.HIGH, Confidence.HIGH, "k.json", 1));
    findings.add(finding("t-aws", Category.SECRET, Severity.HIGH, Confidence.HIGH, "k.env", 1));
    findings.add(finding("t-aws", Category.SECRET, Severity.HIGH, Confidence.HIGH, "k.env", 2));

    Label label = policy.evaluate(findings);

    assertThat(label.sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
    assertThat(label.reasons())
        .containsExactly(
            new Reason("t-aws", Category.SECRET, 2, "live-secret", Sensitivity.RESTRICTED),
            new Reason("t-gcp", Category.SECRET, 1, "live-secret", Sensitivity.RESTRICTED),
            new Reason("t-email", Category.PII, 10, "many-emails", Sensitivity.CONFIDENTIAL),
            new Reason(
                "t-notice", Category.PROPRIETARY, 1, "severe-notice", Sensitivity.CONFIDENTIAL),
            new Reason("t-aa-low", Category.PII, 1, "low-anything", Sensitivity.INTERNAL),
            new Reason("t-zz-low", Category.PII, 1, "low-anything", Sensitivity.INTERNAL));
  }

  @Test
  void theLabelDoesNotDependOnTheOrderOfFindings() {
    List<Finding> findings = new ArrayList<>();
    for (int v = 0; v < 10; v++) {
      findings.add(email("crm.csv", v));
    }
    findings.add(finding("t-aws", Category.SECRET, Severity.HIGH, Confidence.HIGH, "k.env", 1));
    findings.add(notice(Severity.HIGH));
    List<Finding> reversed = new ArrayList<>(findings);
    java.util.Collections.reverse(reversed);
    assertThat(policy.evaluate(reversed)).isEqualTo(policy.evaluate(findings));
  }

  @Test
  void keepsItsNameTextAndRulesMostSensitiveFirst() {
    assertThat(policy.name()).isEqualTo("test-policy.yml");
    assertThat(policy.text()).isEqualTo(YAML);
    assertThat(policy.rules())
        .extracting(PolicyRule::sensitivity)
        .isSortedAccordingTo(java.util.Comparator.<Sensitivity>reverseOrder());
    assertThat(policy.rules()).extracting(PolicyRule::id).first().isEqualTo("live-secret");
    assertThat(policy.routing(Sensitivity.CONFIDENTIAL)).isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void acceptsEnumValuesInLowerCase() {
    Policy lower =
        Policy.parse(
            "lower.yml",
            "rules:\n  - id: r\n    category: secret\n    minConfidence: high\n    per: file\n"
                + "    sensitivity: restricted\n"
                + "routing:\n  PUBLIC: cloud_eligible\n  INTERNAL: cloud_eligible\n"
                + "  CONFIDENTIAL: on_prem_only\n  RESTRICTED: on_prem_only\n");
    assertThat(lower.rules().get(0).per()).isEqualTo(PolicyRule.Scope.FILE);
    assertThat(lower.routing(Sensitivity.RESTRICTED)).isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void anUnknownSensitivityNamesTheFieldAndListsAllowedValues() {
    assertParseError(
        "rules:\n  - id: r1\n    sensitivity: SECRETIVE\n" + ROUTING,
        "policy rule 'r1'",
        "'sensitivity' is 'SECRETIVE'",
        "[PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED]");
  }

  @Test
  void aMissingSensitivityNamesTheFieldAndListsAllowedValues() {
    assertParseError(
        "rules:\n  - id: r1\n    category: PII\n" + ROUTING,
        "'sensitivity'",
        "[PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED]");
  }

  @Test
  void anUnknownCategoryNamesTheFieldAndListsAllowedValues() {
    assertParseError(
        "rules:\n  - id: r1\n    category: [PII, SECRETS]\n    sensitivity: INTERNAL\n" + ROUTING,
        "'category' is 'SECRETS'",
        "[SECRET, PII, PHI, PCI, EXPORT_CONTROL, CLASSIFIED, PROPRIETARY, LICENSE]");
  }

  @Test
  void badConfidenceSeverityAndScopeNameTheFieldAndListAllowedValues() {
    assertParseError(
        "rules:\n  - id: r1\n    minConfidence: SURE\n    sensitivity: INTERNAL\n" + ROUTING,
        "'minConfidence' is 'SURE'",
        "[LOW, MEDIUM, HIGH]");
    assertParseError(
        "rules:\n  - id: r1\n    minSeverity: DIRE\n    sensitivity: INTERNAL\n" + ROUTING,
        "'minSeverity' is 'DIRE'",
        "[LOW, MEDIUM, HIGH, CRITICAL]");
    assertParseError(
        "rules:\n  - id: r1\n    per: REPO\n    sensitivity: INTERNAL\n" + ROUTING,
        "'per' is 'REPO'",
        "[FILE, UNIT]");
  }

  @Test
  void aMinCountBelowOneIsRejected() {
    assertParseError(
        "rules:\n  - id: r1\n    minCount: 0\n    sensitivity: INTERNAL\n" + ROUTING,
        "policy rule 'r1'",
        "minCount must be at least 1");
  }

  @Test
  void routingMustCoverEverySensitivityWithAKnownRouting() {
    assertParseError(
        "rules: []\n"
            + "routing:\n"
            + "  PUBLIC: CLOUD_ELIGIBLE\n"
            + "  INTERNAL: CLOUD_ELIGIBLE\n"
            + "  CONFIDENTIAL: ON_PREM_ONLY\n",
        "'routing' must give a routing for RESTRICTED");
    assertParseError(
        "rules: []\n" + ROUTING.replace("INTERNAL: CLOUD_ELIGIBLE", "INTERNAL: CLOUD"),
        "routing",
        "'INTERNAL' is 'CLOUD'",
        "[CLOUD_ELIGIBLE, ON_PREM_ONLY]");
  }

  @Test
  void everyPolicyRuleNeedsAnId() {
    assertParseError(
        "rules:\n  - sensitivity: INTERNAL\n" + ROUTING, "every policy rule needs an 'id'");
  }

  @Test
  void aPolicyWithoutARulesListIsRejected() {
    assertParseError(ROUTING, "a policy is a mapping with a 'rules:' list");
    assertParseError("rules: everything\n" + ROUTING, "a policy is a mapping with a 'rules:' list");
  }

  @Test
  void invalidYamlNamesTheLine() {
    assertParseError(
        "rules:\n  - id: r1\n    sensitivity: [INTERNAL\n  - id: r2\n",
        "bad.yml:4:",
        "not valid YAML");
  }

  @Test
  void anUnknownFieldInAPolicyRuleIsRejected() {
    assertParseError(
        "rules:\n"
            + "  - id: r1\n"
            + "    category: SECRET\n"
            + "    minConfidance: HIGH\n"
            + "    sensitivity: RESTRICTED\n"
            + ROUTING,
        "policy rule 'r1'",
        "unknown field 'minConfidance'",
        "minConfidence");
  }

  private static final String BASELINE_YAML =
      "baseline: INTERNAL\n"
          + "rules:\n"
          + "  - id: anything\n"
          + "    sensitivity: INTERNAL\n"
          + "  - id: live-secret\n"
          + "    category: SECRET\n"
          + "    minConfidence: MEDIUM\n"
          + "    sensitivity: RESTRICTED\n"
          + "  - id: licensed\n"
          + "    category: LICENSE\n"
          + "    minConfidence: MEDIUM\n"
          + "    lowers: true\n"
          + "    sensitivity: PUBLIC\n"
          + ROUTING;

  private static Finding licence(String path, int value) {
    return finding("t-spdx", Category.LICENSE, Severity.LOW, Confidence.HIGH, path, value);
  }

  @Test
  void aPolicyWithoutABaselineHasAPublicOne() {
    assertThat(policy.baseline()).isEqualTo(Sensitivity.PUBLIC);
  }

  @Test
  void withABaselineAUnitWhereNothingFiresTakesTheBaselineWithoutReasons() {
    Policy p = Policy.parse("baseline.yml", BASELINE_YAML);
    Label label = p.evaluate(List.of());
    assertThat(label.sensitivity()).isEqualTo(Sensitivity.INTERNAL);
    assertThat(label.reasons()).isEmpty();
  }

  @Test
  void aLoweringRuleMakesAnOtherwiseCleanUnitPublicAndIsItsReason() {
    Policy p = Policy.parse("baseline.yml", BASELINE_YAML);
    Label label = p.evaluate(List.of(licence("LICENSE", 1), licence("src/a.c", 2)));
    assertThat(label.sensitivity()).isEqualTo(Sensitivity.PUBLIC);
    assertThat(label.routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
    assertThat(label.reasons())
        .containsExactly(
            new Reason("t-spdx", Category.LICENSE, 2, "licensed", Sensitivity.PUBLIC));
  }

  @Test
  void aLoweringRuleDoesNothingWhenAnyOtherRuleFires() {
    Policy p = Policy.parse("baseline.yml", BASELINE_YAML);
    Finding lowEmail =
        finding("t-email", Category.PII, Severity.MEDIUM, Confidence.LOW, "README.md", 3);
    Label internal = p.evaluate(List.of(licence("LICENSE", 1), lowEmail));
    assertThat(internal.sensitivity()).isEqualTo(Sensitivity.INTERNAL);
    assertThat(internal.reasons())
        .containsExactly(new Reason("t-email", Category.PII, 1, "anything", Sensitivity.INTERNAL));
    Finding secret =
        finding("t-aws", Category.SECRET, Severity.HIGH, Confidence.MEDIUM, "a/b.env", 4);
    assertThat(p.evaluate(List.of(licence("LICENSE", 1), secret)).sensitivity())
        .isEqualTo(Sensitivity.RESTRICTED);
  }

  @Test
  void licenceFindingsNeverFireARuleWithoutACategory() {
    Policy p = Policy.parse("baseline.yml", BASELINE_YAML.replace("lowers: true", "lowers: false")
        .replace("sensitivity: PUBLIC", "sensitivity: INTERNAL"));
    Label label = p.evaluate(List.of(licence("LICENSE", 1)));
    assertThat(label.reasons()).extracting(Reason::policyRule).containsExactly("licensed");
    // Without a baseline, the same finding under a category-less rule alone stays PUBLIC.
    assertThat(policy.evaluate(List.of(licence("LICENSE", 1))).sensitivity())
        .isEqualTo(Sensitivity.PUBLIC);
  }

  @Test
  void aLoweringRuleMustLowerBelowTheBaseline() {
    assertParseError(
        BASELINE_YAML.replace("sensitivity: PUBLIC", "sensitivity: INTERNAL"),
        "policy rule 'licensed' lowers to INTERNAL",
        "not below the baseline INTERNAL");
    assertParseError(
        BASELINE_YAML.replace("lowers: true", "lowers: sometimes"),
        "policy rule 'licensed'",
        "'lowers' is true or false");
    assertParseError(
        BASELINE_YAML.replace("baseline: INTERNAL", "baseline: SECRETIVE"),
        "'baseline' is 'SECRETIVE'");
  }

  private static void assertParseError(String yaml, String... messageParts) {
    assertThatThrownBy(() -> Policy.parse("bad.yml", yaml))
        .isInstanceOf(RulePackException.class)
        .hasMessageStartingWith("bad.yml")
        .hasMessageContainingAll(messageParts);
  }
}
