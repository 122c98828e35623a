package dev.airlock.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Iterator;
import java.util.Set;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads the YAML of rule packs and policies, with one-line errors that name file and line. */
public final class Yaml {
  private static final ObjectMapper MAPPER =
      new ObjectMapper(new YAMLFactory())
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private Yaml() {}

  /** The document's tree; {@code name} is how errors refer to the file. */
  public static JsonNode read(String name, String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new RulePackException(name + ":" + line(e) + ": not valid YAML: " + problem(e), e);
    }
  }

  /** Fails when {@code node} has a field outside {@code allowed}, listing the allowed ones. */
  public static void checkFields(String where, JsonNode node, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new RulePackException(
            where + ": unknown field '" + f + "'; allowed: " + allowed.stream().sorted().toList());
      }
    }
  }

  /** The 1-based line of the problem: the YAML scanner's own mark when there is one. */
  private static int line(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) {
        return m.getProblemMark().getLine() + 1;
      }
    }
    return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
  }

  private static String problem(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException m && m.getProblem() != null) {
        return m.getProblem();
      }
    }
    return e.getOriginalMessage().lines().findFirst().orElse("").strip();
  }
}
