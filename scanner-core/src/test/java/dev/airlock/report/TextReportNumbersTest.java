package dev.airlock.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The text report formats its numbers with {@link TextReportWriter#NUMBERS} (the US locale, which
 * spares loading the locale data) and must print exactly what the root locale prints.
 */
class TextReportNumbersTest {
  @Test
  void numbersAreFormattedExactlyAsInTheRootLocale() {
    Random random = new Random(20261201);
    String shape = "%d files, %,d read, %.1f MB in %.1f s, %-8s|%5d";
    for (int i = 0; i < 2_000; i++) {
      long count = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(10_000_000);
      double megabytes = random.nextInt(3) == 0 ? random.nextDouble() * 1e6 : random.nextInt(2_000) / 20.0;
      double seconds = random.nextInt(100_000) / 1000.0;
      Object[] values = {count, count, megabytes, seconds, "HIGH", random.nextInt(99_999)};
      assertThat(String.format(TextReportWriter.NUMBERS, shape, values))
          .isEqualTo(String.format(Locale.ROOT, shape, values));
    }
    assertThat(String.format(TextReportWriter.NUMBERS, "%,d %.1f", 1_234_567, 0.05))
        .isEqualTo("1,234,567 0.1");
  }
}
