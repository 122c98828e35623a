package dev.airlock.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaceholdersTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "AKIA0EXAMPLE7KEY9Q",
        "sk_live_Sample4242q",
        "${DB_PASSWORD}",
        "{{ secrets.token }}",
        "$(cat /run/key)",
        "#{api.key}",
        "${env:DB_PASS}",
        "{{.Values.token}}",
        "<API KEY>",
        "%(password)s",
        "<your-api-key>",
        "your_token_goes_9",
        "xxxxxxxxxxxxxxxx",
        "ab12xxxx9q",
        "****************",
        "changeme",
        "Change_Me_7q",
        "DUMMY-key-9q2w",
        "fake9q2w3e4r",
        "REDACTED",
        "process.env.TOKEN",
        "os.environ['KEY']",
        "password",
        "Password123",
        "qwerty",
        "0123456789",
        "abcdef",
        "a1b2c3",
        "zzzzzzzz",
        "abababab",
        "abcabcabcabc"
      })
  void recognisesPlaceholders(String value) {
    assertThat(Placeholders.isPlaceholder(value)).isTrue();
  }

  @Test
  void randomTokensAreNotPlaceholders() {
    Random random = new Random(0x91ACL);
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWZabcdghjkmnqrstuvwz0123456789";
    for (int i = 0; i < 200; i++) {
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < 24; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThat(Placeholders.isPlaceholder(sb.toString())).as("random token %d", i).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // WordPress salts and Django keys draw on all of ASCII punctuation.
        "Q$:B]zZjN-AdT<>h7V1.vm+k^|}2wVZf]Xw#QEZ[-pSohv+Kj0W-Z|:|g$-+E8:8",
        ":9URM*n56|I|Rf$|ud0cFJ<KAA<1h_w]A!/?])<q+!qK>+Lq&j9^-!{%%pW. ,Z=",
        "Ed&1cr+{3T$a+{[8LP~i5-[|Z`x-V>;Di_C/E~UnSg{n[h#{D[-t>yIUZ8YqSu3t",
        "zh!=!gq(w^_t[sBR29954x)HI+$ehwss*xYNQeu([xcWMhdzzr"
      })
  void punctuationRichRandomSecretsAreNotPlaceholders(String value) {
    assertThat(Placeholders.isPlaceholder(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Test1234", "P@ssw0rd!", "s3cr3t", "$ecret123", "mysecretpassword", "test_password",
        "changeit", "foobar99", "1234test", "secret-key-123", "demo_token", "MyPassw0rd1"
      })
  void recognisesValuesMadeOfTestWords(String value) {
    assertThat(Placeholders.isPlaceholder(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Summer2024!", "Tr0ub4dor&3", "correcthorsebattery", "Xk9#mP2vL8qR4", "ledger-prod-db-7",
        "passwordmanager9", "kH7pL2qX9vR4tZ8w", "admin123", "hunter42", "welcome1"
      })
  void leavesWeakButRealLookingPasswordsAndRandomValues(String value) {
    assertThat(Placeholders.isTestValue(value.toLowerCase(java.util.Locale.ROOT))).isFalse();
  }

  @Test
  void aFourthDistinctCharacterIsEnoughToNotBeFiller() {
    assertThat(Placeholders.isPlaceholder("abcabcabc")).isTrue();
    assertThat(Placeholders.isPlaceholder("abcdabcdabcd")).isFalse();
  }
}
