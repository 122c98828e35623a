package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UsDeaNumberTest {
  private static final long SEED = 0xDEAL;
  private static final String TYPES = "ABCDEFGHJKLMPRSTUX";
  private final Validator dea = new UsDeaNumber();

  static String generate(Random r) {
    String digits = Synthetic.digits(r, 6);
    int[] d = digits.chars().map(c -> c - '0').toArray();
    int check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10;
    char second = r.nextInt(10) == 0 ? '9' : (char) ('A' + r.nextInt(26));
    return "" + TYPES.charAt(r.nextInt(TYPES.length())) + second + digits + check;
  }

  @Test
  void acceptsGeneratedNumbersAndTheTextbookOne() {
    Random r = new Random(SEED);
    for (int i = 0; i < 300; i++) {
      assertThat(dea.isValid(generate(r))).as("number %d", i).isTrue();
    }
    assertThat(dea.isValid("AB1234563")).isTrue();
  }

  @Test
  void rejectsWrongCheckDigitsAndFlipsThatChangeTheSum() {
    Random r = new Random(SEED + 1);
    for (int i = 0; i < 200; i++) {
      String n = generate(r);
      assertThat(dea.isValid(Synthetic.flipDigit(n, 8, r))).as("case %d, check digit", i).isFalse();
      // Odd positions count once, so any change there changes the last digit of the sum.
      int at = 2 + 2 * r.nextInt(3);
      assertThat(dea.isValid(Synthetic.flipDigit(n, at, r))).as("case %d at %d", i, at).isFalse();
    }
  }

  @Test
  void rejectsUnknownRegistrantTypesAndShapes() {
    assertThat(dea.isValid("IB1234563")).isFalse();
    assertThat(dea.isValid("ZB1234563")).isFalse();
    assertThat(dea.isValid("A11234563")).isFalse();
    assertThat(dea.isValid("AB123456")).isFalse();
    assertThat(dea.isValid("AB12345634")).isFalse();
  }
}
