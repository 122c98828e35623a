package dev.airlock.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a command's report goes: stdout, or a file given with {@code --output}. */
final class OutputFile {
  private OutputFile() {}

  /**
   * Writes {@code text} as UTF-8 to {@code file} (creating its folder), or to stdout when {@code
   * file} is null. Returns the bytes written, so they can be signed exactly.
   */
  static byte[] write(Path file, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (file == null) {
      OutputStream out = System.out;
      out.write(bytes);
      out.flush();
      return bytes;
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, bytes);
    return bytes;
  }
}
