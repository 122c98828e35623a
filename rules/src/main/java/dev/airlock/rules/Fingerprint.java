package dev.airlock.rules;

/**
 * A stable identifier for a finding across scans: the same rule, path and value give the same
 * fingerprint whatever line the value moved to. It is a hash, never reversible to the value alone
 * because the path and rule id are mixed in.
 */
public final class Fingerprint {
  private Fingerprint() {}

  public static String of(String ruleId, String path, String valueHash) {
    return Redaction.hashHex(ruleId + '\u0000' + path + '\u0000' + valueHash, 16);
  }
}
