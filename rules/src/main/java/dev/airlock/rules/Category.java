package dev.airlock.rules;

/** What kind of content a rule finds. The names are part of every output format; never rename one. */
public enum Category {
  SECRET,
  PII,
  PHI,
  PCI,
  EXPORT_CONTROL,
  CLASSIFIED,
  PROPRIETARY
}
