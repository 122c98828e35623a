package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FrNirTest {
  private static final long SEED = 0xF7L;
  private final Validator nir = new FrNir();

  /** A 13-character body of a plausible person and its key; Corsica keys count 2A as 19, 2B as 18. */
  static String generate(Random r, String department) {
    String body =
        (r.nextBoolean() ? "1" : "2")
            + Synthetic.digits(r, 2)
            + String.format("%02d", 1 + r.nextInt(12))
            + department
            + Synthetic.digits(r, 6);
    String forKey = body.replace("2A", "19").replace("2B", "18");
    long key = 97 - Long.parseLong(forKey) % 97;
    return body + String.format("%02d", key);
  }

  @Test
  void acceptsGeneratedNumbersFromEveryKindOfDepartment() {
    Random r = new Random(SEED);
    for (int i = 0; i < 300; i++) {
      String dept = i % 10 == 0 ? "2A" : i % 10 == 1 ? "2B" : String.format("%02d", 1 + r.nextInt(95));
      String n = generate(r, dept);
      assertThat(nir.isValid(n)).as("number %d (%s)", i, dept).isTrue();
      String spaced = n.charAt(0) + " " + n.substring(1, 3) + " " + n.substring(3, 5) + " "
          + n.substring(5, 7) + " " + n.substring(7, 10) + " " + n.substring(10, 13) + " " + n.substring(13);
      assertThat(nir.isValid(spaced)).as("number %d, spaced", i).isTrue();
    }
  }

  @Test
  void acceptsTheReferenceExamplesIncludingCorsica() {
    assertThat(nir.isValid("2 95 10 99 126 111 93")).isTrue();
    assertThat(nir.isValid("253072B07300470")).isTrue();
    assertThat(nir.isValid("253072A07300443")).isTrue();
  }

  @Test
  void rejectsWrongKeysFlippedDigitsAndSwappedCorsicaLetters() {
    Random r = new Random(SEED + 1);
    for (int i = 0; i < 200; i++) {
      String n = generate(r, String.format("%02d", 1 + r.nextInt(95)));
      int at = 1 + r.nextInt(14);
      assertThat(nir.isValid(Synthetic.flipDigit(n, at, r))).as("case %d at %d", i, at).isFalse();
    }
    assertThat(nir.isValid("295109912611199")).isFalse();
    assertThat(nir.isValid("253072A07300470")).as("2B's key under 2A").isFalse();
    assertThat(nir.isValid("253072C07300443")).isFalse();
  }

  @Test
  void rejectsImpossibleSexAndMonthDigitsAndLengths() {
    Random r = new Random(SEED + 2);
    String n = generate(r, "75");
    String sex5 = "5" + n.substring(1, 13);
    long key = 97 - Long.parseLong(sex5) % 97;
    assertThat(nir.isValid(sex5 + String.format("%02d", key))).as("sex digit 5").isFalse();
    String month13 = n.substring(0, 3) + "13" + n.substring(5, 13);
    key = 97 - Long.parseLong(month13) % 97;
    assertThat(nir.isValid(month13 + String.format("%02d", key))).as("month 13").isFalse();
    assertThat(nir.isValid(n.substring(1))).isFalse();
    assertThat(nir.isValid(n + "1")).isFalse();
  }
}
