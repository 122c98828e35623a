package dev.airlock.index;

import dev.airlock.rules.Category;
import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Location;
import dev.airlock.rules.Severity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one scan of a Git commit gave for each path of its tree: the file's blob and size, and its
 * findings and partly scanned rules, or why it was skipped. The index keeps the last scan's in a
 * file beside its segments (named by the commit, {@code docs/index.md}), so a rescan diffs the
 * last scanned tree against the new one and looks up only the paths that changed, instead of
 * listing and looking up every file again.
 *
 * <p>Per-path results are enough because a file's findings depend only on its content and its
 * path. Files whose outcome the index does not keep (documents, unreadable files) are kept as
 * {@link Kind#AGAIN}: every scan reads them again, as it would without this file.
 *
 * @param commit the scanned commit
 * @param context what else the results depend on (rule set, size limit, exclusions, ...): a scan
 *     under another context lists the tree in full
 * @param entries one per path of the tree, sorted by path
 * @param manifests the text of each build manifest read for units, by path
 */
public record ScannedTree(
    String commit, String context, List<Entry> entries, Map<String, String> manifests) {

  public ScannedTree {
    entries = List.copyOf(entries);
    manifests = java.util.Collections.unmodifiableMap(new TreeMap<>(manifests));
  }

  /** What a scan did with one path. */
  public enum Kind {
    /** Skipped while listing (excluded, too large, a symbolic link, a submodule...): no blob read. */
    LISTED,
    /** The blob was read and skipped (binary, an LFS pointer...). */
    SKIPPED,
    /** The blob was matched: its findings and the rules that ran out of budget in it. */
    FILE,
    /** Read again by every scan: a document, or a file that could not be read. */
    AGAIN
  }

  /**
   * One path's result.
   *
   * @param blobId null for {@link Kind#LISTED}
   * @param counted whether the path's blob counted in the scan's blob figures: false for the
   *     other paths of a blob whose first path's outcome served them too
   * @param reason the skip reason of {@link Kind#LISTED} and {@link Kind#SKIPPED}, else null
   * @param findings of a {@link Kind#FILE}, in report order; empty otherwise
   * @param exhausted ids of rules that ran out of their regex budget in a {@link Kind#FILE}
   */
  public record Entry(
      String path,
      Kind kind,
      String blobId,
      long size,
      boolean counted,
      String reason,
      List<Finding> findings,
      List<String> exhausted) {
    public Entry {
      findings = List.copyOf(findings);
      exhausted = List.copyOf(exhausted);
    }

    public static Entry listed(String path, String reason) {
      return new Entry(path, Kind.LISTED, null, 0, false, reason, List.of(), List.of());
    }
  }

  private static final int MAGIC = 0x41544c31; // "ATL1"

  /**
   * Bumped when the encoding or the meaning of an entry changes; a file of another version is
   * ignored (the scan lists the tree in full).
   */
  static final int VERSION = 1;

  /** The encoded tree: magic, version, then the fields, with repeated strings written once. */
  byte[] encode() {
    LuceneState.Encoder out = new LuceneState.Encoder(64 + entries.size() * 96);
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(commit);
    out.writeUTF(context);
    Map<String, Integer> strings = new HashMap<>();
    List<String> table = new ArrayList<>();
    // The table first, so that a reader has it before the entries that refer to it.
    for (Entry e : entries) {
      if (e.reason() != null) {
        intern(e.reason(), strings, table);
      }
      for (String r : e.exhausted()) {
        intern(r, strings, table);
      }
      for (Finding f : e.findings()) {
        intern(f.ruleId(), strings, table);
        intern(f.title(), strings, table);
      }
    }
    out.writeInt(table.size());
    for (String s : table) {
      out.writeUTF(s);
    }
    out.writeInt(entries.size());
    for (Entry e : entries) {
      writeEntry(out, e, strings);
    }
    out.writeInt(manifests.size());
    for (Map.Entry<String, String> m : manifests.entrySet()) {
      out.writeUTF(m.getKey());
      writeLongUTF(out, m.getValue());
    }
    return out.toByteArray();
  }

  private static void intern(String s, Map<String, Integer> strings, List<String> table) {
    if (strings.putIfAbsent(s, table.size()) == null) {
      table.add(s);
    }
  }

  /** One entry; a method of its own so that the JIT compiles it (a loop run once is not). */
  private static void writeEntry(LuceneState.Encoder out, Entry e, Map<String, Integer> strings) {
    out.writeUTF(e.path());
    out.writeByte(e.kind().ordinal() | (e.counted() ? COUNTED : 0));
    if (e.kind() == Kind.LISTED) {
      out.writeInt(strings.get(e.reason()));
      return;
    }
    out.writeUTF(e.blobId());
    out.writeLong(e.size());
    switch (e.kind()) {
      case SKIPPED -> out.writeInt(strings.get(e.reason()));
      case FILE -> {
        out.writeInt(e.exhausted().size());
        for (String r : e.exhausted()) {
          out.writeInt(strings.get(r));
        }
        out.writeInt(e.findings().size());
        for (Finding f : e.findings()) {
          Location l = f.location();
          out.writeInt(strings.get(f.ruleId()));
          out.writeInt(strings.get(f.title()));
          out.writeByte(f.category().ordinal());
          out.writeByte(f.severity().ordinal());
          out.writeByte(f.confidence().ordinal());
          out.writeInt(l.line());
          out.writeInt(l.column());
          out.writeInt(l.page());
          // A location inside the file (a document's part) names more than the file's path.
          out.writeUTF(l.path().equals(e.path()) ? "" : l.path());
          out.writeUTF(f.redacted());
          out.writeUTF(f.fingerprint());
        }
      }
      default -> {}
    }
  }

  /** A manifest may exceed the 64 KB of one modified-UTF-8 string: written in parts. */
  private static void writeLongUTF(LuceneState.Encoder out, String s) {
    int parts = (s.length() + 16_383) / 16_384;
    out.writeInt(parts);
    for (int i = 0; i < parts; i++) {
      out.writeUTF(s.substring(i * 16_384, Math.min(s.length(), (i + 1) * 16_384)));
    }
  }

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException when the bytes are not a tree of this version, or damaged
   */
  static ScannedTree decode(byte[] bytes) {
    Decoder in = new Decoder(bytes);
    try {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a scanned tree");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException("scanned tree of version " + version + ", not " + VERSION);
      }
      String commit = in.readUTF();
      String context = in.readUTF();
      String[] table = new String[in.readCount()];
      for (int i = 0; i < table.length; i++) {
        table[i] = in.readUTF();
      }
      Entry[] entries = new Entry[in.readCount()];
      for (int i = 0; i < entries.length; i++) {
        entries[i] = readEntry(in, table);
      }
      int n = in.readCount();
      Map<String, String> manifests = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        String path = in.readUTF();
        StringBuilder text = new StringBuilder();
        for (int parts = in.readCount(); parts > 0; parts--) {
          text.append(in.readUTF());
        }
        manifests.put(path, text.toString());
      }
      if (in.at != bytes.length) {
        throw new IllegalArgumentException("scanned tree has " + (bytes.length - in.at) + " bytes too many");
      }
      return new ScannedTree(commit, context, java.util.Arrays.asList(entries), manifests);
    } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("scanned tree is truncated or damaged", e);
    }
  }

  private static final Kind[] KINDS = Kind.values();

  /** Added to an entry's kind byte when it counted in the blob figures. */
  private static final int COUNTED = 0x80;
  private static final Category[] CATEGORIES = Category.values();
  private static final Severity[] SEVERITIES = Severity.values();
  private static final Confidence[] CONFIDENCES = Confidence.values();

  private static Entry readEntry(Decoder in, String[] table) {
    String path = in.readUTF();
    int kindByte = in.readByte();
    Kind kind = KINDS[kindByte & ~COUNTED];
    boolean counted = (kindByte & COUNTED) != 0;
    if (kind == Kind.LISTED) {
      return Entry.listed(path, table[in.readInt()]);
    }
    String blobId = in.readUTF();
    long size = in.readLong();
    return switch (kind) {
      case SKIPPED ->
          new Entry(path, kind, blobId, size, counted, table[in.readInt()], List.of(), List.of());
      case FILE -> {
        String[] exhausted = new String[in.readCount()];
        for (int i = 0; i < exhausted.length; i++) {
          exhausted[i] = table[in.readInt()];
        }
        Finding[] findings = new Finding[in.readCount()];
        for (int i = 0; i < findings.length; i++) {
          findings[i] = readFinding(in, table, path);
        }
        yield new Entry(
            path, kind, blobId, size, counted, null, java.util.Arrays.asList(findings),
            java.util.Arrays.asList(exhausted));
      }
      default -> new Entry(path, kind, blobId, size, counted, null, List.of(), List.of());
    };
  }

  private static Finding readFinding(Decoder in, String[] table, String path) {
    String ruleId = table[in.readInt()];
    String title = table[in.readInt()];
    Category category = CATEGORIES[in.readByte()];
    Severity severity = SEVERITIES[in.readByte()];
    Confidence confidence = CONFIDENCES[in.readByte()];
    int line = in.readInt();
    int column = in.readInt();
    int page = in.readInt();
    String at = in.readUTF();
    return new Finding(
        ruleId, title, category, severity, confidence,
        new Location(at.isEmpty() ? path : at, line, column, page), in.readUTF(), in.readUTF());
  }

  /** Reads what {@link LuceneState.Encoder} wrote; bounds are checked by the array accesses. */
  private static final class Decoder {
    private final byte[] bytes;
    int at;

    Decoder(byte[] bytes) {
      this.bytes = bytes;
    }

    int readByte() {
      return bytes[at++] & 0xff;
    }

    int readInt() {
      int i = at;
      at = i + 4;
      return ((bytes[i] & 0xff) << 24) | ((bytes[i + 1] & 0xff) << 16) | ((bytes[i + 2] & 0xff) << 8)
          | (bytes[i + 3] & 0xff);
    }

    /** A count, which a damaged file could make absurd: no more than the bytes left. */
    int readCount() {
      int n = readInt();
      if (n < 0 || n > bytes.length - at) {
        throw new IllegalArgumentException("scanned tree is damaged (a count of " + n + ")");
      }
      return n;
    }

    long readLong() {
      long high = readInt() & 0xffffffffL;
      return high << 32 | (readInt() & 0xffffffffL);
    }

    /** Modified UTF-8 as {@link java.io.DataOutputStream#writeUTF} writes it; ASCII directly. */
    String readUTF() {
      int length = (readByte() << 8) | readByte();
      int from = at;
      int end = from + length;
      if (end > bytes.length) {
        throw new IllegalArgumentException("scanned tree is truncated");
      }
      at = end;
      for (int i = from; i < end; i++) {
        if (bytes[i] < 0) {
          return decodeUtf(from, end);
        }
      }
      return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }

    private String decodeUtf(int from, int end) {
      StringBuilder s = new StringBuilder(end - from);
      for (int i = from; i < end; ) {
        int b = bytes[i] & 0xff;
        if (b < 0x80) {
          s.append((char) b);
          i++;
        } else if ((b & 0xe0) == 0xc0) {
          s.append((char) (((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f)));
          i += 2;
        } else if ((b & 0xf0) == 0xe0) {
          s.append((char) (((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f)));
          i += 3;
        } else {
          throw new IllegalArgumentException("scanned tree holds invalid modified UTF-8");
        }
      }
      return s.toString();
    }
  }
}
