package dev.airlock.rules.engine;

import dev.airlock.rules.Rule;
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
  Windows windows(String text, boolean[] skip) {
    Windows windows = new Windows(rules.length, text);
    discover(text, 0, text.length(), null, 0, windows);
    for (int r : everywhereRules()) {
      windows.addWhole(r);
    }
    return windows;
  }

  @Override
  public String describe() {
    return "java (keyword prefilter, " + regexRules() + " regex rules)";
  }
}
