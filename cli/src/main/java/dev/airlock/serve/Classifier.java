package dev.airlock.serve;

import dev.airlock.rules.Finding;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.policy.Label;
import dev.airlock.rules.policy.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * Classifies text a gateway is about to send to a model, with the same rules and policy as scans.
 * Nothing is stored and no value leaves it: findings carry only redacted values. Thread-safe.
 */
final class Classifier {
  private final RuleSet rules;
  private final Policy policy;

  Classifier(RuleSet rules, Policy policy) {
    this.rules = rules;
    this.policy = policy;
  }

  /** A piece of text and the path it would have in a repository ("" when it has none). */
  record Document(String path, String content) {}

  record Classification(Label label, List<Finding> findings) {}

  Classification classify(List<Document> documents) {
    List<Finding> findings = new ArrayList<>();
    for (Document d : documents) {
      findings.addAll(rules.matcher().match(d.content(), d.path()).forPath(d.path()));
    }
    findings.sort(Finding.REPORT_ORDER);
    return new Classification(policy.evaluate(findings), List.copyOf(findings));
  }

  RuleSet rules() {
    return rules;
  }

  Policy policy() {
    return policy;
  }
}
