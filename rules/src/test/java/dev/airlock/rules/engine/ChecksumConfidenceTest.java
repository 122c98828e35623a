package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.Confidence;
import dev.airlock.rules.validate.GithubCrc32;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A rule's checksum sets the confidence of what it finds and never drops a match. */
class ChecksumConfidenceTest {
  private static final long SEED = 0xC5C5L;
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private static final JavaMatcher MATCHER =
      TestRule.matcher(
          rule("t-gh")
              .category("SECRET")
              .confidence("MEDIUM")
              .keywords("ghp_")
              .pattern("\\b(?<secret>ghp_[A-Za-z0-9]{30,40})\\b")
              .yaml("checksum: github-crc32\ncontext: {lower: [sample]}"));

  private static String token(Random random) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      body.append(BASE62.charAt(random.nextInt(62)));
    }
    return GithubCrc32.token("ghp_", body.toString());
  }

  private static List<Confidence> confidences(String text) {
    return MATCHER.match(text).matches().stream().map(Match::confidence).toList();
  }

  @Test
  void aVerifiedChecksumMakesTheFindingHigh() {
    Random random = new Random(SEED);
    for (int i = 0; i < 20; i++) {
      assertThat(confidences("token: " + token(random))).as("token %d", i).containsExactly(Confidence.HIGH);
    }
  }

  @Test
  void aFailedChecksumKeepsTheFindingAtLow() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 20; i++) {
      String t = token(random);
      char last = t.charAt(t.length() - 1);
      String broken = t.substring(0, t.length() - 1) + (last == 'Z' ? 'Y' : 'Z');
      assertThat(confidences("token: " + broken)).as("token %d", i).containsExactly(Confidence.LOW);
    }
  }

  @Test
  void contextWordsStillLowerAVerifiedValue() {
    assertThat(confidences("sample token: " + token(new Random(SEED + 2))))
        .containsExactly(Confidence.MEDIUM);
  }

  @Test
  void aValueOfAnotherShapeKeepsTheRuleConfidence() {
    assertThat(confidences("token: ghp_Zq8vR2mLx4Kp9TnWc7Yb3Hs6Jd1Fg5Ae0Uo")) // 35 characters
        .containsExactly(Confidence.MEDIUM);
  }
}
