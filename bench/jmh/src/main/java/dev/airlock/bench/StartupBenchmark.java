package dev.airlock.bench;

import dev.airlock.rules.RuleSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a scan pays before its first file, in milliseconds: reading, parsing and compiling the
 * built-in rules in a fresh JVM ({@link #coldLoadAndCompile}, one shot per fork, class loading
 * and a cold JIT included, as at every CLI start), and compiling a matcher again for rules that
 * differ from any seen before ({@link #compileMatcher}, warm), which is what a repository's own
 * rules or organisations cost.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StartupBenchmark {
  @Param({"java", "hyperscan"})
  public String engine;

  private int round;

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Fork(5)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public Object coldLoadAndCompile() {
    // match() forces an engine that compiles lazily to compile now.
    return Engines.ruleSet(RuleSet.load(List.of()), engine).matcher().match("warm-up line");
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Fork(1)
  @Warmup(iterations = 2, time = 5)
  @Measurement(iterations = 3, time = 5)
  public Object compileMatcher() {
    // New organisations make new rules (the copyright rule names them) and a new hash, so no
    // engine can reuse the previous compilation.
    RuleSet rules = RuleSet.builtIn().withOrganisations(List.of("Bench Org " + round++));
    return Engines.ruleSet(rules, engine).matcher().match("warm-up line");
  }
}
