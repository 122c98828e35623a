package dev.airlock.rules;

import dev.airlock.rules.engine.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the {@code match} and {@code nomatch} examples of every rule of a rule set: a rule whose
 * example misbehaves does not ship. Used by the build and by {@code airlock rules test}.
 */
public final class ExampleCheck {
  private static final String DEFAULT_PATH = "src/main/resources/application.properties";

  private ExampleCheck() {}

  /**
   * One example that did not behave as declared. Only the example's 1-based index is kept:
   * examples look like secrets and never go into messages.
   *
   * @param shouldMatch true for a {@code match} example that found nothing
   */
  public record Failure(String ruleId, String source, boolean shouldMatch, int index) {
    @Override
    public String toString() {
      return ruleId + " (" + source + "): " + (shouldMatch ? "match" : "nomatch") + " example "
          + index + (shouldMatch ? " is not found" : " is found");
    }
  }

  /** Every failing example of {@code rules}, in rule order. */
  public static List<Failure> run(RuleSet rules) {
    return run(rules, rules.matcher());
  }

  /**
   * Every failing example of {@code rules} under {@code matcher}: one that also runs query rules
   * (the scanner's) checks their examples too.
   */
  public static List<Failure> run(RuleSet rules, Matcher matcher) {
    List<Failure> failures = new ArrayList<>();
    for (Rule rule : rules.rules()) {
      String path = pathFor(rule);
      for (int i = 0; i < rule.matchExamples().size(); i++) {
        if (!found(matcher, rule, rule.matchExamples().get(i), path)) {
          failures.add(new Failure(rule.id(), rule.source(), true, i + 1));
        }
      }
      for (int i = 0; i < rule.nomatchExamples().size(); i++) {
        if (found(matcher, rule, rule.nomatchExamples().get(i), path)) {
          failures.add(new Failure(rule.id(), rule.source(), false, i + 1));
        }
      }
    }
    return failures;
  }

  /** Whether {@code rule} finds something in {@code example} placed in a file at {@code path}. */
  public static boolean found(RuleSet rules, Rule rule, String example, String path) {
    return found(rules.matcher(), rule, example, path);
  }

  private static boolean found(Matcher matcher, Rule rule, String example, String path) {
    return matcher.match(example).forPath(path).stream()
        .anyMatch(f -> f.ruleId().equals(rule.id()));
  }

  /**
   * An ordinary (non-test) path the rule applies to: a configuration file, or for rules limited to
   * some files, a file named after the rule's first include glob.
   */
  public static String pathFor(Rule rule) {
    if (rule.includePaths().isEmpty() || rule.appliesTo(DEFAULT_PATH)) {
      return DEFAULT_PATH;
    }
    Glob first = rule.includePaths().get(0);
    String candidate =
        switch (first.shape()) {
          case NAME -> "data/" + first.literal();
          case SUFFIX -> "data/records" + first.literal();
          case PREFIX -> "data/" + first.literal() + "1";
          case REGEX -> DEFAULT_PATH;
        };
    return rule.appliesTo(candidate) ? candidate : DEFAULT_PATH;
  }
}
