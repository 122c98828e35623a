package dev.airlock.rules.policy;

import static dev.airlock.rules.policy.PolicyTest.finding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.Category;
import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped policy does what the comments in default.yml say it does. */
class DefaultPolicyTest {
  private final Policy policy = Policy.defaultPolicy();

  private Label label(Finding... findings) {
    return policy.evaluate(List.of(findings));
  }

  private static Finding one(Category category, Severity severity, Confidence confidence) {
    return finding(
        "t-" + category.name().toLowerCase(java.util.Locale.ROOT),
        category,
        severity,
        confidence,
        "a/b.txt",
        1);
  }

  private static List<Finding> distinctInOneFile(Category category, Severity severity, int count) {
    List<Finding> out = new ArrayList<>();
    for (int v = 0; v < count; v++) {
      out.add(finding("t-many", category, severity, Confidence.MEDIUM, "data/records.csv", v));
    }
    return out;
  }

  @Test
  void routesPublicAndInternalToTheCloudAndTheRestOnPrem() {
    assertThat(policy.routing(Sensitivity.PUBLIC)).isEqualTo(Routing.CLOUD_ELIGIBLE);
    assertThat(policy.routing(Sensitivity.INTERNAL)).isEqualTo(Routing.CLOUD_ELIGIBLE);
    assertThat(policy.routing(Sensitivity.CONFIDENTIAL)).isEqualTo(Routing.ON_PREM_ONLY);
    assertThat(policy.routing(Sensitivity.RESTRICTED)).isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void nothingFoundIsInternalCompanyCodeByDefault() {
    assertThat(policy.baseline()).isEqualTo(Sensitivity.INTERNAL);
    assertThat(label().sensitivity()).isEqualTo(Sensitivity.INTERNAL);
    assertThat(label().routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
    assertThat(label().reasons()).isEmpty();
  }

  @Test
  void openSourceLicenceEvidenceAloneIsPublicAndNamesTheLicenceRule() {
    Label label = label(one(Category.LICENSE, Severity.LOW, Confidence.HIGH));
    assertThat(label.sensitivity()).isEqualTo(Sensitivity.PUBLIC);
    assertThat(label.routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
    assertThat(label.reasons())
        .containsExactly(
            new Reason("t-license", Category.LICENSE, 1, "open-source-licence", Sensitivity.PUBLIC));
  }

  @Test
  void licenceEvidenceInTestsOnlyDoesNotMakeAUnitPublic() {
    assertThat(label(one(Category.LICENSE, Severity.LOW, Confidence.LOW)).sensitivity())
        .isEqualTo(Sensitivity.INTERNAL);
  }

  @Test
  void licenceEvidenceNeverLowersOrRaisesAUnitWithOtherFindings() {
    for (Category category : Category.values()) {
      if (category == Category.LICENSE) {
        continue;
      }
      Finding other = one(category, Severity.CRITICAL, Confidence.HIGH);
      Finding licence = one(Category.LICENSE, Severity.CRITICAL, Confidence.HIGH);
      assertThat(label(other, licence).sensitivity())
          .as("%s", category)
          .isEqualTo(label(other).sensitivity())
          .isGreaterThan(Sensitivity.PUBLIC);
      assertThat(label(other, licence).reasons())
          .as("%s", category)
          .noneMatch(r -> r.category() == Category.LICENSE);
    }
    List<Finding> manyLicences = new ArrayList<>();
    for (int v = 0; v < 50; v++) {
      manyLicences.add(
          finding("t-spdx", Category.LICENSE, Severity.CRITICAL, Confidence.HIGH, "src/a.c", v));
    }
    assertThat(policy.evaluate(manyLicences).routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
  }

  @Test
  void lowConfidenceFindingsOfAnyKindMakeAUnitInternalNeverOnPrem() {
    for (Category category : Category.values()) {
      if (category == Category.LICENSE) {
        continue; // evidence, not a finding against the unit: see the licence tests
      }
      for (Severity severity : Severity.values()) {
        Label label = label(one(category, severity, Confidence.LOW));
        assertThat(label.sensitivity())
            .as("%s %s", category, severity)
            .isEqualTo(Sensitivity.INTERNAL);
        assertThat(label.routing())
            .as("%s %s", category, severity)
            .isEqualTo(Routing.CLOUD_ELIGIBLE);
      }
    }
    List<Finding> manyLow = new ArrayList<>();
    for (int v = 0; v < 20; v++) {
      manyLow.add(
          finding("t-many", Category.PHI, Severity.CRITICAL, Confidence.LOW, "records.csv", v));
    }
    assertThat(policy.evaluate(manyLow).routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
  }

  @Test
  void credentialsPaymentDataExportControlAndClassifiedMarkingsAreRestricted() {
    for (Category category :
        List.of(Category.SECRET, Category.PCI, Category.EXPORT_CONTROL, Category.CLASSIFIED)) {
      Label label = label(one(category, Severity.LOW, Confidence.MEDIUM));
      assertThat(label.sensitivity()).as("%s", category).isEqualTo(Sensitivity.RESTRICTED);
      assertThat(label.routing()).as("%s", category).isEqualTo(Routing.ON_PREM_ONLY);
    }
  }

  @Test
  void oneSevereHealthRecordOrThreeInOneFileAreRestricted() {
    assertThat(label(one(Category.PHI, Severity.HIGH, Confidence.MEDIUM)).sensitivity())
        .isEqualTo(Sensitivity.RESTRICTED);
    assertThat(label(one(Category.PHI, Severity.MEDIUM, Confidence.HIGH)).sensitivity())
        .isEqualTo(Sensitivity.INTERNAL);
    assertThat(policy.evaluate(distinctInOneFile(Category.PHI, Severity.MEDIUM, 2)).sensitivity())
        .isEqualTo(Sensitivity.INTERNAL);
    assertThat(policy.evaluate(distinctInOneFile(Category.PHI, Severity.MEDIUM, 3)).sensitivity())
        .isEqualTo(Sensitivity.RESTRICTED);
  }

  @Test
  void healthRecordsSpreadOverFilesDoNotAddUp() {
    List<Finding> spread = new ArrayList<>();
    for (int v = 0; v < 3; v++) {
      spread.add(finding("t-many", Category.PHI, Severity.MEDIUM, Confidence.MEDIUM, "f" + v, v));
    }
    assertThat(policy.evaluate(spread).sensitivity()).isEqualTo(Sensitivity.INTERNAL);
  }

  @Test
  void aSevereGovernmentIdentifierOrTenPersonalRecordsInOneFileAreConfidential() {
    Label id = label(one(Category.PII, Severity.HIGH, Confidence.MEDIUM));
    assertThat(id.sensitivity()).isEqualTo(Sensitivity.CONFIDENTIAL);
    assertThat(id.routing()).isEqualTo(Routing.ON_PREM_ONLY);
    assertThat(label(one(Category.PII, Severity.MEDIUM, Confidence.HIGH)).sensitivity())
        .isEqualTo(Sensitivity.INTERNAL);
    assertThat(policy.evaluate(distinctInOneFile(Category.PII, Severity.LOW, 9)).sensitivity())
        .isEqualTo(Sensitivity.INTERNAL);
    assertThat(policy.evaluate(distinctInOneFile(Category.PII, Severity.LOW, 10)).sensitivity())
        .isEqualTo(Sensitivity.CONFIDENTIAL);
  }

  @Test
  void aProprietaryNoticeIsConfidential() {
    Label label = label(one(Category.PROPRIETARY, Severity.LOW, Confidence.MEDIUM));
    assertThat(label.sensitivity()).isEqualTo(Sensitivity.CONFIDENTIAL);
    assertThat(label.routing()).isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void theMostSensitiveRuleThatFiresWinsAndLeadsTheReasons() {
    Label label =
        label(
            one(Category.PII, Severity.HIGH, Confidence.HIGH),
            one(Category.SECRET, Severity.MEDIUM, Confidence.MEDIUM),
            one(Category.PROPRIETARY, Severity.LOW, Confidence.LOW));
    assertThat(label.sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
    assertThat(label.reasons())
        .containsExactly(
            new Reason("t-secret", Category.SECRET, 1, "live-credential", Sensitivity.RESTRICTED),
            new Reason("t-pii", Category.PII, 1, "government-identifier", Sensitivity.CONFIDENTIAL),
            new Reason(
                "t-proprietary", Category.PROPRIETARY, 1, "anything-found", Sensitivity.INTERNAL));
  }
}
