package dev.airlock.rules.engine;

import dev.airlock.rules.PathClassifier;
import dev.airlock.rules.Rule;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The pure-Java engine: an Aho-Corasick pass over the whole text finds every rule keyword and, in
 * the same pass, long digit runs; each rule's regex then runs only in the windows around its hits.
 * Rules with neither keywords nor digits run over the whole text. Runs everywhere; {@link
 * HyperscanMatcher} gives the same findings faster where its natives load. Thread-safe.
 */
public final class JavaMatcher extends WindowedMatcher {
  public JavaMatcher(List<Rule> rules) {
    super(rules);
  }

  @Override
  public Matches match(Utf8Text text, String path) {
    if (!text.ascii() || text.offset() != 0) {
      return match(text.text(), path);
    }
    // One byte per character: the keyword pass reads the bytes, and the text is decoded only
    // when some rule has a window to confirm.
    PathClassifier.Verdict skip = skipped(path);
    Windows windows = emptyWindows(text.bytes(), text.length());
    return confirm(text, skip, windows(null, text.bytes(), text.length(), skip.skip(), windows));
  }

  @Override
  Windows windows(String text, boolean[] skip) {
    // Encoding an ASCII text is a plain copy, far cheaper than reading it char by char.
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    return windows(
        text, ascii(utf8, utf8.length, text), text.length(), skip, emptyWindows(text));
  }

  /** Fills {@code windows} for {@code text}, read as {@code ascii} when that is not null. */
  private Windows windows(String text, byte[] ascii, int length, boolean[] skip, Windows windows) {
    // Skipped rules are left out of the pass: a path-limited rule's keyword (':' for .pgpass
    // entries) may be on most lines of other files, and each hit would cost a window that
    // confirm then drops.
    discover(text, ascii, 0, length, null, 0, skip, windows);
    for (int r : everywhereRules()) {
      if (skip == null || !skip[r]) {
        windows.addWhole(r);
      }
    }
    return windows;
  }

  @Override
  public String describe() {
    return "java (keyword prefilter, " + regexRules() + " regex rules)";
  }
}
