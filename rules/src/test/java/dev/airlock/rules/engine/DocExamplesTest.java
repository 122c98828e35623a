package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.Confidence;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocExamplesTest {
  private static final String VALUE = "zq_k3m9p2x7w4v8";

  private static JavaMatcher matcher(String category, String confidence) {
    return TestRule.matcher(
        rule("t-doc")
            .category(category)
            .confidence(confidence)
            .keywords("zq_")
            .pattern("\\bzq_[a-z0-9]{12}\\b"));
  }

  private static List<Confidence> confidences(JavaMatcher matcher, String text) {
    return matcher.match(text).matches().stream().map(Match::confidence).toList();
  }

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  @Test
  void aSecretInADoctestsOutputIsLoweredOneLevel() {
    String doctest =
        lines(
            "    def fetch_token(self):",
            "        \"\"\"Fetches the token.",
            "",
            "        >>> session.fetch_request_token(request_token_url)",
            "        {",
            "            'oauth_token': 'a',",
            "            'other': 'b',",
            "            'more': 'c',",
            "            'oauth_token_secret': '" + VALUE + "',",
            "        }",
            "        \"\"\"");
    assertThat(confidences(matcher("SECRET", "MEDIUM"), doctest)).containsExactly(Confidence.LOW);
    assertThat(confidences(matcher("SECRET", "HIGH"), doctest)).containsExactly(Confidence.MEDIUM);
  }

  @Test
  void aSecretInALiteralBlockAfterADoubleColonIsLowered() {
    String docstring =
        lines(
            "        The Bearer token dict may hold a number of items::",
            "",
            "            {",
            "                'token_type': 'Bearer',",
            "                'expires_in': 3600,",
            "                'access_token': '" + VALUE + "',",
            "            }");
    assertThat(confidences(matcher("SECRET", "MEDIUM"), docstring))
        .containsExactly(Confidence.LOW);
  }

  @Test
  void aSecretInACodeDirectiveOfAChangelogIsLoweredAcrossBlankLinesOfTheBlock() {
    String changelog =
        lines(
            "Introduce ``PyJWK``, ``PyJWKSet``, and ``PyJWKClient``.",
            "",
            ".. code:: python",
            "",
            "    import jwt",
            "    from jwt import PyJWKClient",
            "",
            "    token = \"" + VALUE + "\"",
            "    url = \"https://auth.acme.internal/.well-known/jwks.json\"");
    assertThat(confidences(matcher("SECRET", "MEDIUM"), changelog))
        .containsExactly(Confidence.LOW);
  }

  @Test
  void indentedCodeUnderAnOrdinaryLineIsNoExample() {
    String code =
        lines(
            "class Settings:",
            "",
            "    host = \"api.acme.internal\"",
            "",
            "    token = \"" + VALUE + "\"");
    String yaml = lines("service::", "  host: api", "", "  token: " + VALUE);
    assertThat(confidences(matcher("SECRET", "MEDIUM"), code)).containsExactly(Confidence.MEDIUM);
    assertThat(confidences(matcher("SECRET", "MEDIUM"), yaml)).containsExactly(Confidence.MEDIUM);
  }

  @Test
  void aPromptOrADoubleColonBeforeABlankLineDoesNotReachTheNextBlock() {
    String config =
        lines(
            ">>> print(settings)",
            "ok",
            "",
            "[service]",
            "host = api.acme.internal",
            "token = " + VALUE);
    assertThat(confidences(matcher("SECRET", "MEDIUM"), config))
        .containsExactly(Confidence.MEDIUM);
    assertThat(confidences(matcher("SECRET", "MEDIUM"), "token = " + VALUE))
        .containsExactly(Confidence.MEDIUM);
    String merged = lines("<<<<<<< ours", "=======", ">>>>>>> theirs", "token = " + VALUE);
    assertThat(confidences(matcher("SECRET", "MEDIUM"), merged)).containsExactly(Confidence.MEDIUM);
  }

  @Test
  void onlySecretsAreLoweredInExamples() {
    String doctest = lines(">>> lookup()", "'" + VALUE + "'");
    assertThat(confidences(matcher("PROPRIETARY", "MEDIUM"), doctest))
        .containsExactly(Confidence.MEDIUM);
  }
}
