package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneNumberTest {
  private final Validator phone = new PhoneNumber();

  @Test
  void acceptsInternationalNumbersValidInTheirCountry() {
    assertThat(phone.isValid("+1 415 867 2291")).isTrue();
    assertThat(phone.isValid("+44 7911 123456")).isTrue();
    assertThat(phone.isValid("+49 30 901820")).isTrue();
    assertThat(phone.isValid("+33 6 12 34 56 78")).isTrue();
    assertThat(phone.isValid("+91 98765 43210")).isTrue();
    assertThat(phone.isValid("+81 3-1234-5678")).isTrue();
  }

  @Test
  void acceptsNationalFormsOfTheDefaultRegions() {
    assertThat(phone.isValid("(415) 867-2291")).isTrue();
    assertThat(phone.isValid("07911 123456")).isTrue();
    assertThat(phone.isValid("030 901820")).isTrue();
    assertThat(phone.isValid("06 12 34 56 78")).isTrue();
  }

  @Test
  void rejectsNumbersOutsideEveryNumberingPlan() {
    assertThat(phone.isValid("+1 015 867 2291")).as("US area code starting 0").isFalse();
    assertThat(phone.isValid("+44 1234")).as("too short").isFalse();
    assertThat(phone.isValid("+999 123 456 789")).as("unassigned country code").isFalse();
    assertThat(phone.isValid("2024.10.12.1530")).as("a version").isFalse();
    assertThat(phone.isValid("192.168.100.200")).as("an address").isFalse();
    assertThat(phone.isValid("1234567890123456")).isFalse();
    assertThat(phone.isValid("")).isFalse();
  }
}
