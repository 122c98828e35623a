package dev.airlock.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Validates our JSON outputs against their schemas, offline: the shipped {@code
 * docs/labels.schema.json} and the vendored official SARIF 2.1.0 schema (test resources, see
 * {@code sarif/README.md}).
 */
public final class JsonSchemaCheck {
  private static final Schema LABELS = load(labelsSchemaText(), SpecificationVersion.DRAFT_2020_12);
  private static final Schema SARIF = load(resource("sarif/sarif-schema-2.1.0.json"), SpecificationVersion.DRAFT_7);

  private JsonSchemaCheck() {}

  /** Fails the test, listing every violation, unless {@code json} is a valid labels.json. */
  public static void assertValidLabels(String json) {
    assertValid("labels.json", LABELS, json);
  }

  /** Fails the test, listing every violation, unless {@code json} is valid SARIF 2.1.0. */
  public static void assertValidSarif(String json) {
    assertValid("SARIF", SARIF, json);
  }

  /** The violations of {@code json} against the labels schema (empty when valid). */
  public static List<String> labelsViolations(String json) {
    return LABELS.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  private static void assertValid(String what, Schema schema, String json) {
    List<String> errors = schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    assertThat(errors).as("%s schema violations", what).isEmpty();
  }

  private static Schema load(String text, SpecificationVersion version) {
    return SchemaRegistry.withDefaultDialect(version).getSchema(text, InputFormat.JSON);
  }

  /** The repository's docs/labels.schema.json, found from any module's folder. */
  static String labelsSchemaText() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("docs/labels.schema.json"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("docs/labels.schema.json not found above " + Path.of("").toAbsolutePath());
    }
    try {
      return Files.readString(dir.resolve("docs/labels.schema.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = JsonSchemaCheck.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test resource missing: " + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
