package dev.airlock.rules.policy;

import dev.airlock.rules.Category;
import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Glob;
import dev.airlock.rules.Severity;
import java.util.List;
import java.util.Set;

/**
 * One line of a policy: findings that match these conditions, when at least {@code minCount}
 * distinct values of them occur in one file (or in the whole unit), make the unit {@code
 * sensitivity}.
 *
 * @param categories empty for any category except {@link Category#LICENSE}: licence evidence
 *     counts only for rules that name it
 * @param lowers when true the rule may set a sensitivity below the policy's baseline, and applies
 *     only when no other rule fires (licence evidence on an otherwise clean unit)
 * @param ruleIds empty for any rule
 * @param includePaths when not empty, only findings in files matching one of these count
 * @param excludePaths findings in files matching one of these never count
 */
public record PolicyRule(
    String id,
    Set<Category> categories,
    Set<String> ruleIds,
    Confidence minConfidence,
    Severity minSeverity,
    int minCount,
    Scope per,
    List<Glob> includePaths,
    List<Glob> excludePaths,
    Sensitivity sensitivity,
    boolean lowers) {

  /** Where {@code minCount} distinct values must occur. */
  public enum Scope {
    FILE,
    UNIT
  }

  public PolicyRule {
    categories = Set.copyOf(categories);
    ruleIds = Set.copyOf(ruleIds);
    includePaths = List.copyOf(includePaths);
    excludePaths = List.copyOf(excludePaths);
    if (minCount < 1) {
      throw new IllegalArgumentException("policy rule '" + id + "': minCount must be at least 1");
    }
  }

  boolean selects(Finding f) {
    return (categories.isEmpty() ? f.category() != Category.LICENSE : categories.contains(f.category()))
        && (ruleIds.isEmpty() || ruleIds.contains(f.ruleId()))
        && f.confidence().atLeast(minConfidence)
        && f.severity().compareTo(minSeverity) >= 0
        && (includePaths.isEmpty() || Glob.anyMatches(includePaths, f.location().path()))
        && !Glob.anyMatches(excludePaths, f.location().path());
  }
}
