package dev.airlock.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Policy#hash()}: the same meaning gives the same hash, whatever the YAML's layout. */
class PolicyHashTest {
  private static final String ROUTING =
      "routing:\n"
          + "  PUBLIC: CLOUD_ELIGIBLE\n"
          + "  INTERNAL: CLOUD_ELIGIBLE\n"
          + "  CONFIDENTIAL: ON_PREM_ONLY\n"
          + "  RESTRICTED: ON_PREM_ONLY\n";

  private static final String POLICY =
      "rules:\n"
          + "  - id: live-secret\n"
          + "    category: SECRET\n"
          + "    minConfidence: MEDIUM\n"
          + "    sensitivity: RESTRICTED\n"
          + ROUTING;

  @Test
  void hashIsSha256InHex() {
    assertThat(Policy.parse("p.yml", POLICY).hash()).matches("[0-9a-f]{64}");
  }

  @Test
  void commentsKeyOrderAndQuotingDoNotChangeTheHash() {
    String relaidOut =
        "# our policy\n"
            + "routing: {RESTRICTED: ON_PREM_ONLY, CONFIDENTIAL: ON_PREM_ONLY,"
            + " INTERNAL: CLOUD_ELIGIBLE, PUBLIC: CLOUD_ELIGIBLE}\n"
            + "rules:\n"
            + "  - sensitivity: RESTRICTED   # the strongest\n"
            + "    minConfidence: 'MEDIUM'\n"
            + "    category: \"SECRET\"\n"
            + "    id: live-secret\n";

    assertThat(Policy.parse("other-name.yml", relaidOut).hash())
        .isEqualTo(Policy.parse("p.yml", POLICY).hash());
  }

  @Test
  void aChangeOfMeaningChangesTheHash() {
    String stricter = POLICY.replace("minConfidence: MEDIUM", "minConfidence: LOW");

    assertThat(Policy.parse("p.yml", stricter).hash())
        .isNotEqualTo(Policy.parse("p.yml", POLICY).hash());
  }
}
