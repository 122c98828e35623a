package dev.airlock.rules;

import dev.airlock.rules.validate.Checksum;
import dev.airlock.rules.validate.Validator;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The built-in rule packs in the compact form the build writes beside them ({@value #RESOURCE}):
 * every pack's rules, field by field, and the hash of the packs' YAML. Parsing the YAML packs
 * with SnakeYAML took about half a second of every start (most of a small scan); this form reads
 * in milliseconds and needs neither SnakeYAML nor Jackson. It holds what {@link RulePack#parse}
 * produced at build time, so it carries no validation of its own: the build parsed and checked
 * every pack, and a test proves the two forms give equal rules and the same hash. User packs
 * ({@code --rules}, {@code airlock.yml}) always go through YAML.
 *
 * <p>Stateless; {@link #read()} may run on any thread.
 */
final class CompiledPacks {
  static final String RESOURCE = "airlock/rules/built-in.bin";

  /** Changes whenever the layout below does, so an old file is refused rather than misread. */
  private static final int FORMAT = 0x414c5201;

  private CompiledPacks() {}

  /** The built-in packs and the hash of their YAML text, as the build compiled them. */
  record Contents(List<RulePack> packs, String hash) {}

  /**
   * Writes the built-in packs, parsed from YAML, to {@code CLASSES/}{@value #RESOURCE}, and the
   * default policy's tree beside its YAML ({@link YamlTree#readResource}); the rules module's build
   * runs this before its tests and packaging, with its classes folder as the argument.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CompiledPacks CLASSES");
    }
    Path classes = Path.of(args[0]);
    Path out = classes.resolve(RESOURCE);
    Files.createDirectories(out.toAbsolutePath().getParent());
    RuleSet.Yamls yamls = RuleSet.builtInFromYaml();
    try (OutputStream file = Files.newOutputStream(out)) {
      write(new Contents(yamls.packs(), yamls.hash()), file);
    }
    String policy = dev.airlock.rules.policy.Policy.DEFAULT_RESOURCE;
    YamlTree.compile(policy, RuleSet.resource(policy), classes);
  }

  static void write(Contents contents, OutputStream target) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(target));
    out.writeInt(FORMAT);
    string(out, contents.hash());
    out.writeInt(contents.packs().size());
    for (RulePack pack : contents.packs()) {
      string(out, pack.name());
      strings(out, pack.disabled());
      out.writeInt(pack.rules().size());
      for (Rule rule : pack.rules()) {
        rule(out, rule);
      }
    }
    out.flush();
  }

  /** The compiled packs, or null when the resource is absent (classes built outside Maven). */
  static Contents read() {
    try (InputStream in = CompiledPacks.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return null;
      }
      return read(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the compiled rule packs " + RESOURCE, e);
    }
  }

  static Contents read(InputStream source) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(source, 1 << 16));
    if (in.readInt() != FORMAT) {
      throw new IllegalStateException(
          RESOURCE + " was written by another version of Airlock; rebuild the rules module");
    }
    String hash = string(in);
    int packCount = in.readInt();
    List<RulePack> packs = new ArrayList<>(packCount);
    for (int p = 0; p < packCount; p++) {
      String name = string(in);
      List<String> disabled = strings(in);
      int ruleCount = in.readInt();
      List<Rule> rules = new ArrayList<>(ruleCount);
      for (int r = 0; r < ruleCount; r++) {
        rules.add(rule(in, name));
      }
      packs.add(new RulePack(name, rules, disabled));
    }
    return new Contents(packs, hash);
  }

  private static void rule(DataOutputStream out, Rule r) throws IOException {
    string(out, r.id());
    string(out, r.title());
    string(out, r.category().name());
    string(out, r.severity().name());
    string(out, r.confidence().name());
    strings(out, r.keywords());
    out.writeInt(r.digits());
    strings(out, r.requires());
    out.writeBoolean(r.anchored());
    nullable(out, r.query());
    if (!r.isQuery()) {
      string(out, regex(r.regex(), r));
    }
    out.writeInt(r.span());
    nullable(out, r.validator() == null ? null : r.validator().name());
    nullable(out, r.checksum() == null ? null : r.checksum().name());
    out.writeDouble(r.entropy());
    strings(out, r.includePaths().stream().map(Glob::text).toList());
    strings(out, r.excludePaths().stream().map(Glob::text).toList());
    Rule.Context c = r.context();
    out.writeBoolean(c == Rule.Context.NONE);
    if (c != Rule.Context.NONE) {
      out.writeInt(c.window());
      strings(out, c.raise());
      strings(out, c.lower());
      out.writeBoolean(c.required());
    }
    Rule.Allow a = r.allow();
    out.writeBoolean(a == Rule.Allow.NONE);
    if (a != Rule.Allow.NONE) {
      strings(out, a.patterns().stream().map(p -> regex(Regex.of(p), r)).toList());
      strings(out, a.stopwords());
      strings(out, a.values());
    }
    Rule.Volume v = r.volume();
    out.writeBoolean(v == Rule.Volume.NONE);
    if (v != Rule.Volume.NONE) {
      out.writeInt(v.few());
      out.writeInt(v.many());
    }
    strings(out, r.matchExamples());
    strings(out, r.nomatchExamples());
  }

  private static Rule rule(DataInputStream in, String source) throws IOException {
    String id = string(in);
    String title = string(in);
    Category category = Category.valueOf(string(in));
    Severity severity = Severity.valueOf(string(in));
    Confidence confidence = Confidence.valueOf(string(in));
    List<String> keywords = strings(in);
    int digits = in.readInt();
    List<String> requires = strings(in);
    boolean anchored = in.readBoolean();
    String query = nullable(in);
    // The build compiled every pattern once already: each is compiled again on first use only.
    Regex pattern = query != null ? Rule.NO_PATTERN_REGEX : Regex.lazy(string(in));
    int span = in.readInt();
    String validator = nullable(in);
    String checksum = nullable(in);
    double entropy = in.readDouble();
    List<Glob> include = globs(in);
    List<Glob> exclude = globs(in);
    Rule.Context context =
        in.readBoolean()
            ? Rule.Context.NONE
            : new Rule.Context(in.readInt(), strings(in), strings(in), in.readBoolean());
    Rule.Allow allow =
        in.readBoolean()
            ? Rule.Allow.NONE
            : new Rule.Allow(patterns(in), strings(in), strings(in));
    Rule.Volume volume = in.readBoolean() ? Rule.Volume.NONE : new Rule.Volume(in.readInt(), in.readInt());
    List<String> match = strings(in);
    List<String> nomatch = strings(in);
    return new Rule(
        id, title, category, severity, confidence, keywords, digits, requires, anchored, pattern,
        span, validator == null ? null : Validator.named(validator),
        checksum == null ? null : Checksum.named(checksum), entropy, include, exclude, context,
        allow, volume, match, nomatch, source, query);
  }

  // Loops, not streams: this runs for every rule at every start, before the JIT has compiled
  // anything, where a stream pipeline costs tens of microseconds.

  private static List<Glob> globs(DataInputStream in) throws IOException {
    Glob[] globs = new Glob[in.readInt()];
    for (int i = 0; i < globs.length; i++) {
      globs[i] = Glob.of(string(in));
    }
    return List.of(globs);
  }

  private static List<Pattern> patterns(DataInputStream in) throws IOException {
    Pattern[] patterns = new Pattern[in.readInt()];
    for (int i = 0; i < patterns.length; i++) {
      patterns[i] = Pattern.compile(string(in));
    }
    return List.of(patterns);
  }

  /**
   * A pattern's source. Packs compile without flags (inline ones are part of the source); this
   * form keeps no others, so a pattern whose source alone compiles differently is refused.
   */
  private static String regex(Regex p, Rule r) {
    if (!p.plain()) {
      throw new IllegalStateException("rule '" + r.id() + "': a pattern with flags cannot be compiled ahead");
    }
    return p.source();
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    // Not writeUTF: its 64 KB limit is within reach of a long example.
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String string(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void nullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      string(out, s);
    }
  }

  private static String nullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? string(in) : null;
  }

  private static void strings(DataOutputStream out, List<String> list) throws IOException {
    out.writeInt(list.size());
    for (String s : list) {
      string(out, s);
    }
  }

  private static List<String> strings(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(string(in));
    }
    return out;
  }
}
