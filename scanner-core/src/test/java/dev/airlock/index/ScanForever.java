package dev.airlock.index;

import dev.airlock.rules.RuleSet;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import java.nio.file.Path;
import java.util.List;

/**
 * A process for {@link KilledScanTest} to kill: scans one repository with state again and again,
 * alternating two rule sets so that every scan rewrites the whole index, and prints a line after
 * each.
 */
public final class ScanForever {
  private ScanForever() {}

  public static void main(String[] args) {
    Path repo = Path.of(args[0]);
    List<RuleSet> rules = List.of(RuleSet.builtIn(), RuleSet.load(List.of(Path.of(args[1]))));
    for (int i = 0; ; i++) {
      ScanResult r =
          Scanner.builder().rules(rules.get(i % 2)).threads(2)
              .state(StateOptions.inRepository(IndexMode.CODE)).build()
              .scanPaths(List.of(repo), null).get(0);
      System.out.println("scanned " + i + " " + (r.error() == null ? "ok" : r.error()));
      System.out.flush();
    }
  }
}
