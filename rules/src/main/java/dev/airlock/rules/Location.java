package dev.airlock.rules;

/**
 * Where a finding sits: a path inside the scanned tree and a 1-based line and column.
 *
 * <p>Inside documents and archives the path goes on after {@code !/}: {@code dump.zip!/export/
 * users.csv} is an archive entry (line and column as in any file), {@code finance/q3.xlsx!/Sheet2}
 * a sheet (line is the row, column the cell's number in it). A paged document (PDF) gives the
 * 1-based {@code page}, and the line within that page; elsewhere {@code page} is 0.
 */
public record Location(String path, int line, int column, int page) {
  public Location {
    if (path == null) {
      throw new IllegalArgumentException("path must not be null");
    }
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based, got " + line + ":" + column);
    }
    if (page < 0) {
      throw new IllegalArgumentException("page is 1-based, or 0 for none, got " + page);
    }
  }

  public Location(String path, int line, int column) {
    this(path, line, column, 0);
  }

  /** The file in the scanned tree this location is in: the path up to its first {@code !/}. */
  public String file() {
    int at = path.indexOf("!/");
    return at < 0 ? path : path.substring(0, at);
  }

  @Override
  public String toString() {
    return path + (page > 0 ? " page " + page + ":" : ":") + line + ":" + column;
  }
}
