import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a deterministic, synthetic monorepo of source-like text for scanner benchmarks, makes it a
 * packed Git repository with one commit, and lists the planted findings beside it.
 *
 * <pre>java bench/GenerateCorpus.java OUT_DIR [SIZE_MB] [SEED]     (defaults: 220, 42)</pre>
 *
 * Same seed and size give byte-identical files and the same commit. Every planted value is random
 * at generation time and obviously synthetic. The list of planted findings is written to
 * {@code <OUT_DIR>-planted.tsv} as path, line (1-based), kind; it never contains the values.
 * Sizes are decimal: SIZE_MB * 1,000,000 bytes of file content.
 */
public final class GenerateCorpus {

  // ---------------------------------------------------------------------------------------------
  // Word lists
  // ---------------------------------------------------------------------------------------------

  static final String[] NOUNS = {
    "account", "invoice", "order", "customer", "payment", "ledger", "balance", "tenant", "user",
    "session", "request", "response", "record", "batch", "job", "task", "queue", "message", "event",
    "channel", "topic", "partition", "offset", "cursor", "page", "item", "product", "price", "tax",
    "discount", "coupon", "cart", "shipment", "parcel", "route", "region", "zone", "cluster", "node",
    "shard", "replica", "snapshot", "checkpoint", "metric", "counter", "gauge", "histogram", "span",
    "trace", "log", "audit", "policy", "rule", "role", "permission", "group", "member", "profile",
    "address", "contact", "report", "export", "import", "schema", "table", "column", "index", "view",
    "query", "filter", "sort", "limit", "window", "bucket", "object", "blob", "file", "folder",
    "path", "entry", "header", "body", "payload", "envelope", "status", "state", "phase", "stage",
    "plan", "quota", "usage", "rate", "retry", "timeout", "deadline", "lease", "lock", "mutex",
    "cache", "store", "repository", "registry", "catalog", "config", "setting", "option", "flag",
    "feature", "experiment", "variant", "segment", "cohort", "score", "model", "feature", "vector",
    "warehouse", "stock", "supplier", "vendor", "contract", "subscription", "renewal", "refund",
    "dispute", "settlement", "transfer", "currency", "amount", "fee", "statement", "notification",
    "template", "locale", "timezone", "calendar", "schedule", "slot", "booking", "ticket", "comment"
  };

  static final String[] VERBS = {
    "get", "set", "find", "load", "save", "update", "delete", "create", "build", "parse", "format",
    "resolve", "compute", "apply", "merge", "split", "validate", "check", "ensure", "handle",
    "process", "dispatch", "publish", "consume", "emit", "collect", "reduce", "map", "filter",
    "sort", "group", "flush", "sync", "fetch", "send", "receive", "encode", "decode", "serialize",
    "deserialize", "normalize", "convert", "render", "register", "unregister", "schedule", "cancel",
    "retry", "refresh", "reload", "reset", "close", "open", "start", "stop", "init", "compare",
    "matches", "accept", "reject", "approve", "archive", "restore", "migrate", "import", "export",
    "lookup", "index", "reconcile", "allocate", "release", "acquire", "evict", "warm", "drain"
  };

  static final String[] ADJECTIVES = {
    "active", "pending", "default", "current", "previous", "next", "first", "last", "max", "min",
    "total", "partial", "remote", "local", "cached", "stale", "fresh", "primary", "secondary",
    "internal", "external", "public", "private", "shared", "global", "raw", "parsed", "valid",
    "invalid", "empty", "full", "open", "closed", "dirty", "clean", "async", "sync", "batched",
    "legacy", "new", "old", "base", "extra", "effective", "expected", "actual", "initial", "final"
  };

  static final String[] LAYERS = {
    "api", "web", "service", "domain", "model", "repository", "config", "events", "internal",
    "util", "client", "mapper", "security", "scheduler", "batch", "validation", "dto", "export",
    "audit", "cache", "support", "spi", "impl", "handler", "command", "query", "adapter", "port"
  };

  static final String[] CLASS_SUFFIXES = {
    "Service", "Controller", "Repository", "Mapper", "Handler", "Config", "Util", "Event", "Dto",
    "Client", "Validator", "Factory", "Builder", "Listener", "Processor", "Resolver", "Provider",
    "Manager", "Registry", "Adapter", "Policy", "Request", "Response", "Result", "Exception",
    "Job", "Task", "Filter", "Converter", "Support", "Helper", "Store", "Cache", "Gateway", ""
  };

  static final String[] JAVA_IMPORTS = {
    "java.util.List", "java.util.Map", "java.util.HashMap", "java.util.ArrayList",
    "java.util.Optional", "java.util.Objects", "java.util.UUID", "java.util.Set",
    "java.util.LinkedHashMap", "java.util.concurrent.ConcurrentHashMap",
    "java.util.concurrent.CompletableFuture", "java.util.concurrent.TimeUnit",
    "java.util.stream.Collectors", "java.time.Instant", "java.time.Duration",
    "java.time.LocalDate", "java.time.Clock", "java.net.URI", "java.io.IOException",
    "java.nio.file.Path", "java.math.BigDecimal", "java.nio.charset.StandardCharsets",
    "org.slf4j.Logger", "org.slf4j.LoggerFactory",
    "org.springframework.stereotype.Service", "org.springframework.stereotype.Component",
    "org.springframework.beans.factory.annotation.Autowired",
    "org.springframework.web.bind.annotation.GetMapping",
    "org.springframework.web.bind.annotation.PostMapping",
    "org.springframework.web.bind.annotation.RequestBody",
    "org.springframework.web.bind.annotation.RestController",
    "org.springframework.transaction.annotation.Transactional",
    "com.fasterxml.jackson.databind.ObjectMapper", "com.fasterxml.jackson.annotation.JsonProperty",
    "jakarta.validation.constraints.NotNull", "jakarta.persistence.Entity",
    "jakarta.persistence.Id", "jakarta.persistence.Column", "io.micrometer.core.instrument.Counter",
    "io.micrometer.core.instrument.MeterRegistry"
  };

  static final String[] JAVA_TYPES = {
    "String", "int", "long", "boolean", "double", "Instant", "Duration", "BigDecimal", "UUID",
    "List<String>", "Map<String, Object>", "Optional<String>", "Set<Long>", "byte[]"
  };

  static final String[] CLASS_ANNOTATIONS = {
    "@Service", "@Component", "@RestController", "@Entity", "@Configuration",
    "@Transactional", "@Slf4j", "@Validated", "@JsonIgnoreProperties(ignoreUnknown = true)"
  };

  static final String[] FIRST_NAMES = {
    "Alice", "Bruno", "Chen", "Dana", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kofi",
    "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor",
    "Wen", "Ximena", "Yusuf", "Zoe", "Amara", "Bjorn", "Carla", "Dmitri"
  };

  static final String[] LAST_NAMES = {
    "Andersen", "Baptiste", "Castillo", "Dubois", "Eriksen", "Fischer", "Garcia", "Hoffmann",
    "Ivanova", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov",
    "Quintero", "Rossi", "Schmidt", "Tanaka", "Urbano", "Varga", "Weber", "Xu", "Yilmaz",
    "Zimmermann", "Alvarez", "Brennan", "Costa", "Duarte"
  };

  static final String[] CITIES = {
    "Springfield", "Riverton", "Fairview", "Georgetown", "Salem", "Madison", "Franklin",
    "Clinton", "Greenville", "Bristol", "Oakland", "Ashland", "Burlington", "Dover", "Milton"
  };

  static final String[] STATES = {
    "OH", "PA", "NY", "TX", "CA", "WA", "OR", "IL", "MI", "GA", "NC", "VA", "MA", "CO", "AZ"
  };

  static final String[] HOSTS = {
    "api.acme-corp.com", "auth.acme-corp.com", "status.acme-corp.com", "docs.acme-corp.com",
    "github.com/acme-corp", "registry.npmjs.org", "repo.maven.apache.org/maven2",
    "grafana.ops.acme-corp.com", "kafka-1.stream.acme-corp.com:9092", "search.acme-corp.com",
    "cdn.acme-corp.com/assets", "www.w3.org/2001/XMLSchema", "tools.ietf.org/html/rfc7231"
  };

  /** Ordinary lines that mention password/secret/token/key without containing one. */
  static final String[] JAVA_DECOYS = {
    "String passwordField = form.get(\"password\");",
    "Map<String, String> keyMap = new HashMap<>();",
    "private static final String TOKEN_HEADER = \"X-Auth-Token\";",
    "boolean hasSecret = secretStore.contains(secretName);",
    "char[] password = passwordProvider.get(user.getId());",
    "String apiKeyParam = request.getParameter(\"api_key\");",
    "tokenCache.invalidate(tokenId);",
    "log.info(\"rotating key {} for tenant {}\", keyId, tenantId);",
    "// TODO: move the password policy into PasswordRules",
    "if (!passwordEncoder.matches(rawPassword, user.getPasswordHash())) { return false; }",
    "String secretRef = vault.resolve(\"billing/\" + tenantId);",
    "int keyLength = config.getInt(\"crypto.keyLength\", 256);",
    "accessToken = tokenService.issue(principal, Duration.ofMinutes(15));",
    "private final KeyPairGenerator keyGen;",
    "// the token is never logged; only its id is",
  };

  static final String[] PY_DECOYS = {
    "password_field = form.get(\"password\")",
    "key_map: dict[str, str] = {}",
    "TOKEN_HEADER = \"X-Auth-Token\"",
    "secret_name = settings.SECRET_NAME_PREFIX + tenant_id",
    "token = request.headers.get(\"Authorization\", \"\").removeprefix(\"Bearer \")",
    "# never print the password; hash it first",
    "api_key = os.environ[\"SCORING_API_KEY\"]",
    "if not check_password(raw_password, user.password_hash):",
  };

  static final String[] GO_DECOYS = {
    "passwordField := r.FormValue(\"password\")",
    "keyMap := make(map[string]string)",
    "const tokenHeader = \"X-Auth-Token\"",
    "secret, err := vault.Read(ctx, secretPath)",
    "// token is validated by the middleware before this handler runs",
    "apiKey := os.Getenv(\"EDGE_API_KEY\")",
  };

  static final String[] TS_DECOYS = {
    "const passwordField = form.get(\"password\");",
    "const keyMap: Record<string, string> = {};",
    "const TOKEN_HEADER = \"X-Auth-Token\";",
    "const token = await session.getAccessToken();",
    "// the secret never reaches the browser; the BFF keeps it",
    "if (!apiKey) { throw new Error(\"missing api key\"); }",
  };

  /** Markers a placeholder check would treat as "not a real value"; planted values avoid them. */
  static final String[] PLACEHOLDER_MARKERS = {
    "example", "sample", "placeholder", "changeme", "change_me", "change-me", "dummy", "xxxx",
    "****", "....", "your_", "your-", "redacted", "replace", "insert_", "fake", "notreal",
    "not_real", "not-a-real", "secret", "token", "test", "key_here", "<", ">", "${", "{{", "$(",
    "%(", "#{", "password", "admin", "null", "none", "true", "false", "foo", "bar", "qwerty"
  };

  // ---------------------------------------------------------------------------------------------
  // Model
  // ---------------------------------------------------------------------------------------------

  enum Lang { JAVA, GO, TS, PY, DOCS, TOOLS }

  enum Type { JAVA, PY, GO, TS, YAML, PROPERTIES, JSON, MD, SQL, SH, CSV_PEOPLE, SQL_CARDS, PEM,
    TXT, MANIFEST }

  enum Kind {
    AWS("aws-access-key-id"), GITHUB("github-token"), SLACK("slack-bot-token"),
    PEM("private-key-pem"), DB_PASSWORD("db-password-properties"),
    POSTGRES_URL("postgres-url-password"), SSN("us-ssn"), CARD("payment-card"),
    ITAR("itar-notice"), BANNER("classification-banner");

    final String id;

    Kind(String id) {
      this.id = id;
    }
  }

  record Unit(String dir, String name, Lang lang, int weight, List<String> packages) {}

  /** One file to write. Plants are filled in before content generation. */
  static final class FileSpec {
    final int index;
    final String path;
    final Type type;
    final int target;
    final Unit unit;
    final String className;
    /** A single line-plant for ordinary files (inserted into generated content). */
    Kind plant;
    /** For dedicated files (CSV_PEOPLE, SQL_CARDS, PEM): how many values to plant. */
    int dedicatedCount;
    /** Filled by generation: 1-based line numbers and kinds. */
    final List<int[]> plantedLines = new ArrayList<>();

    FileSpec(int index, String path, Type type, int target, Unit unit, String className) {
      this.index = index;
      this.path = path;
      this.type = type;
      this.target = target;
      this.unit = unit;
      this.className = className;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Entry point
  // ---------------------------------------------------------------------------------------------

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 3 || args[0].startsWith("-")) {
      System.err.println("usage: java bench/GenerateCorpus.java OUT_DIR [SIZE_MB] [SEED]");
      System.exit(2);
    }
    long started = System.nanoTime();
    Path out = Paths.get(args[0]).toAbsolutePath().normalize();
    int sizeMb = args.length > 1 ? Integer.parseInt(args[1]) : 220;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42L;
    if (sizeMb < 1) {
      throw new IllegalArgumentException("SIZE_MB must be at least 1");
    }
    if (Files.exists(out)) {
      try (var s = Files.list(out)) {
        if (s.findAny().isPresent()) {
          System.err.println("GenerateCorpus: " + out + " exists and is not empty; remove it first");
          System.exit(2);
        }
      }
    }
    System.out.println("seed " + seed + ", size " + sizeMb + " MB, output " + out);

    long budget = sizeMb * 1_000_000L;
    Random planRng = new Random(seed);
    List<Unit> units = units(planRng);
    List<FileSpec> files = plan(planRng, units, budget);
    List<FileSpec> planted = assignPlants(new Random(seed ^ 0x5DEECE66DL), files, units);

    Files.createDirectories(out);
    Set<Path> dirs = new LinkedHashSet<>();
    for (FileSpec f : files) {
      Path parent = out.resolve(f.path).getParent();
      if (dirs.add(parent)) {
        Files.createDirectories(parent);
      }
    }

    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    long total = 0;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    // A failed write must end the program, not leave the pool's threads keeping it alive.
    try {
      List<Future<Integer>> sizes = new ArrayList<>(files.size());
      for (FileSpec f : files) {
        sizes.add(pool.submit(() -> write(out, f, seed)));
      }
      for (Future<Integer> s : sizes) {
        total += s.get();
      }
    } finally {
      pool.shutdownNow();
    }

    Path tsv = out.resolveSibling(out.getFileName() + "-planted.tsv");
    StringBuilder t = new StringBuilder("path\tline\tkind\n");
    int plantCount = 0;
    for (FileSpec f : planted) {
      for (int[] pl : f.plantedLines) {
        t.append(f.path).append('\t').append(pl[0]).append('\t')
            .append(Kind.values()[pl[1]].id).append('\n');
        plantCount++;
      }
    }
    Files.writeString(tsv, t.toString(), StandardCharsets.US_ASCII);
    double genSeconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(Locale.ROOT, "wrote %d files, %d bytes (%.1f MB) in %.1f s%n",
        files.size(), total, total / 1e6, genSeconds);

    git(out, "init", "-q", "-b", "main");
    git(out, "add", "-A");
    git(out, "commit", "-q", "-m",
        "Import synthetic benchmark corpus (seed " + seed + ", " + sizeMb + " MB)");
    git(out, "repack", "-a", "-d", "-q");
    String tree = gitOutput(out, "rev-parse", "HEAD^{tree}");

    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.println("files:   " + files.size());
    System.out.println("bytes:   " + total);
    System.out.println("planted: " + plantCount + " (" + tsv + ")");
    System.out.println("tree:    " + tree);
    System.out.printf(Locale.ROOT, "elapsed: %.1f s (files %.1f s, git %.1f s)%n",
        seconds, genSeconds, seconds - genSeconds);
  }

  // ---------------------------------------------------------------------------------------------
  // Layout
  // ---------------------------------------------------------------------------------------------

  static List<Unit> units(Random r) {
    Object[][] defs = {
      {"services", "billing", Lang.JAVA, 9}, {"services", "accounts", Lang.JAVA, 8},
      {"services", "orders", Lang.JAVA, 8}, {"services", "inventory", Lang.JAVA, 7},
      {"services", "notifications", Lang.JAVA, 5}, {"services", "payments-gateway", Lang.JAVA, 7},
      {"services", "search", Lang.JAVA, 5}, {"services", "auth", Lang.JAVA, 5},
      {"services", "edge-gateway", Lang.GO, 5}, {"services", "metrics-agent", Lang.GO, 3},
      {"services", "web-portal", Lang.TS, 7}, {"services", "ml-scoring", Lang.PY, 4},
      {"libs", "common-core", Lang.JAVA, 5}, {"libs", "persistence", Lang.JAVA, 4},
      {"libs", "messaging", Lang.JAVA, 4}, {"libs", "observability", Lang.JAVA, 3},
      {"libs", "ui-kit", Lang.TS, 4}, {"libs", "go-kit", Lang.GO, 2},
      {"", "docs", Lang.DOCS, 3}, {"", "tools", Lang.TOOLS, 2},
    };
    List<Unit> units = new ArrayList<>();
    for (Object[] d : defs) {
      String dir = ((String) d[0]).isEmpty() ? (String) d[1] : d[0] + "/" + d[1];
      String name = (String) d[1];
      Lang lang = (Lang) d[2];
      int weight = (Integer) d[3];
      int n = 12 + weight * 5 + r.nextInt(10);
      List<String> pkgs = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      while (pkgs.size() < n) {
        String p;
        int shape = r.nextInt(4);
        if (shape == 0) {
          p = pick(r, LAYERS);
        } else if (shape == 1) {
          p = pick(r, NOUNS) + "/" + pick(r, LAYERS);
        } else if (shape == 2) {
          p = pick(r, LAYERS) + "/" + pick(r, NOUNS);
        } else {
          p = pick(r, NOUNS) + "/" + pick(r, LAYERS) + "/" + pick(r, LAYERS);
        }
        if (seen.add(p)) {
          pkgs.add(p);
        }
      }
      units.add(new Unit(dir, name, lang, weight, pkgs));
    }
    return units;
  }

  /** File size: mostly 1.5-36 KB (log-uniform), 1% of 40-200 KB, 0.2% of 200 KB - 2 MB. */
  static int size(Random r) {
    int roll = r.nextInt(1000);
    if (roll < 2) {
      return (int) Math.round(200_000 * Math.pow(10, r.nextDouble()));
    }
    if (roll < 12) {
      return (int) Math.round(40_000 * Math.pow(5, r.nextDouble()));
    }
    return (int) Math.round(1_500 * Math.pow(24, r.nextDouble()));
  }

  static List<FileSpec> plan(Random r, List<Unit> units, long budget) {
    List<FileSpec> files = new ArrayList<>();
    Set<String> paths = new LinkedHashSet<>();
    long planned = 0;
    // Fixed files: root and per-unit manifests.
    planned += add(files, paths, "README.md", Type.MD, 6_000, null, null);
    planned += add(files, paths, "pom.xml", Type.MANIFEST, 4_000, null, null);
    planned += add(files, paths, ".gitignore", Type.TXT, 300, null, null);
    planned += add(files, paths, "Makefile", Type.SH, 2_500, null, null);
    planned += add(files, paths, ".github/workflows/ci.yml", Type.YAML, 3_000, null, null);
    planned += add(files, paths, ".github/workflows/release.yml", Type.YAML, 2_500, null, null);
    for (Unit u : units) {
      planned += add(files, paths, u.dir + "/README.md", Type.MD, 3_000 + r.nextInt(6_000), u, null);
      switch (u.lang) {
        case JAVA -> planned += add(files, paths, u.dir + "/pom.xml", Type.MANIFEST, 3_000, u, null);
        case GO -> planned += add(files, paths, u.dir + "/go.mod", Type.MANIFEST, 800, u, null);
        case TS -> {
          planned += add(files, paths, u.dir + "/package.json", Type.MANIFEST, 1_500, u, null);
          planned += add(files, paths, u.dir + "/tsconfig.json", Type.JSON, 600, u, null);
        }
        case PY -> {
          planned += add(files, paths, u.dir + "/pyproject.toml", Type.MANIFEST, 1_200, u, null);
          planned += add(files, paths, u.dir + "/package.json", Type.MANIFEST, 900, u, null);
        }
        case DOCS -> planned += add(files, paths, u.dir + "/package.json", Type.MANIFEST, 900, u, null);
        case TOOLS -> planned += add(files, paths, u.dir + "/go.mod", Type.MANIFEST, 800, u, null);
      }
    }
    int total = 0;
    for (Unit u : units) {
      total += u.weight;
    }
    while (planned < budget) {
      int w = r.nextInt(total);
      Unit u = null;
      for (Unit c : units) {
        w -= c.weight;
        if (w < 0) {
          u = c;
          break;
        }
      }
      int target = size(r);
      String[] pathAndClass = pathFor(r, u);
      Type type = typeOf(pathAndClass[0]);
      // Generators finish the method or block they are in, about 650 bytes past the target.
      planned += add(files, paths, pathAndClass[0], type, target, u, pathAndClass[1]) + 650;
    }
    return files;
  }

  static int add(List<FileSpec> files, Set<String> paths, String path, Type type, int target,
      Unit u, String className) {
    String p = path;
    String cls = className;
    int n = 2;
    while (!paths.add(p)) {
      int dot = path.lastIndexOf('.');
      int slash = path.lastIndexOf('/');
      if (dot > slash + 1) {
        p = path.substring(0, dot) + n + path.substring(dot);
      } else {
        p = path + n;
      }
      if (className != null) {
        cls = className + n;
      }
      n++;
    }
    files.add(new FileSpec(files.size(), p, type, target, u, cls));
    return target;
  }

  static Type typeOf(String path) {
    String ext = path.substring(path.lastIndexOf('.') + 1);
    return switch (ext) {
      case "java" -> Type.JAVA;
      case "py" -> Type.PY;
      case "go" -> Type.GO;
      case "ts" -> Type.TS;
      case "yml", "yaml" -> Type.YAML;
      case "properties" -> Type.PROPERTIES;
      case "json" -> Type.JSON;
      case "md" -> Type.MD;
      case "sql" -> Type.SQL;
      case "sh" -> Type.SH;
      default -> Type.TXT;
    };
  }

  /** Returns {path, className-or-null}. */
  static String[] pathFor(Random r, Unit u) {
    String base = u.dir + "/";
    String javaPkg = "com/acme/" + u.name.replace("-", "");
    String pkg = pick(r, u.packages);
    int roll = r.nextInt(100);
    switch (u.lang) {
      case JAVA -> {
        if (roll < 58) {
          String cls = className(r);
          return new String[] {base + "src/main/java/" + javaPkg + "/" + pkg + "/" + cls + ".java", cls};
        } else if (roll < 82) {
          String cls = className(r) + (r.nextBoolean() ? "Test" : "IT");
          return new String[] {base + "src/test/java/" + javaPkg + "/" + pkg + "/" + cls + ".java", cls};
        } else if (roll < 87) {
          return new String[] {base + "src/main/resources/" + pick(r, "config/", "", "application/")
              + snake(r, 1, 2) + pick(r, ".yml", "-" + pick(r, "dev", "prod", "staging") + ".yml"), null};
        } else if (roll < 91) {
          return new String[] {base + "src/main/resources/" + pick(r, "config/", "i18n/", "")
              + snake(r, 1, 2) + ".properties", null};
        } else if (roll < 94) {
          return new String[] {base + "src/main/resources/db/migration/V" + (1 + r.nextInt(240))
              + "__" + snake(r, 2, 4) + ".sql", null};
        } else if (roll < 97) {
          return new String[] {base + pick(r, "src/main/resources/schemas/", "src/test/resources/fixtures/",
              "src/main/resources/openapi/") + kebab(r, 1, 3) + ".json", null};
        } else if (roll < 99) {
          return new String[] {base + "docs/" + kebab(r, 1, 3) + ".md", null};
        } else {
          return new String[] {base + "scripts/" + kebab(r, 1, 2) + ".sh", null};
        }
      }
      case GO -> {
        if (roll < 62) {
          return new String[] {base + pick(r, "internal/", "pkg/", "internal/") + pkg + "/"
              + snake(r, 1, 2) + ".go", null};
        } else if (roll < 82) {
          return new String[] {base + pick(r, "internal/", "pkg/") + pkg + "/" + snake(r, 1, 2)
              + "_test.go", null};
        } else if (roll < 85) {
          return new String[] {base + "cmd/" + kebab(r, 1, 2) + "/main.go", null};
        } else if (roll < 90) {
          return new String[] {base + "configs/" + kebab(r, 1, 2) + ".yaml", null};
        } else if (roll < 93) {
          return new String[] {base + "migrations/" + String.format(Locale.ROOT, "%04d", r.nextInt(300))
              + "_" + snake(r, 2, 3) + ".sql", null};
        } else if (roll < 96) {
          return new String[] {base + pick(r, "internal/", "pkg/") + pkg + "/testdata/" + kebab(r, 1, 2) + ".json", null};
        } else if (roll < 98) {
          return new String[] {base + "docs/" + kebab(r, 1, 3) + ".md", null};
        } else {
          return new String[] {base + "scripts/" + kebab(r, 1, 2) + ".sh", null};
        }
      }
      case TS -> {
        if (roll < 62) {
          return new String[] {base + "src/" + pkg + "/" + camel(r, 1, 2) + ".ts", null};
        } else if (roll < 80) {
          return new String[] {base + pick(r, "src/" + pkg + "/__tests__/", "test/")
              + camel(r, 1, 2) + ".test.ts", null};
        } else if (roll < 88) {
          return new String[] {base + pick(r, "src/assets/i18n/", "src/" + pkg + "/", "fixtures/")
              + kebab(r, 1, 2) + ".json", null};
        } else if (roll < 93) {
          return new String[] {base + "config/" + kebab(r, 1, 2) + ".yml", null};
        } else if (roll < 97) {
          return new String[] {base + "docs/" + kebab(r, 1, 3) + ".md", null};
        } else {
          return new String[] {base + "scripts/" + kebab(r, 1, 2) + ".sh", null};
        }
      }
      case PY -> {
        String mod = u.name.replace("-", "_");
        if (roll < 60) {
          return new String[] {base + mod + "/" + pkg + "/" + snake(r, 1, 2) + ".py", null};
        } else if (roll < 80) {
          return new String[] {base + "tests/" + pkg + "/test_" + snake(r, 1, 2) + ".py", null};
        } else if (roll < 87) {
          return new String[] {base + "config/" + kebab(r, 1, 2) + ".yml", null};
        } else if (roll < 92) {
          return new String[] {base + pick(r, "data/", "tests/fixtures/") + kebab(r, 1, 2) + ".json", null};
        } else if (roll < 96) {
          return new String[] {base + "sql/" + snake(r, 2, 3) + ".sql", null};
        } else if (roll < 98) {
          return new String[] {base + "docs/" + kebab(r, 1, 3) + ".md", null};
        } else {
          return new String[] {base + "scripts/" + kebab(r, 1, 2) + ".sh", null};
        }
      }
      case DOCS -> {
        if (roll < 80) {
          return new String[] {base + pick(r, "architecture/", "runbooks/", "guides/", "adr/", "api/",
              "onboarding/", "operations/") + kebab(r, 2, 4) + ".md", null};
        } else if (roll < 88) {
          return new String[] {base + "examples/" + kebab(r, 1, 2) + pick(r, ".yml", ".json", ".sh"), null};
        } else if (roll < 95) {
          return new String[] {base + "reference/" + kebab(r, 1, 2) + ".yml", null};
        } else {
          return new String[] {base + "site/" + kebab(r, 1, 2) + ".json", null};
        }
      }
      default -> { // TOOLS
        if (roll < 40) {
          return new String[] {base + pick(r, "release/", "ci/", "dbtools/", "codegen/") + snake(r, 1, 2) + ".py", null};
        } else if (roll < 60) {
          return new String[] {base + pick(r, "release/", "ci/", "ops/") + kebab(r, 1, 2) + ".sh", null};
        } else if (roll < 75) {
          return new String[] {base + "cmd/" + kebab(r, 1, 2) + "/" + snake(r, 1, 2) + ".go", null};
        } else if (roll < 85) {
          return new String[] {base + "tests/test_" + snake(r, 1, 2) + ".py", null};
        } else if (roll < 93) {
          return new String[] {base + "config/" + kebab(r, 1, 2) + ".yml", null};
        } else {
          return new String[] {base + "docs/" + kebab(r, 1, 2) + ".md", null};
        }
      }
    }
  }

  static boolean isTestish(String path) {
    String p = "/" + path.toLowerCase(Locale.ROOT);
    return p.contains("/src/test/") || p.contains("/test/") || p.contains("/tests/")
        || p.contains("/examples/") || p.contains("/example/") || p.contains("/fixtures/")
        || p.contains("/testdata/") || p.contains("/__tests__/") || p.contains("_test.")
        || p.contains(".test.") || p.contains("/test_") || p.contains("test.java")
        || p.contains("it.java") || p.contains("mock") || p.contains("sample")
        || p.contains("demo") || p.contains("fake") || p.contains("dummy");
  }

  // ---------------------------------------------------------------------------------------------
  // Planting
  // ---------------------------------------------------------------------------------------------

  static List<FileSpec> assignPlants(Random r, List<FileSpec> files, List<Unit> units) {
    List<FileSpec> hosts = new ArrayList<>();
    Set<FileSpec> used = new LinkedHashSet<>();
    pickHosts(r, files, used, hosts, Kind.AWS, 8, Type.JAVA, Type.PY, Type.YAML, Type.PROPERTIES,
        Type.TS, Type.GO, Type.SH);
    pickHosts(r, files, used, hosts, Kind.GITHUB, 6, Type.JAVA, Type.PY, Type.YAML, Type.SH, Type.TS,
        Type.GO);
    pickHosts(r, files, used, hosts, Kind.SLACK, 5, Type.JAVA, Type.PY, Type.YAML, Type.PROPERTIES,
        Type.TS);
    pickHosts(r, files, used, hosts, Kind.PEM, 2, Type.YAML, Type.PY);
    pickHosts(r, files, used, hosts, Kind.DB_PASSWORD, 6, Type.PROPERTIES);
    pickHosts(r, files, used, hosts, Kind.POSTGRES_URL, 6, Type.YAML, Type.PROPERTIES, Type.PY,
        Type.GO, Type.SH, Type.TS);
    pickHosts(r, files, used, hosts, Kind.CARD, 2, Type.JAVA, Type.PY, Type.YAML);
    pickHosts(r, files, used, hosts, Kind.ITAR, 2, Type.MD);
    pickHosts(r, files, used, hosts, Kind.ITAR, 1, Type.JAVA);
    pickHosts(r, files, used, hosts, Kind.BANNER, 1, Type.MD);
    pickHosts(r, files, used, hosts, Kind.BANNER, 1, Type.JAVA);
    pickHosts(r, files, used, hosts, Kind.BANNER, 1, Type.YAML);

    // Dedicated files: two standalone PEM keys, two CSVs of synthetic people, one card seed.
    Unit payments = unit(units, "payments-gateway");
    Unit accounts = unit(units, "accounts");
    Unit scoring = unit(units, "ml-scoring");
    Unit edge = unit(units, "edge-gateway");
    Set<String> paths = new LinkedHashSet<>();
    for (FileSpec f : files) {
      paths.add(f.path);
    }
    dedicated(files, paths, hosts, accounts.dir + "/src/main/resources/keys/signing-service.pem",
        Type.PEM, accounts, 1);
    dedicated(files, paths, hosts, edge.dir + "/configs/tls/upstream-client.key", Type.PEM, edge, 1);
    dedicated(files, paths, hosts, accounts.dir + "/src/main/resources/data/customer-export-2025q3.csv",
        Type.CSV_PEOPLE, accounts, 5);
    dedicated(files, paths, hosts, scoring.dir + "/data/applicants-batch-07.csv", Type.CSV_PEOPLE,
        scoring, 3);
    dedicated(files, paths, hosts, payments.dir + "/src/main/resources/db/seed/R__payment_methods.sql",
        Type.SQL_CARDS, payments, 4);
    return hosts;
  }

  static void dedicated(List<FileSpec> files, Set<String> paths, List<FileSpec> hosts, String path,
      Type type, Unit u, int count) {
    add(files, paths, path, type, 0, u, null);
    FileSpec f = files.get(files.size() - 1);
    f.dedicatedCount = count;
    hosts.add(f);
  }

  static Unit unit(List<Unit> units, String name) {
    for (Unit u : units) {
      if (u.name.equals(name)) {
        return u;
      }
    }
    throw new IllegalStateException(name);
  }

  static void pickHosts(Random r, List<FileSpec> files, Set<FileSpec> used, List<FileSpec> hosts,
      Kind kind, int count, Type... types) {
    List<FileSpec> candidates = new ArrayList<>();
    for (FileSpec f : files) {
      if (f.unit != null && f.target < 120_000 && f.target > 2_000 && !used.contains(f)
          && !isTestish(f.path) && List.of(types).contains(f.type)) {
        candidates.add(f);
      }
    }
    for (int i = 0; i < count && !candidates.isEmpty(); i++) {
      FileSpec f = candidates.remove(r.nextInt(candidates.size()));
      f.plant = kind;
      used.add(f);
      hosts.add(f);
    }
  }

  // Synthetic values ---------------------------------------------------------------------------

  static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  static final String DIGITS = "0123456789";
  static final String BASE32 = UPPER + "234567";
  static final String BASE62 = DIGITS + UPPER + LOWER;

  static String chars(Random r, String alphabet, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
    }
    return new String(c);
  }

  static boolean plausible(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    for (String m : PLACEHOLDER_MARKERS) {
      if (lower.contains(m)) {
        return false;
      }
    }
    return value.chars().distinct().count() > 6;
  }

  static String awsKey(Random r) {
    String v;
    do {
      v = "AKIA" + chars(r, BASE32, 16);
    } while (!plausible(v));
    return v;
  }

  /** A GitHub classic token whose last 6 characters are the base62 CRC-32 of the 30 before. */
  static String githubToken(Random r) {
    String v;
    do {
      String random = chars(r, BASE62, 30);
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(random.getBytes(StandardCharsets.US_ASCII));
      char[] check = new char[6];
      long n = crc.getValue();
      for (int i = 5; i >= 0; i--, n /= 62) {
        check[i] = BASE62.charAt((int) (n % 62));
      }
      v = "ghp_" + random + new String(check);
    } while (!plausible(v));
    return v;
  }

  static String slackToken(Random r) {
    String v;
    do {
      v = "xoxb-" + (1 + r.nextInt(9)) + chars(r, DIGITS, 10) + "-" + (1 + r.nextInt(9))
          + chars(r, DIGITS, 12) + "-" + chars(r, BASE62, 24);
    } while (!plausible(v));
    return v;
  }

  /**
   * 16 mixed characters: letters, digits and a few symbols, starting with a letter or digit. No
   * '#', '&' or '%' (a .properties value may hold them, but many scanners stop a value at '#' or
   * '&' or read a leading '%' as a variable, which would make the benchmark measure that instead).
   */
  static String mixedPassword(Random r) {
    String alnum = UPPER + LOWER + DIGITS;
    String alphabet = alnum + alnum + "!-_=^~+";
    String v;
    do {
      v = chars(r, alnum, 1) + chars(r, alphabet, 15);
    } while (!plausible(v) || !v.matches(".*[A-Z].*") || !v.matches(".*[a-z].*")
        || !v.matches(".*[0-9].*"));
    return v;
  }

  static String urlPassword(Random r) {
    String v;
    do {
      v = chars(r, UPPER + LOWER + DIGITS, 18);
    } while (!plausible(v) || !v.matches(".*[A-Z].*") || !v.matches(".*[0-9].*"));
    return v;
  }

  static String ssn(Random r) {
    return String.format(Locale.ROOT, "%03d-%02d-%04d", 100 + r.nextInt(566), 1 + r.nextInt(99),
        1 + r.nextInt(9999));
  }

  static final Set<String> PUBLISHED_TEST_CARDS = Set.of(
      "4111111111111111", "4012888888881881", "4242424242424242", "4000056655665556",
      "4000000000000002", "4000002500003155", "4000000000009995", "4000000000000077",
      "4000000000003220", "4005519200000004", "4009348888881881", "4012000033330026",
      "4012000077777777", "4217651111111119", "4500600000000061", "4000000000000010",
      "4000000000000028", "4000000000000036", "4000000000000101", "4000002760003184",
      "4000000000000069", "4000000000000119", "4000000000000127", "4000000000000341",
      "4000000760000002", "4000001240000000", "4000000000000259", "4444333322221111",
      "4917610000000000", "4462030000000000", "4917610000000000003", "4988438843884305");

  static String card(Random r) {
    while (true) {
      StringBuilder b = new StringBuilder("4");
      b.append(1 + r.nextInt(9));
      for (int i = 0; i < 13; i++) {
        b.append((char) ('0' + r.nextInt(10)));
      }
      b.append(luhnCheckDigit(b));
      String v = b.toString();
      if (!PUBLISHED_TEST_CARDS.contains(v) && v.chars().distinct().count() >= 6
          && !v.matches(".*(\\d)\\1\\1\\1.*") && !v.startsWith("4000")) {
        return v;
      }
    }
  }

  static char luhnCheckDigit(CharSequence payload) {
    int sum = 0;
    boolean dbl = true; // the digit next to the check digit is doubled
    for (int i = payload.length() - 1; i >= 0; i--) {
      int d = payload.charAt(i) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  static List<String> pemBlock(Random r, String indent) {
    byte[] der = new byte[1190];
    r.nextBytes(der);
    byte[] head = {0x30, (byte) 0x82, 0x04, (byte) 0xA4, 0x02, 0x01, 0x00, 0x02, (byte) 0x82, 0x01,
      0x01, 0x00};
    System.arraycopy(head, 0, der, 0, head.length);
    String b64 = Base64.getEncoder().encodeToString(der);
    List<String> lines = new ArrayList<>();
    lines.add(indent + "-----BEGIN RSA PRIVATE KEY-----");
    for (int i = 0; i < b64.length(); i += 64) {
      lines.add(indent + b64.substring(i, Math.min(b64.length(), i + 64)));
    }
    lines.add(indent + "-----END RSA PRIVATE KEY-----");
    return lines;
  }

  static final String ITAR_TEXT =
      "WARNING: This document contains technical data whose export is restricted by the Arms Export"
          + " Control Act (Title 22, U.S.C., Sec 2751, et seq.) or the Export Administration Act of"
          + " 1979, as amended, Title 50, U.S.C., App. 2401 et seq. Violations of these export laws"
          + " are subject to severe criminal penalties. Disseminate in accordance with the provisions"
          + " of the International Traffic in Arms Regulations (ITAR), 22 CFR parts 120-130.";

  /** The lines of one line-plant, formatted for the host file's language. */
  static List<String> plantLines(Random r, Kind kind, Type type) {
    switch (kind) {
      case AWS -> {
        String v = awsKey(r);
        return List.of(switch (type) {
          case JAVA -> "    private static final String AWS_ACCESS_KEY_ID = \"" + v + "\";";
          case PY -> "AWS_ACCESS_KEY_ID = \"" + v + "\"";
          case YAML -> "aws_access_key_id: " + v;
          case PROPERTIES -> "aws.accessKeyId=" + v;
          case TS -> "const awsAccessKeyId = \"" + v + "\";";
          case GO -> "\tawsAccessKeyID := \"" + v + "\"";
          default -> "export AWS_ACCESS_KEY_ID=" + v;
        });
      }
      case GITHUB -> {
        String v = githubToken(r);
        return List.of(switch (type) {
          case JAVA -> "    String githubToken = \"" + v + "\";";
          case PY -> "GITHUB_TOKEN = \"" + v + "\"";
          case YAML -> "github_token: " + v;
          case TS -> "const githubToken = \"" + v + "\";";
          case GO -> "\tgithubToken := \"" + v + "\"";
          default -> "export GITHUB_TOKEN=" + v;
        });
      }
      case SLACK -> {
        String v = slackToken(r);
        return List.of(switch (type) {
          case JAVA -> "    private static final String SLACK_BOT_TOKEN = \"" + v + "\";";
          case PY -> "SLACK_BOT_TOKEN = \"" + v + "\"";
          case YAML -> "slack_bot_token: " + v;
          case PROPERTIES -> "slack.bot-token=" + v;
          default -> "const slackBotToken = \"" + v + "\";";
        });
      }
      case PEM -> {
        List<String> lines = new ArrayList<>();
        if (type == Type.PY) {
          lines.add("SIGNING_KEY_PEM = \"\"\"\\");
          lines.addAll(pemBlock(r, ""));
          lines.add("\"\"\"");
        } else {
          lines.add("signing_private_key: |");
          lines.addAll(pemBlock(r, "  "));
        }
        return lines;
      }
      case DB_PASSWORD -> {
        return List.of("db.password=" + mixedPassword(r));
      }
      case POSTGRES_URL -> {
        String v = "postgresql://app:" + urlPassword(r) + "@db.internal:5432/app";
        return List.of(switch (type) {
          case YAML -> "database_url: " + v;
          case PROPERTIES -> "app.datasource.url=" + v;
          case PY -> "DATABASE_URL = \"" + v + "\"";
          case GO -> "\tdsn := \"" + v + "\"";
          case TS -> "const databaseUrl = \"" + v + "\";";
          default -> "export DATABASE_URL=\"" + v + "\"";
        });
      }
      case CARD -> {
        String v = card(r);
        return List.of(switch (type) {
          case JAVA -> "    String cardNumber = \"" + v + "\";";
          case PY -> "card_number = \"" + v + "\"";
          default -> "card_number: \"" + v + "\"";
        });
      }
      case ITAR -> {
        return List.of(type == Type.JAVA ? "// " + ITAR_TEXT : ITAR_TEXT);
      }
      case BANNER -> {
        return List.of(switch (type) {
          case JAVA -> "// SECRET//NOFORN";
          case YAML -> "# SECRET//NOFORN";
          default -> "SECRET//NOFORN";
        });
      }
      default -> throw new IllegalStateException(kind.name());
    }
  }

  /** The 0-based index in lines of the line a finding of this kind is reported at. */
  static int reportedOffset(Kind kind, Type type) {
    return kind == Kind.PEM ? 1 : 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Writing
  // ---------------------------------------------------------------------------------------------

  static int write(Path out, FileSpec f, long seed) throws IOException {
    Random r = new Random(seed * 0x9E3779B97F4A7C15L + f.index * 0xBF58476D1CE4E5B9L + 1);
    StringBuilder sb = new StringBuilder(f.target + 4_096);
    Gen g = new Gen(r, sb);
    switch (f.type) {
      case JAVA -> g.java(f);
      case PY -> g.python(f);
      case GO -> g.go(f);
      case TS -> g.ts(f);
      case YAML -> g.yaml(f);
      case PROPERTIES -> g.properties(f);
      case JSON -> g.json(f);
      case MD -> g.markdown(f);
      case SQL -> g.sql(f);
      case SH -> g.shell(f);
      case TXT -> g.text(f);
      case MANIFEST -> g.manifest(f);
      case CSV_PEOPLE -> g.people(f);
      case SQL_CARDS -> g.cardSeed(f);
      case PEM -> {
        for (String l : pemBlock(r, "")) {
          sb.append(l).append('\n');
        }
        f.plantedLines.add(new int[] {1, Kind.PEM.ordinal()});
      }
    }
    if (f.plant != null) {
      insertPlant(r, f, sb);
    }
    byte[] bytes = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    Path file = out.resolve(f.path);
    Files.write(file, bytes);
    if (f.type == Type.SH && f.path.endsWith(".sh")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return bytes.length;
  }

  static void insertPlant(Random r, FileSpec f, StringBuilder sb) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < sb.length() - 1; i++) {
      if (sb.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    int n = starts.size();
    int lineIdx;
    if (f.plant == Kind.BANNER && r.nextBoolean()) {
      lineIdx = 0;
    } else {
      int lo = Math.max(1, n / 5);
      int hi = Math.max(lo + 1, n - n / 10);
      lineIdx = lo + r.nextInt(hi - lo);
    }
    List<String> lines = plantLines(r, f.plant, f.type);
    StringBuilder ins = new StringBuilder();
    for (String l : lines) {
      ins.append(l).append('\n');
    }
    if (f.type == Type.MD || f.plant == Kind.PEM) {
      ins.insert(0, '\n');
      ins.append('\n');
      lineIdx = Math.max(lineIdx, 1);
    }
    int offset = lineIdx < n ? starts.get(lineIdx) : sb.length();
    sb.insert(offset, ins);
    int firstLine = lineIdx + 1 + (ins.charAt(0) == '\n' ? 1 : 0);
    f.plantedLines.add(new int[] {firstLine + reportedOffset(f.plant, f.type), f.plant.ordinal()});
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers for names
  // ---------------------------------------------------------------------------------------------

  static String pick(Random r, String... a) {
    return a[r.nextInt(a.length)];
  }

  static String pick(Random r, List<String> a) {
    return a.get(r.nextInt(a.size()));
  }

  static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static String camel(Random r, int min, int max) {
    int n = min + r.nextInt(max - min + 1);
    StringBuilder b = new StringBuilder(r.nextInt(3) == 0 ? pick(r, VERBS) : pick(r, NOUNS));
    for (int i = 1; i < n; i++) {
      b.append(cap(i == n - 1 && r.nextBoolean() ? pick(r, ADJECTIVES) : pick(r, NOUNS)));
    }
    return b.toString();
  }

  static String snake(Random r, int min, int max) {
    int n = min + r.nextInt(max - min + 1);
    StringBuilder b = new StringBuilder(pick(r, NOUNS));
    for (int i = 1; i < n; i++) {
      b.append('_').append(r.nextBoolean() ? pick(r, NOUNS) : pick(r, ADJECTIVES));
    }
    return b.toString();
  }

  static String kebab(Random r, int min, int max) {
    return snake(r, min, max).replace('_', '-');
  }

  static String className(Random r) {
    return cap(pick(r, NOUNS)) + (r.nextBoolean() ? cap(pick(r, NOUNS)) : "") + pick(r, CLASS_SUFFIXES);
  }

  // ---------------------------------------------------------------------------------------------
  // Content generators
  // ---------------------------------------------------------------------------------------------

  static final class Gen {
    final Random r;
    final StringBuilder sb;

    Gen(Random r, StringBuilder sb) {
      this.r = r;
      this.sb = sb;
    }

    Gen ln(String s) {
      sb.append(s).append('\n');
      return this;
    }

    Gen ln() {
      sb.append('\n');
      return this;
    }

    String id() {
      return camel(r, 1, 3);
    }

    String snakeId() {
      return snake(r, 1, 3);
    }

    String type() {
      return r.nextInt(3) == 0 ? className(r) : pick(r, JAVA_TYPES);
    }

    String words(int min, int max) {
      int n = min + r.nextInt(max - min + 1);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          b.append(' ');
        }
        int k = r.nextInt(10);
        b.append(k < 5 ? pick(r, NOUNS) : k < 8 ? pick(r, VERBS) : pick(r, ADJECTIVES));
      }
      return b.toString();
    }

    String sentence(int min, int max) {
      String w = words(min, max);
      String[] fill = {"the", "a", "when", "if", "for", "and", "is", "are", "before", "after"};
      StringBuilder b = new StringBuilder();
      String[] parts = w.split(" ");
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          b.append(' ');
          if (r.nextInt(3) == 0) {
            b.append(pick(r, fill)).append(' ');
          }
        }
        b.append(parts[i]);
      }
      return cap(b.toString()) + ".";
    }

    String hex(int n) {
      return chars(r, "0123456789abcdef", n);
    }

    String uuid() {
      return hex(8) + "-" + hex(4) + "-4" + hex(3) + "-" + pick(r, "8", "9", "a", "b") + hex(3)
          + "-" + hex(12);
    }

    String date() {
      return String.format(Locale.ROOT, "%04d-%02d-%02d", 2015 + r.nextInt(11), 1 + r.nextInt(12),
          1 + r.nextInt(28));
    }

    String timestamp() {
      return date() + String.format(Locale.ROOT, "T%02d:%02d:%02dZ", r.nextInt(24), r.nextInt(60),
          r.nextInt(60));
    }

    String url() {
      return "https://" + pick(r, HOSTS) + "/" + kebab(r, 1, 2) + (r.nextBoolean() ? "/" + kebab(r, 1, 2) : "");
    }

    String number() {
      return switch (r.nextInt(8)) {
        case 0 -> Integer.toString(r.nextInt(10));
        case 1 -> Integer.toString(r.nextInt(1000));
        case 2 -> r.nextInt(100) + "_000";
        case 3 -> "0x" + Integer.toHexString(r.nextInt(65536));
        case 4 -> String.format(Locale.ROOT, "%.2f", r.nextDouble() * 100);
        case 5 -> (1 + r.nextInt(60)) + "_000L";
        case 6 -> Integer.toString(r.nextInt(100_000));
        default -> Integer.toString(1 << r.nextInt(16));
      };
    }

    String literal() {
      return switch (r.nextInt(12)) {
        case 0 -> "\"" + uuid() + "\"";
        case 1 -> "\"" + hex(40) + "\"";
        case 2 -> "\"" + date() + "\"";
        case 3 -> "\"" + url() + "\"";
        case 4 -> "\"" + timestamp() + "\"";
        case 5, 6 -> "\"" + words(1, 4) + "\"";
        case 7 -> "\"" + kebab(r, 1, 3) + "\"";
        default -> number();
      };
    }

    String author() {
      String f = pick(r, FIRST_NAMES);
      String l = pick(r, LAST_NAMES);
      return f + " " + l + " <" + f.toLowerCase(Locale.ROOT) + "." + l.toLowerCase(Locale.ROOT)
          + "@acme-corp.com>";
    }

    boolean full(FileSpec f) {
      return sb.length() >= f.target;
    }

    // Java ----------------------------------------------------------------------------------------

    void java(FileSpec f) {
      String pkg = "com.acme." + f.unit.name.replace("-", "") + "."
          + f.path.substring(f.path.indexOf("/java/com/acme/") + 15, f.path.lastIndexOf('/'))
              .substring(f.unit.name.replace("-", "").length() + 1).replace('/', '.');
      ln("/*");
      ln(" * Copyright (c) " + (2016 + r.nextInt(6)) + "-2025 Acme Corp. All rights reserved.");
      ln(" * SPDX-License-Identifier: Apache-2.0");
      ln(" */");
      ln("package " + pkg + ";").ln();
      int imports = 4 + r.nextInt(12);
      Set<String> imp = new LinkedHashSet<>();
      for (int i = 0; i < imports; i++) {
        imp.add(pick(r, JAVA_IMPORTS));
      }
      for (String i : imp) {
        ln("import " + i + ";");
      }
      ln().ln("/**").ln(" * " + sentence(6, 14)).ln(" * <p>" + sentence(8, 18)).ln(" *");
      if (r.nextInt(50) == 0) {
        ln(" * @author " + author());
      }
      ln(" * @since " + (1 + r.nextInt(4)) + "." + r.nextInt(10)).ln(" */");
      String cls = f.className;
      boolean test = f.path.contains("/src/test/");
      if (!test && r.nextBoolean()) {
        ln(pick(r, CLASS_ANNOTATIONS));
      }
      ln("public " + pick(r, "", "final ", "") + "class " + cls
          + (r.nextInt(3) == 0 ? " implements " + className(r) : "") + " {").ln();
      ln("  private static final Logger log = LoggerFactory.getLogger(" + cls + ".class);");
      int fields = 2 + r.nextInt(6);
      for (int i = 0; i < fields; i++) {
        if (r.nextInt(3) == 0) {
          ln("  private static final " + pick(r, "String", "int", "long", "Duration") + " "
              + snake(r, 1, 3).toUpperCase(Locale.ROOT) + " = " + literal() + ";");
        } else {
          ln("  private final " + type() + " " + id() + ";");
        }
      }
      ln();
      while (!full(f)) {
        javaMethod(test);
      }
      ln("}");
    }

    void javaMethod(boolean test) {
      if (test) {
        ln("  @Test");
        ln("  void " + pick(r, VERBS) + cap(id()) + "_" + pick(r, "returns", "rejects", "keeps",
            "skips", "throws") + cap(id()) + "() {");
      } else {
        if (r.nextInt(3) == 0) {
          ln("  " + pick(r, "@Override", "@Transactional", "@GetMapping(\"/" + kebab(r, 1, 2)
              + "\")", "@PostMapping(\"/" + kebab(r, 1, 3) + "\")", "@Scheduled(fixedDelay = "
              + (1 + r.nextInt(60)) + "_000)", "@Nullable", "@SuppressWarnings(\"unchecked\")"));
        }
        if (r.nextInt(3) == 0) {
          ln("  /** " + sentence(5, 12) + " */");
        }
        ln("  " + pick(r, "public ", "", "private ", "protected ") + type() + " " + pick(r, VERBS)
            + cap(id()) + "(" + params() + ")" + (r.nextInt(5) == 0 ? " throws IOException" : "")
            + " {");
      }
      int stmts = 3 + r.nextInt(18);
      for (int i = 0; i < stmts; i++) {
        javaStatement("    ", 0);
      }
      ln("    return " + pick(r, id(), "null", "Optional.empty()", "List.of()", "result",
          "builder.build()") + ";");
      ln("  }").ln();
    }

    String params() {
      int n = r.nextInt(4);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          b.append(", ");
        }
        if (r.nextInt(4) == 0) {
          b.append("@NotNull ");
        }
        b.append(type()).append(' ').append(id());
      }
      return b.toString();
    }

    void javaStatement(String in, int depth) {
      int k = r.nextInt(100);
      if (k < 3) {
        ln(in + pick(r, JAVA_DECOYS));
      } else if (k < 15) {
        ln(in + "// " + sentence(4, 12));
      } else if (k < 28) {
        ln(in + type() + " " + id() + " = " + id() + "." + pick(r, VERBS) + cap(id()) + "("
            + args() + ");");
      } else if (k < 38) {
        ln(in + "String " + id() + " = " + literal() + ";");
      } else if (k < 46) {
        ln(in + "log." + pick(r, "debug", "info", "warn", "trace") + "(\"" + words(2, 6)
            + " {}\", " + id() + ");");
      } else if (k < 54 && depth < 2) {
        ln(in + "if (" + id() + " " + pick(r, "== null", "!= null", "> " + number(), ".isEmpty()")
            .replace(" .", ".") + ") {");
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
          javaStatement(in + "  ", depth + 1);
        }
        if (r.nextInt(3) == 0) {
          ln(in + "} else {");
          javaStatement(in + "  ", depth + 1);
        }
        ln(in + "}");
      } else if (k < 60 && depth < 2) {
        ln(in + "for (var " + id() + " : " + id() + "s) {");
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
          javaStatement(in + "  ", depth + 1);
        }
        ln(in + "}");
      } else if (k < 66) {
        ln(in + "throw new " + pick(r, "IllegalArgumentException", "IllegalStateException",
            "UnsupportedOperationException") + "(\"" + sentence(3, 8) + "\");");
      } else if (k < 72) {
        ln(in + id() + ".put(\"" + snakeId() + "\", " + literal() + ");");
      } else if (k < 77) {
        ln(in + "UUID " + id() + " = UUID.fromString(\"" + uuid() + "\");");
      } else if (k < 81) {
        ln(in + "Instant " + id() + " = Instant.parse(\"" + timestamp() + "\");");
      } else if (k < 85) {
        ln(in + "URI " + id() + " = URI.create(\"" + url() + "\");");
      } else if (k < 90) {
        ln(in + "var " + id() + " = " + id() + ".stream().filter(" + pick(r, "Objects::nonNull",
            "x -> x." + pick(r, VERBS) + cap(id()) + "()") + ").map(" + className(r) + "::"
            + pick(r, VERBS) + ").collect(Collectors.toList());");
      } else if (k < 95) {
        ln(in + id() + " = " + id() + " " + pick(r, "+", "-", "*", "/") + " " + number() + ";");
      } else {
        ln(in + "assertThat(" + id() + ").isEqualTo(" + literal() + ");");
      }
    }

    String args() {
      int n = r.nextInt(4);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          b.append(", ");
        }
        b.append(r.nextInt(3) == 0 ? literal() : id());
      }
      return b.toString();
    }

    // Python --------------------------------------------------------------------------------------

    void python(FileSpec f) {
      ln("\"\"\"" + sentence(5, 12));
      ln();
      ln(sentence(10, 25));
      if (r.nextInt(50) == 0) {
        ln().ln("Author: " + author());
      }
      ln("\"\"\"").ln();
      ln("from __future__ import annotations").ln();
      int n = 3 + r.nextInt(8);
      for (int i = 0; i < n; i++) {
        ln(r.nextBoolean() ? "import " + pick(r, "os", "json", "logging", "re", "time", "uuid",
            "datetime", "hashlib", "typing", "dataclasses", "pathlib", "itertools")
            : "from " + pick(r, "typing", "dataclasses", "collections", "pathlib", ".models",
                ".client", "..util") + " import " + camel(r, 1, 2));
      }
      ln().ln("log = logging.getLogger(__name__)").ln();
      while (!full(f)) {
        if (r.nextInt(3) == 0) {
          ln("@dataclass" + pick(r, "", "(frozen=True)"));
          ln("class " + className(r) + ":");
          ln("    \"\"\"" + sentence(4, 10) + "\"\"\"").ln();
          int fields = 2 + r.nextInt(6);
          for (int i = 0; i < fields; i++) {
            ln("    " + snakeId() + ": " + pick(r, "str", "int", "float", "bool", "list[str]",
                "dict[str, Any]", "Optional[str]") + pick(r, "", " = None", " = 0", " = \"\""));
          }
          ln();
        }
        ln("def " + pick(r, VERBS) + "_" + snakeId() + "(" + snakeId() + ", " + snakeId()
            + pick(r, "", ": str", ": int = " + r.nextInt(100)) + ")" + pick(r, "", " -> None",
                " -> dict", " -> list[str]") + ":");
        ln("    \"\"\"" + sentence(4, 14) + "\"\"\"");
        int s = 3 + r.nextInt(14);
        for (int i = 0; i < s; i++) {
          pyStatement("    ", 0);
        }
        ln("    return " + snakeId()).ln().ln();
      }
    }

    void pyStatement(String in, int depth) {
      int k = r.nextInt(100);
      if (k < 3) {
        ln(in + pick(r, PY_DECOYS));
        if (sb.charAt(sb.length() - 2) == ':') {
          ln(in + "    return None");
        }
      } else if (k < 14) {
        ln(in + "# " + sentence(4, 12));
      } else if (k < 32) {
        ln(in + snakeId() + " = " + snakeId() + "." + pick(r, VERBS) + "_" + snakeId() + "("
            + pyArgs() + ")");
      } else if (k < 44) {
        ln(in + snakeId() + " = " + pyLiteral());
      } else if (k < 52) {
        ln(in + "log." + pick(r, "debug", "info", "warning") + "(\"" + words(2, 6) + " %s\", "
            + snakeId() + ")");
      } else if (k < 62 && depth < 2) {
        ln(in + "if " + snakeId() + pick(r, " is None:", ":", " > " + r.nextInt(100) + ":",
            " in " + snakeId() + ":"));
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          pyStatement(in + "    ", depth + 1);
        }
      } else if (k < 70 && depth < 2) {
        ln(in + "for " + snakeId() + " in " + snakeId() + ":");
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          pyStatement(in + "    ", depth + 1);
        }
      } else if (k < 76) {
        ln(in + snakeId() + "[\"" + snakeId() + "\"] = " + pyLiteral());
      } else if (k < 82) {
        ln(in + "raise " + pick(r, "ValueError", "RuntimeError", "KeyError") + "(f\"" + words(2, 6)
            + ": {" + snakeId() + "}\")");
      } else if (k < 90) {
        ln(in + snakeId() + " = [" + snakeId() + " for " + snakeId() + " in " + snakeId() + " if "
            + snakeId() + "]");
      } else {
        ln(in + "assert " + snakeId() + " == " + pyLiteral());
      }
    }

    String pyLiteral() {
      String l = literal();
      return l.endsWith("L") ? l.substring(0, l.length() - 1) : l;
    }

    String pyArgs() {
      int n = r.nextInt(4);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          b.append(", ");
        }
        b.append(r.nextInt(3) == 0 ? snakeId() + "=" + pyLiteral() : snakeId());
      }
      return b.toString();
    }

    // Go ------------------------------------------------------------------------------------------

    void go(FileSpec f) {
      String dir = f.path.substring(0, f.path.lastIndexOf('/'));
      String pkg = dir.contains("/cmd/") ? "main" : dir.substring(dir.lastIndexOf('/') + 1);
      ln("// Copyright " + (2018 + r.nextInt(7)) + " Acme Corp. All rights reserved.");
      if (r.nextInt(50) == 0) {
        ln("// Maintainer: " + author());
      }
      ln().ln("// Package " + pkg + " " + sentence(5, 12).toLowerCase(Locale.ROOT));
      ln("package " + pkg).ln();
      ln("import (");
      int n = 3 + r.nextInt(7);
      Set<String> imp = new LinkedHashSet<>();
      for (int i = 0; i < n; i++) {
        imp.add(pick(r, "context", "errors", "fmt", "net/http", "os", "strings", "sync", "time",
            "encoding/json", "io", "sort", "strconv", "github.com/acme-corp/go-kit/log",
            "github.com/acme-corp/go-kit/metrics", "github.com/prometheus/client_golang/prometheus"));
      }
      for (String i : imp) {
        ln("\t\"" + i + "\"");
      }
      ln(")").ln();
      while (!full(f)) {
        if (r.nextInt(3) == 0) {
          String t = className(r);
          ln("// " + t + " " + sentence(4, 10).toLowerCase(Locale.ROOT));
          ln("type " + t + " struct {");
          int fields = 2 + r.nextInt(6);
          for (int i = 0; i < fields; i++) {
            String fn = cap(id());
            ln("\t" + fn + " " + pick(r, "string", "int", "int64", "bool", "time.Duration",
                "[]string", "map[string]string", "*http.Client") + " `json:\"" + snake(r, 1, 2) + "\"`");
          }
          ln("}").ln();
        }
        String fn = pick(r, VERBS) + cap(id());
        if (f.path.endsWith("_test.go")) {
          ln("func Test" + cap(fn) + "(t *testing.T) {");
        } else {
          ln("// " + cap(fn) + " " + sentence(4, 12).toLowerCase(Locale.ROOT));
          ln("func " + (r.nextBoolean() ? cap(fn) : fn) + "(ctx context.Context, " + id() + " "
              + pick(r, "string", "int", "[]byte") + ") (" + pick(r, "string", "int", "*" + className(r))
              + ", error) {");
        }
        int s = 3 + r.nextInt(14);
        for (int i = 0; i < s; i++) {
          goStatement("\t", 0);
        }
        ln(f.path.endsWith("_test.go") ? "}" : "\treturn " + pick(r, "nil", "\"\"", "0") + ", nil\n}");
        ln();
      }
    }

    void goStatement(String in, int depth) {
      int k = r.nextInt(100);
      if (k < 3) {
        ln(in + pick(r, GO_DECOYS));
      } else if (k < 14) {
        ln(in + "// " + sentence(4, 12));
      } else if (k < 30) {
        ln(in + id() + ", err := " + id() + "." + cap(pick(r, VERBS)) + cap(id()) + "(ctx"
            + (r.nextBoolean() ? ", " + id() : "") + ")");
        ln(in + "if err != nil {");
        ln(in + "\treturn nil, fmt.Errorf(\"" + words(1, 4) + ": %w\", err)");
        ln(in + "}");
      } else if (k < 42) {
        ln(in + id() + " := " + literal().replace("_000L", "000").replace("_000", "000"));
      } else if (k < 50) {
        ln(in + "log.Info(ctx, \"" + words(2, 6) + "\", \"" + snakeId() + "\", " + id() + ")");
      } else if (k < 60 && depth < 2) {
        ln(in + "for _, " + id() + " := range " + id() + "s {");
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          goStatement(in + "\t", depth + 1);
        }
        ln(in + "}");
      } else if (k < 68 && depth < 2) {
        ln(in + "if " + id() + " " + pick(r, "== nil", "!= \"\"", "> 0", "== 0") + " {");
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          goStatement(in + "\t", depth + 1);
        }
        ln(in + "}");
      } else if (k < 76) {
        ln(in + id() + "[\"" + snakeId() + "\"] = " + id());
      } else if (k < 84) {
        ln(in + "defer " + id() + "." + pick(r, "Close", "Unlock", "Done", "Stop") + "()");
      } else if (k < 92) {
        ln(in + "timeout := " + (1 + r.nextInt(120)) + " * time." + pick(r, "Second", "Millisecond", "Minute"));
      } else {
        ln(in + "req.Header.Set(\"" + pick(r, "X-Request-Id", "Accept", "Content-Type", "X-Trace-Id")
            + "\", \"" + pick(r, uuid(), "application/json", hex(16)) + "\")");
      }
    }

    // TypeScript ----------------------------------------------------------------------------------

    void ts(FileSpec f) {
      ln("/**").ln(" * " + sentence(5, 12));
      if (r.nextInt(50) == 0) {
        ln(" * @author " + author());
      }
      ln(" */");
      int n = 3 + r.nextInt(8);
      for (int i = 0; i < n; i++) {
        ln("import { " + cap(camel(r, 1, 2)) + (r.nextBoolean() ? ", " + camel(r, 1, 2) : "")
            + " } from \"" + pick(r, "react", "rxjs", "@acme/ui-kit", "../" + kebab(r, 1, 2),
                "./" + camel(r, 1, 2), "zod", "axios", "date-fns") + "\";");
      }
      ln();
      boolean test = f.path.contains(".test.");
      if (test) {
        ln("describe(\"" + words(2, 5) + "\", () => {");
      }
      while (!full(f)) {
        if (test) {
          ln("  it(\"" + pick(r, "returns", "rejects", "renders", "keeps", "maps") + " " + words(2, 6)
              + "\", async () => {");
          int s = 2 + r.nextInt(8);
          for (int i = 0; i < s; i++) {
            tsStatement("    ", 1);
          }
          ln("    expect(" + id() + ").toEqual(" + literal().replace("_000L", "000").replace("_000", "000") + ");");
          ln("  });").ln();
          continue;
        }
        if (r.nextInt(3) == 0) {
          ln("export interface " + className(r) + " {");
          int fields = 2 + r.nextInt(7);
          for (int i = 0; i < fields; i++) {
            ln("  " + id() + pick(r, "", "?") + ": " + pick(r, "string", "number", "boolean",
                "string[]", "Date", "Record<string, unknown>", className(r)) + ";");
          }
          ln("}").ln();
        }
        ln(pick(r, "export ", "", "export async ") + "function " + pick(r, VERBS) + cap(id()) + "("
            + id() + ": " + pick(r, "string", "number", className(r)) + "): " + pick(r, "void",
                "string", "Promise<void>", className(r)) + " {");
        int s = 3 + r.nextInt(14);
        for (int i = 0; i < s; i++) {
          tsStatement("  ", 0);
        }
        ln("  return " + id() + ";").ln("}").ln();
      }
      if (test) {
        ln("});");
      }
    }

    void tsStatement(String in, int depth) {
      int k = r.nextInt(100);
      if (k < 3) {
        ln(in + pick(r, TS_DECOYS));
      } else if (k < 14) {
        ln(in + "// " + sentence(4, 12));
      } else if (k < 32) {
        ln(in + pick(r, "const ", "let ") + id() + " = " + pick(r, "await ", "") + id() + "."
            + pick(r, VERBS) + cap(id()) + "(" + args().replace("_000L", "000").replace("_000", "000") + ");");
      } else if (k < 46) {
        ln(in + "const " + id() + " = " + literal().replace("_000L", "000").replace("_000", "000") + ";");
      } else if (k < 54 && depth < 2) {
        ln(in + "if (" + pick(r, "!", "") + id() + ") {");
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          tsStatement(in + "  ", depth + 1);
        }
        ln(in + "}");
      } else if (k < 62) {
        ln(in + "const " + id() + " = " + id() + ".map((" + id() + ") => " + id() + "." + id() + ");");
      } else if (k < 70) {
        ln(in + "logger." + pick(r, "debug", "info", "warn") + "(`" + words(2, 6) + " ${" + id() + "}`);");
      } else if (k < 78) {
        ln(in + "const url = `" + url() + "/${" + id() + "}`;");
      } else if (k < 86) {
        ln(in + "throw new Error(\"" + sentence(3, 8) + "\");");
      } else {
        ln(in + id() + "." + id() + " = " + literal().replace("_000L", "000").replace("_000", "000") + ";");
      }
    }

    // Config and data formats ---------------------------------------------------------------------

    void yaml(FileSpec f) {
      ln("# " + sentence(4, 10));
      if (f.path.contains(".github/workflows")) {
        ln("name: " + words(1, 3)).ln("on:").ln("  push:").ln("    branches: [main]");
        ln("jobs:").ln("  build:").ln("    runs-on: ubuntu-22.04").ln("    steps:");
        ln("      - uses: actions/checkout@" + hex(40));
        ln("      - uses: actions/setup-java@" + hex(40)).ln("        with:")
            .ln("          java-version: '17'");
      }
      while (!full(f)) {
        ln(snakeId() + ":");
        int n = 2 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
          int k = r.nextInt(10);
          if (k < 5) {
            ln("  " + snakeId().replace('_', '-') + ": " + yamlValue());
          } else if (k < 7) {
            ln("  " + snakeId() + ":");
            int m = 1 + r.nextInt(5);
            for (int j = 0; j < m; j++) {
              ln("    " + camel(r, 1, 2) + ": " + yamlValue());
            }
          } else if (k < 9) {
            ln("  " + snakeId() + ":");
            int m = 1 + r.nextInt(4);
            for (int j = 0; j < m; j++) {
              ln("    - " + yamlValue());
            }
          } else {
            ln("  # " + sentence(3, 10));
          }
        }
        if (r.nextInt(25) == 0) {
          ln("  password-policy: { min-length: 12, require-digit: true }");
          ln("  token-ttl: " + (5 + r.nextInt(55)) + "m");
        }
      }
    }

    String yamlValue() {
      return switch (r.nextInt(10)) {
        case 0 -> Integer.toString(r.nextInt(10_000));
        case 1 -> pick(r, "true", "false");
        case 2 -> url();
        case 3 -> "\"" + uuid() + "\"";
        case 4 -> (1 + r.nextInt(120)) + pick(r, "s", "m", "ms", "h");
        case 5 -> "${" + snake(r, 1, 3).toUpperCase(Locale.ROOT) + ":" + r.nextInt(100) + "}";
        case 6 -> date();
        default -> words(1, 3);
      };
    }

    void properties(FileSpec f) {
      ln("# " + sentence(4, 10));
      ln("# Generated " + date());
      String prefix = snakeId().replace('_', '.');
      while (!full(f)) {
        if (r.nextInt(8) == 0) {
          ln().ln("# " + sentence(3, 10));
          prefix = snakeId().replace('_', '.');
        }
        String k = prefix + "." + camel(r, 1, 2);
        int v = r.nextInt(12);
        if (v == 0 && r.nextInt(4) == 0) {
          ln(pick(r, "security.password.min-length=12", "auth.token.ttl=PT15M",
              "crypto.key-alias=" + kebab(r, 1, 2), "secrets.provider=vault",
              "db.password.env=DB_PASSWORD"));
        } else {
          ln(k + "=" + switch (v % 7) {
            case 0 -> Integer.toString(r.nextInt(10_000));
            case 1 -> pick(r, "true", "false");
            case 2 -> url();
            case 3 -> words(2, 8);
            case 4 -> (1 + r.nextInt(60)) + "s";
            case 5 -> uuid();
            default -> kebab(r, 1, 3);
          });
        }
      }
    }

    void json(FileSpec f) {
      ln("{");
      ln("  \"$schema\": \"" + url() + "\",");
      ln("  \"version\": \"" + (1 + r.nextInt(5)) + "." + r.nextInt(20) + "." + r.nextInt(30) + "\",");
      ln("  \"generated\": \"" + timestamp() + "\",");
      ln("  \"" + camel(r, 1, 2) + "\": [");
      boolean first = true;
      while (!full(f)) {
        if (!first) {
          sb.setLength(sb.length() - 1);
          ln(",");
        }
        first = false;
        ln("    {");
        int n = 3 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
          String v = switch (r.nextInt(8)) {
            case 0 -> Integer.toString(r.nextInt(100_000));
            case 1 -> pick(r, "true", "false", "null");
            case 2 -> "\"" + uuid() + "\"";
            case 3 -> "\"" + timestamp() + "\"";
            case 4 -> "\"" + url() + "\"";
            case 5 -> "\"" + hex(64) + "\"";
            default -> "\"" + words(1, 5) + "\"";
          };
          ln("      \"" + camel(r, 1, 2) + "\": " + v + (i < n - 1 ? "," : ""));
        }
        ln("    }");
      }
      ln("  ]").ln("}");
    }

    void markdown(FileSpec f) {
      ln("# " + cap(words(2, 5))).ln();
      ln(sentence(10, 30) + " " + sentence(8, 20)).ln();
      if (r.nextInt(30) == 0) {
        ln("Owner: " + author()).ln();
      }
      while (!full(f)) {
        int k = r.nextInt(10);
        if (k < 2) {
          ln("## " + cap(words(1, 4))).ln();
        } else if (k < 6) {
          ln(sentence(10, 30) + " " + sentence(6, 20) + " See [" + words(1, 3) + "](" + url() + ").").ln();
        } else if (k < 8) {
          int n = 2 + r.nextInt(5);
          for (int i = 0; i < n; i++) {
            ln("- " + sentence(3, 12));
          }
          ln();
        } else if (k < 9) {
          ln("```" + pick(r, "bash", "java", "yaml", "json"));
          int n = 2 + r.nextInt(8);
          for (int i = 0; i < n; i++) {
            ln(pick(r, "./mvnw -pl " + kebab(r, 1, 2) + " verify", "curl -s " + url(),
                "kubectl -n " + kebab(r, 1, 1) + " rollout status deploy/" + kebab(r, 1, 2),
                snakeId() + ": " + yamlValue(), "git log --oneline " + hex(7) + ".." + hex(7)));
          }
          ln("```").ln();
        } else {
          ln("| " + words(1, 1) + " | " + words(1, 1) + " | " + words(1, 1) + " |");
          ln("|---|---|---|");
          int n = 2 + r.nextInt(6);
          for (int i = 0; i < n; i++) {
            ln("| " + snakeId() + " | " + yamlValue() + " | " + words(2, 6) + " |");
          }
          ln();
        }
      }
    }

    void sql(FileSpec f) {
      ln("-- " + sentence(4, 12));
      ln("-- " + date());
      while (!full(f)) {
        String table = snake(r, 1, 2);
        if (r.nextInt(3) == 0) {
          ln("CREATE TABLE IF NOT EXISTS " + table + " (");
          ln("    id BIGSERIAL PRIMARY KEY,");
          int n = 3 + r.nextInt(8);
          for (int i = 0; i < n; i++) {
            ln("    " + snakeId() + " " + pick(r, "TEXT", "VARCHAR(255)", "BIGINT", "INTEGER",
                "BOOLEAN NOT NULL DEFAULT FALSE", "TIMESTAMPTZ NOT NULL DEFAULT now()",
                "NUMERIC(19, 4)", "UUID", "JSONB") + ",");
          }
          ln("    created_at TIMESTAMPTZ NOT NULL DEFAULT now()");
          ln(");");
          ln("CREATE INDEX IF NOT EXISTS idx_" + table + "_" + snakeId() + " ON " + table + " ("
              + snakeId() + ");").ln();
        } else {
          ln("INSERT INTO " + table + " (id, " + snakeId() + ", " + snakeId() + ", created_at) VALUES");
          int n = 3 + r.nextInt(20);
          for (int i = 0; i < n; i++) {
            ln("    (" + r.nextInt(1_000_000) + ", '" + words(1, 3) + "', '" + uuid() + "', '"
                + timestamp() + "')" + (i < n - 1 ? "," : ";"));
          }
          ln();
        }
      }
    }

    void shell(FileSpec f) {
      ln(f.path.equals("Makefile") ? "# " + sentence(3, 8) : "#!/usr/bin/env bash");
      if (!f.path.equals("Makefile")) {
        ln("# " + sentence(4, 12)).ln("set -euo pipefail").ln();
      }
      while (!full(f)) {
        String fn = snakeId();
        ln(f.path.equals("Makefile") ? fn + ":" : fn + "() {");
        int n = 2 + r.nextInt(10);
        for (int i = 0; i < n; i++) {
          ln("\t" + switch (r.nextInt(9)) {
            case 0 -> "echo \"" + words(2, 6) + "\"";
            case 1 -> "local " + snakeId() + "=\"${" + r.nextInt(4) + ":-" + kebab(r, 1, 2) + "}\"";
            case 2 -> "curl -fsS \"" + url() + "\" -o \"/tmp/" + kebab(r, 1, 2) + ".json\"";
            case 3 -> "./mvnw -q -B -pl " + kebab(r, 1, 2) + " " + pick(r, "verify", "package -DskipTests");
            case 4 -> "# " + sentence(3, 10);
            case 5 -> "if [ -z \"${" + snake(r, 1, 2).toUpperCase(Locale.ROOT) + ":-}\" ]; then exit 1; fi";
            case 6 -> "kubectl -n " + kebab(r, 1, 1) + " get pods -l app=" + kebab(r, 1, 2);
            case 7 -> "git tag -a v" + r.nextInt(5) + "." + r.nextInt(20) + "." + r.nextInt(9) + " -m \"" + words(2, 5) + "\"";
            default -> "docker build -t " + kebab(r, 1, 2) + ":" + hex(12) + " .";
          });
        }
        if (!f.path.equals("Makefile")) {
          ln("}");
        }
        ln();
      }
    }

    void text(FileSpec f) {
      if (f.path.equals(".gitignore")) {
        ln("target/").ln("node_modules/").ln("dist/").ln("*.log").ln(".idea/").ln("__pycache__/");
        ln(".env").ln("*.iml");
        return;
      }
      while (!full(f)) {
        ln(sentence(6, 20));
      }
    }

    void manifest(FileSpec f) {
      String name = f.unit == null ? "acme-platform" : f.unit.name;
      if (f.path.endsWith("pom.xml")) {
        ln("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        ln("<project xmlns=\"http://maven.apache.org/POM/4.0.0\">");
        ln("  <modelVersion>4.0.0</modelVersion>");
        ln("  <groupId>com.acme</groupId>");
        ln("  <artifactId>" + name + "</artifactId>");
        ln("  <version>" + (1 + r.nextInt(4)) + "." + r.nextInt(20) + ".0-SNAPSHOT</version>");
        ln("  <dependencies>");
        while (!full(f)) {
          ln("    <dependency>");
          ln("      <groupId>" + pick(r, "org.springframework.boot", "com.fasterxml.jackson.core",
              "io.micrometer", "org.postgresql", "com.acme", "org.junit.jupiter") + "</groupId>");
          ln("      <artifactId>" + kebab(r, 1, 3) + "</artifactId>");
          ln("      <version>" + r.nextInt(6) + "." + r.nextInt(20) + "." + r.nextInt(10) + "</version>");
          ln("    </dependency>");
        }
        ln("  </dependencies>").ln("</project>");
      } else if (f.path.endsWith("go.mod")) {
        ln("module github.com/acme-corp/" + name).ln().ln("go 1.22").ln().ln("require (");
        while (!full(f)) {
          ln("\tgithub.com/" + kebab(r, 1, 1) + "/" + kebab(r, 1, 2) + " v" + r.nextInt(3) + "."
              + r.nextInt(30) + "." + r.nextInt(10));
        }
        ln(")");
      } else if (f.path.endsWith("pyproject.toml")) {
        ln("[project]").ln("name = \"" + name + "\"").ln("version = \"" + r.nextInt(4) + "." + r.nextInt(10) + ".0\"");
        ln("requires-python = \">=3.11\"").ln("dependencies = [");
        while (!full(f)) {
          ln("  \"" + kebab(r, 1, 2) + ">=" + r.nextInt(5) + "." + r.nextInt(20) + "\",");
        }
        ln("]");
      } else {
        ln("{").ln("  \"name\": \"@acme/" + name + "\",").ln("  \"version\": \"" + r.nextInt(4) + "."
            + r.nextInt(10) + ".0\",").ln("  \"private\": true,").ln("  \"dependencies\": {");
        boolean first = true;
        while (!full(f)) {
          if (!first) {
            sb.setLength(sb.length() - 1);
            ln(",");
          }
          first = false;
          ln("    \"" + kebab(r, 1, 2) + "\": \"^" + r.nextInt(10) + "." + r.nextInt(20) + "."
              + r.nextInt(10) + "\"");
        }
        ln("  }").ln("}");
      }
    }

    // Dedicated planted files ---------------------------------------------------------------------

    void people(FileSpec f) {
      ln("customer_id,first_name,last_name,date_of_birth,ssn,city,state,plan,created_at");
      int rows = 36 + r.nextInt(10);
      Set<Integer> withSsn = new LinkedHashSet<>();
      while (withSsn.size() < f.dedicatedCount) {
        withSsn.add(r.nextInt(rows));
      }
      for (int i = 0; i < rows; i++) {
        String ssn = withSsn.contains(i) ? ssn(r) : "";
        ln((100_000 + r.nextInt(900_000)) + "," + pick(r, FIRST_NAMES) + "," + pick(r, LAST_NAMES)
            + "," + String.format(Locale.ROOT, "%04d-%02d-%02d", 1950 + r.nextInt(50),
                1 + r.nextInt(12), 1 + r.nextInt(28)) + "," + ssn + "," + pick(r, CITIES) + ","
            + pick(r, STATES) + "," + pick(r, "basic", "plus", "premium") + "," + timestamp());
        if (!ssn.isEmpty()) {
          f.plantedLines.add(new int[] {i + 2, Kind.SSN.ordinal()});
        }
      }
    }

    void cardSeed(FileSpec f) {
      ln("-- Repeatable seed: payment methods for the staging tenant " + uuid());
      ln("INSERT INTO payment_method (id, customer_id, brand, card_number, exp_month, exp_year,"
          + " processor_ref, created_at) VALUES");
      int rows = 24 + r.nextInt(10);
      Set<Integer> withCard = new LinkedHashSet<>();
      while (withCard.size() < f.dedicatedCount) {
        withCard.add(r.nextInt(rows));
      }
      for (int i = 0; i < rows; i++) {
        String number = withCard.contains(i) ? "'" + card(r) + "'" : "NULL";
        String brand = withCard.contains(i) ? "visa" : pick(r, "visa", "mastercard", "amex");
        ln("    (" + (1000 + i) + ", " + (100_000 + r.nextInt(900_000)) + ", '"
            + brand + "', " + number + ", " + (1 + r.nextInt(12))
            + ", " + (2026 + r.nextInt(6)) + ", 'pm_" + hex(24) + "', '" + timestamp() + "')"
            + (i < rows - 1 ? "," : ";"));
        if (withCard.contains(i)) {
          f.plantedLines.add(new int[] {i + 3, Kind.CARD.ordinal()});
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Git
  // ---------------------------------------------------------------------------------------------

  static ProcessBuilder gitProcess(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "core.autocrlf=false", "-c",
        "core.fileMode=true", "-c", "commit.gpgSign=false", "-c", "gc.auto=0", "-c",
        "maintenance.auto=false", "-c", "core.hooksPath=/dev/null"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put("GIT_AUTHOR_NAME", "Airlock Bench");
    env.put("GIT_AUTHOR_EMAIL", "bench@airlock.invalid");
    env.put("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z");
    env.put("GIT_COMMITTER_NAME", "Airlock Bench");
    env.put("GIT_COMMITTER_EMAIL", "bench@airlock.invalid");
    env.put("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("TZ", "UTC");
    return pb;
  }

  static void git(Path dir, String... args) throws IOException, InterruptedException {
    Process p = gitProcess(dir, args).inheritIO().start();
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed with exit code " + rc);
    }
  }

  static String gitOutput(Path dir, String... args) throws IOException, InterruptedException {
    Process p = gitProcess(dir, args).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String s;
    try (InputStream in = p.getInputStream()) {
      s = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    if (p.waitFor() != 0) {
      throw new UncheckedIOException(new IOException("git " + String.join(" ", args) + " failed"));
    }
    return s;
  }
}
