package dev.airlock.rules.policy;

/** Where the routing gateway may send requests about a unit's code. */
public enum Routing {
  CLOUD_ELIGIBLE,
  ON_PREM_ONLY
}
