package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UkNinoTest {
  private static final long SEED = 0x4E49L;
  private static final String FIRST = "ABCEGHJKLMNOPRSTWXYZ";
  private static final String SECOND = "ABCEGHJKLMNPRSTWXYZ";
  private final Validator nino = new UkNino();

  private static String generate(Random r) {
    while (true) {
      String prefix = "" + FIRST.charAt(r.nextInt(FIRST.length())) + SECOND.charAt(r.nextInt(SECOND.length()));
      if (!java.util.Set.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ").contains(prefix)) {
        return prefix + Synthetic.digits(r, 6) + "ABCD".charAt(r.nextInt(4));
      }
    }
  }

  @Test
  void acceptsGeneratedNumbersCompactOrSpaced() {
    Random r = new Random(SEED);
    for (int i = 0; i < 300; i++) {
      String n = generate(r);
      assertThat(nino.isValid(n)).as("number %d", i).isTrue();
      String spaced = n.substring(0, 2) + " " + n.substring(2, 4) + " " + n.substring(4, 6) + " "
          + n.substring(6, 8) + " " + n.substring(8);
      assertThat(nino.isValid(spaced)).as("number %d, spaced", i).isTrue();
      assertThat(nino.isValid(n.toLowerCase(java.util.Locale.ROOT))).as("number %d, lower", i).isTrue();
    }
  }

  @Test
  void rejectsLettersNeverUsedInThePrefix() {
    Random r = new Random(SEED + 1);
    for (char bad : "DFIQUV".toCharArray()) {
      String n = generate(r);
      assertThat(nino.isValid(bad + n.substring(1))).as("first %s", bad).isFalse();
      assertThat(nino.isValid(n.charAt(0) + "" + bad + n.substring(2))).as("second %s", bad).isFalse();
    }
    assertThat(nino.isValid("AO123456A")).as("O second").isFalse();
    assertThat(nino.isValid("QQ123456C")).as("the specimen on forms").isFalse();
  }

  @Test
  void rejectsPrefixesThatAreNeverIssued() {
    for (String prefix : new String[] {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}) {
      assertThat(nino.isValid(prefix + "482913A")).as(prefix).isFalse();
    }
  }

  @Test
  void rejectsOtherSuffixesAndShapes() {
    assertThat(nino.isValid("AB482913E")).isFalse();
    assertThat(nino.isValid("AB4829131")).isFalse();
    assertThat(nino.isValid("AB48291A")).isFalse();
    assertThat(nino.isValid("AB4829133A")).isFalse();
    assertThat(nino.isValid("A1482913A")).isFalse();
  }
}
