package dev.airlock.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.cli.Main;
import dev.airlock.report.FeedSignature;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.policy.Policy;
import dev.airlock.scan.TestRepo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The label service on a real HTTP server on a loopback port, with labels from real scans of real
 * Git repositories: what a gateway sees.
 */
class LabelServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "test-token-" + "0123456789abcdef";

  /** One scan of the monorepo serves every test; tests that add feeds use folders of their own. */
  @TempDir static Path shared;

  private static Path state;
  private static String billingCommit;

  @TempDir Path tmp;

  private final Random random = new Random(20261201L);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final List<LabelServer> servers = new ArrayList<>();

  @BeforeAll
  static void scanAMonorepoIntoTheState() throws Exception {
    Random random = new Random(1201L);
    state = Files.createDirectories(shared.resolve("state"));
    Path repo = shared.resolve("billing");
    try (TestRepo r = TestRepo.init(repo)) {
      r.write("pom.xml", pom("platform", "services/billing", "services/search"))
          .write("services/billing/pom.xml", pom("billing"))
          .write("services/billing/src/main/resources/payments.log",
              "2026-03-04 charge ok card number " + TestRepo.visa(random) + " amount 42.00\n")
          .write("services/search/pom.xml", pom("search"))
          .write("services/search/src/main/java/Search.java", "class Search { int limit = 10; }\n")
          .remote("git@github.com:Acme/Billing.git");
      billingCommit = r.commit("initial").name();
    }
    scan(repo, state.resolve("fleet.json"));
  }

  @AfterEach
  void stopServers() {
    servers.forEach(LabelServer::close);
  }

  private static String pom(String artifact, String... modules) {
    StringBuilder sb = new StringBuilder("<project><modelVersion>4.0.0</modelVersion><artifactId>")
        .append(artifact).append("</artifactId>");
    if (modules.length > 0) {
      sb.append("<packaging>pom</packaging><modules>");
      for (String m : modules) {
        sb.append("<module>").append(m).append("</module>");
      }
      sb.append("</modules>");
    }
    return sb.append("</project>\n").toString();
  }

  private static void scan(Path repo, Path feed, String... extra) {
    List<String> args = new ArrayList<>(List.of("scan", "--no-progress", "--format", "labels", "--output", feed.toString()));
    args.addAll(List.of(extra));
    args.add(repo.toString());
    PrintStream savedErr = System.err;
    System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.run(args.toArray(String[]::new))).as("scan exit code").isIn(0, 1);
    } finally {
      System.setErr(savedErr);
    }
  }

  private LabelServer start(String token, long maxBody) throws Exception {
    return start(token, maxBody, state);
  }

  private LabelServer start(String token, long maxBody, Path stateDir) throws Exception {
    LabelServer server =
        LabelServer.open(
            new LabelServer.Settings("127.0.0.1", 0, token, maxBody, Duration.ofSeconds(5), 4),
            List.of(stateDir),
            null,
            RuleSet.builtIn(),
            Policy.defaultPolicy(),
            warnings::add);
    servers.add(server);
    server.start();
    return server;
  }

  private LabelServer start(LabelServer.Settings settings) throws Exception {
    LabelServer server =
        LabelServer.open(settings, List.of(state), null, RuleSet.builtIn(), Policy.defaultPolicy(), warnings::add);
    servers.add(server);
    server.start();
    return server;
  }

  /** About {@code bytes} of text full of keywords, which takes the rules a while to go through. */
  private static String slowText(int bytes) {
    StringBuilder text = new StringBuilder();
    while (text.length() < bytes) {
      text.append("password = value").append(text.length()).append(" token key secret api\n");
    }
    return text.toString();
  }

  private LabelServer start() throws Exception {
    return start(null, 1 << 20);
  }

  private HttpResponse<String> get(LabelServer server, String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(LabelServer server, String path, String contentType, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The answer to {@code pathAndQuery} once it satisfies {@code until}, or the last after five seconds. */
  private JsonNode awaitAnswer(LabelServer server, String pathAndQuery, java.util.function.Predicate<JsonNode> until)
      throws Exception {
    JsonNode r = JSON.readTree(get(server, pathAndQuery).body());
    for (int i = 0; i < 50 && !until.test(r); i++) {
      Thread.sleep(100);
      r = JSON.readTree(get(server, pathAndQuery).body());
    }
    return r;
  }

  /** The answer of /v1/route for {@code repo} (already encoded) and {@code path}. */
  private JsonNode route(LabelServer server, String repo, String path) throws Exception {
    return JSON.readTree(get(server, "/v1/route?repo=" + repo + "&path=" + q(path)).body());
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void routesEachPathByTheLongestUnitPrefix() throws Exception {
    LabelServer server = start();
    String repo = q("https://github.com/acme/billing.git");

    JsonNode billing = route(server, repo, "services/billing/src/Pay.java");
    JsonNode search = route(server, repo, "services/search/src/main/java/Search.java");

    assertThat(billing.path("route").asText()).isEqualTo("on-prem");
    assertThat(billing.path("label").asText()).isEqualTo("ON_PREM_ONLY");
    assertThat(billing.path("unit").asText()).isEqualTo("services/billing");
    assertThat(billing.path("commit").asText()).isEqualTo(billingCommit);
    assertThat(billing.path("reasons").toString()).contains("PCI");
    assertThat(search.path("route").asText()).isEqualTo("cloud");
    assertThat(search.path("unit").asText()).isEqualTo("services/search");
  }

  @Test
  void findsARepositoryByAnySpellingOfItsRemoteOrByItsName() throws Exception {
    LabelServer server = start();
    for (String spelling : List.of("git@github.com:Acme/Billing.git", "ssh://git@github.com/acme/billing", "github.com/acme/billing", "billing")) {
      JsonNode r = JSON.readTree(get(server, "/v1/route?repo=" + q(spelling) + "&path=services/billing").body());
      assertThat(r.path("repository").asText()).as(spelling).isEqualTo("billing");
    }
  }

  @Test
  void unknownRepositoryRoutesOnPremAndSaysSo() throws Exception {
    LabelServer server = start();

    HttpResponse<String> response = get(server, "/v1/route?repo=" + q("git@github.com:acme/unknown.git") + "&path=src/A.java");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode r = JSON.readTree(response.body());
    assertThat(r.path("route").asText()).isEqualTo("on-prem");
    assertThat(r.path("reason").asText()).isEqualTo("unknown-repository");
    assertThat(r.path("label").isNull()).isTrue();
  }

  @Test
  void routeWithoutARepositoryIsABadRequest() throws Exception {
    assertThat(get(start(), "/v1/route?path=src").statusCode()).isEqualTo(400);
  }

  @Test
  void labelsGivesTheFeedEntryOfOneRepositoryAndListsAll() throws Exception {
    LabelServer server = start();

    JsonNode one = JSON.readTree(get(server, "/v1/labels?repo=" + q("github.com/acme/billing")).body());
    JsonNode all = JSON.readTree(get(server, "/v1/labels").body());

    assertThat(one.path("label").asText()).isEqualTo("ON_PREM_ONLY");
    assertThat(one.path("units")).hasSize(3);
    assertThat(all.path("repositories")).hasSize(1);
    assertThat(get(server, "/v1/labels?repo=nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void classifyFindsAPlantedSecretAndNeverEchoesIt() throws Exception {
    LabelServer server = start();
    String secret = TestRepo.githubToken(random);

    HttpResponse<String> response =
        post(server, "/v1/classify?path=config/app.properties", "text/plain", "deploy.token=" + secret + "\nother=1\n");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).doesNotContain(secret).doesNotContain(secret.substring(4, 20));
    JsonNode r = JSON.readTree(response.body());
    assertThat(r.path("route").asText()).isEqualTo("on-prem");
    assertThat(r.path("findings").get(0).path("ruleId").asText()).isEqualTo("github-pat-classic");
    assertThat(r.path("findings").get(0).path("line").asInt()).isEqualTo(1);
    assertThat(r.path("findings").get(0).path("redacted").asText()).startsWith("ghp_").contains("sha256:");
  }

  @Test
  void classifyCleanTextRoutesToTheCloud() throws Exception {
    HttpResponse<String> response =
        post(start(), "/v1/classify", "text/plain", "public int add(int a, int b) {\n  return a + b;\n}\n");

    JsonNode r = JSON.readTree(response.body());
    assertThat(r.path("route").asText()).isEqualTo("cloud");
    assertThat(r.path("findings")).isEmpty();
  }

  @Test
  void classifyTakesSeveralFilesAsJsonWithTheirPaths() throws Exception {
    String card = TestRepo.visa(random);
    String body =
        JSON.writeValueAsString(
            JSON.createObjectNode().set("files", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("path", "src/A.java").put("content", "class A {}\n"))
                .add(JSON.createObjectNode().put("path", "logs/pay.log").put("content", "ok\ncharged card number " + card + "\n"))));

    JsonNode r = JSON.readTree(post(start(), "/v1/classify", "application/json", body).body());

    assertThat(r.path("route").asText()).isEqualTo("on-prem");
    assertThat(r.path("findings").get(0).path("path").asText()).isEqualTo("logs/pay.log");
    assertThat(r.path("findings").get(0).path("line").asInt()).isEqualTo(2);
    assertThat(r.toString()).doesNotContain(card);
  }

  @Test
  void aJsonBodySentAsAFormIsReadAsJson() throws Exception {
    String key = TestRepo.awsKeyId(random);
    String body = JSON.writeValueAsString(JSON.createObjectNode().set("files", JSON.createArrayNode()
        .add(JSON.createObjectNode().put("path", "deploy/prod.env").put("content", "# deploy\nAWS_ACCESS_KEY_ID=" + key + "\n"))));

    JsonNode form = JSON.readTree(post(start(), "/v1/classify", "application/x-www-form-urlencoded", body).body());
    JsonNode text = JSON.readTree(post(start(), "/v1/classify", "text/plain", "{ not json, just braces }\n").body());

    assertThat(form.path("route").asText()).isEqualTo("on-prem");
    assertThat(form.path("findings").get(0).path("path").asText()).isEqualTo("deploy/prod.env");
    assertThat(form.path("findings").get(0).path("line").asInt()).isEqualTo(2);
    assertThat(form.toString()).doesNotContain(key);
    assertThat(text.path("route").asText()).isEqualTo("cloud");
  }

  @Test
  void malformedJsonIsABadRequestThatDoesNotEchoTheBody() throws Exception {
    String secret = TestRepo.githubToken(random);
    HttpResponse<String> response = post(start(), "/v1/classify", "application/json", "{\"files\": [{\"path\": \"" + secret);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).doesNotContain(secret);
  }

  @Test
  void bodiesOverTheLimitAreRefused() throws Exception {
    LabelServer server = start(null, 1024);

    assertThat(post(server, "/v1/classify", "text/plain", "x".repeat(2048)).statusCode()).isEqualTo(413);
    assertThat(post(server, "/v1/classify", "text/plain", "x".repeat(100)).statusCode()).isEqualTo(200);
  }

  @Test
  void aTokenIsRequiredOnEveryEndpointButHealth() throws Exception {
    LabelServer server = start(TOKEN, 1 << 20);
    String route = "/v1/route?repo=billing&path=services/billing";

    assertThat(get(server, route).statusCode()).isEqualTo(401);
    assertThat(get(server, route).headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(get(server, route, "Authorization", "Bearer wrong-token-0123456789").statusCode()).isEqualTo(401);
    assertThat(post(server, "/v1/classify", "text/plain", "hello").statusCode()).isEqualTo(401);
    assertThat(get(server, "/metrics").statusCode()).isEqualTo(401);
    assertThat(get(server, route, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void refusesToListenBeyondLoopbackWithoutAToken() {
    assertThatThrownBy(
            () -> LabelServer.open(
                new LabelServer.Settings("0.0.0.0", 0, null, 1024, Duration.ofSeconds(1), 1),
                List.of(state), null, RuleSet.builtIn(), Policy.defaultPolicy(), warnings::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without a token");
  }

  @Test
  void labelsAreReloadedWhenAFeedAppears() throws Exception {
    Path ownState = Files.createDirectories(tmp.resolve("state"));
    Files.copy(state.resolve("fleet.json"), ownState.resolve("fleet.json"));
    LabelServer server = start(null, 1 << 20, ownState);
    Path other = tmp.resolve("ledger");
    try (TestRepo r = TestRepo.init(other)) {
      r.write("README.md", "# ledger\n").remote("https://git.acme.internal/fin/ledger.git").commit("initial");
    }
    String route = "/v1/route?repo=" + q("https://git.acme.internal/fin/ledger") + "&path=README.md";
    assertThat(JSON.readTree(get(server, route).body()).path("reason").asText()).isEqualTo("unknown-repository");

    scan(other, ownState.resolve("ledger.json"));

    JsonNode r = awaitAnswer(server, route, a -> a.path("route").asText().equals("cloud"));
    assertThat(r.path("route").asText()).isEqualTo("cloud");
    assertThat(r.path("repository").asText()).isEqualTo("ledger");
  }

  @Test
  void scansWithAStateFolderFeedTheServiceTheirLatestLabels() throws Exception {
    Path fleetState = tmp.resolve("fleet-state");
    Path ledger = tmp.resolve("ledger");
    try (TestRepo r = TestRepo.init(ledger)) {
      r.write("README.md", "# ledger\n").remote("https://git.acme.internal/fin/ledger.git").commit("initial");
    }
    Main.run("scan", "--no-progress", "--state", fleetState.toString(), "--output", tmp.resolve("r.txt").toString(), ledger.toString());
    LabelServer server = start(null, 1 << 20, fleetState);
    String route = "/v1/route?repo=" + q("https://git.acme.internal/fin/ledger") + "&path=README.md";
    assertThat(JSON.readTree(get(server, route).body()).path("route").asText()).isEqualTo("cloud");

    try (TestRepo r = TestRepo.init(ledger)) {
      r.write("config/prod.properties", "api.token=" + TestRepo.githubToken(random) + "\n").commit("config");
    }
    Main.run("scan", "--no-progress", "--state", fleetState.toString(), "--output", tmp.resolve("r.txt").toString(), ledger.toString());

    JsonNode r = awaitAnswer(server, route, a -> a.path("route").asText().equals("on-prem"));
    assertThat(r.path("route").asText()).isEqualTo("on-prem");
    try (var feeds = Files.list(fleetState.resolve("labels"))) {
      assertThat(feeds.filter(p -> p.toString().endsWith(".json"))).hasSize(1);
    }
  }

  @Test
  void onlySignedFeedsLoadWhenAKeyIsGiven() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path priv = Files.writeString(tmp.resolve("feed.key"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Path signedState = Files.createDirectories(tmp.resolve("signed"));
    Files.copy(state.resolve("fleet.json"), signedState.resolve("unsigned.json"));
    Path ledger = tmp.resolve("ledger");
    try (TestRepo r = TestRepo.init(ledger)) {
      r.write("README.md", "# ledger\n").commit("initial");
    }
    scan(ledger, signedState.resolve("signed.json"), "--sign", priv.toString());

    LabelServer server =
        LabelServer.open(
            new LabelServer.Settings("127.0.0.1", 0, null, 1024, Duration.ofSeconds(1), 2),
            List.of(signedState), pair.getPublic(), RuleSet.builtIn(), Policy.defaultPolicy(), warnings::add);
    servers.add(server);
    server.start();

    assertThat(JSON.readTree(get(server, "/v1/route?repo=ledger").body()).path("repository").asText()).isEqualTo("ledger");
    assertThat(JSON.readTree(get(server, "/v1/route?repo=billing").body()).path("reason").asText()).isEqualTo("unknown-repository");
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("unsigned.json").contains("signature"));
    assertThat(Files.exists(FeedSignature.signaturePath(signedState.resolve("signed.json")))).isTrue();
  }

  @Test
  void authzAnswersEnvoyWithRouteHeaders() throws Exception {
    LabelServer server = start();

    HttpResponse<String> billing = get(server, "/v1/authz/v1/chat/completions",
        "x-airlock-repo", "git@github.com:acme/billing.git", "x-airlock-path", "services/billing/Pay.java");
    HttpResponse<String> unknown = get(server, "/v1/authz/v1/chat/completions");

    assertThat(billing.statusCode()).isEqualTo(200);
    assertThat(billing.headers().firstValue("x-airlock-route")).hasValue("on-prem");
    assertThat(billing.headers().firstValue("x-airlock-unit")).hasValue("services/billing");
    assertThat(unknown.headers().firstValue("x-airlock-route")).hasValue("on-prem");
    assertThat(unknown.headers().firstValue("x-airlock-reason")).hasValue("no-repository");
  }

  @Test
  void metricsCountRequestsAndLatencyInPrometheusFormat() throws Exception {
    LabelServer server = start();
    get(server, "/v1/route?repo=billing&path=x");
    get(server, "/v1/route?repo=billing&path=y");
    get(server, "/nothing");

    // A request is counted once its answer is sent, so the client may ask before the last count.
    List<String> expected = List.of(
        "airlock_requests_total{endpoint=\"route\",status=\"200\"} 2",
        "airlock_requests_total{endpoint=\"other\",status=\"404\"} 1",
        "airlock_request_duration_seconds_bucket{endpoint=\"route\",le=\"+Inf\"} 2",
        "airlock_request_duration_seconds_count{endpoint=\"route\"} 2");
    String metrics = get(server, "/metrics").body();
    for (long deadline = System.nanoTime() + 10_000_000_000L;
        !expected.stream().allMatch(metrics::contains) && System.nanoTime() < deadline; ) {
      Thread.sleep(10);
      metrics = get(server, "/metrics").body();
    }

    assertThat(metrics)
        .contains(expected)
        .contains("airlock_labels_repositories 1");
  }

  @Test
  void healthSaysHowManyRepositoriesAreLoaded() throws Exception {
    JsonNode health = JSON.readTree(get(start(), "/healthz").body());
    assertThat(health.path("status").asText()).isEqualTo("ok");
    assertThat(health.path("repositories").asInt()).isEqualTo(1);
    assertThat(health.path("feeds").asInt()).isEqualTo(1);
  }

  @Test
  void wrongMethodsAreRefusedWithAllow() throws Exception {
    LabelServer server = start();
    HttpResponse<String> r = post(server, "/v1/route?repo=billing", "text/plain", "x");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET");
    assertThat(get(server, "/v1/classify").statusCode()).isEqualTo(405);
  }

  @Test
  void aPathClimbingOutOfItsUnitNeverReachesALessRestrictedOne() throws Exception {
    LabelServer server = start();
    String repo = q("github.com/acme/billing");

    JsonNode escaped = route(server, repo, "services/search/../billing/Pay.java");
    JsonNode above = route(server, repo, "services/search/../../../etc/x");
    JsonNode dotted = route(server, repo, "./services//search/./Search.java");

    assertThat(escaped.path("unit").asText()).isEqualTo("services/billing");
    assertThat(escaped.path("route").asText()).isEqualTo("on-prem");
    assertThat(above.path("route").asText()).isEqualTo("on-prem");
    assertThat(above.path("unit").isNull()).isTrue();
    assertThat(dotted.path("unit").asText()).isEqualTo("services/search");
    assertThat(dotted.path("route").asText()).isEqualTo("cloud");
  }

  @Test
  void routeReadsItsParametersInAnyOrderAndEncoding() throws Exception {
    LabelServer server = start();

    JsonNode reordered = JSON.readTree(get(server, "/v1/route?path=services%2Fsearch%2FA.java&x=1&repo=billing").body());
    JsonNode lookalike = JSON.readTree(get(server, "/v1/route?repository=nothing&repo=billing&path=services/search").body());

    assertThat(reordered.path("unit").asText()).isEqualTo("services/search");
    assertThat(lookalike.path("repository").asText()).isEqualTo("billing");
    assertThat(LabelServer.parameter("repo=%zz&path=x", "repo")).as("a malformed escape is no value").isNull();
    assertThat(LabelServer.parameter("repo=a&repo=b", "repo")).isEqualTo("a");
    assertThat(LabelServer.parameter("path&repo=a+b", "path")).isEmpty();
    assertThat(LabelServer.parameter("path&repo=a+b", "repo")).isEqualTo("a b");
    assertThat(LabelServer.parameter(null, "repo")).isNull();
  }

  @Test
  void aRepositoryWhoseFeedGoesIsUnknownAgain() throws Exception {
    Path ownState = Files.createDirectories(tmp.resolve("state"));
    Path feed = Files.copy(state.resolve("fleet.json"), ownState.resolve("fleet.json"));
    LabelServer server = start(null, 1 << 20, ownState);
    String route = "/v1/route?repo=billing&path=services/search";
    assertThat(JSON.readTree(get(server, route).body()).path("route").asText()).isEqualTo("cloud");

    Files.delete(feed);

    JsonNode r = awaitAnswer(server, route, a -> a.has("reason"));
    assertThat(r.path("route").asText()).isEqualTo("on-prem");
    assertThat(r.path("reason").asText()).isEqualTo("unknown-repository");
    assertThat(JSON.readTree(get(server, "/healthz").body()).path("repositories").asInt()).isZero();
  }

  @Test
  void aClassificationOverTheTimeLimitIsRefusedAndSaysRouteOnPrem() throws Exception {
    LabelServer server = start(new LabelServer.Settings("127.0.0.1", 0, null, 8 << 20, Duration.ofMillis(1), 2));
    String text = slowText(4 << 20);

    HttpResponse<String> response = post(server, "/v1/classify", "text/plain", text);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("timeout");
    assertThat(response.body()).contains("on-prem");
    assertThat(get(server, "/v1/route?repo=billing").statusCode()).as("the service still answers").isEqualTo(200);
  }

  @Test
  void theFirstClassificationDoesNotPayForBuildingTheEngine() throws Exception {
    // A rule set of its own, whose engine nothing has built yet.
    RuleSet fresh = RuleSet.builtIn().withEngine(dev.airlock.rules.engine.Engine.AUTO);
    LabelServer server =
        LabelServer.open(
            new LabelServer.Settings("127.0.0.1", 0, null, 1 << 20, Duration.ofMillis(500), 2),
            List.of(state), null, fresh, Policy.defaultPolicy(), warnings::add);
    servers.add(server);
    server.start();

    HttpResponse<String> first = post(server, "/v1/classify", "text/plain", "hello\n");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
  }

  @Test
  void classificationsInFlightDoNotHoldUpRouteLookUps() throws Exception {
    // One request thread: before classifications had threads of their own, a classification
    // waiting for its result held it, and a route look-up waited behind it.
    LabelServer server = start(new LabelServer.Settings("127.0.0.1", 0, null, 32 << 20, Duration.ofSeconds(30), 1));
    String text = slowText(12 << 20);
    HttpRequest big =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/classify"))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(text))
            .build();
    var classification = http.sendAsync(big, HttpResponse.BodyHandlers.ofString());
    // Wait until the service is classifying (its metrics say nothing yet, so ask the JVM).
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!classifying() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(classifying()).as("the classification started").isTrue();

    long routeStarted = System.nanoTime();
    HttpResponse<String> route = get(server, "/v1/route?repo=billing&path=services/search");
    long routeNanos = System.nanoTime() - routeStarted;
    HttpResponse<String> classified = classification.get();
    long classifyRest = System.nanoTime() - routeStarted;

    assertThat(route.statusCode()).isEqualTo(200);
    assertThat(classified.statusCode()).isEqualTo(200);
    assertThat(routeNanos).as("the route was answered while the classification ran").isLessThan(classifyRest / 2);
  }

  /** Whether a classification thread of a service in this JVM is matching text now. */
  private static boolean classifying() {
    return Thread.getAllStackTraces().entrySet().stream()
        .anyMatch(e -> e.getKey().getName().startsWith("airlock-classify-")
            && !e.getKey().getName().startsWith("airlock-classify-request")
            && java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("dev.airlock.rules")));
  }

  @Test
  void aClientThatNeverFinishesItsRequestDoesNotHoldUpOthers() throws Exception {
    LabelServer server = start();
    try (java.net.Socket slow = new java.net.Socket("127.0.0.1", server.port())) {
      slow.getOutputStream().write("GET /v1/route?repo=billing HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      slow.getOutputStream().flush();
      Thread.sleep(100);

      long started = System.nanoTime();
      HttpResponse<String> other = get(server, "/v1/route?repo=billing&path=services/search");

      assertThat(other.statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }
  }

  @Test
  void metricsAreValidPrometheusText() throws Exception {
    LabelServer server = start();
    get(server, "/v1/route?repo=billing&path=x");
    get(server, "/v1/route?repo=nothing");
    get(server, "/v1/route");
    post(server, "/v1/classify", "text/plain", "hello");

    HttpResponse<String> response = get(server, "/metrics");

    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
    assertThat(response.body()).endsWith("\n");
    java.util.regex.Pattern help = java.util.regex.Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+");
    java.util.regex.Pattern type = java.util.regex.Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
    java.util.regex.Pattern sample = java.util.regex.Pattern.compile(
        "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\",?)*\\})? (\\S+)");
    java.util.Map<String, String> types = new java.util.HashMap<>();
    java.util.Map<String, Double> lastBucket = new java.util.HashMap<>();
    java.util.Map<String, Double> infBucket = new java.util.HashMap<>();
    java.util.Map<String, Double> counts = new java.util.HashMap<>();
    for (String line : response.body().split("\n")) {
      java.util.regex.Matcher m;
      if ((m = type.matcher(line)).matches()) {
        assertThat(types.put(m.group(1), m.group(2))).as("one TYPE per family: " + line).isNull();
      } else if (!help.matcher(line).matches()) {
        assertThat(m = sample.matcher(line)).as("a sample line: " + line).matches();
        String name = m.group(1);
        double value = Double.parseDouble(m.group(4));
        String family = name.replaceAll("_(bucket|sum|count)$", "");
        assertThat(types).as("TYPE before the samples of " + name).containsKey(types.containsKey(name) ? name : family);
        if (name.endsWith("_bucket")) {
          String series = line.replaceAll(",le=\"[^\"]*\"", "").replaceAll(" \\S+$", "");
          assertThat(value).as("buckets are cumulative: " + line).isGreaterThanOrEqualTo(lastBucket.getOrDefault(series, 0.0));
          lastBucket.put(series, value);
          if (line.contains("le=\"+Inf\"")) {
            infBucket.put(series.replace("_bucket", ""), value);
          }
        } else if (name.endsWith("_count")) {
          counts.put(line.replaceAll(" \\S+$", "").replace("_count", ""), value);
        }
      }
    }
    assertThat(types).containsEntry("airlock_requests_total", "counter")
        .containsEntry("airlock_request_duration_seconds", "histogram")
        .containsEntry("airlock_labels_repositories", "gauge");
    assertThat(infBucket).isEqualTo(counts).containsKeys("airlock_request_duration_seconds{endpoint=\"route\"}",
        "airlock_request_duration_seconds{endpoint=\"classify\"}");
    assertThat(response.body()).contains("airlock_requests_total{endpoint=\"route\",status=\"400\"} 1");
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
