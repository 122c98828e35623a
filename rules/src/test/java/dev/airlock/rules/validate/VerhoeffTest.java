package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VerhoeffTest {
  private static final long SEED = 0x5EL;
  private final Validator verhoeff = new Verhoeff();

  @Test
  void acceptsTheTextbookExample() {
    // Verhoeff's check digit of 236 is 3.
    assertThat(verhoeff.isValid("2363")).isTrue();
    assertThat(verhoeff.isValid("2364")).isFalse();
  }

  @Test
  void exactlyOneCheckDigitCompletesAnyBody() {
    Random r = new Random(SEED);
    for (int i = 0; i < 200; i++) {
      String body = Synthetic.digits(r, 1 + r.nextInt(15));
      int valid = 0;
      for (char c = '0'; c <= '9'; c++) {
        valid += verhoeff.isValid(body + c) ? 1 : 0;
      }
      assertThat(valid).as("body %d", i).isEqualTo(1);
    }
  }

  @Test
  void catchesEverySingleDigitErrorAndAdjacentTransposition() {
    Random r = new Random(SEED + 1);
    for (int i = 0; i < 300; i++) {
      String n = Synthetic.completed(verhoeff, Synthetic.digits(r, 11));
      int at = r.nextInt(n.length());
      assertThat(verhoeff.isValid(Synthetic.flipDigit(n, at, r))).as("case %d at %d", i, at).isFalse();
      int t = r.nextInt(n.length() - 1);
      if (n.charAt(t) != n.charAt(t + 1)) {
        assertThat(verhoeff.isValid(Synthetic.transpose(n, t))).as("case %d swap %d", i, t).isFalse();
      }
    }
  }
}
