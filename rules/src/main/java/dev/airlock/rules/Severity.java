package dev.airlock.rules;

/** How much harm a true finding of a rule does if it leaves the company, from least to most. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL
}
