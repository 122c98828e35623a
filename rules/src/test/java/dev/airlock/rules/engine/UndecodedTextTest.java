package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.RulePack;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An ASCII text whose windows all fail the cheap checks (a required context word out of reach, a
 * required literal missing) is answered from its bytes without being decoded; the answer must be
 * the one the decoded text gets, with either engine, wherever the context words sit: at the edges
 * of a window's reach, inside longer words, at camelCase humps, in a table's header.
 */
class UndecodedTextTest {
  private static final TestRule[] RULES = {
    rule("t-ssnish")
        .keywords("id")
        .pattern("(?<![\\w-])(?<value>\\d{3}-\\d{2}-\\d{4})(?![\\w-])")
        .yaml("digits: 9\ncontext:\n  window: 24\n  raise: [social, ssn, sécu]\n  required: true"),
    rule("t-tagged")
        .keywords("tag")
        .pattern("tag=(?<value>\\d{4})")
        .yaml("requires: ['mark']\ncontext:\n  window: 16\n  raise: [vault]\n  required: true"),
    rule("t-marked").keywords("note").pattern("note (?<value>[a-z]{5})").yaml("requires: ['ok!']"),
  };

  private static final String[] WORDS = {
    "id", "tag=1234", "mark", "MARK", "note", "abcde", "ok!", "OK!", "social", "Social", "socialist",
    "mySocial", "SSN", "ssnX", "x_ssn", "vault", "vaulted", "123-45-6789", "987-65-4321", "12345678",
    "a", "bb", ",", ";", "|", "\t", "\n", "\n", "  ", "-", "(", ")",
  };

  @Test
  void bytesAnswerAsTheDecodedTextDoesWithEitherEngine() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    List<Matcher> engines = new ArrayList<>();
    engines.add(TestRule.matcher(RULES));
    if (HyperscanMatcher.unavailableReason() == null) {
      engines.add(new HyperscanMatcher(RulePack.parse("test-pack.yml", TestRule.pack(RULES)).rules()));
    }
    List<String> differing = new ArrayList<>();
    int found = 0;
    int undecoded = 0;
    for (int t = 0; t < 3000; t++) {
      StringBuilder sb = new StringBuilder();
      int words = 5 + random.nextInt(60);
      for (int i = 0; i < words; i++) {
        sb.append(WORDS[random.nextInt(WORDS.length)]);
        if (random.nextInt(3) > 0) {
          sb.append(' ');
        }
      }
      byte[] ascii = sb.toString().getBytes(StandardCharsets.US_ASCII);
      for (Matcher engine : engines) {
        Matches decoded = engine.match(new String(ascii, StandardCharsets.US_ASCII), "a.txt");
        Utf8Text text = Utf8Text.of(ascii);
        Matches fromBytes = engine.match(text, "a.txt");
        if (!decoded.equals(fromBytes)) {
          differing.add(engine.getClass().getSimpleName() + ": " + sb.toString().replace("\n", "\\n"));
        }
        found += decoded.matches().size();
        undecoded += text.decoded() ? 0 : 1;
      }
    }
    assertThat(differing).as("seed %d", seed).isEmpty();
    // Both outcomes occur: texts with findings, and texts answered without their characters.
    assertThat(found).as("seed %d", seed).isGreaterThan(100);
    assertThat(undecoded).as("seed %d", seed).isGreaterThan(100);
  }

  @Test
  void hyperscanDecodesATextOutsideAsciiOnlyWhenItsBytesAreHit() {
    BothEngines.of(RULES); // skips where the natives do not load
    HyperscanMatcher m =
        new HyperscanMatcher(RulePack.parse("test-pack.yml", TestRule.pack(RULES)).rules());
    String quiet = "caf\u00e9 \u201cquoted\u201d, nothing to see \u2014 here\n".repeat(50);
    Utf8Text none = Utf8Text.of(quiet.getBytes(StandardCharsets.UTF_8));
    assertThat(m.match(none, "a.txt")).isEqualTo(m.match(quiet, "a.txt")).isEqualTo(Matches.NONE);
    assertThat(none.decoded()).isFalse();
    String hit = quiet + "social \u00e9t\u00e9 id 123-45-6789\n";
    Utf8Text some = Utf8Text.of(hit.getBytes(StandardCharsets.UTF_8));
    Matches found = m.match(some, "a.txt");
    assertThat(found).isEqualTo(m.match(hit, "a.txt"));
    assertThat(found.matches()).hasSize(1);
    assertThat(some.decoded()).isTrue();
  }

  @Test
  void aTextWithOnlyUnreachableContextIsNotDecoded() {
    JavaMatcher m = TestRule.matcher(RULES);
    Utf8Text far =
        Utf8Text.of(("social\n" + "x".repeat(60) + "\nid 123-45-6789\n").getBytes(StandardCharsets.US_ASCII));
    assertThat(m.match(far, "a.txt").matches()).isEmpty();
    assertThat(far.decoded()).isFalse();
    Utf8Text near = Utf8Text.of("social\nid 123-45-6789\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(m.match(near, "a.txt").matches()).hasSize(1);
    assertThat(near.decoded()).isTrue();
  }
}
