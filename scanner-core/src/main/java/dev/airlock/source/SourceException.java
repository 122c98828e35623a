package dev.airlock.source;

import java.io.IOException;

/** A source that cannot be opened or read as a whole; the message says what to do about it. */
public final class SourceException extends IOException {
  private static final long serialVersionUID = 1L;

  public SourceException(String message) {
    super(message);
  }

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
