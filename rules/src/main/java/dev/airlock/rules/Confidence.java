package dev.airlock.rules;

/** How sure the engine is that a match is the real thing, from least to most. */
public enum Confidence {
  LOW,
  MEDIUM,
  HIGH;

  /** One level up, saturating at {@link #HIGH}. */
  public Confidence raise() {
    return this == LOW ? MEDIUM : HIGH;
  }

  /** One level down, saturating at {@link #LOW}. */
  public Confidence lower() {
    return this == HIGH ? MEDIUM : LOW;
  }

  public boolean atLeast(Confidence other) {
    return compareTo(other) >= 0;
  }
}
