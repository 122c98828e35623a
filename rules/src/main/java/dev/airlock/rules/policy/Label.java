package dev.airlock.rules.policy;

import java.util.List;

/** The verdict on a unit: its routing, its sensitivity, and the reasons, most decisive first. */
public record Label(Routing routing, Sensitivity sensitivity, List<Reason> reasons) {
  public Label {
    reasons = List.copyOf(reasons);
  }
}
