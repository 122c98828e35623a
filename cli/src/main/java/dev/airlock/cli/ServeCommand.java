package dev.airlock.cli;

import dev.airlock.report.FeedSignature;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.policy.Policy;
import dev.airlock.serve.LabelServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock serve}: the label service a routing gateway asks at request time. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    sortOptions = false,
    description = {
      "Answers a routing gateway, as JSON over HTTP: where may a request about this repository",
      "and path go (cloud or on-prem), and is this text about to be sent sensitive.",
      "",
      "Labels come from the labels feeds (airlock scan --format labels) found in the --state",
      "folders, read again within a second whenever a feed changes. The service only reads them.",
      "Text is classified with the same rules and policy as scans; nothing is stored, and no",
      "response or log holds a value: findings are redacted.",
      "",
      "Endpoints:",
      "  GET  /v1/route?repo=URL|NAME&path=PATH  route by the longest unit prefix; a repository",
      "                                          without labels routes on-prem (fail closed)",
      "  GET  /v1/labels[?repo=URL|NAME]         the latest labels of one repository, or the list",
      "  POST /v1/classify                       text/plain, or JSON {\"files\": [{\"path\", \"content\"}]}",
      "  ANY  /v1/authz/...                      for Envoy ext_authz: reads x-airlock-repo and",
      "                                          x-airlock-path, answers 200 with x-airlock-route",
      "  GET  /healthz, GET /metrics             liveness; Prometheus metrics",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  airlock scan --format labels -o /var/lib/airlock/feeds/fleet.json ~/src/*",
      "  airlock serve --state /var/lib/airlock/feeds",
      "  curl 'http://127.0.0.1:8787/v1/route?repo=git@github.com:acme/billing.git&path=src/Main.java'",
      "",
      "Security: every endpoint but /healthz needs 'Authorization: Bearer TOKEN' when a token is",
      "set (--token-file, or the AIRLOCK_SERVE_TOKEN environment variable); binding to an address",
      "other than loopback requires one. See docs/gateway.md for LiteLLM and Envoy recipes.",
      "",
      "Exit codes: runs until stopped (SIGINT/SIGTERM), then 0; 2 on a usage or start-up error."
    })
final class ServeCommand implements Callable<Integer> {
  static final String TOKEN_ENV = "AIRLOCK_SERVE_TOKEN";

  @Option(
      names = "--state",
      paramLabel = "DIR",
      description = "A folder (or file) of labels feeds; repeatable. Default: the current folder.")
  List<Path> state = new ArrayList<>();

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8787", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the bearer token clients must send (else $" + TOKEN_ENV + ").")
  Path tokenFile;

  @Option(names = "--key", paramLabel = "PUBKEY", description = "Load only feeds signed by this Ed25519 public key (FEED.sig beside each feed).")
  Path feedKey;

  @Option(names = "--max-body", paramLabel = "SIZE", defaultValue = "1MiB", converter = ByteSize.class, description = "Largest /v1/classify body (default: ${DEFAULT-VALUE}).")
  long maxBody;

  @Option(names = "--timeout", paramLabel = "MS", defaultValue = "2000", description = "Time limit of one classification in milliseconds (default: ${DEFAULT-VALUE}).")
  long timeoutMs;

  @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Request threads (default: twice the cores, at least 4).")
  Integer threads;

  @Option(names = "--rules", paramLabel = "DIR", description = "Also load the rule packs in DIR for /v1/classify (repeatable).")
  List<Path> ruleDirs = new ArrayList<>();

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy for /v1/classify instead of the built-in one.")
  Path policyFile;

  @Option(names = {"-v", "--verbose"}, description = "Stack traces with errors.")
  boolean verbose;

  @CommandLine.Mixin EngineOption engine;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (timeoutMs < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be at least 1 ms");
    }
    List<Path> roots = state.isEmpty() ? List.of(Path.of(".")) : state;
    for (Path root : roots) {
      if (!Files.exists(root)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--state " + root + ": no such folder or file");
      }
    }
    String token = token();
    PublicKey key = feedKey == null ? null : FeedSignature.readPublicKey(feedKey);
    RuleSet rules = engine.apply(RuleSet.load(ruleDirs), spec);
    Policy policy = policyFile == null ? Policy.defaultPolicy() : PolicyCommand.load(spec, policyFile);
    int n = threads != null ? threads : Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    LabelServer.Settings settings =
        new LabelServer.Settings(bind, port, token, maxBody, Duration.ofMillis(timeoutMs), n);
    LabelServer server;
    try {
      server = LabelServer.open(settings, roots, key, rules, policy, w -> {
        err.println("airlock serve: " + w);
        err.flush();
      });
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "airlock-serve-stop"));
    server.start();
    err.printf(
        "airlock serve: listening on http://%s:%d (%d repositories from %d feeds; %s)%n",
        bind.contains(":") ? "[" + bind + "]" : bind,
        server.port(),
        server.repositoriesLoaded(),
        server.feedsLoaded(),
        token == null ? "no token: loopback only" : "bearer token required");
    err.flush();
    stopped.await();
    return 0;
  }

  private String token() throws IOException {
    String token;
    if (tokenFile != null) {
      token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
      if (token.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--token-file " + tokenFile + " is empty");
      }
    } else {
      token = System.getenv(TOKEN_ENV);
      token = token == null || token.isBlank() ? null : token.trim();
    }
    if (token != null && token.length() < 16) {
      throw new CommandLine.ParameterException(spec.commandLine(), "the token must be at least 16 characters");
    }
    return token;
  }
}
