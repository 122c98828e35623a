package dev.airlock.index;

import dev.airlock.label.Unit;
import dev.airlock.rules.Category;
import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.Location;
import dev.airlock.rules.Severity;
import dev.airlock.rules.policy.Label;
import dev.airlock.rules.policy.Reason;
import dev.airlock.rules.policy.Routing;
import dev.airlock.rules.policy.Sensitivity;
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
 * @param labels what the scan's labelling gave, or null when it is not kept
 */
public record ScannedTree(
    String commit, String context, List<Entry> entries, Map<String, String> manifests,
    Labels labels) {

  public ScannedTree {
    entries = List.copyOf(entries);
    manifests = java.util.Collections.unmodifiableMap(new TreeMap<>(manifests));
  }

  /**
   * What a scan's labelling gave under the policy whose hash is {@code policy}: each unit's label
   * and the files routed on-prem. A rescan under the same policy evaluates again only the units
   * and files that its changes touch; a scan under another policy labels everything.
   */
  public record Labels(String policy, List<Unit> units, List<String> onPremFiles) {
    public Labels {
      units = List.copyOf(units);
      onPremFiles = List.copyOf(onPremFiles);
    }
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
   * ignored (the scan lists the tree in full). 2: UTF-8 strings and numbers of variable length;
   * 3: the labels. Bump it too when what labelling gives for the same findings and policy
   * changes: a rescan keeps the labels of the units its changes do not touch.
   */
  static final int VERSION = 3;

  /**
   * The encoded tree: magic, version, then the fields, with repeated strings (rule ids, titles,
   * reasons) written once. Strings are UTF-8, which Java encodes and decodes for ASCII (nearly
   * every path, id and redacted value) without a loop per character.
   */
  byte[] encode() {
    return encode(null);
  }

  /**
   * {@link #encode}, copying the bytes of every entry that is {@code base}'s own (the same object,
   * as a rescan passes on an unchanged path's result) from {@code base}'s file instead of encoding
   * it again: a rescan's next tree then costs what its changes cost, not what 16,000 paths and
   * 10,000 findings do (40-100 ms of the end of each rescan of the bench corpus). The string
   * table starts with {@code base}'s, so that the copied entries' references hold; strings no
   * longer used stay in it (a few rule ids or reasons) until a scan lists the whole tree.
   */
  byte[] encode(Encoded base) {
    if (base != null && !base.tree().context().equals(context)) {
      // Listed in full under other rules or settings: nothing to copy, and its strings not wanted.
      base = null;
    }
    ByteEncoder out = new ByteEncoder(64 + (base == null ? entries.size() * 160 : base.bytes().length + 4096));
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeUtf8(commit);
    out.writeUtf8(context);
    Map<String, Integer> strings = new HashMap<>();
    List<String> table = new ArrayList<>();
    List<Entry> old = base == null ? List.of() : base.tree().entries();
    if (base != null) {
      for (String s : base.table()) {
        intern(s, strings, table);
      }
    }
    // The table first, so that a reader has it before the entries that refer to it.
    boolean[] copied = new boolean[entries.size()];
    int[] from = new int[entries.size()];
    int j = 0;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      j = baseIndex(old, j, e);
      if (j >= 0) {
        copied[i] = true;
        from[i] = j++;
      } else {
        j = -j - 1;
        intern(e, strings, table);
      }
    }
    out.writeVInt(table.size());
    for (String s : table) {
      out.writeUtf8(s);
    }
    out.writeVInt(entries.size());
    for (int i = 0; i < entries.size(); ) {
      if (!copied[i]) {
        writeEntry(out, entries.get(i), strings);
        i++;
        continue;
      }
      // A run of entries that follow each other in the base too is one copy.
      int first = from[i];
      int next = first + 1;
      i++;
      while (i < entries.size() && copied[i] && from[i] == next) {
        next++;
        i++;
      }
      out.writeBytes(base.bytes(), base.starts()[first], base.starts()[next] - base.starts()[first]);
    }
    out.writeVInt(manifests.size());
    for (Map.Entry<String, String> m : manifests.entrySet()) {
      out.writeUtf8(m.getKey());
      out.writeUtf8(m.getValue());
    }
    writeLabels(out, labels);
    return out.toByteArray();
  }

  /**
   * Where {@code e} is in {@code old} (both sorted by path), searching from {@code j}: its index
   * when it is that very entry, else {@code -(k + 1)} with {@code k} where the search goes on.
   * Paths are compared only where the two lists differ: an entry changed, added or removed.
   */
  private static int baseIndex(List<Entry> old, int j, Entry e) {
    while (j < old.size()) {
      Entry o = old.get(j);
      if (o == e) {
        return j;
      }
      int c = o.path().compareTo(e.path());
      if (c > 0) {
        return -j - 1;
      }
      // The base's entry at this path, or before it, is not in the new tree.
      j++;
      if (c == 0) {
        return -j - 1;
      }
    }
    return -j - 1;
  }

  /**
   * A tree as decoded from its file, with the file's bytes, its string table and where each
   * entry starts in it (one more for the end of the last), for {@link #encode(Encoded)}.
   */
  record Encoded(ScannedTree tree, byte[] bytes, String[] table, int[] starts) {}

  private static void writeLabels(ByteEncoder out, Labels labels) {
    if (labels == null) {
      out.writeByte(0);
      return;
    }
    out.writeByte(1);
    out.writeUtf8(labels.policy());
    out.writeVInt(labels.units().size());
    for (Unit u : labels.units()) {
      out.writeUtf8(u.path());
      out.writeUtf8(u.origin());
      out.writeVInt(u.findings());
      out.writeByte(u.routing().ordinal());
      out.writeByte(u.sensitivity().ordinal());
      out.writeVInt(u.label().reasons().size());
      for (Reason r : u.label().reasons()) {
        out.writeUtf8(r.ruleId());
        out.writeByte(r.category().ordinal());
        out.writeVInt(r.count());
        out.writeUtf8(r.policyRule());
        out.writeByte(r.sensitivity().ordinal());
      }
    }
    out.writeVInt(labels.onPremFiles().size());
    for (String f : labels.onPremFiles()) {
      out.writeUtf8(f);
    }
  }

  private static final Routing[] ROUTINGS = Routing.values();
  private static final Sensitivity[] SENSITIVITIES = Sensitivity.values();

  private static Labels readLabels(Decoder in) {
    if (in.readByte() == 0) {
      return null;
    }
    String policy = in.readString();
    Unit[] units = new Unit[in.readCount()];
    for (int i = 0; i < units.length; i++) {
      String path = in.readString();
      String origin = in.readString();
      int findings = in.readVInt();
      Routing routing = ROUTINGS[in.readByte()];
      Sensitivity sensitivity = SENSITIVITIES[in.readByte()];
      Reason[] reasons = new Reason[in.readCount()];
      for (int r = 0; r < reasons.length; r++) {
        reasons[r] =
            new Reason(in.readString(), CATEGORIES[in.readByte()], in.readVInt(), in.readString(),
                SENSITIVITIES[in.readByte()]);
      }
      units[i] =
          new Unit(path, origin, new Label(routing, sensitivity, java.util.Arrays.asList(reasons)), findings);
    }
    String[] onPrem = new String[in.readCount()];
    for (int i = 0; i < onPrem.length; i++) {
      onPrem[i] = in.readString();
    }
    return new Labels(policy, java.util.Arrays.asList(units), java.util.Arrays.asList(onPrem));
  }

  /** Adds an entry's repeated strings to the table; a method, so that the JIT compiles it. */
  private static void intern(Entry e, Map<String, Integer> strings, List<String> table) {
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

  private static void intern(String s, Map<String, Integer> strings, List<String> table) {
    if (strings.putIfAbsent(s, table.size()) == null) {
      table.add(s);
    }
  }

  /** One entry; a method of its own so that the JIT compiles it (a loop run once is not). */
  private static void writeEntry(ByteEncoder out, Entry e, Map<String, Integer> strings) {
    out.writeUtf8(e.path());
    out.writeByte(e.kind().ordinal() | (e.counted() ? COUNTED : 0));
    if (e.kind() == Kind.LISTED) {
      out.writeVInt(strings.get(e.reason()));
      return;
    }
    out.writeUtf8(e.blobId());
    out.writeVLong(e.size());
    switch (e.kind()) {
      case SKIPPED -> out.writeVInt(strings.get(e.reason()));
      case FILE -> {
        out.writeVInt(e.exhausted().size());
        for (String r : e.exhausted()) {
          out.writeVInt(strings.get(r));
        }
        out.writeVInt(e.findings().size());
        for (Finding f : e.findings()) {
          writeFinding(out, f, e.path(), strings);
        }
      }
      default -> {}
    }
  }

  private static void writeFinding(ByteEncoder out, Finding f, String path, Map<String, Integer> strings) {
    Location l = f.location();
    out.writeVInt(strings.get(f.ruleId()));
    out.writeVInt(strings.get(f.title()));
    out.writeByte(f.category().ordinal());
    out.writeByte(f.severity().ordinal());
    out.writeByte(f.confidence().ordinal());
    out.writeVInt(l.line());
    out.writeVInt(l.column());
    out.writeVInt(l.page());
    // A location inside the file (a document's part) names more than the file's path.
    out.writeUtf8(l.path().equals(path) ? "" : l.path());
    out.writeUtf8(f.redacted());
    out.writeUtf8(f.fingerprint());
  }

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException when the bytes are not a tree of this version, or damaged
   */
  static ScannedTree decode(byte[] bytes) {
    return decodeEncoded(bytes).tree();
  }

  /** {@link #decode}, keeping what {@link #encode(Encoded)} needs to copy its entries. */
  static Encoded decodeEncoded(byte[] bytes) {
    Decoder in = new Decoder(bytes);
    try {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a scanned tree");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException("scanned tree of version " + version + ", not " + VERSION);
      }
      String commit = in.readString();
      String context = in.readString();
      String[] table = new String[in.readCount()];
      for (int i = 0; i < table.length; i++) {
        table[i] = in.readString();
      }
      Entry[] entries = new Entry[in.readCount()];
      int[] starts = new int[entries.length + 1];
      for (int i = 0; i < entries.length; i++) {
        starts[i] = in.at;
        entries[i] = readEntry(in, table);
      }
      starts[entries.length] = in.at;
      int n = in.readCount();
      Map<String, String> manifests = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        manifests.put(in.readString(), in.readString());
      }
      Labels labels = readLabels(in);
      if (in.at != bytes.length) {
        throw new IllegalArgumentException("scanned tree has " + (bytes.length - in.at) + " bytes too many");
      }
      return new Encoded(
          new ScannedTree(commit, context, java.util.Arrays.asList(entries), manifests, labels),
          bytes, table, starts);
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
    String path = in.readString();
    int kindByte = in.readByte();
    Kind kind = KINDS[kindByte & ~COUNTED];
    boolean counted = (kindByte & COUNTED) != 0;
    if (kind == Kind.LISTED) {
      return Entry.listed(path, table[in.readVInt()]);
    }
    String blobId = in.readString();
    long size = in.readVLong();
    return switch (kind) {
      case SKIPPED ->
          new Entry(path, kind, blobId, size, counted, table[in.readVInt()], List.of(), List.of());
      case FILE -> {
        String[] exhausted = new String[in.readCount()];
        for (int i = 0; i < exhausted.length; i++) {
          exhausted[i] = table[in.readVInt()];
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
    String ruleId = table[in.readVInt()];
    String title = table[in.readVInt()];
    Category category = CATEGORIES[in.readByte()];
    Severity severity = SEVERITIES[in.readByte()];
    Confidence confidence = CONFIDENCES[in.readByte()];
    int line = in.readVInt();
    int column = in.readVInt();
    int page = in.readVInt();
    String at = in.readString();
    return new Finding(
        ruleId, title, category, severity, confidence,
        new Location(at.isEmpty() ? path : at, line, column, page), in.readString(),
        in.readString());
  }

  /** Reads what {@link Out} wrote; bounds are checked by the array accesses. */
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

    long readVLong() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = bytes[at++];
        v |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("scanned tree is damaged (a number too long)");
    }

    int readVInt() {
      long v = readVLong();
      if (v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("scanned tree is damaged (a number of " + v + ")");
      }
      return (int) v;
    }

    /** A count, which a damaged file could make absurd: no more than the bytes left. */
    int readCount() {
      int n = readVInt();
      if (n > bytes.length - at) {
        throw new IllegalArgumentException("scanned tree is damaged (a count of " + n + ")");
      }
      return n;
    }

    String readString() {
      int length = readCount();
      String s = new String(bytes, at, length, StandardCharsets.UTF_8);
      at += length;
      return s;
    }
  }
}
