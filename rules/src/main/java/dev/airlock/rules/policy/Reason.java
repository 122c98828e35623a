package dev.airlock.rules.policy;

import dev.airlock.rules.Category;

/**
 * Why a label is what it is: {@code count} findings of rule {@code ruleId} made policy rule {@code
 * policyRule} fire, which asks for {@code sensitivity}.
 */
public record Reason(
    String ruleId, Category category, int count, String policyRule, Sensitivity sensitivity) {}
