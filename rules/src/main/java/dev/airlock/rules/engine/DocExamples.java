package dev.airlock.rules.engine;

/**
 * Whether a position lies in a worked example of documentation: a doctest session (a block of
 * lines holding a {@code >>>} prompt, the output included) or a reStructuredText literal block (a
 * block after a paragraph that ends in {@code ::}). Python libraries show made-up tokens there, in
 * docstrings, often more than a context window away from any word that says "example". A block is
 * a run of non-blank lines; only a bounded stretch of text before the position is read.
 */
final class DocExamples {
  /** How far back the block and the paragraph before it are looked for. */
  private static final int REACH = 2048;

  private DocExamples() {}

  static boolean isInExample(String text, int pos) {
    int limit = Math.max(0, pos - REACH);
    int lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) {
      lineEnd = text.length();
    }
    // Walk back line by line through the block that holds pos.
    int end = lineEnd;
    int start = lineStart(text, Math.min(pos, end), limit);
    while (true) {
      if (isBlank(text, start, end)) {
        break;
      }
      if (startsWithPrompt(text, start, end)) {
        return true;
      }
      if (start <= limit) {
        return false;
      }
      end = start - 1;
      start = lineStart(text, end, limit);
    }
    // The block starts after a blank line: an earlier line ending in "::" introduces it.
    while (isBlank(text, start, end)) {
      if (start <= limit) {
        return false;
      }
      end = start - 1;
      start = lineStart(text, end, limit);
    }
    int last = end;
    while (last > start && Character.isWhitespace(text.charAt(last - 1))) {
      last--;
    }
    return last - start >= 2
        && text.startsWith("::", last - 2)
        && (last - 2 == start || text.charAt(last - 3) != ':');
  }

  private static int lineStart(String text, int pos, int limit) {
    int i = pos;
    while (i > limit && text.charAt(i - 1) != '\n') {
      i--;
    }
    return i;
  }

  private static boolean isBlank(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWithPrompt(String text, int from, int to) {
    int i = from;
    while (i < to && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return text.startsWith(">>>", i) && (i + 3 >= to || text.charAt(i + 3) == ' ');
  }
}
