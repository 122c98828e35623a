package dev.airlock.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fixed corpus of source files for engine benchmarks, generated from a seed: Java, Go, Python,
 * TypeScript, YAML and properties files of 2 to 40 KB in the shapes of ordinary application code,
 * with lines that mention passwords and tokens without holding one, and one synthetic credential
 * in about one file of fifty. The same seed and size give the same files; the credentials are
 * random, made here, and match no real account.
 */
public final class Corpus {
  /** One file: the path decides which path-scoped rules run, as in a scan. */
  public record File(String path, String text) {}

  private static final String[] NOUNS = {
    "account", "invoice", "order", "customer", "payment", "ledger", "tenant", "user", "session",
    "record", "batch", "job", "message", "event", "channel", "cursor", "page", "item", "product",
    "price", "discount", "cart", "shipment", "route", "region", "cluster", "node", "snapshot",
    "metric", "span", "audit", "policy", "role", "group", "member", "profile", "address", "report",
    "schema", "filter", "bucket", "entry", "header", "payload", "status", "state", "plan", "quota",
    "rate", "retry", "lease", "cache", "store", "registry", "catalog", "setting", "feature",
    "segment", "score", "warehouse", "supplier", "contract", "refund", "transfer", "amount", "fee"
  };

  private static final String[] VERBS = {
    "get", "find", "load", "save", "update", "delete", "create", "build", "parse", "resolve",
    "compute", "apply", "merge", "validate", "check", "handle", "process", "publish", "collect",
    "flush", "fetch", "send", "encode", "decode", "convert", "render", "register", "schedule"
  };

  private static final String[] DECOYS = {
    "String password = request.getParameter(\"password\");",
    "token := r.Header.Get(\"Authorization\")",
    "api_key = os.environ.get(\"PAYMENTS_API_KEY\")",
    "const secret = process.env.SESSION_SECRET ?? \"\";",
    "# The access key comes from the instance profile, never from this file.",
    "if (properties.getApiKey() == null) throw new IllegalStateException(\"api key missing\");"
  };

  private static final String[] EXTENSIONS = {".java", ".java", ".java", ".go", ".go", ".py", ".ts", ".yml", ".properties"};
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Corpus() {}

  /** Files of {@code totalChars} characters in all (ASCII, so as many bytes), from {@code seed}. */
  public static List<File> generate(long seed, int totalChars) {
    Random r = new Random(seed);
    List<File> files = new ArrayList<>();
    int left = totalChars;
    for (int i = 0; left > 0; i++) {
      String ext = EXTENSIONS[r.nextInt(EXTENSIONS.length)];
      String dir = ext.equals(".java") ? "src/main/java/com/acme/" + pick(r, NOUNS) + "/" : pick(r, NOUNS) + "/";
      String path = "services/" + pick(r, NOUNS) + "/" + dir + pick(r, VERBS) + "_" + pick(r, NOUNS) + i + ext;
      int size = Math.min(left, (int) (2_000 * Math.pow(20, r.nextDouble())));
      String text = file(r, ext, size, r.nextInt(50) == 0);
      files.add(new File(path, text));
      left -= text.length();
    }
    return files;
  }

  /** Exactly {@code size} characters, ending where the size runs out. */
  private static String file(Random r, String ext, int size, boolean plant) {
    StringBuilder sb = new StringBuilder(size + 256);
    int plantAt = plant ? r.nextInt(Math.max(1, size)) : -1;
    int depth = 0;
    while (sb.length() < size) {
      if (plantAt >= 0 && sb.length() >= plantAt) {
        sb.append(credential(r, ext)).append('\n');
        plantAt = -1;
      }
      String indent = "    ".repeat(1 + depth);
      String noun = pick(r, NOUNS);
      String other = pick(r, NOUNS);
      String verb = pick(r, VERBS);
      String line = switch (r.nextInt(10)) {
        case 0 -> indent + "// " + cap(verb) + " the " + noun + " before the " + other + " is " + pick(r, "flushed", "read", "closed") + ".";
        case 1 -> indent + (r.nextInt(5) == 0 ? pick(r, DECOYS) : "log.info(\"" + noun + " " + verb + "ed\", " + noun + "Id, " + other + ".size());");
        case 2 -> indent + "var " + noun + cap(other) + " = " + noun + "Repository." + verb + cap(other) + "(tenantId, " + r.nextInt(10_000) + ");";
        case 3 -> indent + "if (" + noun + " == null || " + other + ".isEmpty()) {";
        case 4 -> indent + "}";
        case 5 -> indent + noun + "Id: \"" + hex(r, 8) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 12) + "\"";
        case 6 -> indent + "return " + verb + cap(noun) + "(ctx, " + other + ", \"https://" + noun + ".internal.acme-corp.net/v1/" + other + "s\");";
        case 7 -> indent + "metrics.counter(\"" + noun + "." + verb + "\", \"" + other + "\").increment(" + r.nextInt(100) + ");";
        case 8 -> ext.equals(".properties") ? noun + "." + other + "=" + r.nextInt(1000) : indent + "String " + noun + " = \"" + hex(r, 40) + "\";";
        default -> indent + "public " + cap(noun) + " " + verb + cap(other) + "(" + cap(other) + " " + other + ") {";
      };
      depth = Math.min(3, Math.max(0, depth + (line.endsWith("{") ? 1 : line.endsWith("}") ? -1 : 0)));
      sb.append(line).append('\n');
    }
    sb.setLength(size);
    return sb.toString();
  }

  private static String credential(Random r, String ext) {
    return switch (r.nextInt(4)) {
      case 0 -> "aws_access_key_id = \"AKIA" + chars(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16) + "\"";
      case 1 -> "slack_bot_token = \"xoxb-" + (1 + r.nextInt(9)) + chars(r, "0123456789", 10) + "-"
          + (1 + r.nextInt(9)) + chars(r, "0123456789", 12) + "-" + chars(r, ALNUM, 24) + "\"";
      case 2 -> "stripe_api_key = \"sk_live_" + chars(r, ALNUM, 28) + "\"";
      default -> "database_url = \"postgres://app:" + chars(r, ALNUM, 20) + "@db.internal.acme-corp.net:5432/app\"";
    };
  }

  private static String pick(Random r, String... a) {
    return a[r.nextInt(a.length)];
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String hex(Random r, int n) {
    return chars(r, "0123456789abcdef", n);
  }

  private static String chars(Random r, String alphabet, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
    }
    return new String(c);
  }
}
