package dev.airlock.rules.engine;

/**
 * The text a regex runs over, counting every character the regex engine reads. When a match
 * attempt reads more than its budget, the attempt is abandoned with {@link Exhausted}: a hostile or
 * unlucky user pattern costs one abandoned window, never a hung scan. For a single thread.
 */
final class BudgetedText implements CharSequence {
  /** Thrown when a budget runs out; carries no stack trace because it is control flow. */
  static final class Exhausted extends RuntimeException {
    Exhausted() {
      super("regex work budget exhausted", null, false, false);
    }
  }

  private static final Exhausted EXHAUSTED = new Exhausted();

  private final String text;
  private long remaining;

  BudgetedText(String text) {
    this.text = text;
  }

  void budget(long reads) {
    remaining = reads;
  }

  @Override
  public char charAt(int index) {
    if (--remaining < 0) {
      throw EXHAUSTED;
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return text.substring(start, end);
  }

  @Override
  public String toString() {
    return text;
  }
}
