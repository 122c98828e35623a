package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class InAadhaarTest {
  private static final long SEED = 0xAAL;
  private final Validator aadhaar = new InAadhaar();
  private final Validator verhoeff = new Verhoeff();

  private String generate(Random r) {
    return Synthetic.completed(verhoeff, (char) ('2' + r.nextInt(8)) + Synthetic.digits(r, 10));
  }

  @Test
  void acceptsGeneratedNumbersInTheirUsualLayouts() {
    Random r = new Random(SEED);
    for (int i = 0; i < 300; i++) {
      String n = generate(r);
      assertThat(aadhaar.isValid(n)).as("number %d", i).isTrue();
      String spaced = n.substring(0, 4) + " " + n.substring(4, 8) + " " + n.substring(8);
      assertThat(aadhaar.isValid(spaced)).as("number %d, spaced", i).isTrue();
    }
  }

  @Test
  void rejectsFlippedDigitsAndTranspositions() {
    Random r = new Random(SEED + 1);
    for (int i = 0; i < 200; i++) {
      String n = generate(r);
      int at = 1 + r.nextInt(11);
      assertThat(aadhaar.isValid(Synthetic.flipDigit(n, at, r))).as("case %d at %d", i, at).isFalse();
      int t = 1 + r.nextInt(10);
      if (n.charAt(t) != n.charAt(t + 1)) {
        assertThat(aadhaar.isValid(Synthetic.transpose(n, t))).as("case %d swap %d", i, t).isFalse();
      }
    }
  }

  @Test
  void rejectsNumbersStartingWithZeroOrOneEvenWithAValidCheckDigit() {
    Random r = new Random(SEED + 2);
    for (int i = 0; i < 50; i++) {
      String zero = Synthetic.completed(verhoeff, "0" + Synthetic.digits(r, 10));
      String one = Synthetic.completed(verhoeff, "1" + Synthetic.digits(r, 10));
      assertThat(aadhaar.isValid(zero)).as("case %d, 0", i).isFalse();
      assertThat(aadhaar.isValid(one)).as("case %d, 1", i).isFalse();
    }
  }

  @Test
  void rejectsWrongLengths() {
    Random r = new Random(SEED + 3);
    String eleven = Synthetic.completed(verhoeff, "2" + Synthetic.digits(r, 9));
    String thirteen = Synthetic.completed(verhoeff, "2" + Synthetic.digits(r, 11));
    assertThat(aadhaar.isValid(eleven)).isFalse();
    assertThat(aadhaar.isValid(thirteen)).isFalse();
  }
}
