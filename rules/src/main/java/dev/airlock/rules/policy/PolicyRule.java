package dev.airlock.rules.policy;

import dev.airlock.rules.Category;
import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Severity;
import java.util.Set;

/**
 * One line of a policy: findings that match these conditions, when at least {@code minCount}
 * distinct values of them occur in one file (or in the whole unit), make the unit {@code
 * sensitivity}.
 *
 * @param categories empty for any category
 * @param ruleIds empty for any rule
 */
public record PolicyRule(
    String id,
    Set<Category> categories,
    Set<String> ruleIds,
    Confidence minConfidence,
    Severity minSeverity,
    int minCount,
    Scope per,
    Sensitivity sensitivity) {

  /** Where {@code minCount} distinct values must occur. */
  public enum Scope {
    FILE,
    UNIT
  }

  public PolicyRule {
    categories = Set.copyOf(categories);
    ruleIds = Set.copyOf(ruleIds);
    if (minCount < 1) {
      throw new IllegalArgumentException("policy rule '" + id + "': minCount must be at least 1");
    }
  }

  boolean selects(Finding f) {
    return (categories.isEmpty() || categories.contains(f.category()))
        && (ruleIds.isEmpty() || ruleIds.contains(f.ruleId()))
        && f.confidence().atLeast(minConfidence)
        && f.severity().compareTo(minSeverity) >= 0;
  }
}
