package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UsItinTest {
  private static final long SEED = 0x171L;
  private final Validator itin = new UsItin();

  private static String itin(Random r, int group) {
    return "9" + Synthetic.digits(r, 2) + "-" + String.format("%02d", group) + "-" + Synthetic.digits(r, 4);
  }

  @Test
  void acceptsEveryIssuedGroupWithOrWithoutDashes() {
    Random r = new Random(SEED);
    int[][] ranges = {{50, 65}, {70, 88}, {90, 92}, {94, 99}};
    for (int[] range : ranges) {
      for (int g = range[0]; g <= range[1]; g++) {
        String n = itin(r, g);
        assertThat(itin.isValid(n)).as("group %d", g).isTrue();
        assertThat(itin.isValid(n.replace("-", ""))).as("group %d, bare", g).isTrue();
      }
    }
  }

  @Test
  void rejectsGroupsTheIrsDoesNotIssue() {
    Random r = new Random(SEED + 1);
    for (int g : new int[] {0, 1, 10, 49, 66, 69, 89, 93}) {
      assertThat(itin.isValid(itin(r, g))).as("group %d", g).isFalse();
    }
  }

  @Test
  void rejectsTheNumbersDocumentationWritesAsObviouslyFake() {
    assertThat(itin.isValid("999-99-9999")).isFalse();
    assertThat(itin.isValid("987-65-4321")).isFalse();
    assertThat(itin.isValid("999-99-9998")).isTrue();
  }

  @Test
  void rejectsNumbersNotStartingWithNineAndWrongLengths() {
    assertThat(itin.isValid("812-70-1234")).isFalse();
    assertThat(itin.isValid("912-70-123")).isFalse();
    assertThat(itin.isValid("912-70-12345")).isFalse();
    assertThat(itin.isValid("912-7a-1234")).isFalse();
    assertThat(itin.isValid("")).isFalse();
  }
}
