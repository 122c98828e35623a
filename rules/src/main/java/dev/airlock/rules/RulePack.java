package dev.airlock.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.rules.validate.Checksum;
import dev.airlock.rules.validate.Validator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One YAML rule pack: its rules, and the ids of rules it disables. The YAML schema is described in
 * DESIGN.md (§ Rules) and README.md; every error names the pack, the line and the rule.
 */
public record RulePack(String name, List<Rule> rules, List<String> disabled) {
  private static final Set<String> PACK_FIELDS = Set.of("pack", "description", "rules", "disable");

  private static final Set<String> RULE_FIELDS =
      Set.of(
          "id", "title", "category", "severity", "confidence", "keywords", "digits", "requires", "anchor",
          "pattern", "query",
          "span", "validator", "checksum", "entropy", "paths", "context", "allow", "volume", "examples",
          "description");

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  private static final Pattern ID_LINE =
      Pattern.compile("^\\s*(?:-\\s*)?id:\\s*['\"]?([^'\"\\s#]+)['\"]?\\s*(?:#.*)?$");

  public RulePack {
    rules = List.copyOf(rules);
    disabled = List.copyOf(disabled);
  }

  /** Parses a pack; {@code name} is how errors refer to it (a file path or a resource name). */
  public static RulePack parse(String name, String yaml) {
    JsonNode root = Yaml.read(name, yaml);
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new RulePack(name, List.of(), List.of());
    }
    if (!root.isObject()) {
      throw new RulePackException(name + ":1: a rule pack is a mapping with a 'rules:' list");
    }
    checkFields(name, 1, "pack", root, PACK_FIELDS);
    return parseEmbedded(name, yaml, root);
  }

  /**
   * Parses the {@code rules:} and {@code disable:} fields of a larger YAML mapping, such as a
   * repository's {@code airlock.yml}, whose other fields the caller checks. {@code yaml} is the
   * document's text (for line numbers) and {@code root} its parsed tree.
   */
  public static RulePack parseEmbedded(String name, String yaml, JsonNode root) {
    List<Rule> rules = new ArrayList<>();
    JsonNode list = root.path("rules");
    if (!list.isMissingNode() && !list.isArray()) {
      throw new RulePackException(name + ":1: 'rules' must be a list");
    }
    Map<String, Integer> lines = idLines(yaml);
    for (JsonNode node : list) {
      rules.add(parseRule(name, lines, node));
    }
    List<String> disabled = strings(name, 1, "pack", root.path("disable"), "disable");
    return new RulePack(name, rules, disabled);
  }

  private static Rule parseRule(String pack, Map<String, Integer> lines, JsonNode node) {
    String id = node.path("id").asText("");
    int line = lines.getOrDefault(id, 0);
    String where = pack + ":" + line + ": rule '" + id + "'";
    if (!ID.matcher(id).matches()) {
      throw new RulePackException(
          where + ": 'id' is required: lower-case letters, digits, '.', '_' and '-'");
    }
    checkFields(pack, line, "rule '" + id + "'", node, RULE_FIELDS);
    String title = required(node, "title", where);
    Category category = enumField(node, "category", Category.class, null, where);
    Severity severity = enumField(node, "severity", Severity.class, null, where);
    Confidence confidence = enumField(node, "confidence", Confidence.class, Confidence.HIGH, where);
    List<String> keywords = strings(pack, line, "rule '" + id + "'", node.path("keywords"), "keywords");
    for (String k : keywords) {
      if (k.isEmpty() || !k.chars().allMatch(c -> c < 128)) {
        throw new RulePackException(where + ": keywords must be non-empty ASCII, got '" + k + "'");
      }
    }
    int digits = node.path("digits").asInt(0);
    boolean anchored = false;
    if (node.hasNonNull("anchor")) {
      String anchor = node.get("anchor").asText();
      if (!anchor.equals("keyword")) {
        throw new RulePackException(where + ": 'anchor' is 'keyword' or absent, got '" + anchor + "'");
      }
      if (keywords.isEmpty() || digits > 0) {
        throw new RulePackException(
            where + ": 'anchor: keyword' needs keywords and cannot be combined with 'digits'");
      }
      anchored = true;
    }
    List<String> requires = strings(pack, line, "rule '" + id + "'", node.path("requires"), "requires");
    for (String k : requires) {
      if (k.isEmpty() || !k.chars().allMatch(c -> c < 128)) {
        throw new RulePackException(where + ": 'requires' must be non-empty ASCII, got '" + k + "'");
      }
    }
    if (node.hasNonNull("query")) {
      return queryRule(pack, line, id, where, node, title, category, severity, confidence);
    }
    Regex pattern;
    String source = required(node, "pattern", where);
    try {
      // Compiled now, so that a bad pattern in a user pack fails the load with its rule named.
      pattern = Regex.compile(source);
    } catch (PatternSyntaxException e) {
      throw new RulePackException(
          where + ": 'pattern' is not a valid regex: " + e.getDescription() + " near index "
              + e.getIndex());
    }
    if (source.contains("(?<secret>") && source.contains("(?<value>")) {
      throw new RulePackException(where + ": use one named group, 'secret' or 'value', not both");
    }
    int span = node.path("span").asInt(0);
    Validator validator = null;
    if (node.hasNonNull("validator")) {
      try {
        validator = Validator.named(node.get("validator").asText());
      } catch (IllegalArgumentException e) {
        throw new RulePackException(where + ": " + e.getMessage());
      }
    }
    Checksum checksum = null;
    if (node.hasNonNull("checksum")) {
      try {
        checksum = Checksum.named(node.get("checksum").asText());
      } catch (IllegalArgumentException e) {
        throw new RulePackException(where + ": " + e.getMessage());
      }
    }
    double entropy = node.path("entropy").asDouble(0);
    if (entropy < 0 || entropy > 8) {
      throw new RulePackException(where + ": 'entropy' is bits per character, from 0 to 8");
    }
    JsonNode paths = node.path("paths");
    List<Glob> include = globs(pack, line, id, paths.path("include"));
    List<Glob> exclude = globs(pack, line, id, paths.path("exclude"));
    Rule.Context context = Rule.Context.NONE;
    JsonNode ctx = node.path("context");
    if (!ctx.isMissingNode()) {
      context =
          new Rule.Context(
              ctx.path("window").asInt(80),
              strings(pack, line, "rule '" + id + "'", ctx.path("raise"), "context.raise"),
              strings(pack, line, "rule '" + id + "'", ctx.path("lower"), "context.lower"),
              ctx.path("required").asBoolean(false));
      if (context.required() && context.raise().isEmpty()) {
        throw new RulePackException(where + ": 'context.required' needs 'context.raise' words");
      }
    }
    Rule.Allow allow = Rule.Allow.NONE;
    JsonNode al = node.path("allow");
    if (!al.isMissingNode()) {
      List<Pattern> allowPatterns = new ArrayList<>();
      for (String p : strings(pack, line, "rule '" + id + "'", al.path("patterns"), "allow.patterns")) {
        try {
          allowPatterns.add(Pattern.compile(p));
        } catch (PatternSyntaxException e) {
          throw new RulePackException(where + ": allow pattern is not a valid regex: " + p);
        }
      }
      allow =
          new Rule.Allow(
              allowPatterns,
              strings(pack, line, "rule '" + id + "'", al.path("stopwords"), "allow.stopwords"),
              strings(pack, line, "rule '" + id + "'", al.path("values"), "allow.values"));
    }
    Rule.Volume volume = Rule.Volume.NONE;
    JsonNode vol = node.path("volume");
    if (!vol.isMissingNode()) {
      Yaml.checkFields(where + ": volume", vol, Set.of("few", "many"));
      try {
        volume = new Rule.Volume(vol.path("few").asInt(0), vol.path("many").asInt(0));
      } catch (IllegalArgumentException e) {
        throw new RulePackException(where + ": " + e.getMessage());
      }
    }
    JsonNode ex = node.path("examples");
    List<String> match = strings(pack, line, "rule '" + id + "'", ex.path("match"), "examples.match");
    List<String> nomatch =
        strings(pack, line, "rule '" + id + "'", ex.path("nomatch"), "examples.nomatch");
    return new Rule(
        id, title, category, severity, confidence, keywords, digits, requires, anchored, pattern, span,
        validator, checksum,
        entropy, include, exclude, context, allow, volume, match, nomatch, pack, null);
  }

  /** Fields that only regex rules use: a query rule with one of them is a mistake. */
  private static final List<String> REGEX_ONLY =
      List.of("pattern", "keywords", "digits", "requires", "anchor", "span", "validator", "checksum",
          "entropy", "context", "allow", "volume");

  private static Rule queryRule(
      String pack,
      int line,
      String id,
      String where,
      JsonNode node,
      String title,
      Category category,
      Severity severity,
      Confidence confidence) {
    String query = node.get("query").asText();
    if (query.isBlank()) {
      throw new RulePackException(where + ": 'query' must not be empty");
    }
    for (String field : REGEX_ONLY) {
      if (node.has(field)) {
        throw new RulePackException(
            where + ": '" + field + "' does not apply to a rule with 'query'; a query rule has"
                + " a query, paths and examples");
      }
    }
    JsonNode paths = node.path("paths");
    JsonNode ex = node.path("examples");
    return new Rule(
        id, title, category, severity, confidence, List.of(), 0, List.of(), false, Rule.NO_PATTERN_REGEX,
        0, null, null, 0, globs(pack, line, id, paths.path("include")),
        globs(pack, line, id, paths.path("exclude")), Rule.Context.NONE, Rule.Allow.NONE,
        Rule.Volume.NONE,
        strings(pack, line, "rule '" + id + "'", ex.path("match"), "examples.match"),
        strings(pack, line, "rule '" + id + "'", ex.path("nomatch"), "examples.nomatch"),
        pack, query);
  }

  private static String required(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.asText().isBlank()) {
      throw new RulePackException(where + ": '" + field + "' is required");
    }
    return v.asText();
  }

  private static <E extends Enum<E>> E enumField(
      JsonNode node, String field, Class<E> type, E fallback, String where) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (fallback == null) {
        throw new RulePackException(
            where + ": '" + field + "' is required, one of " + List.of(type.getEnumConstants()));
      }
      return fallback;
    }
    return Yaml.enumValue(type, v.asText(), where, field);
  }

  private static List<String> strings(
      String pack, int line, String what, JsonNode node, String field) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    if (!node.isArray()) {
      throw new RulePackException(
          pack + ":" + line + ": " + what + ": '" + field + "' must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : node) {
      if (!n.isValueNode()) {
        throw new RulePackException(
            pack + ":" + line + ": " + what + ": '" + field + "' must be a list of strings");
      }
      out.add(n.asText());
    }
    return out;
  }

  private static List<Glob> globs(String pack, int line, String id, JsonNode node) {
    return strings(pack, line, "rule '" + id + "'", node, "paths").stream().map(Glob::of).toList();
  }

  private static void checkFields(
      String pack, int line, String what, JsonNode node, Set<String> allowed) {
    Yaml.checkFields(pack + ":" + line + ": " + what, node, allowed);
  }

  /** The 1-based line of each rule's {@code id:} in the pack text, by id. */
  private static Map<String, Integer> idLines(String yaml) {
    Map<String, Integer> lines = new HashMap<>();
    java.util.regex.Matcher m = ID_LINE.matcher("");
    int number = 0;
    for (String text : yaml.split("\n", -1)) {
      number++;
      if (m.reset(text).matches()) {
        lines.putIfAbsent(m.group(1), number);
      }
    }
    return lines;
  }

}
