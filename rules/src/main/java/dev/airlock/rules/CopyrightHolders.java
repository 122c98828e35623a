package dev.airlock.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The organisations that own a repository ({@code organisations:} in its {@code airlock.yml}) turn
 * the {@code copyright-notice} rule from a LOW hint that needs proprietary wording nearby into a
 * finding on exactly their notices: the holder (the rule's value) must name one of them, on word
 * boundaries and ignoring case, and the base confidence becomes MEDIUM (HIGH with proprietary
 * wording). Every other holder is silent. Stateless.
 */
final class CopyrightHolders {
  static final String RULE_ID = "copyright-notice";

  private CopyrightHolders() {}

  /** {@code declared} with the copyright rule rewritten for {@code organisations}, if any. */
  static List<Rule> apply(List<Rule> declared, List<String> organisations) {
    if (organisations.isEmpty()) {
      return declared;
    }
    List<Rule> out = new ArrayList<>(declared.size());
    for (Rule r : declared) {
      out.add(r.id().equals(RULE_ID) ? forOrganisations(r, organisations) : r);
    }
    return out;
  }

  private static Rule forOrganisations(Rule rule, List<String> organisations) {
    String names = organisations.stream().map(Pattern::quote).collect(Collectors.joining("|"));
    // An allow pattern drops the values it finds: this one finds (at the start) every holder that
    // names none of the organisations.
    Pattern notOurs =
        Pattern.compile(
            "^(?!.*(?<![\\p{L}\\p{N}])(?:" + names + ")(?![\\p{L}\\p{N}]))",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    List<Pattern> allow = new ArrayList<>(rule.allow().patterns());
    allow.add(notOurs);
    Rule.Context context = rule.context();
    return new Rule(
        rule.id(),
        rule.title(),
        rule.category(),
        rule.severity(),
        Confidence.MEDIUM,
        rule.keywords(),
        rule.digits(),
        rule.requires(),
        rule.anchored(),
        rule.regex(),
        rule.span(),
        rule.validator(),
        rule.checksum(),
        rule.entropy(),
        rule.includePaths(),
        rule.excludePaths(),
        new Rule.Context(context.window(), context.raise(), context.lower(), false),
        new Rule.Allow(allow, rule.allow().stopwords(), rule.allow().values()),
        rule.volume(),
        rule.matchExamples(),
        rule.nomatchExamples(),
        rule.source(),
        rule.query());
  }
}
