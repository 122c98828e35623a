package dev.airlock.scan;

import java.util.List;

/**
 * A file that was scanned, but not all of it was matched: rules that ran out of their regex work
 * budget there ({@value #REGEX_BUDGET}, their ids listed), or a document whose text passed the
 * characters a document may give, matched up to that point ({@code extract-limit}, no rule ids).
 */
public record PartialItem(String path, List<String> ruleIds, String reason) {
  public static final String REGEX_BUDGET = "regex-budget";

  public PartialItem {
    ruleIds = List.copyOf(ruleIds);
  }

  /** Rules that ran out of their regex work budget in the file at {@code path}. */
  public PartialItem(String path, List<String> ruleIds) {
    this(path, ruleIds, REGEX_BUDGET);
  }
}
