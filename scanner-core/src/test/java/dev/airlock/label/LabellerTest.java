package dev.airlock.label;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.Category;
import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Location;
import dev.airlock.rules.Severity;
import dev.airlock.rules.policy.Policy;
import dev.airlock.rules.policy.Routing;
import dev.airlock.rules.policy.Sensitivity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabellerTest {
  private final Labeller labeller = new Labeller(Policy.defaultPolicy());

  private static Finding finding(String path, Category category, Confidence confidence) {
    return new Finding(
        "test-rule-" + category.name().toLowerCase(java.util.Locale.ROOT), "a test rule", category,
        Severity.CRITICAL, confidence, new Location(path, 1, 1), "tok…(sha256:000000)", path);
  }

  @Test
  void aFilesEvidenceIsTheSameWhenOnlyWhereItsFindingsAreInTheFileMoved() {
    Finding f = finding("a/B.java", Category.SECRET, Confidence.HIGH);
    Finding moved = new Finding(f.ruleId(), f.title(), f.category(), f.severity(), f.confidence(),
        new Location("a/B.java", 7, 3), f.redacted(), "other-fingerprint");
    assertThat(Labeller.sameEvidence(List.of(f), List.of(moved))).isTrue();
    assertThat(Labeller.sameEvidence(List.of(), List.of())).isTrue();
    // Anything a policy reads of a finding, or one finding more or less, is other evidence.
    List<Finding> others =
        List.of(
            new Finding("other-rule", f.title(), f.category(), f.severity(), f.confidence(), f.location(), f.redacted(), f.fingerprint()),
            new Finding(f.ruleId(), f.title(), Category.PII, f.severity(), f.confidence(), f.location(), f.redacted(), f.fingerprint()),
            new Finding(f.ruleId(), f.title(), f.category(), Severity.LOW, f.confidence(), f.location(), f.redacted(), f.fingerprint()),
            new Finding(f.ruleId(), f.title(), f.category(), f.severity(), Confidence.LOW, f.location(), f.redacted(), f.fingerprint()),
            new Finding(f.ruleId(), f.title(), f.category(), f.severity(), f.confidence(), new Location("a/C.java", 1, 1), f.redacted(), f.fingerprint()),
            new Finding(f.ruleId(), f.title(), f.category(), f.severity(), f.confidence(), f.location(), "tok…(sha256:111111)", f.fingerprint()));
    for (Finding other : others) {
      assertThat(Labeller.sameEvidence(List.of(f), List.of(other))).as(other.toString()).isFalse();
    }
    assertThat(Labeller.sameEvidence(List.of(f), List.of(f, moved))).isFalse();
    assertThat(Labeller.sameEvidence(List.of(f), List.of())).isFalse();
  }

  @Test
  void aFileBelongsToItsLongestUnitPrefix() {
    Map<String, String> units = Map.of("services", "pom.xml", "services/billing", "pom.xml");
    assertThat(Labeller.unitOf("services/billing/src/A.java", units)).isEqualTo("services/billing");
    assertThat(Labeller.unitOf("services/billing-old/A.java", units)).isEqualTo("services");
    assertThat(Labeller.unitOf("services/A.java", units)).isEqualTo("services");
    assertThat(Labeller.unitOf("servicesX/A.java", units)).isEqualTo("");
    assertThat(Labeller.unitOf("README.md", units)).isEqualTo("");
  }

  @Test
  void eachUnitIsLabelledFromItsOwnFindingsAndTheRepositoryTakesTheStrictest() {
    List<Finding> findings =
        List.of(
            finding("services/billing/cards.txt", Category.PCI, Confidence.HIGH),
            finding("services/search/Test.java", Category.SECRET, Confidence.LOW));
    Labeller.Labelled labelled =
        labeller.label(
            findings,
            Map.of("services/billing", "pom.xml", "services/search", "pom.xml", "docs", "airlock.yml"));

    assertThat(labelled.units()).extracting(Unit::path)
        .containsExactly("", "docs", "services/billing", "services/search");
    Unit billing = labelled.units().get(2);
    assertThat(billing.routing()).isEqualTo(Routing.ON_PREM_ONLY);
    assertThat(billing.sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
    assertThat(billing.findings()).isEqualTo(1);
    assertThat(billing.label().reasons()).singleElement()
        .satisfies(r -> assertThat(r.policyRule()).isEqualTo("payment-card-data"));
    Unit search = labelled.units().get(3);
    assertThat(search.routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
    assertThat(search.sensitivity()).isEqualTo(Sensitivity.INTERNAL);
    assertThat(search.label().reasons()).singleElement()
        .satisfies(r -> assertThat(r.policyRule()).isEqualTo("anything-found"));
    // No findings and no licence evidence: the default policy's baseline.
    assertThat(labelled.units().get(1).sensitivity()).isEqualTo(Sensitivity.INTERNAL);
    assertThat(labelled.units().get(1).label().reasons()).isEmpty();
    assertThat(labelled.units().get(1).origin()).isEqualTo("airlock.yml");

    assertThat(labelled.label().routing()).isEqualTo(Routing.ON_PREM_ONLY);
    assertThat(labelled.label().sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
    assertThat(labelled.label().reasons()).extracting(r -> r.policyRule())
        .containsExactly("payment-card-data", "anything-found");
  }

  @Test
  void aLicenceSpeaksForTheUnitsInItsFolderAndBelowItOnly() {
    List<Finding> findings =
        List.of(
            finding("LICENSE", Category.LICENSE, Confidence.HIGH),
            finding("mod/sub/x/NOTICE", Category.LICENSE, Confidence.HIGH),
            finding("modx/LICENSE", Category.LICENSE, Confidence.HIGH),
            finding("mod/LICENSE", Category.LICENSE, Confidence.HIGH));
    Labeller.Labelled labelled =
        labeller.label(
            findings, Map.of("mod", "pom.xml", "mod/sub", "pom.xml", "module", "pom.xml"));

    assertThat(labelled.units()).extracting(Unit::path)
        .containsExactly("", "mod", "mod/sub", "module");
    // The root's own two; mod's own and the root's; mod/sub's own, mod's and the root's; module
    // only the root's: "mod/LICENSE" is not in a folder above "module".
    assertThat(labelled.units()).extracting(LabellerTest::licenceEvidence)
        .containsExactly(2, 2, 3, 1);
  }

  private static int licenceEvidence(Unit unit) {
    return unit.label().reasons().stream()
        .filter(r -> r.category() == Category.LICENSE)
        .mapToInt(r -> r.count())
        .max()
        .orElse(0);
  }

  @Test
  void aRepositoryWithoutUnitsIsOneRootUnitWithTheRepositoryLabel() {
    List<Finding> findings = List.of(finding("a/b.txt", Category.PCI, Confidence.HIGH));
    Labeller.Labelled labelled = labeller.label(findings, Map.of());
    assertThat(labelled.units()).singleElement().satisfies(u -> {
      assertThat(u.path()).isEmpty();
      assertThat(u.label()).isEqualTo(labelled.label());
    });
    assertThat(labelled.label()).isEqualTo(labeller.label(findings));
  }
}
