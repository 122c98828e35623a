package dev.airlock.bench;

import dev.airlock.rules.engine.Matcher;
import dev.airlock.rules.engine.Utf8Text;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Single-thread matching throughput of the full built-in rule set, in MB/s: one invocation
 * matches every file of a {@value #CORPUS_MB} MB corpus (generated at setup, the same for every
 * run) with its path and its UTF-8 bytes, as a scan does (the scanner hands the engine the bytes
 * it read along with the decoded text), and counts as {@value #CORPUS_MB} operations, so JMH's
 * ops/s is MB/s (10^6 bytes; the corpus is ASCII).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
public class EngineBenchmark {
  static final int CORPUS_MB = 8;

  @Param({"java", "hyperscan"})
  public String engine;

  @Param({"42"})
  public long seed;

  private Matcher matcher;
  private List<Corpus.File> files;
  private byte[][] utf8;

  @Setup
  public void setUp() {
    matcher = Engines.ruleSet(engine).matcher();
    files = Corpus.generate(seed, CORPUS_MB * 1_000_000);
    utf8 = files.stream().map(f -> f.text().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  }

  @Benchmark
  @OperationsPerInvocation(CORPUS_MB)
  public void matchCorpus(Blackhole bh) {
    for (int i = 0; i < utf8.length; i++) {
      // The text is decoded by the engine, where it needs characters, as in a scan.
      bh.consume(matcher.match(Utf8Text.of(utf8[i]), files.get(i).path()));
    }
  }
}
