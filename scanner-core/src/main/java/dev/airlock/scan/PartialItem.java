package dev.airlock.scan;

import java.util.List;

/** A file that was scanned, but where these rules ran out of their regex work budget. */
public record PartialItem(String path, List<String> ruleIds) {
  public PartialItem {
    ruleIds = List.copyOf(ruleIds);
  }
}
