package dev.airlock.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.rules.Rule;
import dev.airlock.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both engines give the same matches on a generated corpus of source-like files (about 1.2 MB, to
 * keep the build fast) that holds every rule's match examples at random places among code, e-mail addresses, phone numbers,
 * dates, hex and base64 runs, non-ASCII words, CRLF lines and long minified lines; and on the
 * UTF-8 bytes path, with a byte order mark and invalid bytes. The seed is fixed and printed;
 * {@code -Dairlock.test.seed=N} tries another.
 */
class EnginesAgreeOnCorpusTest {
  private static final long DEFAULT_SEED = 20261201L;
  private static RuleSet rules;
  private static Matcher java;
  private static Matcher hyperscan;
  private static long seed;

  @BeforeAll
  static void build() {
    assumeTrue(
        HyperscanMatcher.unavailableReason() == null,
        "Hyperscan natives: " + HyperscanMatcher.unavailableReason());
    seed = Long.decode(System.getProperty("airlock.test.seed", Long.toString(DEFAULT_SEED)));
    System.out.println(
        "EnginesAgreeOnCorpusTest seed: " + seed + " (rerun with -Dairlock.test.seed=" + seed + ")");
    rules = RuleSet.builtIn();
    java = rules.matcher();
    hyperscan = rules.withEngine(Engine.HYPERSCAN).matcher();
  }

  private static final String[] PATHS = {
    "services/billing/api/handler.go", "src/main/java/com/acme/Orders.java",
    "src/main/resources/application.yml", "config/settings.properties", "web/app.min.js",
    "docs/guide.md", "data/patients.csv", "src/test/java/com/acme/OrdersTest.java",
    "deploy/values.yaml", "scripts/setup.sh"
  };

  private static final String[] WORDS = {
    "order", "customer", "invoice", "token", "secret", "password", "key", "api", "client", "user",
    "account", "email", "phone", "date", "birth", "patient", "ssn", "card", "iban", "config",
    "session", "auth", "bearer", "private", "public", "value", "name", "id", "url", "host",
    "caf\u00e9", "\u00fcber", "na\u00efve", "\u65e5\u672c\u8a9e", "stra\u00dfe", "\u2192"
  };

  @Test
  void generatedCorpusGivesIdenticalMatchesInBothEngines() {
    Random random = new Random(seed);
    List<String> examples = new ArrayList<>();
    for (Rule r : rules.rules()) {
      examples.addAll(r.matchExamples());
    }
    int files = 0;
    long bytes = 0;
    long matches = 0;
    List<String> differing = new ArrayList<>();
    for (int f = 0; f < 30; f++) {
      String text = file(random, examples, 20_000 + random.nextInt(40_000));
      String path = PATHS[random.nextInt(PATHS.length)];
      Matches a = java.match(text, path);
      Matches b = hyperscan.match(text, path);
      files++;
      bytes += text.length();
      matches += a.matches().size();
      if (!a.equals(b)) {
        differing.add("file " + f + " at " + path + ": " + describe(a, b));
      }
      byte[] utf8 = withNoise(random, text.getBytes(StandardCharsets.UTF_8));
      String decoded = new String(utf8, StandardCharsets.UTF_8);
      Matches c = java.match(decoded, path);
      Matches d = hyperscan.match(Utf8Text.of(utf8), path);
      Matches e = java.match(Utf8Text.of(utf8), path);
      if (!c.equals(e)) {
        differing.add("bytes of file " + f + " at " + path + " (java): " + describe(c, e));
      }
      if (!c.equals(d)) {
        differing.add("bytes of file " + f + " at " + path + ": " + describe(c, d));
      }
    }
    assertThat(bytes).isGreaterThan(900_000);
    assertThat(matches).isGreaterThan(files * 20L);
    assertThat(differing).as("seed %d", seed).isEmpty();
  }

  /** Rule ids and spans that only one side found; never values. */
  private static String describe(Matches a, Matches b) {
    List<String> onlyA = new ArrayList<>();
    List<String> onlyB = new ArrayList<>();
    for (Match m : a.matches()) {
      if (!b.matches().contains(m)) {
        onlyA.add(m.rule().id() + "@" + m.line() + ":" + m.column() + "/" + m.confidence());
      }
    }
    for (Match m : b.matches()) {
      if (!a.matches().contains(m)) {
        onlyB.add(m.rule().id() + "@" + m.line() + ":" + m.column() + "/" + m.confidence());
      }
    }
    return "java only " + onlyA + ", hyperscan only " + onlyB
        + ", exhausted " + a.exhaustedRules() + " vs " + b.exhaustedRules();
  }

  /** Sometimes a byte order mark in front, sometimes invalid UTF-8 bytes in the middle. */
  private static byte[] withNoise(Random random, byte[] utf8) {
    byte[] out = utf8;
    if (random.nextInt(3) == 0) {
      out = new byte[utf8.length + 3];
      out[0] = (byte) 0xEF;
      out[1] = (byte) 0xBB;
      out[2] = (byte) 0xBF;
      System.arraycopy(utf8, 0, out, 3, utf8.length);
    }
    if (random.nextInt(3) == 0) {
      for (int k = 0; k < 20; k++) {
        out[random.nextInt(out.length)] = (byte) (0x80 + random.nextInt(0x7f));
      }
    }
    return out;
  }

  private static String file(Random random, List<String> examples, int size) {
    StringBuilder b = new StringBuilder(size + 1024);
    String eol = random.nextInt(5) == 0 ? "\r\n" : "\n";
    while (b.length() < size) {
      int kind = random.nextInt(100);
      if (kind < 4) {
        // A rule example on its own line, or inside a code line.
        String e = examples.get(random.nextInt(examples.size()));
        if (random.nextBoolean()) {
          b.append(e);
        } else {
          b.append("    ").append(word(random)).append(" := \"").append(e).append("\" // ").append(word(random));
        }
      } else if (kind < 5) {
        // A minified line far longer than a window's reach, with values inside.
        for (int k = 0; k < 300; k++) {
          b.append(word(random)).append(random.nextBoolean() ? "=" : ";");
          if (random.nextInt(60) == 0) {
            b.append(examples.get(random.nextInt(examples.size())));
          }
          if (random.nextInt(40) == 0) {
            b.append(value(random));
          }
        }
      } else {
        b.append("    ".repeat(random.nextInt(3)));
        int tokens = 2 + random.nextInt(10);
        for (int k = 0; k < tokens; k++) {
          if (random.nextInt(6) == 0) {
            b.append(value(random));
          } else {
            b.append(word(random));
          }
          b.append(random.nextInt(4) == 0 ? ", " : random.nextInt(3) == 0 ? " = " : " ");
        }
      }
      b.append(eol);
    }
    return b.toString();
  }

  private static String word(Random random) {
    String w = WORDS[random.nextInt(WORDS.length)];
    return switch (random.nextInt(4)) {
      case 0 -> w.toUpperCase(Locale.ROOT);
      case 1 -> w + "_" + WORDS[random.nextInt(WORDS.length)];
      default -> w;
    };
  }

  /** Values that look like what frequent rules look for: addresses, numbers, dates, hex, base64. */
  private static String value(Random random) {
    return switch (random.nextInt(9)) {
      case 0 -> "user" + random.nextInt(1000) + "@example" + random.nextInt(9) + ".com";
      case 1 -> "+1 (" + (200 + random.nextInt(700)) + ") 555-" + (1000 + random.nextInt(9000));
      case 2 -> (1950 + random.nextInt(70)) + "-0" + (1 + random.nextInt(9)) + "-" + (10 + random.nextInt(18));
      case 3 -> hex(random, 32 + random.nextInt(16));
      case 4 -> Base64.getEncoder().encodeToString(hex(random, 30).getBytes(StandardCharsets.US_ASCII));
      case 5 -> "\"" + hex(random, 8) + "-" + hex(random, 4) + "-4" + hex(random, 3) + "-a" + hex(random, 3) + "-" + hex(random, 12) + "\"";
      case 6 -> Long.toString(Math.abs(random.nextLong()) % 10_000_000_000_000_000L);
      case 7 -> "https://" + word(random) + ".example.org/" + word(random) + "?id=" + random.nextInt(99999);
      default -> "0x" + hex(random, 8);
    };
  }

  private static String hex(Random random, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return b.toString();
  }
}
