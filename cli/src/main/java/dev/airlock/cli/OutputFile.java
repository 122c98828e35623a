package dev.airlock.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
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
    return write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Renders a report straight to UTF-8 and writes it as {@link #write(Path, String)} does. A
   * report of ten thousand findings is megabytes; held as a String it was built in a
   * StringBuffer that turned UTF-16 at the first non-Latin-1 character (the ellipsis of every
   * redacted value) and was copied as it grew, then encoded again.
   */
  static byte[] write(Path file, Rendering rendering) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
    Writer writer = new OutputStreamWriter(buffer, StandardCharsets.UTF_8);
    rendering.to(writer);
    writer.flush();
    return write(file, buffer.toByteArray());
  }

  /** Writes a report to the writer it is given. */
  interface Rendering {
    void to(Writer writer) throws IOException;
  }

  private static byte[] write(Path file, byte[] bytes) throws IOException {
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
