package dev.airlock.rules;

/** What kind of content a rule finds. The names are part of every output format; never rename one. */
public enum Category {
  SECRET,
  PII,
  PHI,
  PCI,
  EXPORT_CONTROL,
  CLASSIFIED,
  PROPRIETARY,
  /**
   * Open-source licence evidence (SPDX identifiers, OSI licence texts): recorded so a policy can
   * call an openly licensed unit PUBLIC, never a reason to restrict one.
   */
  LICENSE
}
