package dev.airlock.rules.policy;

/** How sensitive a unit's content is, from least to most. */
public enum Sensitivity {
  PUBLIC,
  INTERNAL,
  CONFIDENTIAL,
  RESTRICTED
}
