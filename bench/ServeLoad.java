import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a running {@code airlock serve} from its own process over keep-alive HTTP/1.1
 * connections on loopback, and prints throughput and latency percentiles.
 *
 * <p>Two modes. At a RATE, open loop: request i is due at start + i/RATE and leaves then, on an
 * idle connection (a new one is opened when none is idle), whether or not earlier requests have
 * returned; its latency counts from when it was due, so a stalled server (or a late client) shows
 * in the percentiles instead of slowing the load down (no coordinated omission). With {@code max},
 * closed loop: CONNECTIONS connections each send their next request as soon as the previous
 * answer is in, which gives the most requests a second the service sustains.
 *
 * <p>The client is built not to be the tail it measures: one sender thread and one reader thread
 * on a selector, requests prepared as bytes up front, answers parsed in place, latencies kept in
 * preallocated arrays: nothing is allocated per request once warm, so the client does not collect
 * garbage while measuring (it prints its own GC count to show it). Run it with a small heap and
 * the serial collector ({@code -XX:+UseSerialGC -Xmx64m}); serve-load.sh does.
 *
 * <pre>
 * java bench/ServeLoad.java BASE_URL route|classify RATE|max SECONDS [WARMUP_SECONDS] [BODY_FILE]
 *   env: AIRLOCK_SERVE_TOKEN (bearer token), SERVE_LOAD_REPO (known repository, default
 *   corpus-serve), SERVE_LOAD_CONNECTIONS (connections in max mode, default 4)
 * </pre>
 */
public final class ServeLoad {
  private static final int MAX_CONNECTIONS = 256;

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: ServeLoad BASE_URL route|classify RATE|max SECONDS [WARMUP_SECONDS] [BODY_FILE]");
      System.exit(2);
    }
    URI base = URI.create(args[0]);
    String kind = args[1];
    boolean max = args[2].equals("max");
    int rate = max ? 0 : Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    byte[] body = args.length > 5 ? Files.readAllBytes(Path.of(args[5])) : new byte[0];
    String repo = System.getenv().getOrDefault("SERVE_LOAD_REPO", "corpus-serve");
    int connections = Integer.parseInt(System.getenv().getOrDefault("SERVE_LOAD_CONNECTIONS", "4"));
    byte[][] requests = requests(base, kind, repo, body, System.getenv("AIRLOCK_SERVE_TOKEN"));

    Load load = new Load(new InetSocketAddress(base.getHost(), base.getPort()), requests);
    try {
      // Warm-up: the same load, not counted, so both JITs have compiled the paths measured.
      load.run(max, rate, connections, warmup, new Stats(capacity(max, rate, warmup)));
      Stats s = new Stats(capacity(max, rate, seconds));
      long gcBefore = gcCount();
      load.run(max, rate, connections, seconds, s);
      long gcs = gcCount() - gcBefore;
      double achieved = s.n / (s.elapsedNanos / 1e9);
      System.out.printf(
          "%s: %s, %d requests in %.1f s: %.0f/s, %d errors, %d connections, client GCs while measuring: %d%n",
          kind, max ? "max throughput over " + connections + " connections" : "target " + rate + "/s",
          s.n, s.elapsedNanos / 1e9, achieved, s.errors, load.opened(), gcs);
      if (s.n == 0) {
        return;
      }
      long[] fromDue = Arrays.copyOf(s.fromDue, s.n);
      long[] fromSend = Arrays.copyOf(s.fromSend, s.n);
      long[] late = Arrays.copyOf(s.late, s.n);
      Arrays.sort(fromDue);
      Arrays.sort(fromSend);
      Arrays.sort(late);
      if (!max) {
        System.out.println("  latency ms (from when due): " + percentiles(fromDue));
      }
      System.out.println("  latency ms (from sending):  " + percentiles(fromSend));
      if (!max) {
        System.out.printf("  client lateness ms: p50 %.3f  p99 %.3f  max %.3f%n",
            pct(late, 50), pct(late, 99), late[late.length - 1] / 1e6);
      }
    } finally {
      load.close();
    }
  }

  /** Requests as bytes; route mixes five paths of the known repository with one in ten unknown. */
  private static byte[][] requests(URI base, String kind, String repo, byte[] body, String token) {
    String host = base.getHost() + ":" + base.getPort();
    String auth = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
    List<byte[]> out = new ArrayList<>();
    if (kind.equals("route")) {
      String[] paths = {
        "services/billing/src/main/java/com/acme/Pay.java", "services/search/src/Query.java",
        "docs/README.md", "libs/common/src/Util.java", "tools/ci/build.sh"
      };
      for (int i = 0; i < 10; i++) {
        String r = i == 9 ? "git@github.com:acme/unknown.git" : repo;
        String target = "/v1/route?repo=" + r + "&path=" + paths[i % paths.length];
        out.add(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + auth + "\r\n").getBytes(StandardCharsets.US_ASCII));
      }
    } else if (kind.equals("classify")) {
      byte[] head = ("POST /v1/classify?path=src/main/java/App.java HTTP/1.1\r\nHost: " + host + "\r\n" + auth
          + "Content-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      byte[] all = Arrays.copyOf(head, head.length + body.length);
      System.arraycopy(body, 0, all, head.length, body.length);
      out.add(all);
    } else {
      throw new IllegalArgumentException("kind is route or classify, got " + kind);
    }
    return out.toArray(byte[][]::new);
  }

  private static int capacity(boolean max, int rate, int seconds) {
    return max ? Math.min(50_000_000, 40_000 * seconds) : (int) Math.min(50_000_000, (long) rate * seconds);
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  private static String percentiles(long[] sorted) {
    return String.format("p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f",
        pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 99.9), sorted[sorted.length - 1] / 1e6);
  }

  private static double pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  /** Latencies of one phase in nanoseconds, in the order answers came. */
  private static final class Stats {
    final long[] fromDue;
    final long[] fromSend;
    final long[] late;
    int n;
    long errors;
    long elapsedNanos;

    Stats(int capacity) {
      fromDue = new long[capacity];
      fromSend = new long[capacity];
      late = new long[capacity];
    }
  }

  /** One keep-alive connection with at most one request in flight. */
  private static final class Conn {
    final SocketChannel channel;
    final ByteBuffer in = ByteBuffer.allocate(1 << 15);
    volatile long due;
    volatile long sent;
    volatile boolean busy;

    Conn(SocketChannel channel) {
      this.channel = channel;
    }
  }

  private static final class Load implements AutoCloseable {
    private final InetSocketAddress address;
    private final byte[][] requests;
    private final Selector selector;
    private final ArrayBlockingQueue<Conn> idle = new ArrayBlockingQueue<>(MAX_CONNECTIONS);
    private final List<Conn> all = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private volatile Stats stats;
    private volatile boolean maxMode;
    private volatile long maxUntil;

    Load(InetSocketAddress address, byte[][] requests) throws IOException {
      this.address = address;
      this.requests = requests;
      this.selector = Selector.open();
    }

    int opened() {
      synchronized (all) {
        return all.size();
      }
    }

    void run(boolean max, int rate, int connections, int seconds, Stats s) throws Exception {
      stats = s;
      maxMode = max;
      Thread reader = new Thread(this::readLoop, "serve-load-reader");
      reader.setDaemon(true);
      long start = System.nanoTime();
      // Set before the reader starts: it stops once past this time with nothing in flight.
      maxUntil = max ? start + seconds * 1_000_000_000L : Long.MAX_VALUE;
      reader.start();
      if (max) {
        while (opened() < connections) {
          idle.add(open());
        }
        for (int i = 0; i < connections; i++) {
          send(idle.take(), System.nanoTime());
        }
        reader.join();
      } else {
        long interval = 1_000_000_000L / rate;
        long total = (long) rate * seconds;
        for (long i = 0; i < total; i++) {
          long due = start + i * interval;
          waitUntil(due);
          sendOnSomeConnection(s, due);
        }
        // The answers still out belong to this phase; give them up to ten seconds.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (inFlight() > 0 && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        s.errors += inFlight();
        reader.interrupt();
        selector.wakeup();
        reader.join();
      }
      s.elapsedNanos = System.nanoTime() - start;
    }

    /**
     * Sends the request due at {@code due} on an idle connection, or a new one when none is idle.
     * A write that fails found a connection the server had closed while it sat idle (the JDK
     * server closes idle ones): like a pooled HTTP client, try another; three failures in a row
     * count as an error.
     */
    private void sendOnSomeConnection(Stats s, long due) throws Exception {
      for (int attempt = 0; attempt < 3; attempt++) {
        Conn c = idle.poll();
        while (c != null && !c.channel.isOpen()) {
          c = idle.poll();
        }
        if (c == null) {
          c = opened() < MAX_CONNECTIONS ? open() : idle.take();
        }
        try {
          send(c, due);
          return;
        } catch (IOException e) {
          c.channel.close();
          c.busy = false;
          synchronized (all) {
            all.remove(c);
          }
        }
      }
      s.errors++;
    }

    private int inFlight() {
      int n = 0;
      synchronized (all) {
        for (Conn c : all) {
          n += c.busy ? 1 : 0;
        }
      }
      return n;
    }

    /** Parks until shortly before {@code due}, then spins: a late send would count as latency. */
    private static void waitUntil(long due) {
      long wait;
      while ((wait = due - System.nanoTime()) > 60_000) {
        LockSupport.parkNanos(wait - 50_000);
      }
      while (due - System.nanoTime() > 0) {
        Thread.onSpinWait();
      }
    }

    private Conn open() throws IOException {
      SocketChannel ch = SocketChannel.open(address);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.configureBlocking(false);
      Conn c = new Conn(ch);
      synchronized (all) {
        all.add(c);
      }
      ch.register(selector, SelectionKey.OP_READ, c);
      selector.wakeup();
      return c;
    }

    private void send(Conn c, long due) throws IOException {
      byte[] request = requests[Math.floorMod(next.getAndIncrement(), requests.length)];
      c.due = due;
      c.busy = true;
      c.sent = System.nanoTime();
      ByteBuffer out = ByteBuffer.wrap(request);
      while (out.hasRemaining()) {
        if (c.channel.write(out) == 0) {
          Thread.onSpinWait();
        }
      }
    }

    private void readLoop() {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          if (maxMode && System.nanoTime() >= maxUntil && inFlight() == 0) {
            return;
          }
          selector.select(maxMode ? 10 : 0);
          var keys = selector.selectedKeys();
          for (var it = keys.iterator(); it.hasNext(); ) {
            SelectionKey key = it.next();
            it.remove();
            Conn c = (Conn) key.attachment();
            if (key.isValid() && key.isReadable()) {
              readable(c, key);
            }
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private void readable(Conn c, SelectionKey key) throws IOException {
      int n;
      try {
        n = c.channel.read(c.in);
      } catch (IOException e) {
        n = -1; // reset by the server: the same as a close
      }
      long now = System.nanoTime();
      if (n < 0) {
        // The server closed the connection (it closes idle ones after a while): an answer still
        // out is an error; an idle connection is just dropped.
        key.cancel();
        c.channel.close();
        synchronized (all) {
          all.remove(c);
        }
        if (c.busy) {
          c.busy = false;
          stats.errors++;
        }
        return;
      }
      int status = complete(c.in);
      if (status == 0 && !c.in.hasRemaining()) {
        throw new IllegalStateException("an answer larger than " + c.in.capacity() + " bytes");
      }
      if (status == 0) {
        return;
      }
      c.in.clear();
      Stats s = stats;
      if (status != 200) {
        s.errors++;
      } else if (s.n < s.fromDue.length) {
        s.fromDue[s.n] = now - c.due;
        s.fromSend[s.n] = now - c.sent;
        s.late[s.n] = c.sent - c.due;
        s.n++;
      }
      c.busy = false;
      if (maxMode && now < maxUntil) {
        send(c, now);
      } else {
        idle.add(c);
      }
    }

    /** The status of a complete answer in {@code buf}, or 0 while more bytes are to come. */
    private static int complete(ByteBuffer buf) {
      byte[] a = buf.array();
      int end = buf.position();
      int headerEnd = -1;
      for (int i = 3; i < end; i++) {
        if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
          headerEnd = i + 1;
          break;
        }
      }
      if (headerEnd < 0 || end < 12) {
        return 0;
      }
      int status = (a[9] - '0') * 100 + (a[10] - '0') * 10 + (a[11] - '0');
      long length = contentLength(a, headerEnd);
      if (length < 0) {
        throw new IllegalStateException("an answer without Content-Length (status " + status + ")");
      }
      return end - headerEnd >= length ? status : 0;
    }

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

    private static long contentLength(byte[] a, int headerEnd) {
      outer:
      for (int i = 0; i + CONTENT_LENGTH.length < headerEnd; i++) {
        if (i > 0 && a[i - 1] != '\n') {
          continue;
        }
        for (int j = 0; j < CONTENT_LENGTH.length; j++) {
          if (Character.toLowerCase(a[i + j]) != CONTENT_LENGTH[j]) {
            continue outer;
          }
        }
        long v = 0;
        for (int k = i + CONTENT_LENGTH.length; k < headerEnd && a[k] != '\r'; k++) {
          if (a[k] >= '0' && a[k] <= '9') {
            v = v * 10 + (a[k] - '0');
          }
        }
        return v;
      }
      return -1;
    }

    @Override
    public void close() throws IOException {
      synchronized (all) {
        for (Conn c : all) {
          c.channel.close();
        }
      }
      selector.close();
    }
  }
}
