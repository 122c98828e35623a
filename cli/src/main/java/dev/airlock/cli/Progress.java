package dev.airlock.cli;

import dev.airlock.scan.ScanListener;
import dev.airlock.scan.ScanResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live progress line on stderr (files, MB, MB/s), shown only on a terminal and only once a scan
 * has run for a second, so quick scans and redirected output stay clean. Thread-safe.
 */
final class Progress implements ScanListener, AutoCloseable {
  private static final long DELAY_MS = 1000;
  private static final long PERIOD_MS = 250;

  private final PrintStream err;
  private final int repositories;
  private final long started = System.nanoTime();
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicInteger done = new AtomicInteger();
  private final Thread painter;
  private volatile boolean shown;

  Progress(PrintStream err, int repositories) {
    this.err = err;
    this.repositories = repositories;
    this.painter = new Thread(this::paintLoop, "airlock-progress");
    painter.setDaemon(true);
    painter.start();
  }

  /** True when stderr is a terminal (Linux reads the link of fd 2; elsewhere the console). */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (Exception e) {
      return System.console() != null;
    }
  }

  @Override
  public void fileScanned(String repository, long size) {
    files.incrementAndGet();
    bytes.addAndGet(size);
  }

  @Override
  public void fileSkipped(String repository, String reason) {
    skipped.incrementAndGet();
  }

  @Override
  public void finished(ScanResult result) {
    done.incrementAndGet();
  }

  private void paintLoop() {
    try {
      Thread.sleep(DELAY_MS);
      while (!Thread.currentThread().isInterrupted()) {
        paint();
        Thread.sleep(PERIOD_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void paint() {
    double seconds = (System.nanoTime() - started) / 1e9;
    double mb = bytes.get() / 1e6;
    String repos = repositories > 1 ? done.get() + "/" + repositories + " repositories, " : "";
    // The root locale's digits and separators; named US so that no DecimalFormatSymbols load
    // (as TextReportWriter.NUMBERS).
    err.print(String.format(Locale.US, "\r\u001b[2K%s%,d files, %.1f MB, %.1f MB/s, %,d skipped",
        repos, files.get(), mb, seconds > 0 ? mb / seconds : 0, skipped.get()));
    err.flush();
    shown = true;
  }

  @Override
  public synchronized void close() {
    painter.interrupt();
    if (shown) {
      err.print("\r\u001b[2K");
      err.flush();
    }
  }
}
