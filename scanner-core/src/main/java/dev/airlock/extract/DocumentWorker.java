package dev.airlock.extract;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;

/**
 * The child process {@link Documents} starts: reads one document at a time from standard input,
 * writes its text segments (or why it was skipped) to standard output, and waits for the next.
 * Archives are walked here, entry by entry, under the limits given on the command line; other
 * documents go through Tika. Only this process loads Tika, so a parser that loops, exhausts its
 * heap or crashes takes down this process and one file, never the scan.
 *
 * <p>Frames (big-endian, {@link DataOutputStream}): once Tika is loaded, the worker writes
 * {@code 'R'} (ready). A request is the file name (UTF), the length and the bytes. A reply is a
 * sequence of items, each a tag byte: {@code 'S'} a text segment (entry UTF, page int, table
 * boolean, UTF-8 length int, bytes), {@code 'K'} a skipped entry (entry UTF, reason UTF; entry
 * {@code ""} is the whole file), {@code 'P'} the file was read in part (reason UTF: the segments
 * hold its first characters up to the limit), {@code 'E'} the end of the reply.
 */
public final class DocumentWorker {
  private final Documents.Limits limits;
  private final AutoDetectParser parser = new AutoDetectParser();
  private final DataOutputStream out;
  /** Entries and characters met so far in the current file, over all its nesting. */
  private int entries;

  private long chars;

  /** The last entry {@link #readBounded} read was cut at the characters the file may yield. */
  private boolean cut;

  private DocumentWorker(Documents.Limits limits, DataOutputStream out) {
    this.limits = limits;
    this.out = out;
  }

  /**
   * Set in tests only: how long the worker waits before it says it is ready, so a test can tell
   * the start of a child from the time its first file takes.
   */
  static final String START_DELAY_PROPERTY = "airlock.documentWorker.startDelayMs";

  /** Arguments: max characters, max entries, max compression ratio, max depth. */
  public static void main(String[] args) throws IOException, InterruptedException {
    // Parsers print; only frames may reach the parent's pipe.
    PrintStream frames = System.out;
    System.setOut(System.err);
    Documents.Limits limits =
        new Documents.Limits(
            Long.parseLong(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
            Integer.parseInt(args[3]), 0, 0, 0);
    DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(frames, 1 << 16));
    DocumentWorker worker = new DocumentWorker(limits, out);
    Thread.sleep(Long.getLong(START_DELAY_PROPERTY, 0));
    // Tika's parsers are loaded (the AutoDetectParser above): the parent may start the clock.
    out.writeByte('R');
    out.flush();
    while (true) {
      String name;
      try {
        name = in.readUTF();
      } catch (EOFException e) {
        return;
      }
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      worker.reply(name, bytes);
    }
  }

  private void reply(String name, byte[] bytes) throws IOException {
    entries = 0;
    chars = 0;
    cut = false;
    List<Item> items = new ArrayList<>();
    try {
      read(name, "", bytes, 0, items);
    } catch (Truncated t) {
      items.add(new Item.Partial(t.getMessage()));
    } catch (Skip s) {
      items.clear();
      items.add(new Item.Skipped("", s.getMessage()));
    }
    for (Item item : items) {
      item.write(out);
    }
    out.writeByte('E');
    out.flush();
  }

  /** One part of a reply. */
  private sealed interface Item {
    void write(DataOutputStream out) throws IOException;

    record Segment(String entry, int page, boolean table, String text) implements Item {
      @Override
      public void write(DataOutputStream out) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeByte('S');
        out.writeUTF(entry);
        out.writeInt(page);
        out.writeBoolean(table);
        out.writeInt(utf8.length);
        out.write(utf8);
      }
    }

    record Skipped(String entry, String reason) implements Item {
      @Override
      public void write(DataOutputStream out) throws IOException {
        out.writeByte('K');
        out.writeUTF(entry);
        out.writeUTF(reason);
      }
    }

    record Partial(String reason) implements Item {
      @Override
      public void write(DataOutputStream out) throws IOException {
        out.writeByte('P');
        out.writeUTF(reason);
      }
    }
  }

  /** A limit or a refusal that ends the reading of one file or entry, with its reason. */
  private static class Skip extends Exception {
    Skip(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * The file gave as many characters as it may: reading stops, and what was read so far (already
   * in the items) is kept and scanned, the file marked as read in part.
   */
  private static final class Truncated extends Skip {
    Truncated() {
      super("extract-limit");
    }
  }

  private enum Kind {
    TEXT, ZIP, TAR, GZIP, SEVEN_Z, TIKA
  }

  /** Office, ODF and EPUB files are ZIP containers Tika reads; other ZIPs are archives. */
  private static final java.util.regex.Pattern ZIP_DOCUMENTS =
      java.util.regex.Pattern.compile(
          "(?i).*\\.(?:docx|docm|dotx|xlsx|xlsm|xltx|pptx|pptm|potx|odt|ods|odp|odg|ott|epub|vsdx)");

  private static Kind kindOf(String name, byte[] bytes) {
    if (!Extractor.isDocument(name, bytes)) {
      return Kind.TEXT;
    }
    int b0 = bytes[0] & 0xff;
    if (b0 == 'P' && bytes[1] == 'K') {
      return ZIP_DOCUMENTS.matcher(name).matches() ? Kind.TIKA : Kind.ZIP;
    }
    if (b0 == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      return Kind.GZIP;
    }
    if (b0 == '7' && bytes[1] == 'z') {
      return Kind.SEVEN_Z;
    }
    if (bytes.length > 262 && bytes[257] == 'u' && bytes[258] == 's' && bytes[259] == 't') {
      return Kind.TAR;
    }
    return Kind.TIKA;
  }

  /** Reads one file or entry at {@code entry} (a {@code !/}-path, {@code ""} for the file). */
  private void read(String name, String entry, byte[] bytes, int depth, List<Item> items)
      throws Skip {
    switch (kindOf(name, bytes)) {
      case TEXT -> {
        Extractor.Result r = new Extractor().extract(bytes);
        if (r instanceof Extractor.Text t) {
          String text = t.text();
          long room = limits.maxChars() - chars;
          if (text.length() > room) {
            items.add(new Item.Segment(entry, 0, false, text.substring(0, (int) room)));
            throw new Truncated();
          }
          chars += text.length();
          items.add(new Item.Segment(entry, 0, false, text));
        }
        // A binary entry (a class file, an image) has no text to scan; it is not news.
      }
      case TIKA -> parse(entry, bytes, items);
      case ZIP -> zip(entry, bytes, depth, items);
      case TAR -> tar(entry, bytes, depth, items);
      case SEVEN_Z -> sevenZ(entry, bytes, depth, items);
      case GZIP -> {
        String inner = name.replaceFirst("(?i)\\.t?gz$", "");
        if (name.toLowerCase(Locale.ROOT).endsWith(".tgz")) {
          inner += ".tar";
        }
        if (inner.equals(name)) {
          inner = name + ".content";
        }
        byte[] content;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
          content = readBounded(in, bytes.length);
        } catch (IOException e) {
          throw new Skip("malformed: " + oneLine(e));
        }
        nested(inner, entry + "!/" + baseName(inner), content, depth, items);
      }
    }
  }

  /** An entry inside an archive at {@code depth}: read it, or skip it alone with its reason. */
  private void nested(String name, String entry, byte[] bytes, int depth, List<Item> items)
      throws Skip {
    if (++entries > limits.maxEntries()) {
      throw new Skip("too-many-entries");
    }
    boolean wasCut = cut;
    cut = false;
    if (wasCut && kindOf(name, bytes) != Kind.TEXT) {
      throw new Truncated(); // the first part of an archive or a document is not one to read
    }
    if (depth + 1 > limits.maxDepth() && kindOf(name, bytes) != Kind.TEXT) {
      items.add(new Item.Skipped(entry, "max-depth"));
      return;
    }
    List<Item> own = new ArrayList<>();
    try {
      read(name, entry, bytes, depth + 1, own);
      items.addAll(own);
    } catch (Truncated t) {
      items.addAll(own);
      throw t;
    } catch (Skip s) {
      if (s.getMessage().equals("too-many-entries")) {
        throw s; // a limit of the whole file ends the whole file
      }
      items.add(new Item.Skipped(entry, s.getMessage()));
    }
  }

  private void zip(String entry, byte[] bytes, int depth, List<Item> items) throws Skip {
    try (ZipFile zip =
        ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes)).get()) {
      List<ZipArchiveEntry> all = new ArrayList<>();
      for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); ) {
        all.add(e.nextElement());
        if (all.size() > limits.maxEntries()) {
          throw new Skip("too-many-entries");
        }
      }
      for (ZipArchiveEntry e : all) {
        if (e.isDirectory()) {
          continue;
        }
        String at = entry + "!/" + e.getName();
        if (e.getGeneralPurposeBit().usesEncryption()) {
          items.add(new Item.Skipped(at, "encrypted"));
          continue;
        }
        byte[] content;
        try (InputStream in = zip.getInputStream(e)) {
          content = readBounded(in, Math.max(e.getCompressedSize(), 1));
        } catch (Skip s) {
          items.add(new Item.Skipped(at, s.getMessage()));
          continue;
        } catch (IOException | RuntimeException ex) {
          items.add(new Item.Skipped(at, "malformed: " + oneLine(ex)));
          continue;
        }
        nested(e.getName(), at, content, depth, items);
      }
    } catch (IOException e) {
      throw new Skip("malformed: " + oneLine(e));
    }
  }

  private void tar(String entry, byte[] bytes, int depth, List<Item> items) throws Skip {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(bytes))) {
      for (ArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.isDirectory()) {
          continue;
        }
        // TAR stores entries uncompressed: its own size is the bound.
        nested(e.getName(), entry + "!/" + e.getName(), readBounded(tar, bytes.length), depth, items);
      }
    } catch (IOException | RuntimeException e) {
      throw new Skip("malformed: " + oneLine(e));
    }
  }

  private void sevenZ(String entry, byte[] bytes, int depth, List<Item> items) throws Skip {
    try (SevenZFile seven =
        SevenZFile.builder()
            .setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes))
            .get()) {
      for (SevenZArchiveEntry e = seven.getNextEntry(); e != null; e = seven.getNextEntry()) {
        if (e.isDirectory() || !e.hasStream()) {
          continue;
        }
        String at = entry + "!/" + e.getName();
        byte[] content;
        try (InputStream in = seven.getInputStream(e)) {
          content = readBounded(in, Math.max(1, bytes.length));
        } catch (Skip s) {
          items.add(new Item.Skipped(at, s.getMessage()));
          continue;
        }
        nested(e.getName(), at, content, depth, items);
      }
    } catch (org.apache.commons.compress.PasswordRequiredException e) {
      throw new Skip("encrypted");
    } catch (IOException | RuntimeException e) {
      throw new Skip("malformed: " + oneLine(e));
    }
  }

  /**
   * An entry's bytes, refusing to inflate more than {@code maxRatio} times what it was stored as
   * (a zip bomb). Bytes beyond what could be the characters a file may still yield are not read:
   * the entry is cut there ({@link #cut}), and {@link #nested} reads its first part as text.
   */
  private byte[] readBounded(InputStream in, long stored) throws IOException, Skip {
    long byRatio = Math.max(1L << 20, stored * limits.maxRatio());
    long byChars = Math.max(1L << 20, (limits.maxChars() - chars) * 4);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[1 << 16];
    long total = 0;
    for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
      total += n;
      if (total > byRatio) {
        throw new Skip("compression-ratio");
      }
      if (total > byChars) {
        buffer.write(chunk, 0, n - (int) (total - byChars));
        cut = true;
        break;
      }
      buffer.write(chunk, 0, n);
    }
    return buffer.toByteArray();
  }

  private void parse(String entry, byte[] bytes, List<Item> items) throws Skip {
    if (bytes.length == 0) {
      return;
    }
    long budget = limits.maxChars() - chars;
    SegmentHandler handler = new SegmentHandler(budget);
    Metadata metadata = new Metadata();
    ParseContext context = new ParseContext();
    context.set(Parser.class, parser);
    boolean truncated = false;
    try {
      parser.parse(new ByteArrayInputStream(bytes), handler, metadata, context);
    } catch (EncryptedDocumentException e) {
      throw new Skip("encrypted");
    } catch (Exception e) {
      if (WriteLimitReachedException.isWriteLimitReached(e) || handler.limitReached()) {
        truncated = true;
        handler.endDocument(); // the block the limit interrupted holds the last characters
      } else if (isEncrypted(e)) {
        throw new Skip("encrypted");
      } else {
        throw new Skip("malformed: " + oneLine(e));
      }
    } catch (StackOverflowError e) {
      throw new Skip("malformed: StackOverflowError");
    }
    String type = String.valueOf(metadata.get(Metadata.CONTENT_TYPE));
    StringBuilder about = new StringBuilder();
    // Metadata (authors, EXIF comments, mail headers) can carry what the body does not. Sorted,
    // so its lines do not move between runs; without the temporary file's name and date.
    String[] keys = metadata.names();
    java.util.Arrays.sort(keys);
    for (String key : keys) {
      if (!key.startsWith("X-TIKA") && !key.equals(Metadata.CONTENT_TYPE)
          && !VOLATILE_METADATA.contains(key)) {
        for (String value : metadata.getValues(key)) {
          about.append(key).append(": ").append(value).append('\n');
        }
      }
    }
    List<SegmentHandler.Block> blocks = handler.blocks();
    boolean spreadsheet = type.contains("spreadsheet") || type.contains("ms-excel");
    // A slide is a page: a finding says which slide, and its line on that slide.
    boolean paged = type.contains("pdf") || type.contains("presentation")
        || type.contains("powerpoint");
    for (SegmentHandler.Block b : blocks) {
      if (spreadsheet && b.hasTable()) {
        // An OpenDocument sheet comes without its name: rows and cells of the file itself.
        String at = b.heading() == null ? entry : entry + "!/" + b.heading();
        items.add(new Item.Segment(at, 0, true, b.rows()));
      } else if (paged && b.page() > 0) {
        items.add(new Item.Segment(entry, b.page(), false, b.text().stripLeading()));
      } else if (!b.text().isBlank()) {
        items.add(new Item.Segment(entry, 0, false, b.text()));
      }
    }
    chars += handler.characters();
    if (truncated) {
      throw new Truncated(); // metadata too would pass the limit; the body comes first
    }
    if (about.length() > limits.maxChars() - chars) {
      about.setLength((int) (limits.maxChars() - chars));
      truncated = true;
    }
    if (about.length() > 0) {
      chars += about.length();
      items.add(new Item.Segment(entry + "!/metadata", 0, false, about.toString()));
    }
    if (truncated) {
      throw new Truncated();
    }
  }

  /** Metadata-extractor's notes on the temporary file Tika parsed: new on every run. */
  private static final java.util.Set<String> VOLATILE_METADATA =
      java.util.Set.of("File Name", "File Modified Date", "File Size");

  private static boolean isEncrypted(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EncryptedDocumentException
          || t.getClass().getSimpleName().contains("Encrypted")
          || t.getClass().getSimpleName().equals("InvalidPasswordException")) {
        return true;
      }
    }
    return false;
  }

  private static String baseName(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /** The exception's kind only: a parser's message may quote the document it failed on. */
  private static String oneLine(Throwable e) {
    return e.getClass().getSimpleName();
  }
}
