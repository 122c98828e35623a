import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a deterministic Git repository of a generated Maven multi-module Java project for
 * whole-process scan benchmarks: a parent pom and modules (api, domain, persistence, service, web,
 * client, batch and common libraries) with JPA entities, Spring Data repositories, services, REST
 * controllers, DTO records, mappers, configuration, JUnit 5 tests, Flyway migrations, YAML and
 * properties files, and a Maven wrapper.
 *
 * <pre>java bench/GenerateJavaProject.java OUT_DIR [SIZE_MB] [SEED]     (defaults: 70, 42)</pre>
 *
 * The same seed and size give byte-identical files and the same commit. A dozen synthetic
 * credentials, random at generation time, are planted in main (not test) sources and resources,
 * listed in {@code <OUT_DIR>-planted.tsv} as path, line, kind (never the values). SIZE_MB is
 * decimal. Like bench/GenerateGoApi.java it is one file that `java` runs from source, so the
 * two cannot share a class: the small Git and writing helpers exist in both.
 */
public final class GenerateJavaProject {

  static final String[] NOUNS = {
    "account", "invoice", "order", "customer", "payment", "ledger", "balance", "tenant", "user",
    "session", "record", "batch", "job", "task", "message", "event", "channel", "topic", "page",
    "item", "product", "price", "tax", "discount", "coupon", "cart", "shipment", "parcel", "route",
    "region", "zone", "snapshot", "metric", "audit", "policy", "rule", "role", "permission",
    "group", "member", "profile", "address", "contact", "report", "export", "schema", "filter",
    "bucket", "attachment", "folder", "entry", "status", "state", "phase", "plan", "quota", "usage",
    "rate", "lease", "lock", "cache", "catalog", "setting", "option", "feature", "variant",
    "segment", "score", "warehouse", "stock", "supplier", "vendor", "contract", "subscription",
    "renewal", "refund", "dispute", "settlement", "transfer", "currency", "amount", "fee",
    "statement", "notification", "template", "locale", "schedule", "slot", "booking", "ticket",
    "comment", "review", "rating", "device", "promotion", "basket", "loyalty", "voucher"
  };

  static final String[] VERBS = {
    "get", "find", "create", "update", "delete", "load", "save", "build", "parse", "resolve",
    "compute", "apply", "merge", "validate", "check", "ensure", "handle", "process", "dispatch",
    "publish", "consume", "collect", "flush", "sync", "fetch", "send", "encode", "decode",
    "normalize", "convert", "render", "register", "schedule", "cancel", "retry", "refresh",
    "reset", "close", "open", "start", "stop", "compare", "accept", "reject", "approve", "archive",
    "restore", "migrate", "lookup", "reconcile", "allocate", "release", "evict", "split"
  };

  static final String[] DOMAINS = {
    "catalog", "ordering", "billing", "payments", "customers", "inventory", "shipping", "pricing",
    "promotions", "reviews", "identity", "notifications", "reporting", "search", "returns",
    "loyalty", "tax", "fulfillment", "subscriptions", "audit"
  };

  static final String[] LAYERS = {"api", "domain", "persistence", "service", "web", "client", "batch"};

  static final String[] TYPES = {
    "String", "String", "String", "Long", "Integer", "boolean", "BigDecimal", "Instant",
    "LocalDate", "UUID", "List<String>", "Map<String, String>", "Duration"
  };

  static final String[] DECOYS = {
    "String password = request.getParameter(\"password\");",
    "String token = headers.getFirst(HttpHeaders.AUTHORIZATION);",
    "char[] secret = secretStore.lookup(\"signing-key\");",
    "if (properties.getApiKey() == null) {\n            throw new IllegalStateException(\"acme.api-key is not configured\");\n        }",
    "// The access token is checked by the gateway; only its subject is read here.",
    "String credentialsRef = environment.getProperty(\"ACME_CREDENTIALS_FILE\");"
  };

  enum Type { JAVA, TEST, POM, YAML, PROPERTIES, SQL, XML, MD, PEM, TXT, SH }

  enum Kind {
    AWS("aws-access-key-id"), GITHUB("github-pat-classic"), SLACK("slack-bot-token"),
    STRIPE("stripe-secret-key"), GOOGLE("google-api-key"), SENDGRID("sendgrid-api-key"),
    JDBC("jdbc-url-password"), PEM("private-key-rsa");

    final String id;

    Kind(String id) {
      this.id = id;
    }
  }

  /** The kinds of the plants, in the order they are given to host files; the PEM is a file. */
  static final Kind[] PLANTS = {
    Kind.AWS, Kind.AWS, Kind.GITHUB, Kind.GITHUB, Kind.SLACK, Kind.STRIPE, Kind.STRIPE,
    Kind.GOOGLE, Kind.SENDGRID, Kind.JDBC, Kind.JDBC
  };

  static final class FileSpec {
    final int index;
    final String path;
    final Type type;
    final int target;
    final String module;
    final String pkg;
    final String cls;
    Kind plant;
    int plantedLine;

    FileSpec(int index, String path, Type type, int target, String module, String pkg, String cls) {
      this.index = index;
      this.path = path;
      this.type = type;
      this.target = target;
      this.module = module;
      this.pkg = pkg;
      this.cls = cls;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 3 || args[0].startsWith("-")) {
      System.err.println("usage: java bench/GenerateJavaProject.java OUT_DIR [SIZE_MB] [SEED]   (defaults: 70, 42)");
      System.exit(2);
    }
    long started = System.nanoTime();
    Path out = Paths.get(args[0]).toAbsolutePath().normalize();
    int sizeMb = args.length > 1 ? Integer.parseInt(args[1]) : 70;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42L;
    if (sizeMb < 1) {
      throw new IllegalArgumentException("SIZE_MB must be at least 1");
    }
    requireEmpty(out);
    System.out.println("seed " + seed + ", size " + sizeMb + " MB, output " + out);

    List<FileSpec> files = plan(new Random(seed), sizeMb * 1_000_000L);
    assignPlants(new Random(seed ^ 0x5DEECE66DL), files);
    long total = 0;
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    // A failed write must end the program, not leave the pool's threads keeping it alive.
    try {
      List<Future<Integer>> sizes = new ArrayList<>();
      for (FileSpec f : files) {
        Files.createDirectories(out.resolve(f.path).getParent());
        sizes.add(pool.submit(() -> {
          Random r = new Random(seed * 0x9E3779B97F4A7C15L + f.index * 0xBF58476D1CE4E5B9L + 11);
          byte[] bytes = new Gen(r, f).generate().getBytes(StandardCharsets.UTF_8);
          Files.write(out.resolve(f.path), bytes);
          return bytes.length;
        }));
      }
      for (Future<Integer> s : sizes) {
        total += s.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double genSeconds = (System.nanoTime() - started) / 1e9;

    StringBuilder t = new StringBuilder("path\tline\tkind\n");
    int plantCount = 0;
    for (FileSpec f : files) {
      if (f.plant != null) {
        t.append(f.path).append('\t').append(f.plantedLine).append('\t').append(f.plant.id).append('\n');
        plantCount++;
      }
    }
    Path tsv = out.resolveSibling(out.getFileName() + "-planted.tsv");
    Files.writeString(tsv, t.toString(), StandardCharsets.US_ASCII);
    System.out.printf(Locale.ROOT, "wrote %d files, %d bytes (%.1f MB) in %.1f s%n",
        files.size(), total, total / 1e6, genSeconds);
    String tree = commit(out, "Import generated Maven project (seed " + seed + ", " + sizeMb + " MB)");
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.println("files:   " + files.size());
    System.out.println("bytes:   " + total);
    System.out.println("planted: " + plantCount + " (" + tsv + ")");
    System.out.println("tree:    " + tree);
    System.out.printf(Locale.ROOT, "elapsed: %.1f s (files %.1f s, git %.1f s)%n",
        seconds, genSeconds, seconds - genSeconds);
  }

  // ---------------------------------------------------------------------------------------------
  // Plan
  // ---------------------------------------------------------------------------------------------

  static final String GROUP = "com.acme.commerce";

  static List<FileSpec> plan(Random r, long budget) {
    List<FileSpec> files = new ArrayList<>();
    Set<String> paths = new LinkedHashSet<>();
    long[] planned = {0};
    // Modules: a domain per ~8 MB, each split into some of the layers, plus common libraries.
    int domainCount = (int) Math.max(2, Math.min(DOMAINS.length, budget / 8_000_000L));
    List<String[]> modules = new ArrayList<>(); // {artifact, layer, domain}
    for (String lib : new String[] {"common-core", "common-web", "common-test"}) {
      modules.add(new String[] {lib, lib.substring(7), "common"});
    }
    for (int d = 0; d < domainCount; d++) {
      for (String layer : LAYERS) {
        if (layer.equals("batch") && r.nextInt(3) != 0 || layer.equals("client") && r.nextBoolean()) {
          continue;
        }
        modules.add(new String[] {DOMAINS[d] + "-" + layer, layer, DOMAINS[d]});
      }
    }
    Adder add = (path, type, target, module, pkg, cls) -> {
      if (!paths.add(path)) {
        return false;
      }
      files.add(new FileSpec(files.size(), path, type, target, module, pkg, cls));
      planned[0] += target;
      return true;
    };
    add.add("pom.xml", Type.POM, 6_000 + modules.size() * 40, null, null, null);
    add.add("README.md", Type.MD, 7_000, null, null, null);
    add.add(".gitignore", Type.TXT, 150, null, null, null);
    add.add("mvnw", Type.SH, 10_000, null, null, null);
    add.add(".mvn/wrapper/maven-wrapper.properties", Type.PROPERTIES, 300, null, null, null);
    add.add(".github/workflows/build.yml", Type.YAML, 1_500, null, null, null);
    for (String[] m : modules) {
      String dir = m[0] + "/";
      add.add(dir + "pom.xml", Type.POM, 2_500 + r.nextInt(2_500), m[0], null, null);
      if (m[1].equals("web") || m[1].equals("batch")) {
        add.add(dir + "src/main/resources/application.yml", Type.YAML, 1_500 + r.nextInt(3_000), m[0], null, null);
        add.add(dir + "src/main/resources/application-prod.properties", Type.PROPERTIES, 800 + r.nextInt(2_000), m[0], null, null);
        add.add(dir + "src/main/resources/logback-spring.xml", Type.XML, 1_500, m[0], null, null);
      }
      if (m[1].equals("persistence")) {
        for (int v = 1; v <= 3 + r.nextInt(6); v++) {
          add.add(dir + "src/main/resources/db/migration/V" + v + "__" + pick(r, VERBS) + "_" + pick(r, NOUNS) + ".sql", Type.SQL, logSize(r, 800, 6), m[0], null, null);
        }
      }
    }
    // Classes: round robin over the modules until the budget is used.
    int round = 0;
    while (planned[0] < budget) {
      String[] m = modules.get(round++ % modules.size());
      String sub = pick(r, NOUNS);
      String pkg = GROUP + "." + m[2] + "." + m[1].replace("-", "") + (r.nextBoolean() ? "." + sub : "");
      String noun = pick(r, NOUNS);
      String cls = cap(noun) + suffix(r, m[1]);
      String src = m[0] + "/src/main/java/" + pkg.replace('.', '/') + "/";
      if (add.add(src + cls + ".java", Type.JAVA, logSize(r, 1_500, 16), m[0], pkg, cls) && r.nextInt(10) < 7) {
        add.add(m[0] + "/src/test/java/" + pkg.replace('.', '/') + "/" + cls + "Test.java", Type.TEST, logSize(r, 1_500, 10), m[0], pkg, cls + "Test");
      }
      if (r.nextInt(40) == 0) {
        add.add(src + "package-info.java", Type.JAVA, 300, m[0], pkg, "package-info");
      }
    }
    String keyModule = modules.get(modules.size() - 1)[0];
    add.add(keyModule + "/src/main/resources/keys/webhook-signing.pem", Type.PEM, 1_700, keyModule, null, null);
    return files;
  }

  interface Adder {
    boolean add(String path, Type type, int target, String module, String pkg, String cls);
  }

  static String suffix(Random r, String layer) {
    return switch (layer) {
      case "api" -> pick(r, "Dto", "Request", "Response", "Api", "Event");
      case "domain" -> pick(r, "", "Id", "Policy", "Event", "Status");
      case "persistence" -> pick(r, "Entity", "Repository", "JpaAdapter", "Mapper");
      case "service" -> pick(r, "Service", "Handler", "Validator", "Calculator", "Scheduler");
      case "web" -> pick(r, "Controller", "Advice", "Config", "Filter", "Resource");
      case "client" -> pick(r, "Client", "ClientConfig", "Gateway");
      case "batch" -> pick(r, "Job", "Step", "Reader", "Writer", "Processor");
      default -> pick(r, "Utils", "Support", "Exception", "Matchers", "Builder");
    };
  }

  static int logSize(Random r, int min, int spread) {
    int n = (int) Math.round(min * Math.pow(spread, r.nextDouble()));
    return r.nextInt(100) == 0 ? n * 8 : n;
  }

  /** Line plants go into main Java sources, application YAML and properties, never tests. */
  static void assignPlants(Random r, List<FileSpec> files) {
    List<FileSpec> hosts = new ArrayList<>();
    for (FileSpec f : files) {
      if (f.type == Type.JAVA && !"package-info".equals(f.cls) || f.type == Type.YAML && f.module != null
          || f.type == Type.PROPERTIES && f.module != null) {
        hosts.add(f);
      }
      if (f.type == Type.PEM) {
        f.plant = Kind.PEM;
      }
    }
    for (Kind k : PLANTS) {
      FileSpec f;
      do {
        f = hosts.get(r.nextInt(hosts.size()));
      } while (f.plant != null);
      f.plant = k;
    }
  }

  static String pick(Random r, String... a) {
    return a[r.nextInt(a.length)];
  }

  static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  static String chars(Random r, String alphabet, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
    }
    return new String(c);
  }

  /** A random value that no placeholder check would take for an example. */
  static String value(Random r, String prefix, String alphabet, int n) {
    while (true) {
      String v = prefix + chars(r, alphabet, n);
      String lower = v.toLowerCase(Locale.ROOT);
      if (!lower.matches(".*(example|sample|test|fake|dummy|xxxx|0000|1234|abcd|token|secret|key).*")
          && v.substring(prefix.length()).chars().distinct().count() > 8) {
        return v;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Content
  // ---------------------------------------------------------------------------------------------

  static final class Gen {
    final Random r;
    final FileSpec f;
    final StringBuilder sb;
    int lines;
    final int plantAt;

    Gen(Random r, FileSpec f) {
      this.r = r;
      this.f = f;
      this.sb = new StringBuilder(f.target + 8_192);
      this.plantAt = f.plant == null ? Integer.MAX_VALUE : f.target / 5 + r.nextInt(Math.max(1, f.target / 2));
    }

    Gen ln(String s) {
      sb.append(s).append('\n');
      lines++;
      for (int i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
        lines++;
      }
      return this;
    }

    Gen ln() {
      return ln("");
    }

    boolean more() {
      return sb.length() < f.target;
    }

    String noun() {
      return pick(r, NOUNS);
    }

    String verb() {
      return pick(r, VERBS);
    }

    String camel() {
      String s = noun();
      return r.nextBoolean() ? s + cap(noun()) : s;
    }

    String hex(int n) {
      return chars(r, "0123456789abcdef", n);
    }

    String generate() {
      switch (f.type) {
        case JAVA -> java();
        case TEST -> test();
        case POM -> pom();
        case YAML -> yaml();
        case PROPERTIES -> properties();
        case SQL -> sql();
        case XML -> logback();
        case MD -> markdown();
        case PEM -> pem();
        case TXT -> ln("target/").ln("*.iml").ln(".idea/").ln("*.log").ln(".env");
        case SH -> wrapper();
      }
      if (f.plant != null && f.plantedLine == 0) {
        plant(f.type == Type.JAVA ? "    " : "");
      }
      return sb.toString();
    }

    void maybePlant(String indent) {
      if (sb.length() >= plantAt && f.plantedLine == 0) {
        plant(indent);
      }
    }

    String plantValue() {
      return switch (f.plant) {
        case AWS -> value(r, "AKIA", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        case GITHUB -> githubToken();
        case SLACK -> "xoxb-" + (1 + r.nextInt(9)) + chars(r, "0123456789", 10) + "-"
            + (1 + r.nextInt(9)) + chars(r, "0123456789", 12) + "-" + value(r, "", ALNUM, 24);
        case STRIPE -> value(r, "sk_live_", ALNUM, 24 + r.nextInt(8));
        case GOOGLE -> value(r, "AIza", ALNUM + "_-", 35);
        case SENDGRID -> "SG." + value(r, "", ALNUM + "_-", 22) + "." + value(r, "", ALNUM + "_-", 43);
        case JDBC -> "jdbc:postgresql://" + f.module + "-db.internal.acme-corp.net:5432/" + f.module.replace('-', '_')
            + "?user=app&password=" + value(r, "", ALNUM, 20);
        case PEM -> "";
      };
    }

    String githubToken() {
      String body = value(r, "", ALNUM, 30);
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(body.getBytes(StandardCharsets.US_ASCII));
      char[] check = new char[6];
      long n = crc.getValue();
      String base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
      for (int i = 5; i >= 0; i--, n /= 62) {
        check[i] = base62.charAt((int) (n % 62));
      }
      return "ghp_" + body + new String(check);
    }

    void plant(String indent) {
      String v = plantValue();
      String key = switch (f.plant) {
        case AWS -> "aws.access-key-id";
        case GITHUB -> "github.token";
        case SLACK -> "slack.bot-token";
        case STRIPE -> "stripe.api-key";
        case GOOGLE -> "google.maps.api-key";
        case SENDGRID -> "sendgrid.api-key";
        case JDBC -> "spring.datasource.url";
        case PEM -> "";
      };
      if (f.type == Type.PROPERTIES) {
        f.plantedLine = lines + 1;
        ln(key + "=" + v);
      } else if (f.type == Type.YAML) {
        ln();
        f.plantedLine = lines + 1;
        ln(key.replace('.', '_') + ": \"" + v + "\"");
      } else {
        String name = key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
        ln(indent + "/** Used when " + name + " is not set in the environment. */");
        f.plantedLine = lines + 1;
        ln(indent + "static final String DEFAULT_" + name + " = \"" + v + "\";");
        ln();
      }
    }

    // --- Java -----------------------------------------------------------------------------------

    void header(String pkg, String... imports) {
      if (r.nextInt(3) == 0) {
        ln("/*").ln(" * Copyright (c) 2019-2025 Acme Commerce GmbH.").ln(" *");
        ln(" * Licensed under the Apache License, Version 2.0 (the \"License\");").ln(" * you may not use this file except in compliance with the License.").ln(" */");
      }
      ln("package " + pkg + ";").ln();
      for (String i : imports) {
        ln(i.isEmpty() ? "" : "import " + i + ";");
      }
      ln();
    }

    void java() {
      if ("package-info".equals(f.cls)) {
        ln("/** " + cap(verb()) + "s " + noun() + "s and their " + noun() + "s. */").ln("@NonNullApi").ln("package " + f.pkg + ";").ln().ln("import org.springframework.lang.NonNullApi;");
        return;
      }
      header(f.pkg, "java.math.BigDecimal", "java.time.Instant", "java.util.List", "java.util.Map", "java.util.Optional", "java.util.UUID", "",
          "org.slf4j.Logger", "org.slf4j.LoggerFactory", "org.springframework.stereotype.Service",
          "org.springframework.transaction.annotation.Transactional", "jakarta.validation.constraints.NotNull");
      String cls = f.cls;
      if (cls.endsWith("Dto") || cls.endsWith("Request") || cls.endsWith("Response") || cls.endsWith("Event")) {
        ln("/**").ln(" * The " + noun() + " of a " + noun() + " as the " + pick(r, "REST API", "message bus", "batch export") + " carries it.").ln(" */");
        StringBuilder rec = new StringBuilder("public record " + cls + "(");
        int n = 3 + r.nextInt(9);
        for (int i = 0; i < n; i++) {
          rec.append(i == 0 ? "\n        " : ",\n        ").append(pick(r, "@NotNull ", "", "")).append(pick(r, TYPES).replace("boolean", "Boolean")).append(' ').append(camel());
        }
        ln(rec + ") {");
      } else if (cls.endsWith("Repository")) {
        ln("public interface " + cls + " extends JpaRepository<" + cls.replace("Repository", "Entity") + ", UUID> {").ln();
        while (more()) {
          maybePlant("    ");
          ln("    @Query(\"select e from " + cls.replace("Repository", "Entity") + " e where e.tenantId = :tenantId and e." + camel() + " " + pick(r, "= :value", "> :since", "in :values", "is null") + "\")");
          ln("    List<" + cls.replace("Repository", "Entity") + "> findBy" + cap(camel()) + "And" + cap(noun()) + "(@Param(\"tenantId\") UUID tenantId, @Param(\"value\") " + pick(r, TYPES) + " value);").ln();
        }
        ln("}");
        return;
      } else {
        if (cls.endsWith("Entity")) {
          ln("@Entity").ln("@Table(name = \"" + snake(cls.replace("Entity", "")) + "s\")");
        } else if (cls.endsWith("Controller") || cls.endsWith("Resource")) {
          ln("@RestController").ln("@RequestMapping(\"/api/v1/" + f.module.split("-")[0] + "/" + noun() + "s\")");
        } else if (r.nextBoolean()) {
          ln("@Service").ln("@Transactional(readOnly = true)");
        }
        ln("public class " + cls + " {").ln();
        ln("    private static final Logger log = LoggerFactory.getLogger(" + cls + ".class);").ln();
      }
      boolean record = sb.indexOf("public record ") >= 0;
      int fields = record ? 0 : 2 + r.nextInt(6);
      List<String[]> fs = new ArrayList<>();
      for (int i = 0; i < fields; i++) {
        String[] fd = {pick(r, TYPES), camel()};
        fs.add(fd);
        if (cls.endsWith("Entity")) {
          ln("    @Column(name = \"" + snake(fd[1]) + "\", nullable = " + r.nextBoolean() + ")");
        }
        ln("    private " + (cls.endsWith("Entity") ? "" : "final ") + fd[0] + " " + fd[1] + ";");
      }
      ln();
      while (more()) {
        maybePlant("    ");
        if (r.nextInt(5) == 0 && !fs.isEmpty()) {
          String[] fd = fs.get(r.nextInt(fs.size()));
          ln("    public " + fd[0] + " get" + cap(fd[1]) + "() {").ln("        return " + fd[1] + ";").ln("    }").ln();
        } else {
          method();
        }
      }
      ln("}");
    }

    static String snake(String camel) {
      StringBuilder b = new StringBuilder(camel.length() + 4);
      for (int i = 0; i < camel.length(); i++) {
        char c = camel.charAt(i);
        if (Character.isUpperCase(c) && i > 0) {
          b.append('_');
        }
        b.append(Character.toLowerCase(c));
      }
      return b.toString();
    }

    void method() {
      String name = verb() + cap(noun()) + (r.nextBoolean() ? cap(noun()) : "");
      if (r.nextInt(3) > 0) {
        ln("    /**").ln("     * " + cap(verb()) + "s the " + noun() + " of the given " + noun() + " and " + verb() + "s its " + noun() + "s.");
        ln("     *").ln("     * @param " + noun() + "Id the " + noun() + " to " + verb()).ln("     * @return the " + noun() + ", or empty when the " + noun() + " is " + pick(r, "archived", "unknown", "locked")).ln("     */");
      }
      if (r.nextInt(4) == 0) {
        ln("    @" + pick(r, "Transactional", "GetMapping(\"/{id}\")", "PostMapping", "Scheduled(cron = \"0 */5 * * * *\")", "Override"));
      }
      ln("    public " + pick(r, "Optional<" + cap(noun()) + "Dto>", "void", "List<" + cap(noun()) + ">", "BigDecimal", "boolean", cap(noun()) + "Response") + " " + name + "(" + pick(r, "UUID", "String", "long") + " " + noun() + "Id, " + cap(noun()) + "Request request) {");
      int n = 3 + r.nextInt(10);
      for (int i = 0; i < n; i++) {
        statement("        ", 0);
      }
      ln("    }").ln();
    }

    void statement(String in, int depth) {
      switch (r.nextInt(depth > 1 ? 8 : 11)) {
        case 0 -> ln(in + "var " + camel() + " = " + camel() + "Repository.findById(" + noun() + "Id)").ln(in + "        .orElseThrow(() -> new " + cap(noun()) + "NotFoundException(" + noun() + "Id));");
        case 1 -> ln(in + "log.info(\"" + cap(noun()) + " {} " + verb() + "ed for tenant {}\", " + noun() + "Id, request.tenantId());");
        case 2 -> ln(in + "BigDecimal " + camel() + " = " + camel() + ".multiply(BigDecimal.valueOf(" + r.nextInt(100) + ", 2)).setScale(2, RoundingMode.HALF_EVEN);");
        case 3 -> ln(in + "List<" + cap(noun()) + "> " + camel() + "s = " + camel() + "s.stream()").ln(in + "        .filter(" + noun().charAt(0) + " -> " + noun().charAt(0) + ".is" + cap(pick(r, "active", "pending", "valid", "open")) + "())").ln(in + "        .map(" + cap(noun()) + "Mapper::toDto)").ln(in + "        .toList();");
        case 4 -> ln(in + "if (" + camel() + " == null || " + camel() + ".isEmpty()) {").ln(in + "    throw new IllegalArgumentException(\"" + noun() + " must not be empty: \" + " + noun() + "Id);").ln(in + "}");
        case 5 -> ln(depth == 0 && r.nextInt(3) == 0 ? in + pick(r, DECOYS) : in + "// " + cap(verb()) + " first: the " + noun() + " may be " + pick(r, "stale", "missing", "locked", "partial") + " after a " + noun() + " " + verb() + ".");
        case 6 -> ln(in + camel() + "Publisher.publish(new " + cap(noun()) + cap(pick(r, "Created", "Updated", "Deleted")) + "Event(" + noun() + "Id, Instant.now(clock)));");
        case 7 -> ln(in + "metrics.counter(\"" + f.module + "." + noun() + "." + verb() + "\", \"outcome\", \"" + pick(r, "ok", "rejected", "retried") + "\").increment();");
        case 8 -> {
          ln(in + "for (" + cap(noun()) + " " + noun() + " : " + camel() + "s) {");
          for (int i = 0; i < 1 + r.nextInt(3); i++) {
            statement(in + "    ", depth + 1);
          }
          ln(in + "}");
        }
        case 9 -> {
          ln(in + "try {");
          statement(in + "    ", depth + 1);
          ln(in + "} catch (" + pick(r, "DataAccessException", "IOException", "RestClientException") + " e) {");
          ln(in + "    throw new " + cap(noun()) + "Exception(\"could not " + verb() + " " + noun() + " \" + " + noun() + "Id, e);").ln(in + "}");
        }
        default -> {
          ln(in + "switch (" + camel() + ".status()) {");
          for (int i = 0; i < 2 + r.nextInt(3); i++) {
            ln(in + "    case " + noun().toUpperCase(Locale.ROOT) + " -> " + verb() + cap(noun()) + "(" + noun() + "Id);");
          }
          ln(in + "    default -> log.debug(\"ignored {}\", " + noun() + "Id);").ln(in + "}");
        }
      }
    }

    void test() {
      header(f.pkg, "static org.assertj.core.api.Assertions.assertThat", "static org.mockito.Mockito.when", "",
          "java.util.List", "java.util.UUID", "org.junit.jupiter.api.Test", "org.junit.jupiter.params.ParameterizedTest",
          "org.junit.jupiter.params.provider.CsvSource", "org.mockito.Mock");
      ln("class " + f.cls + " {").ln();
      ln("    @Mock").ln("    private " + cap(noun()) + "Repository repository;").ln();
      while (more()) {
        if (r.nextInt(3) == 0) {
          ln("    @ParameterizedTest").ln("    @CsvSource({");
          for (int i = 0; i < 2 + r.nextInt(6); i++) {
            ln("        \"" + noun() + "-" + hex(6) + ", " + r.nextInt(10_000) + ", " + r.nextBoolean() + "\",");
          }
          ln("    })");
          ln("    void " + verb() + "s" + cap(noun()) + "(String " + noun() + "Id, int amount, boolean expected) {");
        } else {
          ln("    @Test").ln("    void " + verb() + cap(noun()) + "When" + cap(noun()) + "Is" + cap(pick(r, "missing", "stale", "valid", "archived")) + "() {");
        }
        ln("        var id = UUID.randomUUID();");
        ln("        when(repository.findById(id)).thenReturn(Optional.of(new " + cap(noun()) + "Entity(id, \"" + noun() + "\")));");
        ln("        var result = subject." + verb() + cap(noun()) + "(id, request(" + r.nextInt(100) + "));");
        ln("        assertThat(result." + camel() + "()).isEqualTo(" + pick(r, "expected", "\"" + noun() + "\"", String.valueOf(r.nextInt(1000)), "List.of()") + ");");
        ln("    }").ln();
      }
      ln("}");
    }

    // --- other files ----------------------------------------------------------------------------

    void pom() {
      ln("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
      ln("<project xmlns=\"http://maven.apache.org/POM/4.0.0\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"");
      ln("         xsi:schemaLocation=\"http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd\">");
      ln("  <modelVersion>4.0.0</modelVersion>");
      ln("  <groupId>" + GROUP + "</groupId>").ln("  <artifactId>" + (f.module == null ? "commerce-parent" : f.module) + "</artifactId>").ln("  <version>3." + r.nextInt(20) + ".0-SNAPSHOT</version>");
      ln("  <dependencies>");
      while (more()) {
        ln("    <dependency>").ln("      <groupId>" + pick(r, "org.springframework.boot", GROUP, "org.postgresql", "io.micrometer", "com.fasterxml.jackson.core") + "</groupId>");
        ln("      <artifactId>" + pick(r, "spring-boot-starter-web", "spring-boot-starter-data-jpa", "postgresql", "micrometer-registry-prometheus", "jackson-databind", noun() + "-" + pick(r, LAYERS)) + "</artifactId>");
        if (r.nextBoolean()) {
          ln("      <scope>" + pick(r, "test", "runtime", "provided") + "</scope>");
        }
        ln("    </dependency>");
      }
      ln("  </dependencies>").ln("</project>");
    }

    void yaml() {
      if (f.module == null) {
        ln("name: build").ln("on: [push, pull_request]").ln("jobs:").ln("  build:").ln("    runs-on: ubuntu-latest").ln("    steps:");
        ln("      - uses: actions/checkout@v4").ln("      - uses: actions/setup-java@v4").ln("        with:").ln("          distribution: temurin").ln("          java-version: 21");
        ln("      - run: ./mvnw -B verify");
        return;
      }
      ln("spring:").ln("  application:").ln("    name: " + f.module).ln("  datasource:").ln("    url: ${DATABASE_URL}").ln("    password: ${DATABASE_PASSWORD}");
      while (more()) {
        maybePlant("");
        ln(camel() + ":");
        for (int i = 0; i < 2 + r.nextInt(5); i++) {
          ln("  " + camel() + ": " + pick(r, String.valueOf(r.nextInt(5_000)), noun() + "-" + hex(6), "true", "false", r.nextInt(60) + "s", "${" + noun().toUpperCase(Locale.ROOT) + "_URL}"));
        }
      }
    }

    void properties() {
      ln("# " + (f.module == null ? "Maven wrapper" : f.module + " production settings; secrets come from the vault agent"));
      if (f.module == null) {
        ln("distributionUrl=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/3.9.9/apache-maven-3.9.9-bin.zip");
        return;
      }
      while (more()) {
        maybePlant("");
        ln(f.module.split("-")[0] + "." + noun() + "." + camel() + "=" + pick(r, String.valueOf(r.nextInt(10_000)), noun(), "${" + noun().toUpperCase(Locale.ROOT) + "_" + noun().toUpperCase(Locale.ROOT) + "}", "PT" + r.nextInt(60) + "S"));
      }
    }

    void sql() {
      String table = noun() + "_" + noun();
      ln("-- " + f.path.substring(f.path.lastIndexOf('/') + 1)).ln("CREATE TABLE " + table + " (").ln("    id UUID PRIMARY KEY,").ln("    tenant_id UUID NOT NULL,");
      while (more()) {
        ln("    " + snake(camel()) + " " + pick(r, "VARCHAR(255)", "BIGINT", "BOOLEAN NOT NULL DEFAULT FALSE", "TIMESTAMP WITH TIME ZONE", "NUMERIC(19, 4)", "JSONB") + ",");
      }
      ln("    version BIGINT NOT NULL DEFAULT 0").ln(");").ln("CREATE INDEX ix_" + table + "_tenant ON " + table + " (tenant_id);");
    }

    void logback() {
      ln("<configuration>").ln("  <include resource=\"org/springframework/boot/logging/logback/defaults.xml\"/>");
      ln("  <appender name=\"JSON\" class=\"ch.qos.logback.core.ConsoleAppender\">").ln("    <encoder class=\"net.logstash.logback.encoder.LogstashEncoder\"/>").ln("  </appender>");
      while (more()) {
        ln("  <logger name=\"" + GROUP + "." + noun() + "\" level=\"" + pick(r, "INFO", "DEBUG", "WARN") + "\"/>");
      }
      ln("  <root level=\"INFO\">").ln("    <appender-ref ref=\"JSON\"/>").ln("  </root>").ln("</configuration>");
    }

    void markdown() {
      ln("# Acme Commerce").ln();
      while (more()) {
        ln("## " + cap(verb()) + "ing " + noun() + "s").ln();
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < 30 + r.nextInt(40); i++) {
          p.append(i == 0 ? "" : " ").append(r.nextInt(5) == 0 ? verb() : noun());
        }
        ln(cap(p.toString()) + ".").ln().ln("```sh").ln("./mvnw -pl " + noun() + "-service -am verify").ln("```").ln();
      }
    }

    void pem() {
      byte[] der = new byte[1190];
      r.nextBytes(der);
      byte[] head = {0x30, (byte) 0x82, 0x04, (byte) 0xA4, 0x02, 0x01, 0x00, 0x02, (byte) 0x82, 0x01, 0x01, 0x00};
      System.arraycopy(head, 0, der, 0, head.length);
      String b64 = Base64.getEncoder().encodeToString(der);
      f.plantedLine = lines + 1;
      ln("-----BEGIN RSA PRIVATE KEY-----");
      for (int i = 0; i < b64.length(); i += 64) {
        ln(b64.substring(i, Math.min(b64.length(), i + 64)));
      }
      ln("-----END RSA PRIVATE KEY-----");
    }

    void wrapper() {
      ln("#!/bin/sh").ln("# Apache Maven Wrapper startup script, version 3.3.2").ln("set -euf");
      while (more()) {
        String v = "MVNW_" + noun().toUpperCase(Locale.ROOT);
        ln("if [ -n \"${" + v + ":-}\" ]; then").ln("  " + verb() + "_" + noun() + " \"$" + v + "\" || die \"cannot " + verb() + " " + noun() + "\"").ln("fi");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Git: a fixed identity and date, user config ignored, packed as a clone would be.
  // ---------------------------------------------------------------------------------------------

  static void requireEmpty(Path out) throws IOException {
    if (Files.exists(out)) {
      try (var s = Files.list(out)) {
        if (s.findAny().isPresent()) {
          System.err.println(out + " exists and is not empty; remove it first");
          System.exit(2);
        }
      }
    }
    Files.createDirectories(out);
  }

  static String commit(Path dir, String message) throws IOException, InterruptedException {
    run(dir, "init", "-q", "-b", "main");
    run(dir, "add", "-A");
    run(dir, "commit", "-q", "-m", message);
    run(dir, "repack", "-a", "-d", "-q");
    return run(dir, "rev-parse", "HEAD^{tree}");
  }

  static String run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "core.autocrlf=false", "-c",
        "commit.gpgSign=false", "-c", "gc.auto=0", "-c", "core.hooksPath=/dev/null"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    for (String who : new String[] {"AUTHOR", "COMMITTER"}) {
      pb.environment().put("GIT_" + who + "_NAME", "Airlock Bench");
      pb.environment().put("GIT_" + who + "_EMAIL", "bench@airlock.invalid");
      pb.environment().put("GIT_" + who + "_DATE", "2026-01-01T00:00:00Z");
    }
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    Process p = pb.start();
    String s;
    try (InputStream in = p.getInputStream()) {
      s = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    if (p.waitFor() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed in " + dir);
    }
    return s;
  }
}
