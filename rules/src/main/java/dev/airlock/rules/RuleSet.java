package dev.airlock.rules;

import dev.airlock.rules.engine.Engine;
import dev.airlock.rules.engine.Matcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The compiled rules of one scan: the built-in packs, then user packs that add, replace (same id)
 * or disable rules. Built once and shared across threads; {@link #hash()} changes whenever any
 * rule text changes.
 */
public final class RuleSet {
  private static final String BUILT_IN = "airlock/rules/";
  private static final String INDEX = BUILT_IN + "packs.txt";

  private final List<PackText> texts;
  private final List<RulePack> packs;
  private final List<String> organisations;
  /** The rules as the packs define them, before {@link CopyrightHolders} applies organisations. */
  private final List<Rule> declared;
  private final List<Rule> rules;
  /** Computed on first use: for built-in packs it means reading their YAML text from the jar. */
  private volatile String hash;
  private final Engine engine;
  private final java.util.Map<Engine, RuleSet> byEngine = new java.util.EnumMap<>(Engine.class);
  /** Built on first use: compiling a Hyperscan database is not free, and some callers never match. */
  private volatile Matcher matcher;

  /** {@code hash} is null to compute it from the texts when asked, or the known hash of them. */
  private RuleSet(
      List<PackText> texts,
      List<RulePack> packs,
      List<String> organisations,
      List<Rule> rules,
      Engine engine,
      String hash) {
    this.texts = List.copyOf(texts);
    this.packs = List.copyOf(packs);
    this.organisations = List.copyOf(organisations);
    this.declared = List.copyOf(rules);
    this.rules = List.copyOf(CopyrightHolders.apply(this.declared, this.organisations));
    this.engine = engine;
    this.hash = hash;
  }

  /**
   * These rules matched by {@code engine}; the default is {@link Engine#JAVA}. Findings do not
   * depend on the engine, so the hash does not either.
   *
   * @throws IllegalStateException for {@link Engine#HYPERSCAN} where its natives do not load
   */
  public RuleSet withEngine(Engine engine) {
    String unavailable = engine.unavailableReason();
    if (unavailable != null) {
      throw new IllegalStateException("engine 'hyperscan' cannot run here: " + unavailable);
    }
    if (engine == this.engine) {
      return this;
    }
    // One instance per engine, so that a matcher built ahead (preloadBuiltIns) is the one used.
    synchronized (byEngine) {
      return byEngine.computeIfAbsent(
          engine, e -> new RuleSet(texts, packs, organisations, declared, e, hash));
    }
  }

  /** The engine asked for (which may be {@link Engine#AUTO}). */
  public Engine engine() {
    return engine;
  }

  /** The built-in rule packs alone. */
  public static RuleSet builtIn() {
    return load(List.of());
  }

  /**
   * The built-in packs, then every {@code *.yml} / {@code *.yaml} file in each of {@code userDirs}
   * (or the file itself when a path is a file), in name order.
   *
   * @throws RulePackException when a pack is invalid or a folder cannot be read
   */
  public static RuleSet load(List<Path> userDirs) {
    if (userDirs.isEmpty()) {
      return builtInSet();
    }
    BuiltIns builtIns = builtIns();
    List<PackText> userTexts = new ArrayList<>();
    for (Path dir : userDirs) {
      userTexts.addAll(userTexts(dir));
    }
    List<PackText> texts = new ArrayList<>(builtIns.texts());
    texts.addAll(userTexts);
    List<RulePack> packs = new ArrayList<>(builtIns.packs());
    packs.addAll(parseAll(userTexts));
    return combine(texts, packs, List.of());
  }

  /** A pack to add to a rule set: its parsed rules and the YAML text they came from. */
  public record Addition(RulePack pack, String text) {}

  /**
   * These rules followed by {@code additions}, which add, replace (same id) and disable rules
   * exactly as user packs do. A repository's own rules ({@code airlock.yml}) extend the rules of
   * the run this way. This rule set is left unchanged.
   *
   * @throws RulePackException when an addition disables a rule that no earlier pack defines, or
   *     defines a rule twice
   */
  public RuleSet extend(List<Addition> additions) {
    if (additions.isEmpty()) {
      return this;
    }
    List<PackText> allTexts = new ArrayList<>(texts);
    List<RulePack> allPacks = new ArrayList<>(packs);
    for (Addition a : additions) {
      allTexts.add(new PackText(a.pack().name(), a.text()));
      allPacks.add(a.pack());
    }
    return combine(allTexts, allPacks, organisations).withEngine(engine);
  }

  /**
   * These rules, for a repository whose owners are {@code names} (as {@code organisations:} in
   * its {@code airlock.yml} says). The names are part of the hash. The {@code copyright-notice}
   * rule then fires (MEDIUM, HIGH with proprietary wording) on "All rights reserved" notices whose
   * holder names one of them, matched ignoring case on word boundaries, and on no other holder.
   */
  public RuleSet withOrganisations(List<String> names) {
    List<String> clean = names.stream().map(String::strip).filter(n -> !n.isEmpty()).toList();
    return clean.equals(organisations)
        ? this
        : new RuleSet(texts, packs, clean, declared, engine, null);
  }

  /** The organisations this rule set was given, in the order given; empty by default. */
  public List<String> organisations() {
    return organisations;
  }

  private static RuleSet combine(
      List<PackText> texts, List<RulePack> packs, List<String> organisations) {
    return combine(texts, packs, organisations, null);
  }

  /** {@code hash}: the hash of {@code texts} when known, else null to compute it when asked. */
  private static RuleSet combine(
      List<PackText> texts, List<RulePack> packs, List<String> organisations, String hash) {
    Map<String, Rule> byId = new LinkedHashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      PackText text = texts.get(i);
      RulePack pack = packs.get(i);
      for (String id : pack.disabled()) {
        if (byId.remove(id) == null) {
          throw new RulePackException(
              text.name() + ":" + disableLine(text.yaml(), id) + ": 'disable' names rule '" + id
                  + "', which no earlier pack defines ('airlock rules list' shows the rule ids)");
        }
      }
      for (Rule rule : pack.rules()) {
        Rule earlier = byId.get(rule.id());
        if (earlier != null && earlier.source().equals(rule.source())) {
          throw new RulePackException(
              text.name() + ": rule '" + rule.id() + "' is defined twice in the same pack");
        }
        // A later pack replaces a rule in place, so its position (and overlap priority) is kept.
        byId.put(rule.id(), rule);
      }
    }
    return new RuleSet(
        texts, packs, organisations, new ArrayList<>(byId.values()), Engine.JAVA, hash);
  }

  /** The 1-based line naming {@code id} in the pack's {@code disable:} list, or 0. */
  private static int disableLine(String yaml, String id) {
    String[] lines = yaml.split("\n", -1);
    boolean inDisable = false;
    for (int i = 0; i < lines.length; i++) {
      inDisable |= lines[i].startsWith("disable:");
      if (inDisable
          && java.util.regex.Pattern.compile("(?<![\\w.-])" + java.util.regex.Pattern.quote(id) + "(?![\\w.-])")
              .matcher(lines[i])
              .find()) {
        return i + 1;
      }
    }
    return 0;
  }

  public List<Rule> rules() {
    return rules;
  }

  public Optional<Rule> rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** A hex SHA-256 over every pack's name and text, in load order, and the organisations. */
  public String hash() {
    String h = hash;
    if (h == null) {
      // Racing threads compute the same value; either may publish it.
      h = hash = hashOf(texts, organisations);
    }
    return h;
  }

  /** The engine for these rules, built on first call; thread-safe. */
  public Matcher matcher() {
    Matcher m = matcher;
    if (m == null) {
      synchronized (this) {
        m = matcher;
        if (m == null) {
          m = matcher = engine.create(rules);
        }
      }
    }
    return m;
  }

  /**
   * A pack's name and YAML text. A built-in pack's text is read from the jar only when needed (a
   * hash with user packs or organisations, an error message): its rules come compiled.
   */
  private record PackText(String name, String text) {
    String yaml() {
      return text != null ? text : resource(name);
    }
  }

  /** The built-in packs, read once per JVM: they cannot change while it runs. */
  private record BuiltIns(List<PackText> texts, List<RulePack> packs, String hash) {}

  /** The built-in packs parsed from their YAML, and the hash of their text. */
  record Yamls(List<RulePack> packs, String hash) {}

  /**
   * The built-in packs parsed from YAML, as user packs are, ignoring their compiled form: what
   * the build compiles ({@link CompiledPacks}), and what tests compare that with.
   */
  static Yamls builtInFromYaml() {
    List<PackText> texts = builtInTexts();
    return new Yamls(parseAll(texts), hashOf(texts, List.of()));
  }

  private static volatile BuiltIns builtIns;

  /** The built-in packs alone, compiled once per JVM; immutable, so one instance serves all. */
  private static volatile RuleSet builtInSet;

  /**
   * Reads and compiles the built-in packs, and builds their engine, now, so that a caller can
   * overlap this with other start-up work (the CLI parses its arguments meanwhile). Safe to call
   * from any thread.
   */
  public static void preloadBuiltIns() {
    builtInSet();
  }

  /**
   * As {@link #preloadBuiltIns()}, and builds the built-in rules' matcher for {@code engine} too
   * (loading Hyperscan's natives and its database takes a few hundred milliseconds), so that
   * {@code load(List.of()).withEngine(engine)} finds it ready.
   */
  public static void preloadBuiltIns(Engine engine) {
    builtInSet().withEngine(engine).matcher();
  }

  private static RuleSet builtInSet() {
    RuleSet set = builtInSet;
    if (set == null) {
      synchronized (RuleSet.class) {
        set = builtInSet;
        if (set == null) {
          BuiltIns b = builtIns();
          set = builtInSet = combine(b.texts(), b.packs(), List.of(), b.hash());
        }
      }
    }
    return set;
  }

  private static BuiltIns builtIns() {
    BuiltIns b = builtIns;
    if (b == null) {
      synchronized (RuleSet.class) {
        b = builtIns;
        if (b == null) {
          b = builtIns = loadBuiltIns();
        }
      }
    }
    return b;
  }

  private static BuiltIns loadBuiltIns() {
    CompiledPacks.Contents compiled = CompiledPacks.read();
    if (compiled == null) {
      // Classes built without the Maven build (an IDE): the YAML gives the same rules, slower.
      Yamls yamls = builtInFromYaml();
      return new BuiltIns(lazyTexts(yamls.packs()), yamls.packs(), yamls.hash());
    }
    return new BuiltIns(lazyTexts(compiled.packs()), compiled.packs(), compiled.hash());
  }

  private static List<PackText> lazyTexts(List<RulePack> packs) {
    return packs.stream().map(p -> new PackText(p.name(), null)).toList();
  }

  /**
   * Parses packs on every core (they are independent, and rule loading is most of a small scan's
   * start-up time), returning them in the order given.
   */
  private static List<RulePack> parseAll(List<PackText> texts) {
    return texts.parallelStream().map(t -> RulePack.parse(t.name(), t.yaml())).toList();
  }

  private static List<PackText> builtInTexts() {
    List<PackText> out = new ArrayList<>();
    for (String line : resource(INDEX).split("\n")) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        out.add(new PackText(BUILT_IN + name, resource(BUILT_IN + name)));
      }
    }
    return out;
  }

  static String resource(String name) {
    try (InputStream in = RuleSet.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("built-in rule resource missing from the jar: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<PackText> userTexts(Path dir) {
    if (!Files.exists(dir)) {
      throw new RulePackException(dir + ": rules folder does not exist");
    }
    List<Path> files;
    if (Files.isRegularFile(dir)) {
      files = List.of(dir);
    } else {
      try (Stream<Path> s = Files.list(dir)) {
        files =
            s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                .sorted()
                .toList();
      } catch (IOException e) {
        throw new RulePackException(dir + ": cannot list rules folder: " + e.getMessage(), e);
      }
    }
    List<PackText> out = new ArrayList<>();
    for (Path f : files) {
      try {
        out.add(new PackText(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new RulePackException(f + ": cannot read rule pack: " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static String hashOf(List<PackText> texts, List<String> organisations) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      if (!organisations.isEmpty()) {
        // Only when given, so rule sets without organisations keep the hash they always had.
        sha.update(("organisations\u0000" + String.join("\u0000", organisations) + "\u0001")
            .getBytes(StandardCharsets.UTF_8));
      }
      for (PackText t : texts) {
        // Built-in packs hash by resource name; user packs by file name only, so the same packs
        // in another folder give the same hash.
        String name = t.name().startsWith(BUILT_IN) ? t.name() : Path.of(t.name()).getFileName().toString();
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(t.yaml().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
