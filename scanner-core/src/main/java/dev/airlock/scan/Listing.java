package dev.airlock.scan;

import dev.airlock.index.ScanState;
import dev.airlock.index.ScannedTree;
import dev.airlock.source.BlobRef;
import dev.airlock.source.Source;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How one scan lists its tree: in full, or, when the index kept the last scan's per-path results
 * ({@link ScannedTree}) under the same context, only the paths that changed since (and those the
 * last scan could not keep a result for), taking every other path's result from the last scan.
 * Made and used by the scan's own thread.
 */
final class Listing {
  /**
   * Changed paths from which on the index is read in full rather than one look-up per blob: a
   * look-up asks each segment, and reading every stored blob costs about as much as a few hundred.
   */
  static final int FEW_CHANGES = 512;

  /** One path of a tree comparison: a file, a path skipped while listing, or (neither) a removal. */
  private record Change(String path, BlobRef file, String skipReason) {}

  /** What the scan's results depend on besides each path and its content; see {@link ScannedTree}. */
  final String context;

  private final ScannedTree last;
  /** Null when the tree is listed in full. */
  private final List<Change> changes;

  private final String note;
  private List<ScannedTree.Entry> unchanged;
  private Set<String> changed;

  private Listing(String context, ScannedTree last, List<Change> changes, String note) {
    this.context = context;
    this.last = last;
    this.changes = changes;
    this.note = note;
  }

  private static Listing full(String context, String why) {
    return new Listing(context, null, null, "the whole tree (" + why + ")");
  }

  /**
   * Decides how to list {@code source}: only the changes since the last scanned commit when
   * {@code state} kept that scan's per-path results under {@code context}, else the whole tree.
   * Tells the state to expect few look-ups when only a few paths changed.
   */
  static Listing of(Source source, ScanState state, String context) {
    if (source.commit() == null) {
      return full(context, "a folder outside Git");
    }
    ScanState.LastTree last = state.lastTree();
    ScannedTree tree = last.tree();
    if (tree == null) {
      return full(context, last.missing());
    }
    if (!tree.context().equals(context)) {
      return full(context, "the last scan ran with other rules or settings");
    }
    List<Change> changes = new ArrayList<>();
    try {
      boolean compared =
          tree.commit().equals(source.commit())
              || source.changesSince(
                  tree.commit(),
                  new Source.ChangeVisitor() {
                    @Override
                    public void file(BlobRef ref) {
                      changes.add(new Change(ref.path(), ref, null));
                    }

                    @Override
                    public void skipped(String path, String reason) {
                      changes.add(new Change(path, null, reason));
                    }

                    @Override
                    public void removed(String path) {
                      changes.add(new Change(path, null, null));
                    }
                  });
      if (!compared) {
        return full(context, "this source cannot compare trees");
      }
    } catch (IOException | RuntimeException e) {
      String m = e.getMessage();
      return full(
          context,
          "cannot compare with the last scanned commit: " + e.getClass().getSimpleName()
              + (m == null ? "" : " " + m.replace('\n', ' ')));
    }
    int again = 0;
    for (ScannedTree.Entry e : tree.entries()) {
      again += e.kind() == ScannedTree.Kind.AGAIN ? 1 : 0;
    }
    if (changes.size() + again <= FEW_CHANGES) {
      state.expectFewLookups();
    }
    String base = tree.commit().length() > 12 ? tree.commit().substring(0, 12) : tree.commit();
    return new Listing(
        context, tree, changes,
        "changes since " + base + ": " + changes.size() + " paths, and " + again
            + " the index keeps no outcome for");
  }

  /** True when only the changes are to be listed, through {@link #replay}. */
  boolean diffed() {
    return changes != null;
  }

  /** One line for {@code --verbose}: what was listed, and why. */
  String note() {
    return note;
  }

  /** Lists the changed paths, then those the last scan kept no result for. */
  void replay(Source.Visitor visitor) {
    for (Change c : changes) {
      if (c.file() != null) {
        visitor.file(c.file());
      } else if (c.skipReason() != null) {
        visitor.skipped(c.path(), c.skipReason());
      }
    }
    Set<String> changed = changed();
    for (ScannedTree.Entry e : last.entries()) {
      if (e.kind() == ScannedTree.Kind.AGAIN && !changed.contains(e.path())) {
        visitor.file(new BlobRef(e.path(), e.blobId(), e.size()));
      }
    }
  }

  /**
   * The labels the last scan gave under the policy whose hash is {@code policy}, when only the
   * changes are listed; else null.
   */
  ScannedTree.Labels lastLabels(String policy) {
    return last == null || last.labels() == null || !last.labels().policy().equals(policy)
        ? null
        : last.labels();
  }

  /** The paths that changed since the last scan (removed ones too); empty when listed in full. */
  Set<String> changed() {
    if (changed == null) {
      changed = new HashSet<>();
      if (changes == null) {
        return changed;
      }
      for (Change c : changes) {
        changed.add(c.path());
      }
    }
    return changed;
  }

  /**
   * The last scan's result for {@code path}, or null when it had none (a new path) or the tree is
   * listed in full.
   */
  ScannedTree.Entry lastEntry(String path) {
    if (last == null) {
      return null;
    }
    // Entries are sorted by path.
    List<ScannedTree.Entry> entries = last.entries();
    int low = 0;
    int high = entries.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int c = entries.get(mid).path().compareTo(path);
      if (c < 0) {
        low = mid + 1;
      } else if (c > 0) {
        high = mid - 1;
      } else {
        return entries.get(mid);
      }
    }
    return null;
  }

  /** The last scan's results for the paths not listed now, sorted by path; empty when listed in full. */
  List<ScannedTree.Entry> unchanged() {
    if (unchanged == null) {
      if (last == null) {
        unchanged = List.of();
      } else {
        Set<String> changed = changed();
        unchanged = new ArrayList<>(last.entries().size());
        for (ScannedTree.Entry e : last.entries()) {
          if (e.kind() != ScannedTree.Kind.AGAIN && !changed.contains(e.path())) {
            unchanged.add(e);
          }
        }
      }
    }
    return unchanged;
  }

  /** Every manifest's text: those of unchanged paths from the last scan, the others read now. */
  Map<String, String> manifests(Map<String, String> readNow) {
    if (last == null) {
      return readNow;
    }
    Set<String> changed = changed();
    Map<String, String> texts = new TreeMap<>(readNow);
    last.manifests()
        .forEach(
            (path, text) -> {
              if (!changed.contains(path)) {
                texts.putIfAbsent(path, text);
              }
            });
    return texts;
  }

  /**
   * Adds an unchanged path's result to the scan's; false when the file was skipped. A method, not
   * the body of the loop over paths: the JIT compiles a method after a few hundred calls, a loop
   * run once only after tens of thousands of iterations.
   */
  static boolean collect(
      ScannedTree.Entry e, List<dev.airlock.rules.Finding> findings, List<SkippedItem> skipped,
      List<PartialItem> partial) {
    switch (e.kind()) {
      case LISTED, SKIPPED -> {
        skipped.add(new SkippedItem(e.path(), e.reason()));
        return false;
      }
      default -> {
        findings.addAll(e.findings());
        if (!e.exhausted().isEmpty()) {
          partial.add(new PartialItem(e.path(), e.exhausted()));
        }
        return true;
      }
    }
  }
}
