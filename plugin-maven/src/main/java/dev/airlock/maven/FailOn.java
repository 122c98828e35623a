package dev.airlock.maven;

import java.util.Locale;

/** When a module's label fails the build. */
enum FailOn {
  NEVER,
  ON_PREM_ONLY;

  /** Lenient about case and '-' so that {@code -Dairlock.failOn=on-prem-only} works too. */
  static FailOn parse(String value) {
    String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    return switch (v) {
      case "NEVER" -> NEVER;
      case "ON_PREM_ONLY", "ON_PREM" -> ON_PREM_ONLY;
      default -> throw new IllegalArgumentException(
          "airlock.failOn is '" + value + "'; use ON_PREM_ONLY or NEVER");
    };
  }
}
