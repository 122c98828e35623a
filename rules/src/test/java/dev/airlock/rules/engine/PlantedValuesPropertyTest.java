package dev.airlock.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.engine.PlantedText.Planted;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random text with planted values gives exactly the planted findings. The seed is fixed and
 * printed; run again with {@code -Dairlock.test.seed=<seed>} to try another (or to reproduce one).
 */
class PlantedValuesPropertyTest {
  private static final long DEFAULT_SEED = 0x5EED_A1B2_C3D4L;
  private static final int ITERATIONS = 200;

  private static long seed;

  @BeforeAll
  static void chooseSeed() {
    seed = Long.decode(System.getProperty("airlock.test.seed", Long.toString(DEFAULT_SEED)));
    System.out.println(
        "PlantedValuesPropertyTest seed: "
            + seed
            + " (rerun with -Dairlock.test.seed="
            + seed
            + ")");
  }

  @Test
  void theMatcherFindsExactlyThePlantedValues() {
    JavaMatcher matcher = PlantedText.matcher();
    Random random = new Random(seed);
    int plantedTotal = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      PlantedText generated = PlantedText.generate(random, random.nextInt(400), random.nextInt(9));
      plantedTotal += generated.planted().size();
      assertThat(found(matcher, generated.text()))
          .as("seed %d, iteration %d: found values vs planted values (offsets only)", seed, i)
          .containsExactlyElementsOf(generated.planted());
    }
    // Guards the generator itself: the property is empty if nothing gets planted.
    assertThat(plantedTotal).isGreaterThan(ITERATIONS);
  }

  @Test
  void theFillerAloneContainsNoValueOfTheTestRules() {
    Pattern anyValue = Pattern.compile("(?i)tk_|acme-internal|\\d{4}[ -]\\d{4}[ -]\\d{4}");
    Random random = new Random(seed ^ 0xF111);
    for (int i = 0; i < ITERATIONS; i++) {
      String filler = PlantedText.generate(random, random.nextInt(400), 0).text();
      assertThat(anyValue.matcher(filler).find()).as("seed %d, filler %d", seed, i).isFalse();
    }
  }

  static List<Planted> found(Matcher matcher, String text) {
    return matcher.match(text).matches().stream()
        .map(m -> new Planted(m.rule().id(), m.start(), m.end(), m.line(), m.column()))
        .toList();
  }
}
