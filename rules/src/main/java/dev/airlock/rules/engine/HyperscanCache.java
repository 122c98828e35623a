package dev.airlock.rules.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;

/**
 * Compiled Hyperscan databases kept between runs: compiling the built-in rules takes a second or
 * two, loading a serialized database a few milliseconds. Files are named by a hash of everything
 * that went into the database (each rule's expression, trigger and flags, and the library
 * version), so a changed rule or library never meets a stale database. The cache is an
 * optimisation only: every failure to read or write it is silent and means compiling. Folder:
 * {@code -Dairlock.cache.dir}, else {@code $XDG_CACHE_HOME/airlock/hyperscan}, else {@code
 * ~/.cache/airlock/hyperscan}; {@code -Dairlock.cache.dir=} (empty) turns it off. Thread-safe.
 */
final class HyperscanCache {
  private HyperscanCache() {}

  /** The cache folder, or null when caching is off. */
  static Path directory() {
    String configured = System.getProperty("airlock.cache.dir");
    if (configured != null) {
      return configured.isBlank() ? null : Path.of(configured).resolve("hyperscan");
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("airlock").resolve("hyperscan");
  }

  /**
   * A hex key of {@code inputs}, each ended by a NUL: their total length and two independent
   * 32-bit checksums (CRC-32C and CRC-32) of their UTF-8 bytes. It names a cache file, computed at
   * every start over every rule's pattern before the JIT has compiled anything: SHA-256 ran
   * interpreted there, a tenth of building the engine, where both checksums are intrinsics. A
   * stale database would need two rule sets on one machine to agree on 64 checksum bits and the
   * length.
   */
  static String key(List<String> inputs) {
    java.util.zip.CRC32C crc32c = new java.util.zip.CRC32C();
    java.util.zip.CRC32 crc32 = new java.util.zip.CRC32();
    long length = 0;
    for (String s : inputs) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      crc32c.update(bytes, 0, bytes.length);
      crc32c.update(0);
      crc32.update(bytes, 0, bytes.length);
      crc32.update(0);
      length += bytes.length + 1;
    }
    return HexFormat.of().toHexDigits(length) + HexFormat.of().toHexDigits((int) crc32c.getValue())
        + HexFormat.of().toHexDigits((int) crc32.getValue());
  }

  /**
   * The bytes stored under {@code key}, mapped read-only, or null when absent or unreadable. Mapped,
   * not read: the database (about 1.8 MB for the built-in rules) was copied three times on the way
   * to Hyperscan (a temporary direct buffer, the array, native memory), each copy into memory
   * never touched before, at every start. The mapping reads the page cache in place; Hyperscan's
   * own copy is the only one. A file is replaced by a rename, never rewritten in place, so a
   * mapping never sees another run's write.
   */
  static ByteBuffer map(String key) {
    Path dir = directory();
    if (dir == null) {
      return null;
    }
    try (FileChannel channel = FileChannel.open(dir.resolve(key + ".hsdb"), StandardOpenOption.READ)) {
      return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Stores {@code content} under {@code key}: written to a temporary file and moved into place, so
   * a reader never sees half a database. Failures are ignored.
   */
  static void write(String key, byte[] content) {
    Path dir = directory();
    if (dir == null) {
      return;
    }
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, key + ".", ".tmp");
      Files.write(tmp, content);
      Path target = dir.resolve(key + ".hsdb");
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException | RuntimeException e) {
      // An unwritable cache costs the next run a compile, nothing more.
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException | RuntimeException e) {
          // Left behind in the cache folder: harmless.
        }
      }
    }
  }
}
