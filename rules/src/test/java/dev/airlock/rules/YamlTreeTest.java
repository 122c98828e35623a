package dev.airlock.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

/** The compiled form of a YAML document's tree keeps every node and its kind. */
class YamlTreeTest {

  @Test
  void everyKindOfNodeSurvivesTheRoundTrip() throws Exception {
    String yaml =
        "text: hello\nquoted: '42'\nint: 7\nlong: 12345678901\nbig: 123456789012345678901234567890\n"
            + "double: 2.5\nyes: true\nnothing: null\nlist: [a, 1, [b]]\n"
            + "nested: {k: v, when: 2026-12-01}\nunicode: \"caf\u00e9 \u2603\"\n";
    JsonNode tree = Yaml.read("t.yml", yaml);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      YamlTree.writeTree(tree, out);
    }
    JsonNode back = YamlTree.readTree(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    // Jackson's equals compares node kinds too: an IntNode 7 is not a LongNode 7.
    assertThat(back).isEqualTo(tree);
    assertThat(back.get("long").isLong()).isTrue();
    assertThat(back.get("big").isBigInteger()).isTrue();
    assertThat(back.get("quoted").isTextual()).isTrue();
    assertThat(back.path("nested").get("when").asText()).isEqualTo("2026-12-01");
  }

  @Test
  void somethingElseIsRefused() {
    byte[] junk = {42, 0, 0};
    assertThatThrownBy(() -> YamlTree.readTree(new DataInputStream(new ByteArrayInputStream(junk))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a compiled YAML tree");
  }
}
