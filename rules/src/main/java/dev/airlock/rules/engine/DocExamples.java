package dev.airlock.rules.engine;

import java.util.regex.Pattern;

/**
 * Whether a position lies in a worked example of documentation: a doctest session (a block of
 * lines holding a {@code >>>} prompt, the output included) or a reStructuredText literal block
 * (lines indented under a paragraph that ends in {@code ::}, or under a {@code .. code::}
 * directive, after a blank line). Python libraries show made-up tokens there, in docstrings and
 * changelogs, often more than a context window away from any word that says "example". Only a
 * bounded stretch of text before the position is read.
 */
final class DocExamples {
  /** How far back the block and the line that introduces it are looked for. */
  private static final int REACH = 2048;

  private static final Pattern CODE_DIRECTIVE =
      Pattern.compile("\\.\\.[ \\t]+(?:code|code-block|sourcecode)::.*");

  private DocExamples() {}

  static boolean isInExample(String text, int pos) {
    int limit = Math.max(0, pos - REACH);
    int lineEnd = text.indexOf('\n', pos);
    int end = lineEnd < 0 ? text.length() : lineEnd;
    int start = lineStart(text, Math.min(pos, end), limit);
    return inDoctest(text, start, end, limit) || inLiteralBlock(text, start, end, limit);
  }

  /** A '>>>' prompt on the value's line or on a non-blank line above it, up to a blank line. */
  private static boolean inDoctest(String text, int start, int end, int limit) {
    while (!isBlank(text, start, end)) {
      if (startsWithPrompt(text, start, end)) {
        return true;
      }
      if (start <= limit) {
        return false;
      }
      end = start - 1;
      start = lineStart(text, end, limit);
    }
    return false;
  }

  /**
   * Walks up from the value's line to the first line indented less than everything below it and
   * followed by a blank line: the paragraph a literal block hangs from. Lines indented less but
   * not followed by a blank ('{' of a dict shown in the block) only lower the block's margin.
   */
  private static boolean inLiteralBlock(String text, int start, int end, int limit) {
    int margin = indent(text, start, end);
    boolean blankBelow = false;
    while (margin > 0 && start > limit) {
      end = start - 1;
      start = lineStart(text, end, limit);
      if (isBlank(text, start, end)) {
        blankBelow = true;
        continue;
      }
      int indent = indent(text, start, end);
      if (indent < margin) {
        if (blankBelow) {
          return introducesLiteralBlock(text.substring(start + indent, end).strip());
        }
        margin = indent;
      }
      blankBelow = false;
    }
    return false;
  }

  private static boolean introducesLiteralBlock(String line) {
    return (line.endsWith("::") && !line.endsWith(":::"))
        || CODE_DIRECTIVE.matcher(line).matches();
  }

  private static int indent(String text, int from, int to) {
    int i = from;
    while (i < to && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i - from;
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
    int i = from + indent(text, from, to);
    return text.startsWith(">>>", i) && (i + 3 >= to || text.charAt(i + 3) == ' ');
  }
}
