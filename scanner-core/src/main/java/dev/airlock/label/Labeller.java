package dev.airlock.label;

import dev.airlock.rules.Finding;
import dev.airlock.rules.policy.Label;
import dev.airlock.rules.policy.Policy;
import java.util.List;

/**
 * Labels a repository from its findings under a policy. Today a repository is one unit (the root,
 * path prefix ""); units of monorepos come later and the repository's label will be its most
 * restrictive unit's.
 */
public final class Labeller {
  private final Policy policy;

  public Labeller(Policy policy) {
    this.policy = policy;
  }

  public Label label(List<Finding> findings) {
    return policy.evaluate(findings);
  }
}
