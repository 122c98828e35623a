package dev.airlock.rules.engine;

import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Fingerprint;
import dev.airlock.rules.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything one text matched.
 *
 * @param matches in text order
 * @param exhaustedRules ids of rules whose regex ran out of its work budget somewhere in the text:
 *     their matches there may be missing, so the file counts as partly scanned
 */
public record Matches(List<Match> matches, List<String> exhaustedRules) {
  public static final Matches NONE = new Matches(List.of(), List.of());

  /**
   * Files whose matches are most likely fixtures: tests, examples, samples, mocks. Their matches
   * drop to {@link Confidence#LOW}, which the default policy does not route on-prem.
   */
  private static final Pattern TEST_LIKE_PATH =
      Pattern.compile(
          "(?i)(?:^|.*/)(?:tests?|testing|testdata|test[-_]data|__tests__|spec|specs|fixtures?"
              + "|examples?|samples?|mocks?|__mocks__|testutils?|test[-_]?resources)/.*"
              + "|(?:^|.*/)[^/]*(?:[._-](?:test|spec|tests|example|sample)|(?-i:Test|Tests|Spec|IT))"
              + "\\.[A-Za-z0-9]+"
              + "|(?:^|.*/)(?:test_[^/]*|[^/]*\\.example|[^/]*\\.sample|[^/]*\\.template|[^/]*\\.dist)");

  public Matches {
    matches = List.copyOf(matches);
    exhaustedRules = List.copyOf(exhaustedRules);
  }

  public boolean isEmpty() {
    return matches.isEmpty();
  }

  /** The findings of these matches in a file at {@code path}. */
  public List<Finding> forPath(String path) {
    if (matches.isEmpty()) {
      return List.of();
    }
    boolean testLike = isTestLike(path);
    List<Finding> out = new ArrayList<>(matches.size());
    for (Match m : matches) {
      if (!m.rule().appliesTo(path)) {
        continue;
      }
      Confidence confidence = testLike ? Confidence.LOW : m.confidence();
      out.add(
          new Finding(
              m.rule().id(),
              m.rule().title(),
              m.rule().category(),
              m.rule().severity(),
              confidence,
              new Location(path, m.line(), m.column()),
              m.redacted(),
              Fingerprint.of(m.rule().id(), path, m.valueHash())));
    }
    return out;
  }

  /** True for paths of tests, fixtures, examples and samples. */
  public static boolean isTestLike(String path) {
    return TEST_LIKE_PATH.matcher(path).matches();
  }
}
