package dev.airlock.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.airlock.report.Tool;
import dev.airlock.rules.Finding;
import dev.airlock.rules.policy.Label;
import dev.airlock.rules.policy.Reason;
import dev.airlock.rules.policy.Routing;
import dev.airlock.serve.Classifier.Classification;
import dev.airlock.serve.Classifier.Document;
import dev.airlock.serve.LabelStore.Decision;
import dev.airlock.serve.LabelStore.RepositoryLabels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The label service a routing gateway asks at request time: where may a request about this
 * repository and path go, and is this text sensitive. JSON over HTTP/1.1 on the JDK's own server.
 *
 * <p>Fails closed: a repository it has no labels for routes on-prem, and says why. Never echoes a
 * request's content: findings carry redacted values only, and errors name what was wrong, not
 * what was sent. Thread-safe; {@link #close()} stops it.
 */
public final class LabelServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Everything the service is started with; the builder-less record keeps the CLI in charge of defaults. */
  public record Settings(
      String bind, int port, String token, long maxBodyBytes, Duration requestTimeout, int threads) {
    public Settings {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
      }
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("the body limit must be at least 1 byte, got " + maxBodyBytes);
      }
      if (requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException("the request time limit must be positive, got " + requestTimeout);
      }
      if (threads < 1 || threads > 1024) {
        throw new IllegalArgumentException("threads must be between 1 and 1024, got " + threads);
      }
    }
  }

  private final Settings settings;
  private final LabelStore labels;
  private final Classifier classifier;
  private final Metrics metrics;
  private final HttpServer server;
  private final ExecutorService requestThreads;
  private final ExecutorService classifyRequestThreads;
  private final ExecutorService classifyThreads;
  private final byte[] expectedAuthorization;

  LabelServer(Settings settings, LabelStore labels, Classifier classifier) throws IOException {
    this.settings = settings;
    this.labels = labels;
    this.classifier = classifier;
    this.metrics = new Metrics(() -> labels.snapshot().repositories(), () -> labels.snapshot().feeds());
    this.expectedAuthorization =
        settings.token() == null ? null : ("Bearer " + settings.token()).getBytes(StandardCharsets.UTF_8);
    if (settings.token() == null && !isLoopback(settings.bind())) {
      throw new IllegalArgumentException(
          "refusing to serve on " + settings.bind() + " without a token: bind to 127.0.0.1, or give"
              + " --token-file FILE (or AIRLOCK_SERVE_TOKEN)");
    }
    // The JDK server waits forever for a slow client by default; bound it (seconds).
    long limitSeconds = Math.max(1, (settings.requestTimeout().toMillis() + 999) / 1000) * 2;
    System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(limitSeconds));
    System.setProperty("sun.net.httpserver.maxRspTime", Long.toString(limitSeconds));
    // Headers and body go out as separate writes; with Nagle's algorithm on, the body waits for
    // the client's delayed ACK (40 ms on Linux) whenever the timing is unlucky.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 1024);
    this.requestThreads = Executors.newFixedThreadPool(settings.threads(), named("airlock-http"));
    this.classifyRequestThreads = Executors.newFixedThreadPool(settings.threads(), named("airlock-classify-request"));
    this.classifyThreads = Executors.newFixedThreadPool(settings.threads(), named("airlock-classify"));
    server.setExecutor(requestThreads);
    server.createContext("/", this::handle);
  }

  /**
   * Opens the service on the labels feeds under {@code stateRoots} (folders or files), classifying
   * with {@code rules} and {@code policy}. With {@code feedKey}, only feeds whose signature
   * verifies are loaded. Problems with single feeds go to {@code warn}; the service still starts.
   */
  public static LabelServer open(
      Settings settings,
      List<java.nio.file.Path> stateRoots,
      java.security.PublicKey feedKey,
      dev.airlock.rules.RuleSet rules,
      dev.airlock.rules.policy.Policy policy,
      java.util.function.Consumer<String> warn)
      throws IOException {
    LabelStore store = new LabelStore(stateRoots, feedKey, Duration.ofSeconds(1), warn);
    LabelServer server;
    try {
      server = new LabelServer(settings, store, new Classifier(rules, policy));
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    try {
      // The engine is built on first use; built by the first classification, it spent that
      // request's whole time limit (2 s on a busy machine) and the answer was a 503. Built after
      // the settings are checked, so a refused start is refused at once.
      rules.matcher();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** Repositories and feeds loaded now. */
  public int repositoriesLoaded() {
    return labels.snapshot().repositories();
  }

  public int feedsLoaded() {
    return labels.snapshot().feeds();
  }

  /** Starts serving; returns at once. */
  public void start() {
    server.start();
  }

  /** The port served, which is the one chosen by the system when the settings gave 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    requestThreads.shutdownNow();
    classifyRequestThreads.shutdownNow();
    classifyThreads.shutdownNow();
    labels.close();
  }

  static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  // ------------------------------------------------------------------ dispatch

  /** A response before it is written: status, JSON or text body, extra headers. */
  private record Response(int status, byte[] body, String contentType, Map<String, String> headers) {
    static Response json(int status, JsonNode body) {
      try {
        return new Response(status, JSON.writeValueAsBytes(body), "application/json", Map.of());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    static Response error(int status, String code, String message) {
      ObjectNode body = JSON.createObjectNode().put("error", code).put("message", message);
      return json(status, body);
    }
  }

  private void handle(HttpExchange exchange) {
    long started = System.nanoTime();
    String endpoint = endpointOf(exchange.getRequestURI().getPath());
    if (endpoint.equals("classify")) {
      // A classification reads a body and waits up to the time limit: on threads of its own, so
      // however many are in flight, a route look-up never waits for a request thread.
      try {
        classifyRequestThreads.execute(() -> answer(exchange, endpoint, started));
        return;
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Stopping: answered here, as any other request.
      }
    }
    answer(exchange, endpoint, started);
  }

  private void answer(HttpExchange exchange, String endpoint, long started) {
    if (!endpoint.equals("classify")) {
      // Read the (empty) body of a GET to its end: the JDK server otherwise drains it on close
      // through a fresh 2 KB buffer, per request.
      try {
        exchange.getRequestBody().read();
      } catch (IOException e) {
        // Nothing to read, or the client went away: the answer below finds out.
      }
    }
    Response response;
    try {
      response = route(exchange, endpoint);
    } catch (RuntimeException e) {
      response = Response.error(500, "internal", "the request could not be answered");
    }
    try {
      send(exchange, response);
    } catch (IOException e) {
      // The client went away; nothing to tell it.
    } finally {
      exchange.close();
      metrics.record(endpoint, response.status(), System.nanoTime() - started);
    }
  }

  private static String endpointOf(String path) {
    return switch (path) {
      case "/v1/route" -> "route";
      case "/v1/labels" -> "labels";
      case "/v1/classify" -> "classify";
      case "/healthz" -> "healthz";
      case "/metrics" -> "metrics";
      default -> path.equals("/v1/authz") || path.startsWith("/v1/authz/") ? "authz" : "other";
    };
  }

  private Response route(HttpExchange exchange, String endpoint) {
    if (endpoint.equals("healthz")) {
      return health();
    }
    if (!authorised(exchange)) {
      return new Response(
          401,
          "{\"error\":\"unauthorized\",\"message\":\"send Authorization: Bearer <token>\"}".getBytes(StandardCharsets.UTF_8),
          "application/json",
          Map.of("WWW-Authenticate", "Bearer realm=\"airlock\""));
    }
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    return switch (endpoint) {
      case "route" -> method.equals("GET") ? routeFor(exchange.getRequestURI().getRawQuery()) : notAllowed("GET");
      case "labels" -> method.equals("GET") ? labelsFor(query(exchange)) : notAllowed("GET");
      case "classify" -> method.equals("POST") ? classify(exchange) : notAllowed("POST");
      case "metrics" -> method.equals("GET")
          ? new Response(200, metrics.render().getBytes(StandardCharsets.UTF_8), "text/plain; version=0.0.4", Map.of())
          : notAllowed("GET");
      case "authz" -> authz(exchange);
      default -> Response.error(404, "not-found", "endpoints: GET /v1/route, GET /v1/labels, POST /v1/classify, /v1/authz, GET /healthz, GET /metrics");
    };
  }

  private static Response notAllowed(String allowed) {
    Response r = Response.error(405, "method-not-allowed", "use " + allowed);
    return new Response(r.status(), r.body(), r.contentType(), Map.of("Allow", allowed));
  }

  private boolean authorised(HttpExchange exchange) {
    if (expectedAuthorization == null) {
      return true;
    }
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    return given != null && MessageDigest.isEqual(expectedAuthorization, given.getBytes(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------ endpoints

  private Response health() {
    LabelStore.Snapshot s = labels.snapshot();
    ObjectNode body = JSON.createObjectNode().put("status", "ok").put("repositories", s.repositories()).put("feeds", s.feeds());
    body.put("version", Tool.current().version());
    return Response.json(200, body);
  }

  private Response routeFor(String rawQuery) {
    String repo = parameter(rawQuery, "repo");
    if (repo == null || repo.isBlank()) {
      return Response.error(400, "missing-repo", "give repo=<remote URL or name> (and path=<path in it>)");
    }
    String path = parameter(rawQuery, "path");
    return new Response(200, decision(repo, path == null ? "" : path).body(), "application/json", Map.of());
  }

  /** Where a request about {@code path} in {@code repo} may go, with why. */
  private Decision decision(String repo, String path) {
    return labels.snapshot().find(repo).decide(path);
  }

  private Response labelsFor(Map<String, String> query) {
    String repo = query.get("repo");
    LabelStore.Snapshot snapshot = labels.snapshot();
    if (repo == null || repo.isBlank()) {
      ArrayNode list = JSON.createArrayNode();
      List<RepositoryLabels> all = new ArrayList<>();
      snapshot.byName().values().forEach(all::addAll);
      all.sort(java.util.Comparator.comparing(RepositoryLabels::name).thenComparing(r -> String.valueOf(r.remote())));
      for (RepositoryLabels r : all) {
        ObjectNode o = list.addObject().put("name", r.name()).put("remote", r.remote()).put("label", r.label());
        o.put("generatedAt", r.generatedAt());
      }
      return Response.json(200, JSON.createObjectNode().set("repositories", list));
    }
    LabelStore.Lookup found = snapshot.find(repo);
    if (found.repository() == null) {
      return Response.error(404, found.problem(), "no labels are loaded for that repository");
    }
    ObjectNode out = found.repository().feedEntry().deepCopy();
    out.put("generatedAt", found.repository().generatedAt());
    return Response.json(200, out);
  }

  private Response authz(HttpExchange exchange) {
    String repo = exchange.getRequestHeaders().getFirst("x-airlock-repo");
    String path = exchange.getRequestHeaders().getFirst("x-airlock-path");
    JsonNode d = decision(repo == null ? "" : repo, path == null ? "" : path).json();
    Map<String, String> headers = new HashMap<>();
    headers.put("x-airlock-route", d.path("route").asText());
    headers.put("x-airlock-label", d.path("label").isNull() ? "none" : d.path("label").asText());
    if (d.hasNonNull("unit")) {
      headers.put("x-airlock-unit", d.path("unit").asText());
    }
    if (d.has("reason")) {
      headers.put("x-airlock-reason", d.path("reason").asText());
    }
    return new Response(200, new byte[0], null, headers);
  }

  private Response classify(HttpExchange exchange) {
    byte[] body;
    try {
      body = readBody(exchange);
    } catch (BodyTooLarge e) {
      return Response.error(413, "too-large", "bodies are limited to " + settings.maxBodyBytes() + " bytes");
    } catch (IOException e) {
      return Response.error(400, "unreadable-body", "the request body could not be read");
    }
    List<Document> documents = null;
    String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).toLowerCase(Locale.ROOT);
    if (contentType.startsWith("application/json")) {
      try {
        documents = documentsOf(JSON.readTree(body));
      } catch (IOException | IllegalArgumentException e) {
        return Response.error(400, "bad-json", "expected {\"files\": [{\"path\": ..., \"content\": ...}]} or {\"text\": ...}");
      }
    } else if (!contentType.startsWith("text/") && looksLikeJsonObject(body)) {
      // curl -d and many clients label a JSON body as a form or not at all. Classified as text,
      // its escaped newlines would hide multi-line secrets (private keys) from the rules.
      try {
        documents = documentsOf(JSON.readTree(body));
      } catch (IOException | IllegalArgumentException e) {
        documents = null; // not the JSON form after all: classified as the text it is
      }
    }
    if (documents == null) {
      String path = query(exchange).getOrDefault("path", "");
      documents = List.of(new Document(path, new String(body, StandardCharsets.UTF_8)));
    }
    List<Document> toClassify = documents;
    Future<Classification> work = classifyThreads.submit(() -> classifier.classify(toClassify));
    Classification result;
    try {
      result = work.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      work.cancel(true);
      return Response.error(503, "timeout", "classification took longer than " + settings.requestTimeout().toMillis() + " ms; route on-prem");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Response.error(503, "interrupted", "the service is stopping");
    } catch (ExecutionException e) {
      return Response.error(500, "classify-failed", "the text could not be classified; route on-prem");
    }
    return Response.json(200, classificationJson(result));
  }

  private static boolean looksLikeJsonObject(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b == '{';
      }
    }
    return false;
  }

  private static List<Document> documentsOf(JsonNode root) {
    List<Document> docs = new ArrayList<>();
    if (root != null && root.path("text").isTextual()) {
      docs.add(new Document(root.path("path").asText(""), root.path("text").asText()));
    }
    if (root != null && root.path("files").isArray()) {
      for (JsonNode f : root.path("files")) {
        if (!f.path("content").isTextual()) {
          throw new IllegalArgumentException("a file without content");
        }
        docs.add(new Document(f.path("path").asText(""), f.path("content").asText()));
      }
    }
    if (docs.isEmpty()) {
      throw new IllegalArgumentException("nothing to classify");
    }
    return docs;
  }

  private static ObjectNode classificationJson(Classification c) {
    Label label = c.label();
    ObjectNode out = JSON.createObjectNode();
    out.put("route", label.routing() == Routing.CLOUD_ELIGIBLE ? "cloud" : "on-prem");
    out.put("label", label.routing().name());
    out.put("sensitivity", label.sensitivity().name());
    ArrayNode reasons = out.putArray("reasons");
    for (Reason r : label.reasons()) {
      reasons.addObject().put("ruleId", r.ruleId()).put("category", r.category().name()).put("count", r.count())
          .put("policyRule", r.policyRule()).put("sensitivity", r.sensitivity().name());
    }
    ArrayNode findings = out.putArray("findings");
    for (Finding f : c.findings()) {
      findings.addObject().put("ruleId", f.ruleId()).put("category", f.category().name())
          .put("severity", f.severity().name()).put("confidence", f.confidence().name())
          .put("path", f.location().path()).put("line", f.location().line()).put("column", f.location().column())
          .put("redacted", f.redacted()).put("fingerprint", f.fingerprint());
    }
    return out;
  }

  // ------------------------------------------------------------------ HTTP plumbing

  private static final class BodyTooLarge extends IOException {
    BodyTooLarge() {
      super("body too large");
    }
  }

  private byte[] readBody(HttpExchange exchange) throws IOException {
    long limit = settings.maxBodyBytes();
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > limit) {
          throw new BodyTooLarge();
        }
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length");
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16384];
    try (InputStream in = exchange.getRequestBody()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (out.size() + n > limit) {
          throw new BodyTooLarge();
        }
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> out = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      String key = decode(k);
      String value = decode(v);
      if (key != null && value != null) {
        out.putIfAbsent(key, value);
      }
    }
    return out;
  }

  /**
   * The first value of query parameter {@code name}, decoded, or null. The route look-up's own
   * parser: it reads the two parameters it wants without splitting the whole query.
   */
  static String parameter(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    int from = 0;
    while (from <= rawQuery.length()) {
      int end = rawQuery.indexOf('&', from);
      if (end < 0) {
        end = rawQuery.length();
      }
      if (rawQuery.startsWith(name, from)) {
        int after = from + name.length();
        if (after == end) {
          return "";
        }
        if (rawQuery.charAt(after) == '=') {
          String value = decode(rawQuery.substring(after + 1, end));
          if (value != null) {
            return value;
          }
        }
      }
      from = end + 1;
    }
    return null;
  }

  /** URL-decoded, or null for a malformed escape: such a parameter is ignored, as if absent. */
  private static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void send(HttpExchange exchange, Response r) throws IOException {
    var headers = exchange.getResponseHeaders();
    if (r.contentType() != null) {
      headers.set("Content-Type", r.contentType());
    }
    headers.set("Cache-Control", "no-store");
    r.headers().forEach(headers::set);
    if (r.body().length == 0) {
      exchange.sendResponseHeaders(r.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(r.status(), r.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(r.body());
    }
  }
}
