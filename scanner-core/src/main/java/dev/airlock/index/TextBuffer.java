package dev.airlock.index;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * A tokenizer's copy of the whole document, read at reset: tokenizing runs over a char array,
 * not through a reader. For one thread, as its tokenizer.
 */
final class TextBuffer {
  private static final int INITIAL = 8192;

  char[] chars = new char[INITIAL];
  int length;

  /** Reads all of {@code input}, growing the array as it fills. */
  void fill(Reader input) throws IOException {
    length = 0;
    int n;
    while ((n = input.read(chars, length, chars.length - length)) != -1) {
      length += n;
      if (length == chars.length) {
        chars = Arrays.copyOf(chars, chars.length * 2);
      }
    }
  }

  /** Drops a large file's array, so that it is not kept for the rest of the thread's life. */
  void shrink() {
    if (chars.length > 1 << 16) {
      chars = new char[INITIAL];
    }
  }
}
