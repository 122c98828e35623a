package dev.airlock.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The default policy, read from the tree the build compiles, is the policy its YAML gives. */
class CompiledDefaultPolicyTest {

  @Test
  void theBuildShipsTheDefaultPolicysTree() throws Exception {
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream(Policy.DEFAULT_RESOURCE + ".tree")) {
      assertThat(in).as("the build writes the compiled tree").isNotNull();
    }
  }

  @Test
  void theDefaultPolicyIsReadOncePerJvmWhicheverThreadAsksFirst() throws Exception {
    Policy[] seen = new Policy[2];
    Thread other = new Thread(() -> seen[0] = Policy.defaultPolicy());
    other.start();
    seen[1] = Policy.defaultPolicy();
    other.join();
    assertThat(seen[0]).isNotNull().isSameAs(seen[1]).isSameAs(Policy.defaultPolicy());
  }

  @Test
  void theCompiledDefaultPolicyEqualsTheOneParsedFromYaml() {
    Policy compiled = Policy.defaultPolicy();
    Policy yaml = Policy.parse(Policy.DEFAULT_RESOURCE, Policy.defaultText());
    // The hash is over the whole tree in canonical form: equal hashes, equal trees.
    assertThat(compiled.hash()).isEqualTo(yaml.hash());
    assertThat(compiled.text()).isEqualTo(yaml.text());
    assertThat(compiled.name()).isEqualTo(yaml.name());
    assertThat(compiled.baseline()).isEqualTo(yaml.baseline());
    assertThat(compiled.rules()).extracting(PolicyRule::id)
        .containsExactlyElementsOf(yaml.rules().stream().map(PolicyRule::id).toList())
        .isNotEmpty();
    for (Sensitivity s : Sensitivity.values()) {
      assertThat(compiled.routing(s)).isEqualTo(yaml.routing(s));
    }
  }
}
