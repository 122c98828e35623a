package dev.airlock.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.report.FeedSignature;
import dev.airlock.rules.policy.Routing;
import dev.airlock.source.RemoteUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The latest labels of every repository, read from labels feeds ({@code airlock scan --format
 * labels}) in the state folders the service was given, and read again whenever a feed file
 * appears, changes or goes. Only reads: the service never writes into the state.
 *
 * <p>Thread-safe: readers take an immutable {@link Snapshot}; one background thread replaces it.
 */
final class LabelStore implements AutoCloseable {
  /** Feeds are looked for this deep below each state folder (state/name-hash/labels.json). */
  private static final int MAX_DEPTH = 4;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Path> roots;
  private final PublicKey key;
  private final Consumer<String> warn;
  private final AtomicReference<Snapshot> current = new AtomicReference<>(Snapshot.EMPTY);
  private final Thread poller;
  private volatile Map<Path, String> lastSeen = Map.of();
  private volatile boolean closed;

  /**
   * @param key when not null, only feeds whose detached signature ({@code FILE.sig}) verifies
   *     with it are loaded
   */
  LabelStore(List<Path> roots, PublicKey key, Duration pollInterval, Consumer<String> warn) {
    this.roots = List.copyOf(roots);
    this.key = key;
    this.warn = warn;
    reloadIfChanged();
    this.poller =
        new Thread(
            () -> {
              while (!closed) {
                try {
                  Thread.sleep(pollInterval.toMillis());
                  reloadIfChanged();
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  warn.accept("reloading labels failed: " + e.getMessage());
                }
              }
            },
            "airlock-labels-reload");
    poller.setDaemon(true);
    poller.start();
  }

  Snapshot snapshot() {
    return current.get();
  }

  /** Reads the feeds again when any feed file was added, changed or removed since last time. */
  synchronized boolean reloadIfChanged() {
    Map<Path, String> seen = listFeeds();
    if (seen.equals(lastSeen)) {
      return false;
    }
    lastSeen = seen;
    current.set(load(seen.keySet()));
    return true;
  }

  private Map<Path, String> listFeeds() {
    Map<Path, String> seen = new TreeMap<>();
    for (Path root : roots) {
      if (Files.isRegularFile(root)) {
        seen.put(root, stamp(root));
        continue;
      }
      try (Stream<Path> files = Files.find(root, MAX_DEPTH, (p, a) -> a.isRegularFile() && isFeedName(p))) {
        files.forEach(p -> seen.put(p, stamp(p)));
      } catch (IOException | java.io.UncheckedIOException e) {
        warn.accept(root + ": cannot list labels feeds (" + e.getMessage() + ")");
      }
    }
    return seen;
  }

  private static boolean isFeedName(Path p) {
    String name = p.getFileName().toString();
    return name.endsWith(".json") || name.endsWith(FeedSignature.SUFFIX);
  }

  /** Size and modification time, and the signature's: what tells that a feed changed. */
  private static String stamp(Path p) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return a.size() + "@" + a.lastModifiedTime().toMillis();
    } catch (IOException e) {
      return "gone";
    }
  }

  private Snapshot load(Iterable<Path> files) {
    List<RepositoryLabels> all = new ArrayList<>();
    int feeds = 0;
    for (Path file : files) {
      if (!file.getFileName().toString().endsWith(".json")) {
        continue;
      }
      try {
        byte[] bytes = Files.readAllBytes(file);
        JsonNode root = JSON.readTree(bytes);
        if (root == null || !root.path("repositories").isArray() || !root.has("schemaVersion")) {
          continue; // another JSON file in the folder (a report, a package manifest): not a feed
        }
        if (root.path("schemaVersion").asInt() != 1) {
          warn.accept(file + ": labels feed schemaVersion " + root.path("schemaVersion") + " is not 1; skipped");
          continue;
        }
        if (key != null && !signatureVerifies(file, bytes)) {
          warn.accept(file + ": signature missing or not valid for the given key; skipped");
          continue;
        }
        feeds++;
        String generatedAt = root.path("generatedAt").asText("");
        for (JsonNode repo : root.path("repositories")) {
          if (!repo.path("label").isNull() && repo.has("label")) {
            all.add(RepositoryLabels.from(repo, generatedAt, file));
          }
        }
      } catch (IOException | RuntimeException e) {
        warn.accept(file + ": not a readable labels feed (" + e.getClass().getSimpleName() + "); skipped");
      }
    }
    return Snapshot.of(all, feeds);
  }

  private boolean signatureVerifies(Path file, byte[] bytes) {
    Path sig = FeedSignature.signaturePath(file);
    try {
      return Files.isRegularFile(sig) && FeedSignature.verify(bytes, Files.readString(sig), key);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    closed = true;
    poller.interrupt();
  }

  /** One repository's labels as its latest feed gives them. */
  record RepositoryLabels(
      String name,
      String remote,
      String commit,
      String label,
      String sensitivity,
      List<UnitLabels> units,
      JsonNode reasons,
      String generatedAt,
      JsonNode feedEntry,
      Decision decision,
      List<Decision> unitDecisions) {

    static RepositoryLabels from(JsonNode repo, String generatedAt, Path file) {
      List<UnitLabels> units = new ArrayList<>();
      for (JsonNode u : repo.path("units")) {
        units.add(
            new UnitLabels(
                u.path("path").asText(""),
                u.path("label").asText(),
                u.path("sensitivity").asText(),
                u.path("reasons")));
      }
      // Longest prefix first, so the first unit that contains a path is its unit.
      units.sort(Comparator.comparingInt((UnitLabels u) -> -u.path().length()).thenComparing(UnitLabels::path));
      String name = repo.path("name").asText();
      String remote = repo.path("remote").isTextual() ? repo.path("remote").asText() : null;
      String commit = repo.path("commit").isTextual() ? repo.path("commit").asText() : null;
      String label = repo.path("label").asText();
      String sensitivity = repo.path("sensitivity").asText();
      JsonNode reasons = repo.path("reasons");
      // Every answer /v1/route can give for this repository, written once per load: a route
      // look-up then only finds the unit and sends bytes.
      List<Decision> unitDecisions = new ArrayList<>();
      for (UnitLabels u : units) {
        unitDecisions.add(Decision.of(name, remote, commit, generatedAt, u.path(), u.label(), u.sensitivity(), u.reasons()));
      }
      return new RepositoryLabels(
          name, remote, commit, label, sensitivity, List.copyOf(units), reasons, generatedAt, repo,
          Decision.of(name, remote, commit, generatedAt, null, label, sensitivity, reasons),
          List.copyOf(unitDecisions));
    }

    /**
     * The decision for {@code path}: its unit's (the longest unit prefix that holds it), else the
     * repository's, which is its most restrictive unit's. A path that climbs out of the
     * repository with {@code ..} gets the repository's: a path never reaches a less restricted
     * unit than the file it names.
     */
    Decision decide(String path) {
      String p = normalisePath(path);
      if (p == null) {
        return decision;
      }
      for (int i = 0; i < units.size(); i++) {
        String u = units.get(i).path();
        if (u.isEmpty() || p.equals(u) || (p.startsWith(u) && p.length() > u.length() && p.charAt(u.length()) == '/')) {
          return unitDecisions.get(i);
        }
      }
      return decision;
    }

    /** The unit holding {@code path}: the longest unit prefix that contains it. */
    Optional<UnitLabels> unitOf(String path) {
      Decision d = decide(path);
      int i = unitDecisions.indexOf(d);
      return i < 0 ? Optional.empty() : Optional.of(units.get(i));
    }

    /**
     * {@code path} relative to the repository's top, with {@code /} separators and without
     * {@code .} or {@code ..} segments; null when it climbs above the top.
     */
    static String normalisePath(String path) {
      String p = path.indexOf('\\') < 0 ? path : path.replace('\\', '/');
      if (!p.contains("./") && !p.endsWith(".") && !p.contains("//")) {
        // The common case: already clean but for a leading or trailing slash.
        int from = 0;
        int to = p.length();
        while (from < to && p.charAt(from) == '/') {
          from++;
        }
        while (to > from && p.charAt(to - 1) == '/') {
          to--;
        }
        return p.substring(from, to);
      }
      java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();
      for (String s : p.split("/")) {
        if (s.isEmpty() || s.equals(".")) {
          continue;
        }
        if (s.equals("..")) {
          if (segments.pollLast() == null) {
            return null;
          }
          continue;
        }
        segments.addLast(s);
      }
      return String.join("/", segments);
    }
  }

  record UnitLabels(String path, String label, String sensitivity, JsonNode reasons) {}

  /**
   * Where a request about one repository (and unit) may go, and why: the answer of {@code
   * /v1/route}, as JSON and as the bytes sent. Immutable once built; never modify {@code json}.
   */
  record Decision(ObjectNode json, byte[] body) {
    /** The answer for a repository without labels: on-prem, with the reason (fail closed). */
    static Decision without(String problem) {
      ObjectNode out = JSON.createObjectNode();
      out.put("route", "on-prem");
      out.putNull("label");
      out.put("reason", problem);
      return of(out);
    }

    static Decision of(
        String name, String remote, String commit, String generatedAt, String unit, String label, String sensitivity,
        JsonNode reasons) {
      ObjectNode out = JSON.createObjectNode();
      out.put("route", Routing.CLOUD_ELIGIBLE.name().equals(label) ? "cloud" : "on-prem");
      out.put("label", label);
      out.put("sensitivity", sensitivity);
      out.put("repository", name);
      out.put("remote", remote);
      out.put("unit", unit);
      out.put("commit", commit);
      out.set("reasons", reasons);
      out.put("generatedAt", generatedAt);
      return of(out);
    }

    private static Decision of(ObjectNode json) {
      try {
        return new Decision(json, JSON.writeValueAsBytes(json));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    String route() {
      return json.path("route").asText();
    }
  }

  /** What a lookup found: the repository, or why there is none. */
  record Lookup(RepositoryLabels repository, String problem) {
    private static final Map<String, Decision> WITHOUT =
        Map.of(
            "no-repository", Decision.without("no-repository"),
            "unknown-repository", Decision.without("unknown-repository"),
            "ambiguous-repository", Decision.without("ambiguous-repository"));

    /** The decision for {@code path}: the repository's, or on-prem with the problem. */
    Decision decide(String path) {
      return repository != null ? repository.decide(path) : WITHOUT.get(problem);
    }
  }

  /** An immutable view of every loaded repository, by normalised remote and by name. */
  record Snapshot(
      Map<String, RepositoryLabels> byRemote, Map<String, List<RepositoryLabels>> byName, int feeds, int repositories) {
    static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), 0, 0);

    static Snapshot of(List<RepositoryLabels> all, int feeds) {
      // The newest feed wins where several describe one repository.
      all.sort(Comparator.comparing(RepositoryLabels::generatedAt));
      Map<String, RepositoryLabels> byRemote = new HashMap<>();
      Map<String, RepositoryLabels> byNameAndRemote = new HashMap<>();
      for (RepositoryLabels r : all) {
        if (r.remote() != null) {
          byRemote.put(r.remote(), r);
        }
        byNameAndRemote.put(r.name() + "\n" + r.remote(), r);
      }
      Map<String, List<RepositoryLabels>> byName = new HashMap<>();
      for (RepositoryLabels r : byNameAndRemote.values()) {
        byName.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(r);
      }
      byName.replaceAll((n, l) -> List.copyOf(l));
      return new Snapshot(Map.copyOf(byRemote), Map.copyOf(byName), feeds, byNameAndRemote.size());
    }

    /**
     * The repository a gateway names: by its remote URL in any form Git accepts (normalised as
     * labels.json normalises it), or by its name when exactly one loaded repository has it.
     */
    Lookup find(String repo) {
      if (repo == null || repo.isBlank()) {
        return new Lookup(null, "no-repository");
      }
      String remote = RemoteUrl.normalise(repo.trim());
      if (remote != null) {
        RepositoryLabels r = byRemote.get(remote);
        if (r != null) {
          return new Lookup(r, null);
        }
      }
      List<RepositoryLabels> named = byName.getOrDefault(repo.trim(), List.of());
      if (named.size() == 1) {
        return new Lookup(named.get(0), null);
      }
      return new Lookup(null, named.isEmpty() ? "unknown-repository" : "ambiguous-repository");
    }
  }
}
