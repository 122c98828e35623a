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
 * Writes a deterministic Git repository of generated Go API code for whole-process scan
 * benchmarks: one Go module of gRPC/HTTP services with protobuf definitions, protoc-style
 * generated structs and clients, handlers, services, stores with SQL, table-driven tests, shared
 * packages, a vendor tree, go.mod/go.sum, OpenAPI and Kubernetes YAML.
 *
 * <pre>java bench/GenerateGoApi.java OUT_DIR [SIZE_MB] [SEED]     (defaults: 300, 42)</pre>
 *
 * The same seed and size give byte-identical files and the same commit. A handful of synthetic
 * credentials, random at generation time, are planted in non-test, non-vendor files and listed
 * in {@code <OUT_DIR>-planted.tsv} as path, line, kind (never the values). SIZE_MB is decimal.
 */
public final class GenerateGoApi {

  static final String[] NOUNS = {
    "account", "invoice", "order", "customer", "payment", "ledger", "balance", "tenant", "user",
    "session", "record", "batch", "job", "task", "queue", "message", "event", "channel", "topic",
    "cursor", "page", "item", "product", "price", "tax", "discount", "coupon", "cart", "shipment",
    "parcel", "route", "region", "zone", "cluster", "node", "shard", "replica", "snapshot",
    "metric", "counter", "span", "trace", "audit", "policy", "rule", "role", "permission", "group",
    "member", "profile", "address", "contact", "report", "export", "schema", "filter", "bucket",
    "object", "blob", "folder", "entry", "header", "payload", "status", "state", "phase", "plan",
    "quota", "usage", "rate", "retry", "lease", "lock", "cache", "store", "registry", "catalog",
    "setting", "option", "flag", "feature", "variant", "segment", "score", "model", "warehouse",
    "stock", "supplier", "vendor", "contract", "subscription", "renewal", "refund", "dispute",
    "settlement", "transfer", "currency", "amount", "fee", "statement", "notification", "template",
    "locale", "schedule", "slot", "booking", "ticket", "comment", "review", "rating", "device"
  };

  static final String[] VERBS = {
    "get", "list", "create", "update", "delete", "find", "load", "save", "build", "parse",
    "resolve", "compute", "apply", "merge", "validate", "check", "ensure", "handle", "process",
    "dispatch", "publish", "consume", "emit", "collect", "flush", "sync", "fetch", "send",
    "encode", "decode", "marshal", "unmarshal", "normalize", "convert", "render", "register",
    "schedule", "cancel", "retry", "refresh", "reset", "close", "open", "start", "stop", "compare",
    "accept", "reject", "approve", "archive", "restore", "migrate", "lookup", "reconcile",
    "allocate", "release", "acquire", "evict", "drain", "watch", "batch", "split"
  };

  static final String[] SERVICES = {
    "billing", "accounts", "orders", "inventory", "catalog", "identity", "notifications",
    "payments", "search", "shipping", "pricing", "reviews", "ledger", "audit", "scheduler",
    "gateway", "reporting", "subscriptions", "fulfillment", "tenancy", "loyalty", "media",
    "messaging", "risk", "tax", "warehouse", "returns", "checkout", "recommendations", "support"
  };

  static final String[] VENDOR_LIBS = {
    "github.com/grpc-ecosystem/grpc-gateway/v2/runtime", "google.golang.org/protobuf/internal/impl",
    "google.golang.org/grpc/internal/transport", "github.com/jackc/pgx/v5/pgconn",
    "go.uber.org/zap/zapcore", "github.com/prometheus/client_golang/prometheus",
    "golang.org/x/net/http2", "github.com/spf13/cobra", "go.opentelemetry.io/otel/sdk/trace",
    "github.com/google/uuid", "github.com/stretchr/testify/assert", "github.com/go-chi/chi/v5",
    "github.com/redis/go-redis/v9/internal/pool", "github.com/segmentio/kafka-go/protocol",
    "golang.org/x/sync/errgroup", "github.com/hashicorp/golang-lru/v2/simplelru",
    "github.com/cenkalti/backoff/v4", "github.com/golang-jwt/jwt/v5", "gopkg.in/yaml.v3",
    "github.com/aws/aws-sdk-go-v2/service/s3/internal/customizations"
  };

  static final String[] FIELD_TYPES = {
    "string", "string", "string", "int64", "int32", "bool", "float64", "[]byte", "[]string",
    "*timestamppb.Timestamp", "map[string]string", "uint64"
  };

  static final String[] PROTO_TYPES = {
    "string", "string", "string", "int64", "int32", "bool", "double", "bytes",
    "repeated string", "google.protobuf.Timestamp", "map<string, string>", "uint64"
  };

  static final String[] DECOYS = {
    "\tpassword := os.Getenv(\"DB_PASSWORD\")",
    "\ttoken := r.Header.Get(\"Authorization\")",
    "\tif cfg.APIKey == \"\" {\n\t\treturn errors.New(\"config: api key is required\")\n\t}",
    "\tsecret, err := s.secrets.Get(ctx, \"signing-key\")",
    "\t// The token is validated by the gateway; only its subject is read here.",
    "\tkey := fmt.Sprintf(\"%s/%s\", tenantID, objectID)",
    "\tcreds := credentials.NewStaticCredentialsProvider(cfg.AccessKeyID, cfg.SecretAccessKey, \"\")",
    "\tif errors.Is(err, auth.ErrInvalidToken) {\n\t\treturn status.Error(codes.Unauthenticated, \"invalid token\")\n\t}"
  };

  enum Type { GO, GO_TEST, PB, GRPC, CLIENT, VENDOR, PROTO, OPENAPI, YAML, SQL, MD, GOMOD, GOSUM,
    MAKEFILE, MODULES_TXT, TXT }

  /** What is planted; the id is the rule family a scanner should report. */
  enum Kind {
    AWS("aws-access-key-id"), GITHUB("github-pat-classic"), SLACK("slack-bot-token"),
    STRIPE("stripe-secret-key"), GOOGLE("google-api-key"), SENDGRID("sendgrid-api-key"),
    DB_URL("database-url-password"), PEM("private-key-rsa");

    final String id;

    Kind(String id) {
      this.id = id;
    }
  }

  /** The kinds of the 14 plants, in the order they are given to host files. */
  static final Kind[] PLANTS = {
    Kind.AWS, Kind.AWS, Kind.AWS, Kind.GITHUB, Kind.GITHUB, Kind.SLACK, Kind.SLACK, Kind.STRIPE,
    Kind.STRIPE, Kind.GOOGLE, Kind.GOOGLE, Kind.SENDGRID, Kind.DB_URL, Kind.PEM
  };

  static final class FileSpec {
    final int index;
    final String path;
    final Type type;
    final int target;
    final String svc;
    final String resource;
    Kind plant;
    int plantedLine;

    FileSpec(int index, String path, Type type, int target, String svc, String resource) {
      this.index = index;
      this.path = path;
      this.type = type;
      this.target = target;
      this.svc = svc;
      this.resource = resource;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 3 || args[0].startsWith("-")) {
      System.err.println("usage: java bench/GenerateGoApi.java OUT_DIR [SIZE_MB] [SEED]   (defaults: 300, 42)");
      System.exit(2);
    }
    long started = System.nanoTime();
    Path out = Paths.get(args[0]).toAbsolutePath().normalize();
    int sizeMb = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42L;
    if (sizeMb < 1) {
      throw new IllegalArgumentException("SIZE_MB must be at least 1");
    }
    requireEmpty(out);
    System.out.println("seed " + seed + ", size " + sizeMb + " MB, output " + out);

    List<FileSpec> files = plan(new Random(seed), sizeMb * 1_000_000L);
    assignPlants(new Random(seed ^ 0x5DEECE66DL), files);
    long total = writeAll(out, files, seed);
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

    String tree = commit(out, "Import generated Go API monorepo (seed " + seed + ", " + sizeMb + " MB)");
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.println("files:   " + files.size());
    System.out.println("bytes:   " + total);
    System.out.println("planted: " + plantCount + " (" + tsv + ")");
    System.out.println("tree:    " + tree);
    System.out.printf(Locale.ROOT, "elapsed: %.1f s (files %.1f s, git %.1f s)%n",
        seconds, genSeconds, seconds - genSeconds);
  }

  // ---------------------------------------------------------------------------------------------
  // Plan: which files, where, how large. One Random, so the plan depends on the seed and size only.
  // ---------------------------------------------------------------------------------------------

  static final String MODULE = "github.com/acme-corp/platform";

  static List<FileSpec> plan(Random r, long budget) {
    List<FileSpec> files = new ArrayList<>();
    Set<String> paths = new LinkedHashSet<>();
    int serviceCount = (int) Math.min(SERVICES.length, 6 + budget / 12_000_000L);
    List<String> services = new ArrayList<>(List.of(SERVICES).subList(0, serviceCount));
    List<Set<String>> resources = new ArrayList<>();
    for (int i = 0; i < serviceCount; i++) {
      resources.add(new LinkedHashSet<>());
    }
    long[] planned = {0};
    long vendorBytes = 0;
    long pkgBytes = 0;
    java.util.function.BiFunction<String, Object[], FileSpec> add = (path, spec) -> {
      if (!paths.add(path)) {
        return null;
      }
      FileSpec f = new FileSpec(files.size(), path, (Type) spec[0], (Integer) spec[1],
          (String) spec[2], (String) spec[3]);
      files.add(f);
      planned[0] += f.target;
      return f;
    };
    add.apply("go.mod", new Object[] {Type.GOMOD, 3_000, null, null});
    add.apply("go.sum", new Object[] {Type.GOSUM, 60_000 + r.nextInt(120_000), null, null});
    add.apply("Makefile", new Object[] {Type.MAKEFILE, 4_000, null, null});
    add.apply("README.md", new Object[] {Type.MD, 9_000, null, null});
    add.apply(".gitignore", new Object[] {Type.TXT, 200, null, null});
    add.apply("buf.yaml", new Object[] {Type.YAML, 600, null, null});
    add.apply("buf.gen.yaml", new Object[] {Type.YAML, 700, null, null});
    add.apply(".github/workflows/ci.yml", new Object[] {Type.YAML, 3_000, null, null});
    add.apply("vendor/modules.txt", new Object[] {Type.MODULES_TXT, 8_000, null, null});
    for (String svc : services) {
      add.apply("services/" + svc + "/cmd/" + svc + "-server/main.go", new Object[] {Type.GO, 4_000 + r.nextInt(6_000), svc, "server"});
      add.apply("services/" + svc + "/internal/config/config.go", new Object[] {Type.GO, 3_000 + r.nextInt(5_000), svc, "config"});
      add.apply("services/" + svc + "/README.md", new Object[] {Type.MD, 2_000 + r.nextInt(6_000), svc, null});
      add.apply("deploy/" + svc + "/deployment.yaml", new Object[] {Type.YAML, 3_000 + r.nextInt(3_000), svc, "deploy"});
      add.apply("deploy/" + svc + "/values.yaml", new Object[] {Type.YAML, 1_500 + r.nextInt(3_000), svc, "values"});
      add.apply("api/openapi/" + svc + ".yaml", new Object[] {Type.OPENAPI, 20_000 + r.nextInt(60_000), svc, null});
    }
    int round = 0;
    while (planned[0] < budget) {
      int s = round++ % serviceCount;
      String svc = services.get(s);
      String res;
      do {
        res = pick(r, NOUNS) + (r.nextInt(3) == 0 ? "_" + pick(r, NOUNS) : "");
      } while (!resources.get(s).add(res) && resources.get(s).size() < 2_000);
      String base = "services/" + svc + "/internal/";
      String gen = "gen/go/acme/" + svc + "/v1/";
      Object[][] bundle = {
        {"api/proto/acme/" + svc + "/v1/" + res + ".proto", Type.PROTO, logSize(r, 1_500, 8)},
        {gen + res + ".pb.go", Type.PB, logSize(r, 12_000, 10)},
        {gen + res + "_grpc.pb.go", Type.GRPC, logSize(r, 6_000, 5)},
        {"services/" + svc + "/client/" + res + "_client.gen.go", Type.CLIENT, logSize(r, 8_000, 8)},
        {base + "handler/" + res + "_handler.go", Type.GO, logSize(r, 3_000, 8)},
        {base + "handler/" + res + "_handler_test.go", Type.GO_TEST, logSize(r, 3_000, 8)},
        {base + "service/" + res + "_service.go", Type.GO, logSize(r, 3_000, 10)},
        {base + "service/" + res + "_service_test.go", Type.GO_TEST, logSize(r, 3_000, 8)},
        {base + "store/" + res + "_store.go", Type.GO, logSize(r, 2_500, 8)},
        {base + "store/" + res + "_store_test.go", Type.GO_TEST, logSize(r, 2_000, 6)},
        {base + "store/migrations/" + String.format(Locale.ROOT, "%04d", resources.get(s).size()) + "_" + res + ".up.sql", Type.SQL, logSize(r, 600, 4)},
      };
      for (Object[] b : bundle) {
        if (r.nextInt(10) < 9 || b[1] == Type.PB || b[1] == Type.GO) {
          add.apply((String) b[0], new Object[] {b[1], b[2], svc, res});
        }
      }
      // Shared packages and vendored modules keep their share of the tree as it grows.
      while (pkgBytes < planned[0] / 20) {
        String p = "pkg/" + pick(r, "httpx", "grpcx", "auth", "db", "metrics", "retry", "log", "kafka", "cache", "errors", "pagination", "idgen", "featureflag", "tracing")
            + "/" + pick(r, VERBS) + "_" + pick(r, NOUNS) + (r.nextInt(3) == 0 ? "_test" : "") + ".go";
        FileSpec f = add.apply(p, new Object[] {p.endsWith("_test.go") ? Type.GO_TEST : Type.GO, logSize(r, 2_000, 10), "pkg", null});
        pkgBytes += f == null ? 200 : f.target;
      }
      while (vendorBytes < planned[0] / 8) {
        String p = "vendor/" + pick(r, VENDOR_LIBS) + "/" + pick(r, NOUNS) + (r.nextBoolean() ? "_" + pick(r, VERBS) : "") + ".go";
        FileSpec f = add.apply(p, new Object[] {Type.VENDOR, logSize(r, 2_000, 30), null, null});
        vendorBytes += f == null ? 200 : f.target;
      }
    }
    return files;
  }

  /** Log-uniform between min and min * spread, with 1% of files ten times that. */
  static int logSize(Random r, int min, int spread) {
    int n = (int) Math.round(min * Math.pow(spread, r.nextDouble()));
    return r.nextInt(100) == 0 ? n * 10 : n;
  }

  /** Plants go into hand-written Go and deployment YAML: not tests, not vendor, not generated. */
  static void assignPlants(Random r, List<FileSpec> files) {
    List<FileSpec> hosts = new ArrayList<>();
    for (FileSpec f : files) {
      boolean go = f.type == Type.GO && f.svc != null && !f.svc.equals("pkg");
      boolean yaml = f.type == Type.YAML && "values".equals(f.resource);
      if (go || yaml) {
        hosts.add(f);
      }
    }
    for (Kind k : PLANTS) {
      FileSpec f;
      do {
        f = hosts.get(r.nextInt(hosts.size()));
      } while (f.plant != null || (k == Kind.PEM && f.type != Type.GO));
      f.plant = k;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing: one seeded Random per file, so the thread count does not change the output.
  // ---------------------------------------------------------------------------------------------

  static long writeAll(Path out, List<FileSpec> files, long seed) throws Exception {
    Set<Path> dirs = new LinkedHashSet<>();
    for (FileSpec f : files) {
      Path parent = out.resolve(f.path).getParent();
      if (dirs.add(parent)) {
        Files.createDirectories(parent);
      }
    }
    long total = 0;
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    // A failed write must end the program, not leave the pool's threads keeping it alive.
    try {
      List<Future<Integer>> sizes = new ArrayList<>();
      for (FileSpec f : files) {
        sizes.add(pool.submit(() -> {
          Random r = new Random(seed * 0x9E3779B97F4A7C15L + f.index * 0xBF58476D1CE4E5B9L + 7);
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
    return total;
  }

  static String pick(Random r, String... a) {
    return a[r.nextInt(a.length)];
  }

  /** Pascal case of a snake or kebab name; plain loops, as this runs for most identifiers. */
  static String cap(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean up = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '_' || c == '-') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return b.toString();
  }

  /** Go's initialisms: userId reads as userID in real code. */
  static String goName(String s) {
    String c = cap(s);
    return c.endsWith("Id") ? c.substring(0, c.length() - 2) + "ID" : c;
  }

  static final String HEX = "0123456789abcdef";
  static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  static String chars(Random r, String alphabet, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
    }
    return new String(c);
  }

  /** A random value of the given shape that no placeholder check would take for an example. */
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

  static String githubToken(Random r) {
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

  // ---------------------------------------------------------------------------------------------
  // Content
  // ---------------------------------------------------------------------------------------------

  static final class Gen {
    final Random r;
    final FileSpec f;
    final StringBuilder sb;
    int lines;
    /** The plant goes in at the first top-level boundary past this offset. */
    int plantAt;

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
      if (r.nextBoolean()) {
        s += goName(noun());
      }
      return r.nextInt(4) == 0 ? s + "ID" : s;
    }

    String hex(int n) {
      return chars(r, "0123456789abcdef", n);
    }

    String res() {
      return f.resource == null ? noun() : f.resource;
    }

    String svc() {
      return f.svc == null ? "core" : f.svc;
    }

    String generate() {
      switch (f.type) {
        case GO -> handWritten();
        case GO_TEST -> test();
        case PB -> pb();
        case GRPC -> grpc();
        case CLIENT -> client();
        case VENDOR -> vendor();
        case PROTO -> proto();
        case OPENAPI -> openapi();
        case YAML -> yaml();
        case SQL -> sql();
        case MD -> markdown();
        case GOMOD -> gomod();
        case GOSUM -> gosum();
        case MAKEFILE -> makefile();
        case MODULES_TXT -> modules();
        case TXT -> ln("/bin/").ln("/dist/").ln("*.out").ln("coverage.html").ln(".idea/").ln(".env");
      }
      if (f.plant != null && f.plantedLine == 0) {
        plant();
      }
      return sb.toString();
    }

    /** At a top-level boundary: Go declarations or YAML keys. */
    void maybePlant() {
      if (sb.length() >= plantAt && f.plantedLine == 0) {
        plant();
      }
    }

    void plant() {
      Kind k = f.plant;
      String v = switch (k) {
        case AWS -> value(r, "AKIA", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        case GITHUB -> githubToken(r);
        case SLACK -> "xoxb-" + (1 + r.nextInt(9)) + chars(r, "0123456789", 10) + "-"
            + (1 + r.nextInt(9)) + chars(r, "0123456789", 12) + "-" + value(r, "", ALNUM, 24);
        case STRIPE -> value(r, "sk_live_", ALNUM, 24 + r.nextInt(8));
        case GOOGLE -> value(r, "AIza", ALNUM + "_-", 35);
        case SENDGRID -> "SG." + value(r, "", ALNUM + "_-", 22) + "." + value(r, "", ALNUM + "_-", 43);
        case DB_URL -> "postgres://" + svc() + "_app:" + value(r, "", ALNUM, 20) + "@" + svc()
            + "-db.internal.acme-corp.net:5432/" + svc() + "?sslmode=require";
        case PEM -> null;
      };
      String name = switch (k) {
        case AWS -> "awsAccessKeyID";
        case GITHUB -> "githubToken";
        case SLACK -> "slackBotToken";
        case STRIPE -> "stripeAPIKey";
        case GOOGLE -> "mapsAPIKey";
        case SENDGRID -> "sendgridAPIKey";
        case DB_URL -> "databaseURL";
        case PEM -> "signingKeyPEM";
      };
      if (f.type == Type.YAML) {
        ln();
        f.plantedLine = lines + 1;
        ln(snake(name) + ": \"" + v + "\"");
        ln();
        return;
      }
      ln();
      if (k == Kind.PEM) {
        ln("// " + name + " signs the " + svc() + " service's webhook payloads.");
        ln("var " + name + " = []byte(`");
        f.plantedLine = lines + 1;
        byte[] der = new byte[1190];
        r.nextBytes(der);
        byte[] head = {0x30, (byte) 0x82, 0x04, (byte) 0xA4, 0x02, 0x01, 0x00, 0x02, (byte) 0x82, 0x01, 0x01, 0x00};
        System.arraycopy(head, 0, der, 0, head.length);
        String b64 = Base64.getEncoder().encodeToString(der);
        ln("-----BEGIN RSA PRIVATE KEY-----");
        for (int i = 0; i < b64.length(); i += 64) {
          ln(b64.substring(i, Math.min(b64.length(), i + 64)));
        }
        ln("-----END RSA PRIVATE KEY-----");
        ln("`)");
      } else {
        ln("// " + name + " is used when the environment does not set one.");
        f.plantedLine = lines + 1;
        ln("const " + name + " = \"" + v + "\"");
      }
      ln();
    }

    static String snake(String camel) {
      StringBuilder b = new StringBuilder(camel.length() + 4);
      for (int i = 0; i < camel.length(); i++) {
        char c = camel.charAt(i);
        if (Character.isUpperCase(c)) {
          if (i > 0 && Character.isLowerCase(camel.charAt(i - 1))) {
            b.append('_');
          }
          b.append(Character.toLowerCase(c));
        } else {
          b.append(c);
        }
      }
      return b.toString();
    }

    // --- hand-written Go: handlers, services, stores, config, main ---------------------------

    void goHeader(String pkg, String... imports) {
      if (r.nextInt(3) == 0) {
        ln("// Copyright 2024 Acme Corp. All rights reserved.");
        ln("// Use of this source code is governed by the Acme Corp internal license.");
        ln();
      }
      ln("package " + pkg).ln().ln("import (");
      for (String i : imports) {
        ln(i.isEmpty() ? "" : "\t\"" + i + "\"");
      }
      ln(")").ln();
    }

    void handWritten() {
      String pkg = f.path.substring(0, f.path.lastIndexOf('/'));
      pkg = f.path.endsWith("/main.go") ? "main" : pkg.substring(pkg.lastIndexOf('/') + 1).replace("-", "");
      String typ = goName(res()) + goName(pkg.equals("main") ? "server" : pkg);
      goHeader(pkg, "context", "database/sql", "encoding/json", "errors", "fmt", "net/http", "time", "",
          MODULE + "/gen/go/acme/" + svc() + "/v1", MODULE + "/pkg/httpx", MODULE + "/pkg/log",
          "go.opentelemetry.io/otel", "go.uber.org/zap");
      ln("var tracer = otel.Tracer(\"" + MODULE + "/services/" + svc() + "/" + pkg + "\")").ln();
      ln("// " + typ + " " + verb() + "s " + res().replace('_', ' ') + " " + noun() + "s for the " + svc() + " API.");
      ln("type " + typ + " struct {");
      int n = 3 + r.nextInt(5);
      for (int i = 0; i < n; i++) {
        ln("\t" + camel() + " " + pick(r, "*sql.DB", "*zap.Logger", "time.Duration", "httpx.Client", "*" + goName(noun()) + "Store", "int", "string", "[]string"));
      }
      ln("}").ln();
      ln("// New" + typ + " returns a " + typ + " that uses db and logs to logger.");
      ln("func New" + typ + "(db *sql.DB, logger *zap.Logger) *" + typ + " {");
      ln("\treturn &" + typ + "{db: db, logger: logger.Named(\"" + res() + "\")}");
      ln("}").ln();
      while (more()) {
        maybePlant();
        if (r.nextInt(8) == 0) {
          constBlock();
        } else if (r.nextInt(6) == 0) {
          structDecl(goName(noun()) + goName(pick(r, "Request", "Response", "Filter", "Row", "Params", "Event")));
        } else {
          method(typ, pkg);
        }
      }
    }

    void constBlock() {
      ln("const (");
      int n = 2 + r.nextInt(6);
      for (int i = 0; i < n; i++) {
        String name = pick(r, "default", "max", "min") + goName(noun()) + pick(r, "Size", "Timeout", "Retries", "Limit", "TTL");
        ln("\t" + name + " = " + pick(r, String.valueOf(r.nextInt(1000)), r.nextInt(60) + " * time.Second", "\"" + noun() + "." + verb() + "\""));
      }
      ln(")").ln();
    }

    void structDecl(String name) {
      ln("type " + name + " struct {");
      int n = 3 + r.nextInt(9);
      for (int i = 0; i < n; i++) {
        String field = camel();
        ln("\t" + goName(field) + " " + pick(r, FIELD_TYPES).replace("*timestamppb.Timestamp", "time.Time") + " `json:\"" + snake(field) + ",omitempty\" db:\"" + snake(field) + "\"`");
      }
      ln("}").ln();
    }

    void method(String typ, String pkg) {
      String name = goName(verb()) + goName(res());
      if (pkg.equals("handler")) {
        ln("// " + name + " handles " + pick(r, "GET", "POST", "PUT", "DELETE") + " /v1/" + svc() + "/" + res() + "s/{id}.");
        ln("func (h *" + typ + ") " + name + "(w http.ResponseWriter, r *http.Request) {");
        ln("\tctx, span := tracer.Start(r.Context(), \"" + typ + "." + name + "\")");
        ln("\tdefer span.End()");
        ln("\tid := chi.URLParam(r, \"" + camel() + "\")");
        ln("\tvar req " + goName(res()) + "Request");
        ln("\tif err := json.NewDecoder(r.Body).Decode(&req); err != nil {");
        ln("\t\thttpx.WriteError(w, http.StatusBadRequest, fmt.Errorf(\"decode " + res() + ": %w\", err))");
        ln("\t\treturn").ln("\t}");
      } else {
        ln("// " + name + " " + verb() + "s the " + noun() + " and " + verb() + "s its " + noun() + "s; it is safe for concurrent use.");
        ln("func (s *" + typ + ") " + name + "(ctx context.Context, " + camel() + " string, opts ..." + goName(noun()) + "Option) (*" + svc().replace("-", "") + "v1." + goName(res()) + ", error) {");
        ln("\tctx, span := tracer.Start(ctx, \"" + typ + "." + name + "\")");
        ln("\tdefer span.End()");
      }
      int n = 3 + r.nextInt(10);
      for (int i = 0; i < n; i++) {
        statement("\t", 0);
      }
      if (pkg.equals("handler")) {
        ln("\thttpx.WriteJSON(w, http.StatusOK, resp)");
      } else {
        ln("\treturn out, nil");
      }
      ln("}").ln();
    }

    void statement(String in, int depth) {
      switch (r.nextInt(depth > 1 ? 9 : 12)) {
        case 0 -> ln(in + camel() + ", err := s." + verb() + goName(noun()) + "(ctx, " + camel() + ")")
            .ln(in + "if err != nil {").ln(in + "\treturn nil, fmt.Errorf(\"" + verb() + " " + noun() + " %s: %w\", " + camel() + ", err)").ln(in + "}");
        case 1 -> ln(in + "s.logger.Info(\"" + noun() + " " + verb() + "ed\", zap.String(\"" + snake(camel()) + "\", " + camel() + "), zap.Int(\"count\", len(" + camel() + "s)))");
        case 2 -> ln(in + camel() + " := &" + svc().replace("-", "") + "v1." + goName(noun()) + "{" + goName(camel()) + ": " + camel() + ", " + goName(noun()) + "ID: req." + goName(noun()) + "ID, CreatedAt: timestamppb.Now()}");
        case 3 -> ln(in + "metrics." + goName(noun()) + "Duration.WithLabelValues(\"" + svc() + "\", \"" + verb() + "\").Observe(time.Since(start).Seconds())");
        case 4 -> ln(in + "row := s.db.QueryRowContext(ctx, `SELECT " + snake(camel()) + ", " + snake(camel()) + ", updated_at FROM " + snake(res()) + "s WHERE tenant_id = $1 AND id = $2`, tenantID, id)");
        case 5 -> ln(in + "if errors.Is(err, sql.ErrNoRows) {").ln(in + "\treturn nil, status.Errorf(codes.NotFound, \"" + res() + " %q not found\", id)").ln(in + "}");
        case 6 -> ln(in + "ctx, cancel := context.WithTimeout(ctx, " + (1 + r.nextInt(30)) + "*time.Second)").ln(in + "defer cancel()");
        case 7 -> ln(depth == 0 && r.nextInt(4) == 0 ? pick(r, DECOYS) : in + "// " + cap(verb()) + " before " + verb() + "ing: the " + noun() + " may be " + pick(r, "stale", "missing", "locked", "partial") + " after a " + noun() + " " + verb() + ".");
        case 8 -> ln(in + camel() + " = append(" + camel() + ", " + goName(noun()) + "{ID: uuid.NewString(), Name: " + camel() + ".Name, Amount: " + r.nextInt(10_000) + "})");
        case 9 -> {
          ln(in + "for _, " + noun() + " := range " + camel() + "s {");
          int n = 1 + r.nextInt(3);
          for (int i = 0; i < n; i++) {
            statement(in + "\t", depth + 1);
          }
          ln(in + "}");
        }
        case 10 -> {
          ln(in + "if " + camel() + " " + pick(r, "== nil", "!= nil", "> " + r.nextInt(100), "== \"\"") + " {");
          statement(in + "\t", depth + 1);
          ln(in + "}");
        }
        default -> {
          ln(in + "switch " + camel() + ".Status {");
          for (int i = 0; i < 2 + r.nextInt(3); i++) {
            ln(in + "case " + svc().replace("-", "") + "v1." + goName(res()) + "Status_" + noun().toUpperCase(Locale.ROOT) + ":");
            statement(in + "\t", depth + 1);
          }
          ln(in + "}");
        }
      }
    }

    // --- tests ----------------------------------------------------------------------------------

    void test() {
      String pkg = f.path.substring(0, f.path.lastIndexOf('/'));
      pkg = pkg.substring(pkg.lastIndexOf('/') + 1);
      goHeader(pkg, "context", "testing", "time", "", "github.com/stretchr/testify/assert", "github.com/stretchr/testify/require");
      while (more()) {
        String name = "Test" + goName(res()) + "_" + goName(verb()) + goName(noun());
        ln("func " + name + "(t *testing.T) {");
        ln("\ttests := []struct {").ln("\t\tname    string");
        ln("\t\t" + camel() + " string").ln("\t\t" + camel() + " int64").ln("\t\twantErr bool").ln("\t}{");
        int n = 2 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
          ln("\t\t{name: \"" + pick(r, "returns", "rejects", "keeps", "skips", "retries") + " " + noun() + " when " + noun() + " is " + pick(r, "empty", "missing", "stale", "valid", "expired") + "\", " + camel() + ": \"" + noun() + "-" + hex(8) + "\", " + camel() + ": " + r.nextInt(100_000) + ", wantErr: " + r.nextBoolean() + "},");
        }
        ln("\t}");
        ln("\tfor _, tt := range tests {");
        ln("\t\tt.Run(tt.name, func(t *testing.T) {");
        ln("\t\t\tctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)");
        ln("\t\t\tdefer cancel()");
        ln("\t\t\tgot, err := new" + goName(res()) + "Fixture(t)." + goName(verb()) + "(ctx, tt." + camel() + ")");
        ln("\t\t\tif tt.wantErr {").ln("\t\t\t\trequire.Error(t, err)").ln("\t\t\t\treturn").ln("\t\t\t}");
        ln("\t\t\trequire.NoError(t, err)");
        ln("\t\t\tassert.Equal(t, tt." + camel() + ", got." + goName(camel()) + ")");
        ln("\t\t})").ln("\t}").ln("}").ln();
      }
    }

    // --- generated code -------------------------------------------------------------------------

    void pb() {
      String pkg = svc().replace("-", "") + "v1";
      ln("// Code generated by protoc-gen-go. DO NOT EDIT.");
      ln("// versions:").ln("// \tprotoc-gen-go v1.34.2").ln("// \tprotoc        (unknown)");
      ln("// source: acme/" + svc() + "/v1/" + res() + ".proto").ln();
      ln("package " + pkg).ln().ln("import (");
      ln("\tprotoreflect \"google.golang.org/protobuf/reflect/protoreflect\"");
      ln("\tprotoimpl \"google.golang.org/protobuf/runtime/protoimpl\"");
      ln("\ttimestamppb \"google.golang.org/protobuf/types/known/timestamppb\"");
      ln("\treflect \"reflect\"").ln("\tsync \"sync\"").ln(")").ln();
      int msg = 0;
      while (sb.length() < f.target * 7 / 10) {
        String m = goName(res()) + (msg == 0 ? "" : goName(pick(r, "Request", "Response", "Filter", "Page", "Summary", "Event", "Item"))) + (msg > 6 ? msg : "");
        ln("type " + m + " struct {");
        ln("\tstate         protoimpl.MessageState").ln("\tsizeCache     protoimpl.SizeCache").ln("\tunknownFields protoimpl.UnknownFields").ln();
        int n = 3 + r.nextInt(12);
        List<String[]> fields = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          String fld = camel();
          String ty = pick(r, FIELD_TYPES);
          fields.add(new String[] {goName(fld), ty});
          ln("\t" + goName(fld) + " " + ty + " `protobuf:\"" + (ty.startsWith("int") || ty.equals("bool") ? "varint" : "bytes") + "," + i + "," + (ty.startsWith("[]") && !ty.equals("[]byte") ? "rep" : "opt") + ",name=" + snake(fld) + ",json=" + fld + ",proto3\" json:\"" + snake(fld) + ",omitempty\"`");
        }
        ln("}").ln();
        ln("func (x *" + m + ") Reset() {").ln("\t*x = " + m + "{}").ln("\tmi := &file_acme_" + svc().replace("-", "_") + "_v1_" + res() + "_proto_msgTypes[" + msg + "]");
        ln("\tms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))").ln("\tms.StoreMessageInfo(mi)").ln("}").ln();
        ln("func (x *" + m + ") String() string {").ln("\treturn protoimpl.X.MessageStringOf(x)").ln("}").ln();
        ln("func (*" + m + ") ProtoMessage() {}").ln();
        ln("// Deprecated: Use " + m + ".ProtoReflect.Descriptor instead.");
        ln("func (*" + m + ") Descriptor() ([]byte, []int) {");
        ln("\treturn file_acme_" + svc().replace("-", "_") + "_v1_" + res() + "_proto_rawDescGZIP(), []int{" + msg + "}").ln("}").ln();
        for (String[] fd : fields) {
          String zero = switch (fd[1]) {
            case "string" -> "\"\"";
            case "bool" -> "false";
            case "int64", "int32", "float64", "uint64" -> "0";
            default -> "nil";
          };
          ln("func (x *" + m + ") Get" + fd[0] + "() " + fd[1] + " {").ln("\tif x != nil {").ln("\t\treturn x." + fd[0]).ln("\t}").ln("\treturn " + zero).ln("}").ln();
        }
        msg++;
      }
      ln("var File_acme_" + svc().replace("-", "_") + "_v1_" + res() + "_proto protoreflect.FileDescriptor").ln();
      ln("var file_acme_" + svc().replace("-", "_") + "_v1_" + res() + "_proto_rawDesc = []byte{");
      while (more()) {
        StringBuilder l = new StringBuilder("\t");
        for (int i = 0; i < 16; i++) {
          int b = r.nextInt(4) == 0 ? 0x61 + r.nextInt(26) : r.nextInt(256);
          l.append(i == 0 ? "0x" : " 0x").append(HEX.charAt(b >> 4)).append(HEX.charAt(b & 15)).append(',');
        }
        ln(l.toString());
      }
      ln("}").ln();
      ln("var (").ln("\tfile_acme_" + svc().replace("-", "_") + "_v1_" + res() + "_proto_rawDescOnce sync.Once").ln(")").ln();
      ln("var _ = reflect.TypeOf((*timestamppb.Timestamp)(nil))");
    }

    void grpc() {
      String svcName = goName(res()) + "Service";
      String pkg = svc().replace("-", "") + "v1";
      ln("// Code generated by protoc-gen-go-grpc. DO NOT EDIT.");
      ln("// versions:").ln("// - protoc-gen-go-grpc v1.4.0").ln("// - protoc             (unknown)");
      ln("// source: acme/" + svc() + "/v1/" + res() + ".proto").ln();
      ln("package " + pkg).ln().ln("import (").ln("\tcontext \"context\"").ln("\tgrpc \"google.golang.org/grpc\"");
      ln("\tcodes \"google.golang.org/grpc/codes\"").ln("\tstatus \"google.golang.org/grpc/status\"").ln(")").ln();
      ln("const _ = grpc.SupportPackageIsVersion8").ln();
      List<String> rpcs = new ArrayList<>();
      while (rpcs.size() < 3 || sb.length() + rpcs.size() * 900 < f.target) {
        rpcs.add(goName(verb()) + goName(res()) + (rpcs.size() > 4 ? goName(noun()) : ""));
      }
      ln("const (");
      for (String rpc : rpcs) {
        ln("\t" + svcName + "_" + rpc + "_FullMethodName = \"/acme." + svc() + ".v1." + svcName + "/" + rpc + "\"");
      }
      ln(")").ln();
      ln("// " + svcName + "Client is the client API for " + svcName + " service.").ln("//");
      ln("// For semantics around ctx use and closing/ending streaming RPCs, please refer to https://pkg.go.dev/google.golang.org/grpc/?tab=doc#ClientConn.NewStream.");
      ln("type " + svcName + "Client interface {");
      for (String rpc : rpcs) {
        ln("\t" + rpc + "(ctx context.Context, in *" + rpc + "Request, opts ...grpc.CallOption) (*" + rpc + "Response, error)");
      }
      ln("}").ln();
      ln("type " + Character.toLowerCase(svcName.charAt(0)) + svcName.substring(1) + "Client struct {").ln("\tcc grpc.ClientConnInterface").ln("}").ln();
      for (String rpc : rpcs) {
        ln("func (c *" + Character.toLowerCase(svcName.charAt(0)) + svcName.substring(1) + "Client) " + rpc + "(ctx context.Context, in *" + rpc + "Request, opts ...grpc.CallOption) (*" + rpc + "Response, error) {");
        ln("\tcOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)");
        ln("\tout := new(" + rpc + "Response)");
        ln("\terr := c.cc.Invoke(ctx, " + svcName + "_" + rpc + "_FullMethodName, in, out, cOpts...)");
        ln("\tif err != nil {").ln("\t\treturn nil, err").ln("\t}").ln("\treturn out, nil").ln("}").ln();
      }
      ln("// Unimplemented" + svcName + "Server must be embedded to have forward compatible implementations.");
      ln("type Unimplemented" + svcName + "Server struct{}").ln();
      for (String rpc : rpcs) {
        ln("func (Unimplemented" + svcName + "Server) " + rpc + "(context.Context, *" + rpc + "Request) (*" + rpc + "Response, error) {");
        ln("\treturn nil, status.Errorf(codes.Unimplemented, \"method " + rpc + " not implemented\")").ln("}");
        if (!more()) {
          break;
        }
      }
    }

    void client() {
      ln("// Package " + svc().replace("-", "") + "client provides primitives to interact with the openapi HTTP API.").ln("//");
      ln("// Code generated by github.com/deepmap/oapi-codegen version v1.16.2 DO NOT EDIT.");
      ln("package " + svc().replace("-", "") + "client").ln();
      ln("import (").ln("\t\"bytes\"").ln("\t\"context\"").ln("\t\"encoding/json\"").ln("\t\"fmt\"").ln("\t\"io\"").ln("\t\"net/http\"").ln("\t\"net/url\"").ln("\t\"strings\"").ln();
      ln("\t\"github.com/oapi-codegen/runtime\"").ln(")").ln();
      while (more()) {
        String op = goName(verb()) + goName(res()) + (r.nextBoolean() ? goName(noun()) : "");
        String param = camel();
        ln("// New" + op + "Request generates requests for " + op);
        ln("func New" + op + "Request(server string, " + param + " string, body " + op + "JSONRequestBody) (*http.Request, error) {");
        ln("\tvar err error").ln();
        ln("\tvar pathParam0 string").ln();
        ln("\tpathParam0, err = runtime.StyleParamWithLocation(\"simple\", false, \"" + snake(param) + "\", runtime.ParamLocationPath, " + param + ")");
        ln("\tif err != nil {").ln("\t\treturn nil, err").ln("\t}").ln();
        ln("\tserverURL, err := url.Parse(server)").ln("\tif err != nil {").ln("\t\treturn nil, err").ln("\t}").ln();
        ln("\toperationPath := fmt.Sprintf(\"/v1/" + svc() + "/" + res() + "s/%s/" + noun() + "\", pathParam0)");
        ln("\tif operationPath[0] == '/' {").ln("\t\toperationPath = \".\" + operationPath").ln("\t}").ln();
        ln("\tqueryURL, err := serverURL.Parse(operationPath)").ln("\tif err != nil {").ln("\t\treturn nil, err").ln("\t}").ln();
        ln("\tbuf, err := json.Marshal(body)").ln("\tif err != nil {").ln("\t\treturn nil, err").ln("\t}");
        ln("\treq, err := http.NewRequest(\"" + pick(r, "POST", "PUT", "PATCH") + "\", queryURL.String(), bytes.NewReader(buf))");
        ln("\tif err != nil {").ln("\t\treturn nil, err").ln("\t}").ln();
        ln("\treq.Header.Add(\"Content-Type\", \"application/json\")").ln("\treturn req, nil").ln("}").ln();
        ln("// " + op + "WithResponse request returning *" + op + "Response");
        ln("func (c *ClientWithResponses) " + op + "WithResponse(ctx context.Context, " + param + " string, body " + op + "JSONRequestBody, reqEditors ...RequestEditorFn) (*" + op + "Response, error) {");
        ln("\trsp, err := c." + op + "(ctx, " + param + ", body, reqEditors...)");
        ln("\tif err != nil {").ln("\t\treturn nil, err").ln("\t}").ln("\treturn Parse" + op + "Response(rsp)").ln("}").ln();
      }
    }

    void vendor() {
      String lib = f.path.substring("vendor/".length(), f.path.lastIndexOf('/'));
      String pkg = lib.substring(lib.lastIndexOf('/') + 1).replaceAll("^v\\d+$", "lib").replace("-", "").replace(".", "");
      ln("// Copyright " + (2015 + r.nextInt(9)) + " The " + cap(pkg) + " Authors. All rights reserved.");
      ln("// Use of this source code is governed by a BSD-style license that can be");
      ln("// found in the LICENSE file.").ln();
      ln("package " + pkg).ln().ln("import (").ln("\t\"errors\"").ln("\t\"io\"").ln("\t\"sync\"").ln("\t\"unicode/utf8\"").ln(")").ln();
      while (more()) {
        String name = goName(verb()) + goName(noun());
        ln("// " + name + " " + verb() + "s the " + noun() + " from r and " + verb() + "s it into the " + noun() + " buffer.");
        ln("// It returns the number of bytes consumed and an error, if any; a short " + noun() + " is reported");
        ln("// as io.ErrUnexpectedEOF so that callers can tell truncation from a malformed " + noun() + ".");
        ln("func (d *decoder) " + name + "(p []byte, " + camel() + " int) (n int, err error) {");
        ln("\td.mu.Lock()").ln("\tdefer d.mu.Unlock()");
        int k = 2 + r.nextInt(8);
        for (int i = 0; i < k; i++) {
          switch (r.nextInt(5)) {
            case 0 -> ln("\tif len(p) < " + (1 + r.nextInt(64)) + " {").ln("\t\treturn 0, io.ErrUnexpectedEOF").ln("\t}");
            case 1 -> ln("\tfor i := 0; i < len(p); {").ln("\t\tr, size := utf8.DecodeRune(p[i:])").ln("\t\tif r == utf8.RuneError && size == 1 {").ln("\t\t\treturn i, errInvalid" + goName(noun())).ln("\t\t}").ln("\t\ti += size").ln("\t}");
            case 2 -> ln("\tn += copy(d.buf[d.off:], p[" + r.nextInt(8) + ":])");
            case 3 -> ln("\td." + camel() + " = uint32(p[0])<<24 | uint32(p[1])<<16 | uint32(p[2])<<8 | uint32(p[3])");
            default -> ln("\tif d.err != nil {").ln("\t\treturn 0, d.err").ln("\t}");
          }
        }
        ln("\treturn n, nil").ln("}").ln();
        if (r.nextInt(5) == 0) {
          ln("var errInvalid" + goName(noun()) + " = errors.New(\"" + pkg + ": invalid " + noun() + "\")").ln();
        }
      }
      ln("var _ sync.Locker = (*sync.Mutex)(nil)");
    }

    // --- other files ----------------------------------------------------------------------------

    void proto() {
      ln("syntax = \"proto3\";").ln().ln("package acme." + svc() + ".v1;").ln();
      ln("import \"google/api/annotations.proto\";").ln("import \"google/protobuf/timestamp.proto\";").ln();
      ln("option go_package = \"" + MODULE + "/gen/go/acme/" + svc() + "/v1;" + svc().replace("-", "") + "v1\";").ln();
      ln("service " + goName(res()) + "Service {");
      for (int i = 0; i < 2 + r.nextInt(5); i++) {
        String rpc = goName(verb()) + goName(res());
        ln("  // " + rpc + " " + verb() + "s a " + res().replace('_', ' ') + " by its id.");
        ln("  rpc " + rpc + "(" + rpc + "Request) returns (" + rpc + "Response) {");
        ln("    option (google.api.http) = { " + pick(r, "get", "post", "patch", "delete") + ": \"/v1/" + svc() + "/" + res() + "s/{" + snake(camel()) + "}\" };").ln("  }");
      }
      ln("}").ln();
      while (more()) {
        ln("message " + goName(res()) + goName(pick(r, "Request", "Response", "Filter", "Page", "Event", "")) + " {");
        int n = 3 + r.nextInt(12);
        for (int i = 1; i <= n; i++) {
          ln("  // The " + noun() + "'s " + noun() + ", " + pick(r, "set by the server", "required", "output only", "immutable after create") + ".");
          ln("  " + pick(r, PROTO_TYPES) + " " + snake(camel()) + " = " + i + ";");
        }
        ln("}").ln();
      }
    }

    void openapi() {
      ln("openapi: 3.0.3").ln("info:").ln("  title: " + cap(svc()) + " API").ln("  version: 1." + r.nextInt(20) + ".0").ln("paths:");
      while (sb.length() < f.target * 6 / 10) {
        String p = noun();
        ln("  /v1/" + svc() + "/" + p + "s/{" + p + "Id}:").ln("    " + pick(r, "get", "post", "put", "delete") + ":");
        ln("      operationId: " + verb() + goName(p)).ln("      summary: " + cap(verb()) + " a " + p + " of the " + noun() + " " + noun());
        ln("      parameters:").ln("        - name: " + p + "Id").ln("          in: path").ln("          required: true").ln("          schema:").ln("            type: string");
        ln("      responses:").ln("        \"200\":").ln("          description: OK").ln("          content:").ln("            application/json:").ln("              schema:");
        ln("                $ref: \"#/components/schemas/" + goName(p) + "\"");
      }
      ln("components:").ln("  schemas:");
      while (more()) {
        ln("    " + goName(noun()) + goName(noun()) + ":").ln("      type: object").ln("      properties:");
        for (int i = 0; i < 3 + r.nextInt(8); i++) {
          ln("        " + camel() + ":").ln("          type: " + pick(r, "string", "integer", "boolean", "number")).ln("          description: The " + noun() + " " + noun() + ".");
        }
      }
    }

    void yaml() {
      if (f.path.startsWith("deploy/") && f.path.endsWith("deployment.yaml")) {
        ln("apiVersion: apps/v1").ln("kind: Deployment").ln("metadata:").ln("  name: " + svc()).ln("  labels:").ln("    app.kubernetes.io/name: " + svc());
        ln("spec:").ln("  replicas: " + (2 + r.nextInt(6))).ln("  template:").ln("    spec:").ln("      containers:").ln("        - name: " + svc());
        ln("          image: registry.acme-corp.net/platform/" + svc() + ":" + hex(12)).ln("          env:");
        while (more()) {
          String k = snake(camel()).toUpperCase(Locale.ROOT);
          if (r.nextInt(4) == 0) {
            ln("            - name: " + k + "_PASSWORD").ln("              valueFrom:").ln("                secretKeyRef:").ln("                  name: " + svc() + "-secrets").ln("                  key: " + k.toLowerCase(Locale.ROOT));
          } else {
            ln("            - name: " + k).ln("              value: \"" + pick(r, String.valueOf(r.nextInt(10_000)), noun() + "." + svc() + ".svc.cluster.local", "true", r.nextInt(90) + "s") + "\"");
          }
        }
        return;
      }
      if (f.path.startsWith("deploy/")) {
        ln("# Values for the " + svc() + " chart; secrets come from the vault injector.");
        while (more()) {
          maybePlant();
          ln(camel() + ":");
          for (int i = 0; i < 2 + r.nextInt(5); i++) {
            ln("  " + camel() + ": " + pick(r, String.valueOf(r.nextInt(5_000)), "\"" + noun() + "-" + hex(6) + "\"", "true", "false", r.nextInt(60) + "s"));
          }
        }
        return;
      }
      if (f.path.contains("workflows")) {
        ln("name: ci").ln("on: [push, pull_request]").ln("jobs:").ln("  test:").ln("    runs-on: ubuntu-latest").ln("    steps:");
        ln("      - uses: actions/checkout@v4").ln("      - uses: actions/setup-go@v5").ln("        with:").ln("          go-version-file: go.mod");
        while (more()) {
          ln("      - run: go " + pick(r, "test", "vet", "build") + " ./services/" + pick(r, SERVICES) + "/...");
        }
        return;
      }
      ln("version: v2");
      while (more()) {
        ln("# " + noun() + " " + noun()).ln(camel() + ": " + noun());
      }
    }

    void sql() {
      String table = res() + "s";
      ln("-- " + cap(verb()) + " the " + table + " table.").ln("CREATE TABLE IF NOT EXISTS " + table + " (");
      ln("    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),").ln("    tenant_id UUID NOT NULL,");
      while (more()) {
        ln("    " + snake(camel()) + " " + pick(r, "TEXT", "BIGINT", "BOOLEAN NOT NULL DEFAULT false", "TIMESTAMPTZ", "JSONB", "NUMERIC(18, 4)") + ",");
      }
      ln("    created_at TIMESTAMPTZ NOT NULL DEFAULT now()").ln(");");
      ln("CREATE INDEX IF NOT EXISTS " + table + "_tenant_idx ON " + table + " (tenant_id, created_at DESC);");
    }

    void markdown() {
      ln("# " + (f.svc == null ? "Acme platform" : cap(svc()) + " service")).ln();
      while (more()) {
        ln("## " + cap(verb()) + "ing " + noun() + "s").ln();
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < 30 + r.nextInt(50); i++) {
          p.append(i == 0 ? "" : " ").append(r.nextInt(5) == 0 ? verb() : noun());
        }
        ln(cap(p.toString()) + ".").ln();
        if (r.nextBoolean()) {
          ln("```sh").ln("go run ./services/" + svc() + "/cmd/" + svc() + "-server --" + noun() + "-" + noun() + "=" + r.nextInt(100)).ln("```").ln();
        }
      }
    }

    void gomod() {
      ln("module " + MODULE).ln().ln("go 1.22").ln().ln("require (");
      for (String lib : VENDOR_LIBS) {
        ln("\t" + lib.split("/internal|/runtime|/protocol|/sdk|/service")[0] + " v" + r.nextInt(3) + "." + r.nextInt(40) + "." + r.nextInt(12));
      }
      ln(")");
    }

    void gosum() {
      while (more()) {
        String mod = "github.com/" + noun() + "-" + noun() + "/" + noun() + (r.nextBoolean() ? "-go" : "");
        String v = "v" + r.nextInt(3) + "." + r.nextInt(40) + "." + r.nextInt(12);
        byte[] h = new byte[32];
        r.nextBytes(h);
        ln(mod + " " + v + " h1:" + Base64.getEncoder().encodeToString(h));
        r.nextBytes(h);
        ln(mod + " " + v + "/go.mod h1:" + Base64.getEncoder().encodeToString(h));
      }
    }

    void makefile() {
      ln("GO ?= go").ln("SERVICES := $(notdir $(wildcard services/*))").ln();
      while (more()) {
        String t = verb() + "-" + noun();
        ln(".PHONY: " + t).ln(t + ":").ln("\t$(GO) run ./tools/" + t + " -" + noun() + " $(" + noun().toUpperCase(Locale.ROOT) + ")").ln();
      }
    }

    void modules() {
      for (String lib : VENDOR_LIBS) {
        ln("# " + lib.split("/internal|/runtime|/protocol|/sdk|/service")[0] + " v" + r.nextInt(3) + "." + r.nextInt(40) + "." + r.nextInt(12));
        ln("## explicit; go 1.20").ln(lib);
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
