import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a running {@code airlock serve} at a constant request rate from its own process and
 * prints throughput and latency percentiles. Open loop: requests leave on schedule whether or not
 * earlier ones have returned, and each latency counts from the moment its request was due, so a
 * stalled server shows up in the percentiles instead of slowing the load down.
 *
 * <pre>
 * java bench/ServeLoad.java BASE_URL route|classify RATE SECONDS [WARMUP_SECONDS] [BODY_FILE]
 *   e.g. java bench/ServeLoad.java http://127.0.0.1:18787 route 1000 30 10
 * </pre>
 *
 * The bearer token, if the service wants one, is read from AIRLOCK_SERVE_TOKEN.
 */
public final class ServeLoad {
  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: ServeLoad BASE_URL route|classify RATE SECONDS [WARMUP_SECONDS] [BODY_FILE]");
      System.exit(2);
    }
    String base = args[0];
    String kind = args[1];
    int rate = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    byte[] body = args.length > 5 ? Files.readAllBytes(Path.of(args[5])) : new byte[0];
    String token = System.getenv("AIRLOCK_SERVE_TOKEN");

    HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    String[] paths = {
      "services/billing/src/main/java/com/acme/Pay.java", "services/search/src/Query.java",
      "docs/README.md", "libs/common/src/Util.java", "tools/ci/build.sh"
    };
    run(client, base, kind, rate, warmup, body, token, paths, false);
    Result r = run(client, base, kind, rate, seconds, body, token, paths, true);
    long[] lat = r.latenciesMicros;
    Arrays.sort(lat);
    System.out.printf(
        "%s: %d requests in %d s at a target of %d/s: achieved %.0f/s, %d errors%n",
        kind, lat.length, seconds, rate, lat.length / (double) seconds, r.errors);
    System.out.printf(
        "  latency ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
        pct(lat, 50), pct(lat, 90), pct(lat, 99), pct(lat, 99.9), lat.length == 0 ? 0 : lat[lat.length - 1] / 1000.0);
  }

  private record Result(long[] latenciesMicros, long errors) {}

  private static Result run(
      HttpClient client, String base, String kind, int rate, int seconds, byte[] body, String token, String[] paths, boolean measure)
      throws Exception {
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong errors = new AtomicLong();
    long total = (long) rate * seconds;
    long intervalNanos = 1_000_000_000L / rate;
    long start = System.nanoTime();
    CompletableFuture<?>[] inFlight = new CompletableFuture<?>[(int) total];
    for (long i = 0; i < total; i++) {
      long due = start + i * intervalNanos;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        if (wait > 200_000) {
          Thread.sleep(0, (int) Math.min(wait - 100_000, 999_999));
        } else {
          Thread.onSpinWait();
        }
      }
      HttpRequest.Builder b;
      if (kind.equals("route")) {
        String repo = (i % 10 == 9) ? "git@github.com:acme/unknown.git" : "corpus";
        b = HttpRequest.newBuilder(URI.create(base + "/v1/route?repo=" + repo + "&path=" + paths[(int) (i % paths.length)])).GET();
      } else {
        b = HttpRequest.newBuilder(URI.create(base + "/v1/classify?path=src/main/java/App.java"))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      }
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      inFlight[(int) i] =
          client.sendAsync(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray())
              .handle((resp, err) -> {
                long micros = (System.nanoTime() - due) / 1000;
                if (err != null || resp.statusCode() != 200) {
                  errors.incrementAndGet();
                } else if (measure) {
                  latencies.add(micros);
                }
                return null;
              });
    }
    CompletableFuture.allOf(inFlight).join();
    return new Result(latencies.stream().mapToLong(Long::longValue).toArray(), errors.get());
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
  }

  static {
    // Quiet the JDK client's own keep-alive limits so one run does not churn connections.
    System.setProperty("jdk.httpclient.connectionPoolSize", "64");
    System.setProperty("jdk.httpclient.keepalive.timeout", "60");
  }
}
