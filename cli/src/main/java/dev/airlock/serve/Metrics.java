package dev.airlock.serve;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Request counts and latency histograms per endpoint, in the Prometheus text exposition format.
 * Thread-safe and lock-free on the request path.
 */
final class Metrics {
  /** Upper bounds in seconds: fine below 10 ms, where route look-ups live. */
  private static final double[] BUCKETS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5
  };

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
  private final IntSupplier repositoriesLoaded;
  private final IntSupplier feedsLoaded;

  Metrics(IntSupplier repositoriesLoaded, IntSupplier feedsLoaded) {
    this.repositoriesLoaded = repositoriesLoaded;
    this.feedsLoaded = feedsLoaded;
  }

  void record(String endpoint, int status, long nanos) {
    requests.computeIfAbsent(endpoint + "\n" + status, k -> new LongAdder()).increment();
    latency.computeIfAbsent(endpoint, k -> new Histogram()).observe(nanos);
  }

  String render() {
    StringBuilder sb = new StringBuilder(2048);
    sb.append("# HELP airlock_requests_total Requests served, by endpoint and HTTP status.\n");
    sb.append("# TYPE airlock_requests_total counter\n");
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(requests).entrySet()) {
      String[] k = e.getKey().split("\n");
      sb.append("airlock_requests_total{endpoint=\"").append(k[0]).append("\",status=\"").append(k[1])
          .append("\"} ").append(e.getValue().sum()).append('\n');
    }
    sb.append("# HELP airlock_request_duration_seconds Time to answer a request, by endpoint.\n");
    sb.append("# TYPE airlock_request_duration_seconds histogram\n");
    for (Map.Entry<String, Histogram> e : new TreeMap<>(latency).entrySet()) {
      e.getValue().render(e.getKey(), sb);
    }
    sb.append("# HELP airlock_labels_repositories Repositories whose labels are loaded.\n");
    sb.append("# TYPE airlock_labels_repositories gauge\n");
    sb.append("airlock_labels_repositories ").append(repositoriesLoaded.getAsInt()).append('\n');
    sb.append("# HELP airlock_labels_feeds Labels feeds loaded from the state.\n");
    sb.append("# TYPE airlock_labels_feeds gauge\n");
    sb.append("airlock_labels_feeds ").append(feedsLoaded.getAsInt()).append('\n');
    return sb.toString();
  }

  private static final class Histogram {
    private final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    Histogram() {
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    void observe(long nanos) {
      double seconds = nanos / 1e9;
      int i = 0;
      while (i < BUCKETS.length && seconds > BUCKETS[i]) {
        i++;
      }
      counts[i].increment();
      sumNanos.add(nanos);
    }

    void render(String endpoint, StringBuilder sb) {
      long cumulative = 0;
      for (int i = 0; i < counts.length; i++) {
        cumulative += counts[i].sum();
        String le = i < BUCKETS.length ? Double.toString(BUCKETS[i]) : "+Inf";
        sb.append("airlock_request_duration_seconds_bucket{endpoint=\"").append(endpoint)
            .append("\",le=\"").append(le).append("\"} ").append(cumulative).append('\n');
      }
      sb.append("airlock_request_duration_seconds_sum{endpoint=\"").append(endpoint).append("\"} ")
          .append(sumNanos.sum() / 1e9).append('\n');
      sb.append("airlock_request_duration_seconds_count{endpoint=\"").append(endpoint).append("\"} ")
          .append(cumulative).append('\n');
    }
  }
}
