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

  /**
   * The canonical form is written by hand; it must stay byte for byte what Jackson's sorted-keys
   * mapper wrote before, or every stored label would change its policy hash.
   */
  @Test
  void canonicalFormIsWhatJacksonsSortedMapperWrites() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper jackson =
        com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    String defaults = new String(
        Policy.class.getClassLoader().getResourceAsStream("airlock/policy/default.yml").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    String odd =
        "zeta: 1\nalpha: [true, false, null, 3.5, -2, 12345678901, 123456789012345678901234567890,"
            + " 1.0e+300, 1e300, .nan, .inf]\n"
            + "Mixed: {b: \"q\\\"uote \\\\ back\\ttab\\nnl\\rcr\\bbs\\ffeed\\u0001ctl\\u007fdel\","
            + " a: 'caf\u00e9 \u4e2d \uD83D\uDE00 / slash', '10': ten, '9': nine, '': empty}\n";
    for (String yaml : java.util.List.of(defaults, POLICY, odd)) {
      com.fasterxml.jackson.databind.JsonNode tree = dev.airlock.rules.Yaml.read("p.yml", yaml);
      StringBuilder ours = new StringBuilder();
      Policy.canonical(tree, ours);
      assertThat(ours.toString())
          .isEqualTo(
              new String(
                  jackson.writeValueAsBytes(jackson.treeToValue(tree, Object.class)),
                  java.nio.charset.StandardCharsets.UTF_8));
    }
  }

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
