package dev.airlock.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.rules.Glob;
import dev.airlock.rules.RulePack;
import dev.airlock.rules.RulePackException;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.Yaml;
import dev.airlock.rules.policy.Policy;
import dev.airlock.source.Source;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository's own configuration: the {@code airlock.yml} at the root of the scanned tree (the
 * tree of the scanned commit, or the folder for sources outside Git), never read from anywhere
 * else and never written. It adds rules, names the organisations whose copyright notices are
 * proprietary, declares units, chooses a policy, and excludes paths from the scan. Immutable and
 * thread-safe.
 *
 * @param rules packs to add to the run's rules, in order: the packs named by {@code packs:}, then
 *     the file's own {@code rules:} and {@code disable:}
 * @param organisations names from {@code organisations:}, in the order given
 * @param units unit folders or folder globs from {@code units:}; null when the file does not
 *     declare units, so they are detected from build manifests
 * @param policy the policy from {@code policy:}, or null for the run's policy
 * @param exclude paths never scanned
 */
public record RepoConfig(
    List<RuleSet.Addition> rules,
    List<String> organisations,
    List<String> units,
    Policy policy,
    List<Glob> exclude) {

  /** The file's name, at the root of the scanned tree. */
  public static final String FILE = "airlock.yml";

  /** The configuration of a repository without an {@code airlock.yml}. */
  public static final RepoConfig NONE = new RepoConfig(List.of(), List.of(), null, null, List.of());

  private static final Set<String> FIELDS =
      Set.of("rules", "disable", "packs", "organisations", "units", "policy", "exclude");

  /** Past this a configuration file is surely not one; reading it is refused, not attempted. */
  private static final int MAX_BYTES = 4 << 20;

  public RepoConfig {
    rules = List.copyOf(rules);
    organisations = List.copyOf(organisations);
    units = units == null ? null : List.copyOf(units);
    exclude = List.copyOf(exclude);
  }

  /**
   * Reads {@code airlock.yml} from the root of {@code source}'s tree, and the pack and policy files
   * it names from the same tree.
   *
   * @return {@link #NONE} when the tree has no {@code airlock.yml}
   * @throws RulePackException when the file or a file it names is invalid; the one-line message
   *     names the file, the line and what is allowed
   */
  public static RepoConfig load(Source source) {
    Optional<String> text = readText(source, FILE, FILE);
    return text.isEmpty() ? NONE : parse(text.get(), source);
  }

  /** Parses the text of an {@code airlock.yml}; named files are read from {@code source}. */
  static RepoConfig parse(String text, Source source) {
    JsonNode root = Yaml.read(FILE, text);
    if (root == null || root.isNull()) {
      return NONE;
    }
    if (!root.isObject()) {
      throw new RulePackException(
          FILE + ":1: airlock.yml is a mapping with any of the fields " + sorted(FIELDS));
    }
    root.fieldNames()
        .forEachRemaining(
            f -> {
              if (!FIELDS.contains(f)) {
                throw new RulePackException(
                    FILE + ":" + lineOf(text, f) + ": unknown field '" + f + "'; allowed: "
                        + sorted(FIELDS));
              }
            });

    List<RuleSet.Addition> rules = new ArrayList<>();
    for (String pack : strings(text, root, "packs")) {
      String path = repoPath(text, "packs", pack);
      Optional<String> packText = readText(source, path, FILE + ": packs");
      List<String> files = new ArrayList<>();
      if (packText.isPresent()) {
        rules.add(new RuleSet.Addition(RulePack.parse(path, packText.get()), packText.get()));
        continue;
      }
      for (String f : list(source, path)) {
        if (f.endsWith(".yml") || f.endsWith(".yaml")) {
          files.add(f);
        }
      }
      if (files.isEmpty()) {
        throw new RulePackException(
            FILE + ":" + lineOf(text, "packs") + ": packs: '" + pack
                + "' is neither a rule pack file nor a folder with *.yml packs in the repository");
      }
      for (String f : files) {
        String t = readText(source, f, FILE + ": packs").orElseThrow();
        rules.add(new RuleSet.Addition(RulePack.parse(f, t), t));
      }
    }
    if (root.has("rules") || root.has("disable")) {
      if (root.has("rules") && !root.get("rules").isArray() && !root.get("rules").isNull()) {
        throw new RulePackException(
            FILE + ":" + lineOf(text, "rules") + ": 'rules' is a list of rules, as in a rule pack");
      }
      strings(text, root, "disable");
      rules.add(new RuleSet.Addition(RulePack.parseEmbedded(FILE, text, root), text));
    }

    List<String> units = null;
    if (root.has("units")) {
      units = new ArrayList<>();
      for (String u : strings(text, root, "units")) {
        units.add(repoPath(text, "units", u));
      }
    }

    List<Glob> exclude = new ArrayList<>();
    for (String e : strings(text, root, "exclude")) {
      try {
        exclude.add(Glob.of(e));
      } catch (IllegalArgumentException ex) {
        throw new RulePackException(FILE + ":" + lineOf(text, "exclude") + ": exclude: " + ex.getMessage());
      }
    }
    return new RepoConfig(
        rules, strings(text, root, "organisations"), units, policy(text, root, source), exclude);
  }

  /** These rules with the repository's additions and organisations. */
  public RuleSet applyTo(RuleSet base) {
    RuleSet extended = base.extend(rules);
    return organisations.isEmpty() ? extended : extended.withOrganisations(organisations);
  }

  /** True when {@code path} is excluded from the scan. */
  public boolean excludes(String path) {
    return !exclude.isEmpty() && Glob.anyMatches(exclude, path);
  }

  private static Policy policy(String text, JsonNode root, Source source) {
    JsonNode node = root.get("policy");
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      String path = repoPath(text, "policy", node.asText());
      String policyText =
          readText(source, path, FILE + ": policy")
              .orElseThrow(
                  () ->
                      new RulePackException(
                          FILE + ":" + lineOf(text, "policy") + ": policy: no file '" + path
                              + "' in the repository; give a policy file's path or the policy"
                              + " itself as a mapping"));
      return Policy.parse(path, policyText);
    }
    if (node.isObject()) {
      // JSON is YAML: the inline policy is parsed exactly as a policy file is.
      return Policy.parse(FILE + ": policy", node.toString());
    }
    throw new RulePackException(
        FILE + ":" + lineOf(text, "policy")
            + ": 'policy' is a policy file's path in the repository or a policy mapping");
  }

  private static List<String> strings(String text, JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    String wrong =
        FILE + ":" + lineOf(text, field) + ": '" + field + "' must be a list of strings";
    if (!node.isArray()) {
      throw new RulePackException(wrong);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : node) {
      if (!n.isValueNode() || n.isNull() || n.asText().isBlank()) {
        throw new RulePackException(wrong);
      }
      out.add(n.asText().strip());
    }
    return out;
  }

  /**
   * {@code value} as a '/'-separated path relative to the repository root: no leading '/', no
   * trailing '/', no '..' out of the tree.
   */
  private static String repoPath(String text, String field, String value) {
    String p = value.replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.startsWith("/") || p.equals("..") || p.startsWith("../") || p.contains("/../")
        || p.endsWith("/..")) {
      throw new RulePackException(
          FILE + ":" + lineOf(text, field) + ": " + field + ": '" + value
              + "' must be a path inside the repository, relative to its root");
    }
    return p.equals(".") ? "" : p;
  }

  private static Optional<String> readText(Source source, String path, String what) {
    Optional<byte[]> bytes;
    try {
      bytes = source.read(path);
    } catch (IOException e) {
      throw new RulePackException(what + ": cannot read " + path + ": " + e.getMessage(), e);
    }
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    if (bytes.get().length > MAX_BYTES) {
      throw new RulePackException(path + ":0: larger than 4 MiB; not read as configuration");
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.get()))
              .toString());
    } catch (CharacterCodingException e) {
      throw new RulePackException(path + ":0: not UTF-8 text");
    }
  }

  private static List<String> list(Source source, String folder) {
    try {
      return source.list(folder);
    } catch (IOException e) {
      throw new RulePackException(FILE + ": packs: cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /** The 1-based line of top-level field {@code field} in {@code text}, or 1. */
  static int lineOf(String text, String field) {
    Matcher m =
        Pattern.compile("^['\"]?" + Pattern.quote(field) + "['\"]?\\s*:", Pattern.MULTILINE)
            .matcher(text);
    return m.find() ? (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1 : 1;
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
