package dev.airlock.rules.engine;

/**
 * The header row of a delimited table (CSV, TSV, pipe- or semicolon-separated), so that a column's
 * name can be context for every value in that column: {@code ssn} above a 9-digit number counts as
 * if it stood next to it. A text is a table when its first line is a row of names (a letter first,
 * no empty cell) joined by one delimiter, and the next lines (up to three) have as many
 * delimiters. The decision depends on the content only, never on the file name, so a blob matched
 * once serves all its paths. For a single text; not thread-safe.
 */
final class Columns {
  private static final char[] DELIMITERS = {',', '\t', ';', '|'};
  /** A header line longer than this is not a header. */
  private static final int MAX_HEADER = 4096;
  /** Longest header cell. */
  private static final int MAX_NAME = 64;
  /** How many data rows must agree with the header's column count. */
  private static final int ROWS_CHECKED = 3;
  /** How far back a row's start is searched for; a longer row is not placed in a column. */
  private static final int MAX_ROW = 65_536;

  private final String text;
  private final char delimiter;
  private final int headerEnd;
  private final String[] names;
  /** Per rule: 0 not yet known, 1 some column name holds a context word, 2 none does. */
  private final byte[] namesRaise;

  private Columns(String text, char delimiter, int headerEnd, String[] names, int rules) {
    this.text = text;
    this.delimiter = delimiter;
    this.headerEnd = headerEnd;
    this.names = names;
    this.namesRaise = new byte[rules];
  }

  /** The table header of {@code text}, or null when the text is not a delimited table. */
  static Columns detect(String text, int rules) {
    int start = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0;
    if (start >= text.length() || !startsName(text.charAt(start))) {
      return null;
    }
    int end = text.indexOf('\n', start);
    if (end < 0 || end - start > MAX_HEADER) {
      return null;
    }
    int lineEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
    char delimiter = 0;
    int most = 0;
    for (char d : DELIMITERS) {
      int n = count(text, start, lineEnd, d);
      if (n > most) {
        most = n;
        delimiter = d;
      }
    }
    if (most == 0 || !namesOnly(text, start, lineEnd, delimiter)) {
      return null;
    }
    int rows = 0;
    int pos = end + 1;
    while (rows < ROWS_CHECKED && pos < text.length()) {
      int next = text.indexOf('\n', pos);
      int stop = next < 0 ? text.length() : next;
      if (stop > pos && !(stop == pos + 1 && text.charAt(pos) == '\r')) {
        if (count(text, pos, stop, delimiter) != most) {
          return null;
        }
        rows++;
      }
      pos = stop + 1;
    }
    if (rows == 0) {
      return null;
    }
    String[] names = new String[most + 1];
    int cell = 0;
    int from = start;
    for (int i = start; i <= lineEnd; i++) {
      if (i == lineEnd || text.charAt(i) == delimiter) {
        names[cell++] = unquoted(text.substring(from, i).strip());
        from = i + 1;
      }
    }
    return new Columns(text, delimiter, end, names, rules);
  }

  /** The name of the column that holds offset {@code pos}, or null (header row, ragged row). */
  String nameAt(int pos) {
    int rowStart = rowStart(pos);
    if (rowStart < 0) {
      return null;
    }
    int column = count(text, rowStart, pos, delimiter);
    return column < names.length ? names[column] : null;
  }

  /** Whether any column name holds one of rule {@code rule}'s {@code words}; cached per rule. */
  boolean anyNameHas(int rule, ContextWords words) {
    if (namesRaise[rule] == 0) {
      boolean any = false;
      for (String name : names) {
        any |= words.in(name, 0, name.length());
      }
      namesRaise[rule] = (byte) (any ? 1 : 2);
    }
    return namesRaise[rule] == 1;
  }

  /** Start of the data row holding {@code pos}, or -1 in the header or on a very long row. */
  int rowStart(int pos) {
    int limit = Math.max(0, pos - MAX_ROW);
    int i = pos;
    while (i > limit && text.charAt(i - 1) != '\n') {
      i--;
    }
    if (i <= headerEnd || (i == limit && i > 0)) {
      return -1;
    }
    return i;
  }

  int rowEnd(int pos) {
    int end = text.indexOf('\n', pos);
    return end < 0 ? text.length() : end;
  }

  private static boolean startsName(char c) {
    return Character.isLetter(c) || c == '_' || c == '"';
  }

  /** Every cell of the line is a column name: a letter first, then name characters only. */
  private static boolean namesOnly(String text, int from, int to, char delimiter) {
    int cellStart = from;
    for (int i = from; i <= to; i++) {
      if (i < to && text.charAt(i) != delimiter) {
        continue;
      }
      int a = cellStart;
      int b = i;
      while (a < b && text.charAt(a) == ' ') {
        a++;
      }
      while (b > a && text.charAt(b - 1) == ' ') {
        b--;
      }
      if (b - a >= 2 && text.charAt(a) == '"' && text.charAt(b - 1) == '"') {
        a++;
        b--;
      }
      if (b == a || b - a > MAX_NAME || !(Character.isLetter(text.charAt(a)) || text.charAt(a) == '_')) {
        return false;
      }
      for (int k = a + 1; k < b; k++) {
        char c = text.charAt(k);
        if (!Character.isLetterOrDigit(c) && " _-.#/()".indexOf(c) < 0) {
          return false;
        }
      }
      cellStart = i + 1;
    }
    return true;
  }

  /** Delimiters in {@code text[from, to)} outside double-quoted fields. */
  private static int count(String text, int from, int to, char delimiter) {
    int n = 0;
    boolean quoted = false;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == delimiter && !quoted) {
        n++;
      }
    }
    return n;
  }

  private static String unquoted(String cell) {
    return cell.length() >= 2 && cell.charAt(0) == '"' && cell.charAt(cell.length() - 1) == '"'
        ? cell.substring(1, cell.length() - 1)
        : cell;
  }
}
