package dev.airlock.rules.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class ValidatorTest {

  @Test
  void namedFindsEveryBuiltInValidatorUnderItsOwnName() {
    assertThat(Validator.names()).contains("luhn", "payment-card", "iban", "us-ssn", "jwt");
    for (String name : Validator.names()) {
      assertThat(Validator.named(name).name()).isEqualTo(name);
    }
    assertThat(Validator.named("luhn")).isInstanceOf(Luhn.class);
    assertThat(Validator.named("payment-card")).isInstanceOf(PaymentCard.class);
    assertThat(Validator.named("iban")).isInstanceOf(IbanMod97.class);
    assertThat(Validator.named("us-ssn")).isInstanceOf(UsSsn.class);
    assertThat(Validator.named("jwt")).isInstanceOf(Jwt.class);
  }

  @Test
  void unknownNameGivesAMessageListingTheKnownNames() {
    IllegalArgumentException e =
        catchThrowableOfType(IllegalArgumentException.class, () -> Validator.named("luhn10"));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("unknown validator 'luhn10'");
    for (String name : Validator.names()) {
      assertThat(e.getMessage()).contains(name);
    }
  }
}
