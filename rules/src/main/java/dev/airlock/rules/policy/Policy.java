package dev.airlock.rules.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.rules.Category;
import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Glob;
import dev.airlock.rules.RulePackException;
import dev.airlock.rules.Severity;
import dev.airlock.rules.Yaml;
import dev.airlock.rules.YamlTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns findings into a {@link Label}: policy rules map findings to a sensitivity, the most
 * sensitive rule that fires wins, and a routing table maps the sensitivity to a routing. A unit is
 * never less sensitive than the policy's {@code baseline} (default PUBLIC) unless only rules marked
 * {@code lowers} fire: those set the sensitivity of an otherwise clean unit, such as one whose only
 * findings are open-source licences. Immutable and thread-safe.
 */
public final class Policy {
  /** The default policy's resource name in the jar. */
  public static final String DEFAULT_RESOURCE = "airlock/policy/default.yml";
  private static final Set<String> POLICY_FIELDS = Set.of("description", "baseline", "rules", "routing");
  private static final Set<String> RULE_FIELDS =
      Set.of(
          "id", "description", "category", "ruleIds", "minConfidence", "minSeverity", "minCount",
          "per", "paths", "sensitivity", "lowers");

  private final String name;
  private final String text;
  private final String hash;
  private final Sensitivity baseline;
  private final List<PolicyRule> rules;
  /** The rules that raise, and those that lower, a sensitivity, each most sensitive first. */
  private final List<PolicyRule> raising;

  private final List<PolicyRule> lowering;
  private final Map<Sensitivity, Routing> routing;

  private Policy(
      String name,
      String text,
      String hash,
      Sensitivity baseline,
      List<PolicyRule> rules,
      Map<Sensitivity, Routing> routing) {
    this.name = name;
    this.text = text;
    this.hash = hash;
    this.baseline = baseline;
    // Most sensitive first, so a finding is claimed by the strongest rule it satisfies.
    List<PolicyRule> sorted = new ArrayList<>(rules);
    sorted.sort(Comparator.comparing(PolicyRule::sensitivity).reversed());
    this.rules = List.copyOf(sorted);
    this.raising = this.rules.stream().filter(r -> !r.lowers()).toList();
    this.lowering = this.rules.stream().filter(PolicyRule::lowers).toList();
    this.routing = Map.copyOf(routing);
  }

  private static volatile Policy defaultPolicy;

  /**
   * The policy shipped in the jar, read from the tree the build compiled from its YAML, once per
   * JVM (it cannot change while it runs, and a policy is immutable). Safe to call from any thread;
   * the CLI calls it ahead on a thread of its own at start-up, where reading it cost a scan's main
   * thread about 25 ms of CPU between parsing the command line and opening the repository.
   */
  public static Policy defaultPolicy() {
    Policy p = defaultPolicy;
    if (p == null) {
      synchronized (Policy.class) {
        p = defaultPolicy;
        if (p == null) {
          String text = defaultText();
          p = defaultPolicy = parse(DEFAULT_RESOURCE, text, YamlTree.readResource(DEFAULT_RESOURCE, text));
        }
      }
    }
    return p;
  }

  /** The default policy's YAML text. */
  static String defaultText() {
    try (InputStream in = Policy.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("default policy missing from the jar: " + DEFAULT_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a policy file; {@code name} is how errors refer to it. */
  public static Policy parse(String name, String yaml) {
    return parse(name, yaml, Yaml.read(name, yaml));
  }

  /** The policy of {@code yaml}, whose tree is {@code root}. */
  private static Policy parse(String name, String yaml, JsonNode root) {
    if (root == null || !root.isObject() || !root.path("rules").isArray()) {
      throw new RulePackException(name + ": a policy is a mapping with a 'rules:' list");
    }
    Yaml.checkFields(name, root, POLICY_FIELDS);
    List<PolicyRule> rules = new ArrayList<>();
    for (JsonNode n : root.get("rules")) {
      String id = n.path("id").asText("");
      String where = name + ": policy rule '" + id + "'";
      if (id.isBlank()) {
        throw new RulePackException(name + ": every policy rule needs an 'id'");
      }
      Yaml.checkFields(where, n, RULE_FIELDS);
      Set<Category> categories = new HashSet<>();
      for (String c : list(n.path("category"))) {
        categories.add(Yaml.enumValue(Category.class, c, where, "category"));
      }
      try {
        rules.add(
            new PolicyRule(
                id,
                categories,
                new HashSet<>(list(n.path("ruleIds"))),
                Yaml.enumValue(Confidence.class, n.path("minConfidence").asText("LOW"), where, "minConfidence"),
                Yaml.enumValue(Severity.class, n.path("minSeverity").asText("LOW"), where, "minSeverity"),
                n.path("minCount").asInt(1),
                Yaml.enumValue(PolicyRule.Scope.class, n.path("per").asText("UNIT"), where, "per"),
                list(n.path("paths").path("include")).stream().map(Glob::of).toList(),
                list(n.path("paths").path("exclude")).stream().map(Glob::of).toList(),
                Yaml.enumValue(Sensitivity.class, n.path("sensitivity").asText(""), where, "sensitivity"),
                lowers(n.path("lowers"), where)));
      } catch (IllegalArgumentException e) {
        // PolicyRule's own messages already name the rule.
        throw new RulePackException(name + ": " + e.getMessage());
      }
    }
    Map<Sensitivity, Routing> routing = new EnumMap<>(Sensitivity.class);
    JsonNode r = root.path("routing");
    for (Sensitivity s : Sensitivity.values()) {
      JsonNode v = r.get(s.name());
      if (v == null) {
        throw new RulePackException(name + ": 'routing' must give a routing for " + s);
      }
      routing.put(s, Yaml.enumValue(Routing.class, v.asText(), name + ": routing", s.name()));
    }
    Sensitivity baseline =
        Yaml.enumValue(Sensitivity.class, root.path("baseline").asText("PUBLIC"), name, "baseline");
    for (PolicyRule rule : rules) {
      if (rule.lowers() && rule.sensitivity().compareTo(baseline) >= 0) {
        throw new RulePackException(
            name + ": policy rule '" + rule.id() + "' lowers to " + rule.sensitivity()
                + ", which is not below the baseline " + baseline
                + ": give it a lower sensitivity or drop 'lowers'");
      }
    }
    return new Policy(name, yaml, canonicalHash(root), baseline, rules, routing);
  }

  private static boolean lowers(JsonNode node, String where) {
    if (node.isMissingNode() || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw new RulePackException(where + ": 'lowers' is true or false, got '" + node.asText() + "'");
    }
    return node.asBoolean();
  }

  /**
   * SHA-256 (hex) of the policy's canonical form: its parsed tree as JSON with every mapping's keys
   * sorted. Comments, key order, quoting and layout of the YAML do not change it; any change of
   * meaning does. Reports carry it so a reader can tell which policy made a label.
   */
  public String hash() {
    return hash;
  }

  private static String canonicalHash(JsonNode root) {
    try {
      StringBuilder json = new StringBuilder();
      canonical(root, json);
      byte[] canonical = json.toString().getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * Compact JSON with every mapping's keys sorted, byte for byte what Jackson's {@code
   * ORDER_MAP_ENTRIES_BY_KEYS} mapper wrote for the tree made plain (hashes stay as they were).
   * Written by hand: Jackson's data binding cost a third of a second of class loading at every
   * start of the command.
   */
  static void canonical(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      keys.sort(null);
      out.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        quoted(keys.get(i), out);
        out.append(':');
        canonical(node.get(keys.get(i)), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        canonical(node.get(i), out);
      }
      out.append(']');
    } else if (node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else if (node.isBoolean()) {
      out.append(node.booleanValue());
    } else if (node.isIntegralNumber()) {
      out.append(node.bigIntegerValue());
    } else if (node.isNumber()) {
      double d = node.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        out.append('"').append(d).append('"');
      } else {
        out.append(d);
      }
    } else {
      quoted(node.asText(), out);
    }
  }

  private static void quoted(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> {
          // Jackson escapes controls, and each half of a pair beyond the BMP, in upper-case hex.
          if (c < 0x20 || Character.isSurrogate(c)) {
            out.append(String.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  public String name() {
    return name;
  }

  /** The policy's YAML text, as loaded. */
  public String text() {
    return text;
  }

  /** The sensitivity of a unit where no rule fires. */
  public Sensitivity baseline() {
    return baseline;
  }

  public List<PolicyRule> rules() {
    return rules;
  }

  public Routing routing(Sensitivity sensitivity) {
    return routing.get(sensitivity);
  }

  /** The label of a unit holding exactly {@code findings}. */
  public Label evaluate(List<Finding> findings) {
    List<Reason> reasons = new ArrayList<>();
    Sensitivity raised = apply(raising, findings, reasons);
    Sensitivity sensitivity;
    if (raised != null) {
      sensitivity = raised.compareTo(baseline) > 0 ? raised : baseline;
    } else {
      Sensitivity lowered = apply(lowering, findings, reasons);
      sensitivity = lowered != null ? lowered : baseline;
    }
    reasons.sort(
        Comparator.comparing(Reason::sensitivity)
            .reversed()
            .thenComparing(Comparator.comparingInt(Reason::count).reversed())
            .thenComparing(Reason::ruleId));
    return new Label(routing.get(sensitivity), sensitivity, reasons);
  }

  /**
   * Fires {@code candidates} (most sensitive first) on {@code findings}, adding their reasons;
   * returns the most sensitive that fired, or null when none did.
   */
  private static Sensitivity apply(
      List<PolicyRule> candidates, List<Finding> findings, List<Reason> reasons) {
    Sensitivity sensitivity = null;
    Set<Finding> claimed = null;
    for (PolicyRule rule : candidates) {
      List<Finding> firing = firing(rule, findings);
      if (firing.isEmpty()) {
        continue;
      }
      if (claimed == null) {
        // Labelling a repository evaluates every file with findings: most fire nothing.
        claimed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      }
      if (sensitivity == null || rule.sensitivity().compareTo(sensitivity) > 0) {
        sensitivity = rule.sensitivity();
      }
      Map<String, int[]> counts = new TreeMap<>();
      Map<String, Category> categories = new LinkedHashMap<>();
      for (Finding f : firing) {
        if (claimed.add(f)) {
          counts.computeIfAbsent(f.ruleId(), k -> new int[1])[0]++;
          categories.put(f.ruleId(), f.category());
        }
      }
      counts.forEach(
          (ruleId, c) ->
              reasons.add(
                  new Reason(ruleId, categories.get(ruleId), c[0], rule.id(), rule.sensitivity())));
    }
    return sensitivity;
  }

  /** The findings that make {@code rule} fire, or none when it does not. */
  private static List<Finding> firing(PolicyRule rule, List<Finding> findings) {
    Map<String, List<Finding>> groups = null;
    for (Finding f : findings) {
      if (rule.selects(f)) {
        if (groups == null) {
          groups = new LinkedHashMap<>();
        }
        String key = rule.per() == PolicyRule.Scope.FILE ? f.location().path() : "";
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
      }
    }
    if (groups == null) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    for (List<Finding> group : groups.values()) {
      // A group is never empty, so it holds at least one value: only larger minimums count.
      if (rule.minCount() <= 1 || distinctValues(group) >= rule.minCount()) {
        out.addAll(group);
      }
    }
    return out;
  }

  /** How many distinct (rule, value) pairs {@code group} holds. */
  private static int distinctValues(List<Finding> group) {
    Set<String> values = new java.util.HashSet<>();
    for (Finding f : group) {
      values.add(f.ruleId() + '\u0000' + f.redacted());
    }
    return values.size();
  }

  private static List<String> list(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    }
    return out;
  }
}
