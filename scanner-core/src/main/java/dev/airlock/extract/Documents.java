package dev.airlock.extract;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads documents and archives in child JVMs ({@link DocumentWorker}), a bounded number at once,
 * each file under a time limit and each child under a heap limit. A child that runs out of time
 * is killed; one that crashes or runs out of memory is replaced by a fresh one for the next file.
 * Either way the file is skipped with a named reason and the scan goes on. Children start on the
 * first document, so a scan of source files alone never starts one (and never loads Tika).
 *
 * <p>Thread-safe: up to {@link Limits#children()} threads extract at once; more wait their turn.
 * Close it to stop the children.
 */
public final class Documents implements AutoCloseable {
  /**
   * Limits of document extraction.
   *
   * @param maxChars characters one file may yield, over all its entries: the file is scanned up
   *     to there and listed as partly scanned ({@code extract-limit})
   * @param maxEntries entries of archives one file may hold, over all its nesting
   *     ({@code too-many-entries})
   * @param maxRatio how many times its stored size an entry may inflate ({@code compression-ratio})
   * @param maxDepth how deep archives may nest in archives ({@code max-depth})
   * @param timeoutMs time one file may take, from when its child is ready ({@code extract-timeout})
   * @param heapMb each child JVM's heap, in MiB ({@code extract-out-of-memory})
   * @param children child JVMs at most
   */
  public record Limits(
      long maxChars, int maxEntries, int maxRatio, int maxDepth, long timeoutMs, int heapMb,
      int children) {
    public static Limits defaults() {
      return new Limits(
          20_000_000L, 10_000, 100, 3, 60_000, 512,
          Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    public Limits withTimeoutMs(long ms) {
      return new Limits(maxChars, maxEntries, maxRatio, maxDepth, ms, heapMb, children);
    }

    public Limits withChildren(int n) {
      return new Limits(maxChars, maxEntries, maxRatio, maxDepth, timeoutMs, heapMb, n);
    }
  }

  /**
   * A run of text from one part of a document.
   *
   * @param entry where in the file: {@code ""} for the file itself, {@code "!/export/users.csv"}
   *     for an archive entry, {@code "!/Sheet2"} for a sheet
   * @param page 1-based page of a paged document, or 0
   * @param table true when lines are table rows and tabs separate cells
   */
  public record Segment(String entry, int page, boolean table, String text) {}

  /** A part of a file that was not read, and why. */
  public record SkippedEntry(String entry, String reason) {}

  /**
   * What one file gave: its segments and skipped parts, or the reason the whole file is skipped.
   *
   * @param partialReason null, or why only the first part of the file was read (its segments
   *     hold that part): {@code extract-limit}
   */
  public record Extraction(
      List<Segment> segments, List<SkippedEntry> skipped, String skipReason, String partialReason) {
    public Extraction {
      segments = List.copyOf(segments);
      skipped = List.copyOf(skipped);
    }

    static Extraction skip(String reason) {
      return new Extraction(List.of(), List.of(), reason, null);
    }
  }

  /** The exit code of a JVM that stopped on -XX:+ExitOnOutOfMemoryError. */
  private static final int OUT_OF_MEMORY_EXIT = 3;

  /**
   * How long a child may take to start and load Tika before it counts as unavailable. Generous:
   * on a loaded machine a cold JVM takes seconds, and this time is not any file's.
   */
  private static final long START_LIMIT_MS = 120_000;

  private final Limits limits;
  private final BlockingQueue<Child> idle;
  private final ScheduledExecutorService watchdog;
  private final List<String> command;

  public Documents(Limits limits) {
    this(limits, List.of());
  }

  /** With extra options for the child JVMs (tests: a slow start, a smaller heap's effect). */
  Documents(Limits limits, List<String> jvmOptions) {
    if (limits.children() < 1) {
      throw new IllegalArgumentException("children must be at least 1, got " + limits.children());
    }
    if (limits.heapMb() < 32) {
      throw new IllegalArgumentException(
          "a document child's heap must be at least 32 MiB, got " + limits.heapMb());
    }
    this.limits = limits;
    this.idle = new ArrayBlockingQueue<>(limits.children());
    for (int i = 0; i < limits.children(); i++) {
      idle.add(new Child());
    }
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "airlock-document-watchdog");
              t.setDaemon(true);
              return t;
            });
    this.command = command(limits, jvmOptions);
  }

  public Limits limits() {
    return limits;
  }

  /** Reads one file; never throws for what the file holds. */
  public Extraction extract(String path, byte[] bytes) {
    Child child;
    try {
      child = idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Extraction.skip("extract-interrupted");
    }
    try {
      return child.extract(path, bytes);
    } finally {
      idle.add(child);
    }
  }

  /** The process ids of the children running now (for tests that stop one from outside). */
  List<Long> childPids() {
    List<Long> pids = new ArrayList<>();
    for (Child c : idle) {
      Process p = c.process;
      if (p != null && p.isAlive()) {
        pids.add(p.pid());
      }
    }
    return pids;
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    for (Child c : idle) {
      c.stop();
    }
  }

  private static List<String> command(Limits limits, List<String> jvmOptions) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A parser that wants more is stopped: extract-out-of-memory.
    cmd.add("-Xmx" + limits.heapMb() + "m");
    cmd.addAll(jvmOptions);
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Xss8m");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-cp");
    cmd.add(classPath());
    // By name: a class literal would load the worker, and with it Tika, into this JVM.
    cmd.add("dev.airlock.extract.DocumentWorker");
    cmd.add(Long.toString(limits.maxChars()));
    cmd.add(Integer.toString(limits.maxEntries()));
    cmd.add(Integer.toString(limits.maxRatio()));
    cmd.add(Integer.toString(limits.maxDepth()));
    return List.copyOf(cmd);
  }

  /**
   * The class path this class was loaded from: the JVM's own, or (inside a Maven plugin, whose
   * class realm is not the JVM's class path) the jars of its class loaders.
   */
  private static String classPath() {
    Set<String> entries = new LinkedHashSet<>();
    for (ClassLoader l = Documents.class.getClassLoader(); l != null; l = l.getParent()) {
      if (l instanceof URLClassLoader u) {
        for (URL url : u.getURLs()) {
          try {
            entries.add(Path.of(url.toURI()).toString());
          } catch (URISyntaxException | IllegalArgumentException e) {
            // Not a file: nothing a child JVM could load from.
          }
        }
      }
    }
    String own = System.getProperty("java.class.path", "");
    if (!own.isEmpty()) {
      entries.add(own);
    }
    entries.addAll(documentJars());
    return String.join(File.pathSeparator, entries);
  }

  /** Lists, in a jar, the jars beside it that hold what only the children need. */
  static final String DOCUMENT_JARS = "META-INF/airlock/document-jars";

  /**
   * The jars named by {@link #DOCUMENT_JARS} in the jar this class came from. The CLI ships Tika
   * and its parsers in a jar of their own beside its main one: only these children load them,
   * and opening a jar of 25,000 more entries cost every start of the CLI's JVM 50-70 ms of CPU.
   * Elsewhere (the Maven plugin, tests) they are on the class path already, and there is no such
   * list.
   */
  private static List<String> documentJars() {
    return documentJars(Documents.class.getClassLoader().getResource(DOCUMENT_JARS));
  }

  /** The jars {@code list} names, beside the jar holding it; none when it is not in a jar. */
  static List<String> documentJars(URL list) {
    if (list == null || !list.getProtocol().equals("jar")) {
      return List.of();
    }
    List<String> jars = new ArrayList<>();
    try (var in = list.openStream()) {
      String file = list.getPath();
      Path folder = Path.of(new URL(file.substring(0, file.indexOf("!/"))).toURI()).getParent();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
        if (!line.isBlank()) {
          jars.add(folder.resolve(line.strip()).toString());
        }
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      // Without them a child cannot start, and each document is skipped as extract-unavailable.
    }
    return jars;
  }

  /** One child JVM, started on first use and after each crash or timeout. One caller at a time. */
  private final class Child {
    private Process process;
    private DataOutputStream in;
    private DataInputStream out;

    Extraction extract(String path, byte[] bytes) {
      try {
        if (process == null || !process.isAlive()) {
          start();
        }
      } catch (IOException e) {
        stop();
        return Extraction.skip("extract-unavailable: " + e.getClass().getSimpleName());
      }
      // The child is up and has loaded Tika: from here on the time is this file's.
      AtomicBoolean timedOut = new AtomicBoolean();
      Process running = process;
      ScheduledFuture<?> kill =
          watchdog.schedule(
              () -> {
                timedOut.set(true);
                running.destroyForcibly();
              },
              limits.timeoutMs(),
              TimeUnit.MILLISECONDS);
      try {
        in.writeUTF(fileName(path));
        in.writeInt(bytes.length);
        in.write(bytes);
        in.flush();
        return read();
      } catch (IOException | RuntimeException e) {
        kill.cancel(false);
        String reason = timedOut.get() ? "extract-timeout" : failure(running);
        stop();
        return Extraction.skip(reason);
      } finally {
        kill.cancel(false);
      }
    }

    private Extraction read() throws IOException {
      List<Segment> segments = new ArrayList<>();
      List<SkippedEntry> skipped = new ArrayList<>();
      String partial = null;
      while (true) {
        int tag = out.readUnsignedByte();
        switch (tag) {
          case 'S' -> {
            String entry = out.readUTF();
            int page = out.readInt();
            boolean table = out.readBoolean();
            byte[] text = new byte[out.readInt()];
            out.readFully(text);
            segments.add(new Segment(entry, page, table, new String(text, StandardCharsets.UTF_8)));
          }
          case 'K' -> skipped.add(new SkippedEntry(out.readUTF(), out.readUTF()));
          case 'P' -> partial = out.readUTF();
          case 'E' -> {
            for (SkippedEntry s : skipped) {
              if (s.entry().isEmpty()) {
                return Extraction.skip(s.reason());
              }
            }
            return new Extraction(segments, skipped, null, partial);
          }
          default -> throw new IOException("unexpected frame " + tag);
        }
      }
    }

    private String failure(Process p) {
      try {
        if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == OUT_OF_MEMORY_EXIT) {
          return "extract-out-of-memory";
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "extract-crashed";
    }

    /** Starts a child and waits until it says it is ready (or fails to within the start limit). */
    private void start() throws IOException {
      stop();
      ProcessBuilder pb = new ProcessBuilder(command);
      // The child's own complaints (parser warnings) are of no use to the scan's reader.
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
      Process started = pb.start();
      process = started;
      in = new DataOutputStream(new BufferedOutputStream(started.getOutputStream(), 1 << 16));
      out = new DataInputStream(new BufferedInputStream(started.getInputStream(), 1 << 16));
      ScheduledFuture<?> kill =
          watchdog.schedule(started::destroyForcibly, START_LIMIT_MS, TimeUnit.MILLISECONDS);
      try {
        int ready = out.read();
        if (ready != 'R') {
          throw new IOException("the document worker did not start (" + ready + ")");
        }
      } finally {
        kill.cancel(false);
      }
    }

    void stop() {
      if (process != null) {
        try {
          in.close();
        } catch (IOException e) {
          // Already gone.
        }
        process.destroyForcibly();
        process = null;
      }
    }
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
