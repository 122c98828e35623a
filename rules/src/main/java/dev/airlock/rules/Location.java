package dev.airlock.rules;

/** Where a finding sits: a path inside the scanned tree and a 1-based line and column. */
public record Location(String path, int line, int column) {
  public Location {
    if (path == null) {
      throw new IllegalArgumentException("path must not be null");
    }
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based, got " + line + ":" + column);
    }
  }

  @Override
  public String toString() {
    return path + ":" + line + ":" + column;
  }
}
