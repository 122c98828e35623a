package dev.airlock.index;

import java.io.IOException;

/** The index of a repository cannot be used; the message says what to do. */
public final class StateException extends IOException {
  private static final long serialVersionUID = 1L;

  public StateException(String message) {
    super(message);
  }

  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
