package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Numbers here are generated inside the assignment rules, or are the SSA's own voided ones. */
class UsSsnTest {
  private static final long SEED = 0x555L;
  private final Validator ssn = new UsSsn();

  @Test
  void acceptsNumbersInsideTheAssignmentRulesWithOrWithoutSeparators() {
    Random random = new Random(SEED);
    for (int i = 0; i < 300; i++) {
      int area = 1 + random.nextInt(899);
      if (area == 666) {
        area = 665;
      }
      String number = format(area, 1 + random.nextInt(99), 1 + random.nextInt(9999));
      if (isVoided(number)) {
        continue;
      }
      assertThat(ssn.isValid(number)).as("number %d, dashed", i).isTrue();
      assertThat(ssn.isValid(number.replace('-', ' '))).as("number %d, spaced", i).isTrue();
      assertThat(ssn.isValid(number.replace("-", ""))).as("number %d, bare", i).isTrue();
    }
  }

  @Test
  void acceptsTheEdgesOfEachField() {
    assertThat(ssn.isValid(format(1, 1, 1))).isTrue();
    assertThat(ssn.isValid(format(899, 99, 9999))).isTrue();
    assertThat(ssn.isValid(format(665, 10, 1000))).isTrue();
    assertThat(ssn.isValid(format(667, 10, 1000))).isTrue();
  }

  @Test
  void rejectsAreaZeroSixSixSixAndNineHundreds() {
    Random random = new Random(SEED + 1);
    int group = 1 + random.nextInt(99);
    int serial = 1 + random.nextInt(9999);
    assertThat(ssn.isValid(format(0, group, serial))).as("area 000").isFalse();
    assertThat(ssn.isValid(format(666, group, serial))).as("area 666").isFalse();
    for (int area = 900; area <= 999; area++) {
      assertThat(ssn.isValid(format(area, group, serial))).as("area %d", area).isFalse();
    }
  }

  @Test
  void rejectsGroupZeroZeroAndSerialZeroZeroZeroZero() {
    Random random = new Random(SEED + 2);
    for (int i = 0; i < 20; i++) {
      int area = 1 + random.nextInt(600);
      assertThat(ssn.isValid(format(area, 0, 1 + random.nextInt(9999))))
          .as("group 00, case %d", i)
          .isFalse();
      assertThat(ssn.isValid(format(area, 1 + random.nextInt(99), 0)))
          .as("serial 0000, case %d", i)
          .isFalse();
    }
  }

  @Test
  void rejectsNumbersTheSsaVoided() {
    assertThat(ssn.isValid("078-05-1120")).isFalse();
    assertThat(ssn.isValid("078051120")).isFalse();
    assertThat(ssn.isValid("219-09-9999")).isFalse();
    assertThat(ssn.isValid("123-45-6789")).isFalse();
    assertThat(ssn.isValid("123 45 6789")).isFalse();
    // Their neighbours are ordinary numbers.
    assertThat(ssn.isValid("078-05-1121")).isTrue();
    assertThat(ssn.isValid("123-45-6788")).isTrue();
  }

  @Test
  void rejectsOtherDigitCountsAndCharacters() {
    assertThat(ssn.isValid("")).isFalse();
    assertThat(ssn.isValid("12-34-5678")).isFalse();
    assertThat(ssn.isValid("1234-56-7890")).isFalse();
    assertThat(ssn.isValid("234-56-78a9")).isFalse();
    assertThat(ssn.isValid("234/56/7890")).isFalse();
  }

  private static String format(int area, int group, int serial) {
    return String.format(Locale.ROOT, "%03d-%02d-%04d", area, group, serial);
  }

  private static boolean isVoided(String number) {
    return number.equals("078-05-1120")
        || number.equals("219-09-9999")
        || number.equals("123-45-6789");
  }
}
