package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalendarDateTest {
  private static final long SEED = 0xD0BL;
  private final Validator date = new CalendarDate();

  @Test
  void acceptsRealDatesInEveryWrittenForm() {
    Random r = new Random(SEED);
    String[] forms = {"yyyy-MM-dd", "yyyy/MM/dd", "yyyyMMdd", "dd.MM.yyyy", "dd/MM/yyyy", "MM/dd/yyyy",
        "d MMMM yyyy", "MMMM d, yyyy", "d MMM yyyy", "d. MMMM yyyy"};
    for (int i = 0; i < 300; i++) {
      LocalDate d = LocalDate.of(1920, 1, 1).plusDays(r.nextInt(365 * 100));
      String form = forms[i % forms.length];
      Locale locale = i % 3 == 0 ? Locale.GERMAN : i % 3 == 1 ? Locale.FRENCH : Locale.ENGLISH;
      if (form.startsWith("MMMM d,")) {
        locale = Locale.ENGLISH;
      }
      String text = d.format(DateTimeFormatter.ofPattern(form, locale));
      assertThat(date.isValid(text)).as("date %d in form %s (%s)", i, form, locale).isTrue();
    }
  }

  @Test
  void rejectsDatesThatDoNotExist() {
    assertThat(date.isValid("1984-02-30")).isFalse();
    assertThat(date.isValid("1983-02-29")).isFalse();
    assertThat(date.isValid("1984-13-01")).isFalse();
    assertThat(date.isValid("31/31/1984")).isFalse();
    assertThat(date.isValid("1984-04-31")).isFalse();
    assertThat(date.isValid("32 March 1984")).isFalse();
    assertThat(date.isValid("19841301")).isFalse();
    assertThat(date.isValid("1984-02-29")).isTrue();
  }

  @Test
  void rejectsYearsOutsideALifetimeAndOtherShapes() {
    assertThat(date.isValid("1899-12-31")).isFalse();
    assertThat(date.isValid("2100-01-01")).isFalse();
    assertThat(date.isValid("1.2.3")).isFalse();
    assertThat(date.isValid("12.10.24")).isFalse();
    assertThat(date.isValid("2 Smarch 1984")).isFalse();
    assertThat(date.isValid("1984-03")).isFalse();
  }
}
