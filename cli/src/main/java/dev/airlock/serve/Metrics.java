package dev.airlock.serve;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Request counts and latency histograms per endpoint, in the Prometheus text exposition format.
 * Thread-safe. Recording a request allocates nothing and takes no lock: the endpoints are a fixed
 * list, statuses index an array, and counters are {@link LongAdder}s, so /v1/route answered at
 * thousands a second neither waits on nor feeds the collector.
 */
final class Metrics {
  /** Endpoint names in the order they are rendered. */
  static final List<String> ENDPOINTS = List.of("authz", "classify", "healthz", "labels", "metrics", "other", "route");

  /** Upper bounds in seconds: fine below 10 ms, where route look-ups live. */
  private static final double[] BUCKETS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5
  };

  /** The buckets as the {@code le} label writes them (Prometheus' own clients' style). */
  private static final String[] BUCKET_LABELS = {
    "0.0001", "0.00025", "0.0005", "0.001", "0.002", "0.005", "0.01", "0.02", "0.05", "0.1", "0.25", "0.5", "1",
    "2.5", "5"
  };

  private static final long[] BUCKET_NANOS = new long[BUCKETS.length];

  static {
    for (int i = 0; i < BUCKETS.length; i++) {
      BUCKET_NANOS[i] = Math.round(BUCKETS[i] * 1e9);
    }
  }

  private final Endpoint[] endpoints = new Endpoint[ENDPOINTS.size()];
  private final IntSupplier repositoriesLoaded;
  private final IntSupplier feedsLoaded;

  Metrics(IntSupplier repositoriesLoaded, IntSupplier feedsLoaded) {
    this.repositoriesLoaded = repositoriesLoaded;
    this.feedsLoaded = feedsLoaded;
    for (int i = 0; i < endpoints.length; i++) {
      endpoints[i] = new Endpoint();
    }
  }

  /** Records one answer; {@code endpoint} is one of {@link #ENDPOINTS}, anything else counts as "other". */
  void record(String endpoint, int status, long nanos) {
    int i = ENDPOINTS.indexOf(endpoint);
    endpoints[i < 0 ? ENDPOINTS.indexOf("other") : i].record(status, nanos);
  }

  String render() {
    StringBuilder sb = new StringBuilder(4096);
    sb.append("# HELP airlock_requests_total Requests served, by endpoint and HTTP status.\n");
    sb.append("# TYPE airlock_requests_total counter\n");
    for (int e = 0; e < endpoints.length; e++) {
      for (int status = 0; status < Endpoint.STATUSES; status++) {
        LongAdder n = endpoints[e].byStatus.get(status);
        if (n != null) {
          sb.append("airlock_requests_total{endpoint=\"").append(ENDPOINTS.get(e)).append("\",status=\"")
              .append(status).append("\"} ").append(n.sum()).append('\n');
        }
      }
    }
    sb.append("# HELP airlock_request_duration_seconds Time to answer a request, by endpoint.\n");
    sb.append("# TYPE airlock_request_duration_seconds histogram\n");
    for (int e = 0; e < endpoints.length; e++) {
      if (endpoints[e].seen()) {
        endpoints[e].render(ENDPOINTS.get(e), sb);
      }
    }
    sb.append("# HELP airlock_labels_repositories Repositories whose labels are loaded.\n");
    sb.append("# TYPE airlock_labels_repositories gauge\n");
    sb.append("airlock_labels_repositories ").append(repositoriesLoaded.getAsInt()).append('\n');
    sb.append("# HELP airlock_labels_feeds Labels feeds loaded from the state.\n");
    sb.append("# TYPE airlock_labels_feeds gauge\n");
    sb.append("airlock_labels_feeds ").append(feedsLoaded.getAsInt()).append('\n');
    return sb.toString();
  }

  private static final class Endpoint {
    static final int STATUSES = 600;

    final AtomicReferenceArray<LongAdder> byStatus = new AtomicReferenceArray<>(STATUSES);
    final LongAdder[] buckets = new LongAdder[BUCKETS.length + 1];
    final LongAdder sumNanos = new LongAdder();

    Endpoint() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void record(int status, long nanos) {
      int s = status >= 0 && status < STATUSES ? status : 0;
      LongAdder n = byStatus.get(s);
      if (n == null) {
        byStatus.compareAndSet(s, null, new LongAdder());
        n = byStatus.get(s);
      }
      n.increment();
      int i = 0;
      while (i < BUCKET_NANOS.length && nanos > BUCKET_NANOS[i]) {
        i++;
      }
      buckets[i].increment();
      sumNanos.add(nanos);
    }

    boolean seen() {
      for (LongAdder b : buckets) {
        if (b.sum() > 0) {
          return true;
        }
      }
      return false;
    }

    void render(String endpoint, StringBuilder sb) {
      long cumulative = 0;
      for (int i = 0; i < buckets.length; i++) {
        cumulative += buckets[i].sum();
        String le = i < BUCKETS.length ? BUCKET_LABELS[i] : "+Inf";
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
