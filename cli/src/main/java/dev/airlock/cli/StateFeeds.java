package dev.airlock.cli;

import dev.airlock.report.FeedSignature;
import dev.airlock.report.LabelsReportWriter;
import dev.airlock.rules.Redaction;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.policy.Policy;
import dev.airlock.scan.ScanResult;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;

/**
 * The latest labels of each repository scanned with {@code --state DIR}, one feed per repository
 * in {@code DIR/labels/}, so that {@code airlock serve --state DIR} always answers with the newest
 * scan of each repository of a fleet, whatever subset a run scanned. Each file is replaced
 * atomically: the service never reads half a feed.
 */
final class StateFeeds {
  static final String FOLDER = "labels";

  private StateFeeds() {}

  static void write(Path stateDir, List<ScanResult> results, RuleSet rules, Policy policy, PrivateKey signer)
      throws IOException {
    Path folder = Files.createDirectories(stateDir.resolve(FOLDER));
    Instant now = Instant.now();
    for (ScanResult r : results) {
      if (r.failed()) {
        continue; // the previous labels of a repository that could not be scanned stay
      }
      StringWriter rendered = new StringWriter();
      new LabelsReportWriter(rules.hash(), policy.hash(), now).write(List.of(r), rendered);
      byte[] bytes = rendered.toString().getBytes(StandardCharsets.UTF_8);
      Path feed = folder.resolve(fileName(r));
      if (signer != null) {
        replace(FeedSignature.signaturePath(feed), FeedSignature.sign(bytes, signer).getBytes(StandardCharsets.US_ASCII));
      }
      replace(feed, bytes);
    }
  }

  /** Readable and unique per repository: its name, and a hash of its remote or its location. */
  static String fileName(ScanResult r) {
    String identity = r.remote() != null ? r.remote() : Path.of(r.path()).toAbsolutePath().normalize().toString();
    String safe = r.name().replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.isEmpty() || safe.startsWith(".")) {
      safe = "repo" + safe;
    }
    return safe + "-" + Redaction.hashHex(identity, 12) + ".json";
  }

  private static void replace(Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), ".feed-", ".tmp");
    try {
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
