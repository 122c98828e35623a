package dev.airlock.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the YAML of rule packs and policies into Jackson trees, with one-line errors that name
 * file and line. SnakeYAML parses directly (Jackson's YAML data binding costs a quarter of a
 * second of class loading at every start); duplicate keys are errors, and unquoted dates stay
 * text.
 */
public final class Yaml {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Yaml() {}

  /** The document's tree; {@code name} is how errors refer to the file. */
  public static JsonNode read(String name, String text) {
    Object document;
    try {
      document = parser().load(text);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
      throw new RulePackException(name + ":" + line + ": not valid YAML: " + problem, e);
    } catch (YAMLException e) {
      String message = e.getMessage() == null ? "malformed YAML" : e.getMessage();
      throw new RulePackException(
          name + ":0: not valid YAML: " + message.lines().findFirst().orElse(""), e);
    }
    return document == null ? null : toNode(document);
  }

  /** A new parser per call: SnakeYAML's parser is not thread-safe, and packs load in parallel. */
  private static org.yaml.snakeyaml.Yaml parser() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Resolver noTimestamps =
        new Resolver() {
          @Override
          public void addImplicitResolver(
              org.yaml.snakeyaml.nodes.Tag tag, java.util.regex.Pattern regexp, String first, int limit) {
            if (!tag.equals(org.yaml.snakeyaml.nodes.Tag.TIMESTAMP)) {
              super.addImplicitResolver(tag, regexp, first, limit);
            }
          }
        };
    DumperOptions dumper = new DumperOptions();
    return new org.yaml.snakeyaml.Yaml(
        new SafeConstructor(options), new Representer(dumper), dumper, options, noTimestamps);
  }

  private static JsonNode toNode(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode node = NODES.objectNode();
      map.forEach((k, v) -> node.set(String.valueOf(k), toNode(v)));
      return node;
    }
    if (value instanceof List<?> list) {
      ArrayNode node = NODES.arrayNode();
      list.forEach(v -> node.add(toNode(v)));
      return node;
    }
    if (value instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof BigInteger b) {
      return NODES.numberNode(b);
    }
    if (value instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    return NODES.textNode(String.valueOf(value));
  }

  /** The constant of {@code type} spelled {@code text}, ignoring case; errors list the allowed. */
  public static <E extends Enum<E>> E enumValue(
      Class<E> type, String text, String where, String field) {
    try {
      return Enum.valueOf(type, text.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new RulePackException(
          where + ": '" + field + "' is '" + text + "', expected one of "
              + List.of(type.getEnumConstants()));
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
}
