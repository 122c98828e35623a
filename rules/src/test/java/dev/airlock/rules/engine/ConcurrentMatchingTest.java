package dev.airlock.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One matcher shared by four threads gives what it gives on one thread. */
class ConcurrentMatchingTest {
  private static final long SEED = 0xC0C0L;

  /** A match without its rule object and redacted text, so failures print positions only. */
  private record Seen(
      String ruleId, int start, int end, int line, int column, String confidence, String hash) {}

  @Test
  void fourThreadsOnFiftyTextsGiveTheSequentialResults() throws Exception {
    JavaMatcher matcher = PlantedText.matcher();
    Random random = new Random(SEED);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      texts.add(
          PlantedText.generate(random, 200 + random.nextInt(800), 3 + random.nextInt(10)).text());
    }
    List<List<Seen>> sequential = new ArrayList<>();
    for (String text : texts) {
      sequential.add(seen(matcher.match(text)));
    }

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Callable<List<Seen>>> tasks = new ArrayList<>();
      // Every text three times, so that threads really do share the matcher at the same moment.
      for (int round = 0; round < 3; round++) {
        for (String text : texts) {
          tasks.add(
              () -> {
                start.await();
                return seen(matcher.match(text));
              });
        }
      }
      List<Future<List<Seen>>> futures = new ArrayList<>();
      for (Callable<List<Seen>> task : tasks) {
        futures.add(pool.submit(task));
      }
      start.countDown();
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get(30, TimeUnit.SECONDS))
            .as("text %d, round %d", i % texts.size(), i / texts.size())
            .isEqualTo(sequential.get(i % texts.size()));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(sequential.stream().mapToInt(List::size).sum()).isGreaterThan(100);
  }

  private static List<Seen> seen(Matches matches) {
    return matches.matches().stream()
        .map(
            m ->
                new Seen(
                    m.rule().id(),
                    m.start(),
                    m.end(),
                    m.line(),
                    m.column(),
                    m.confidence().name(),
                    m.valueHash()))
        .toList();
  }
}
