package dev.airlock.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The generic pack over whole files in the formats secrets are written in: every literal secret
 * planted among look-alikes is found on its line, and no placeholder, lookup or test value is.
 * Lines marked {@code S} get a fresh random secret; every other line must give no secret finding.
 *
 * <p>Every secret-shaped value is generated from a fixed seed, so this file holds no credential.
 */
class GenericSecretsTest {
  private static final RuleSet RULES = RuleSet.builtIn();
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789#%+=!";

  private final Random random = new Random(20261201L);

  @Test
  void propertiesYamlAndIni() {
    assertExactlyThePlantedLinesAreFound(
        "src/main/resources/application.properties",
        "S spring.datasource.password=%s",
        "S mail.smtp.password: %s",
        "  spring.datasource.username=ledger",
        "  mail.password=${MAIL_PASSWORD}",
        "  cache.password=changeme",
        "  cache.password=password123",
        "  auth.token=xxxxxxxxxxxxxxxx",
        "  api.key=EXAMPLEKEY1234567",
        "  password.min.length=12",
        "  jwt.secret=@jwt.secret@",
        "  db.password=ENC(G7xJxZl0Kq)",
        "  db.password=P@ssw0rd!");
    assertExactlyThePlantedLinesAreFound(
        "config/application-prod.yml",
        "  spring:",
        "    datasource:",
        "S     password: %s",
        "    redis:",
        "      password: \"{{ redis_password }}\"",
        "    mail:",
        "      password: <smtp-password>",
        "S   jwt-secret: '%s'",
        "    session-secret: Test1234",
        "    api-token: !vault |",
        "    db-password: ${DB_PASSWORD:-}");
    assertExactlyThePlantedLinesAreFound(
        "deploy/ledger.ini",
        "  [database]",
        "S password = %s",
        "  secret_key = %(base_secret)s",
        "  token = ENV[API_TOKEN]",
        "  api_key = 12345678",
        "  [cache]",
        "  host = cache.acme.internal",
        "  port = 6379",
        "  password = dummy");
  }

  @Test
  void dotenvShellAndDockerfile() {
    assertExactlyThePlantedLinesAreFound(
        ".env",
        "S API_KEY=%s",
        "S JWT_SECRET=\"%s\"",
        "  DB_PASSWORD=",
        "  SECRET_KEY=secret",
        "  GITHUB_TOKEN=$(gh auth token)",
        "  ADMIN_PASSWORD=Passw0rd123",
        "  SESSION_SECRET=your-session-secret");
    assertExactlyThePlantedLinesAreFound(
        "scripts/deploy.sh",
        "S export DB_PASSWORD='%s'",
        "  export API_TOKEN=$(vault read -field=token secret/ci)",
        "  export SECRET_KEY=\"$SECRET_FROM_ENV\"",
        "  export PGPASSWORD=\"${PGPASSWORD:?}\"",
        "  export ACCESS_TOKEN=s3cr3t");
    assertExactlyThePlantedLinesAreFound(
        "docker/Dockerfile",
        "  FROM eclipse-temurin:17-jre",
        "S ENV DB_PASSWORD=%s",
        "S ARG API_TOKEN=%s",
        "S ENV SECRET_KEY %s",
        "  ARG NPM_TOKEN",
        "  ENV PASSWORD=${PASSWORD}",
        "  ENV PASSWORD_FILE /run/secrets/db_password");
  }

  @Test
  void jsonXmlTerraformAndContainerSpecs() {
    assertExactlyThePlantedLinesAreFound(
        "config/service.json",
        "  {",
        "S   \"apiKey\": \"%s\",",
        "    \"password\": \"Test1234\",",
        "    \"token\": \"${TOKEN}\",",
        "    \"client_secret\": \"your-client-secret-here\",",
        "    \"credentials\": \"same-origin\"",
        "  }");
    assertExactlyThePlantedLinesAreFound(
        "conf/settings.xml",
        "  <servers>",
        "S   <server><id>nexus</id><username>deploy</username><password>%s</password></server>",
        "    <server><id>other</id><password>${env.NEXUS_PASSWORD}</password></server>",
        "S   <connection url=\"jdbc:h2:mem:x\" password=\"%s\"/>",
        "    <connection url=\"jdbc:h2:mem:x\" password=\"changeit\"/>",
        "  </servers>");
    assertExactlyThePlantedLinesAreFound(
        "infra/main.tf",
        "  resource \"aws_db_instance\" \"ledger\" {",
        "S   password = \"%s\"",
        "    master_password = var.db_password",
        "    admin_password = \"${var.admin_password}\"",
        "  }");
    assertExactlyThePlantedLinesAreFound(
        "infra/prod.tfvars",
        "S db_password = \"%s\"",
        "  api_token   = \"REPLACE_ME\"");
    assertExactlyThePlantedLinesAreFound(
        "k8s/deployment.yaml",
        "  env:",
        "    - name: DB_PASSWORD",
        "S     value: \"%s\"",
        "    - name: API_TOKEN",
        "      valueFrom:",
        "        secretKeyRef: {name: ledger, key: token}",
        "    - name: SECRET_KEY",
        "      value: \"changeme\"",
        "    - name: TOKEN_TTL",
        "      value: \"3600\"");
  }

  @Test
  void stringLiteralsInCode() {
    assertExactlyThePlantedLinesAreFound(
        "src/main/java/dev/ledger/Client.java",
        "  class Client {",
        "S   private static final String PASSWORD = \"%s\";",
        "    String apiKey = System.getenv(\"API_KEY\");",
        "    String token = System.getProperty(\"ledger.token\");",
        "    String secret = \"test\";",
        "    char[] password = console.readPassword();",
        "  }");
    assertExactlyThePlantedLinesAreFound(
        "ledger/client.py",
        "S api_key = '%s'",
        "  password = os.getenv(\"DB_PASSWORD\")",
        "  secret = os.environ[\"SECRET\"]",
        "  token = \"%(token)s\"",
        "  db_password = \"12345678\"",
        "  password = getpass.getpass()");
    assertExactlyThePlantedLinesAreFound(
        "web/client.js",
        "S const apiKey = '%s';",
        "  const password = process.env.DB_PASSWORD;",
        "  const token = `${process.env.TOKEN}`;",
        "  let secret = \"foobar\";",
        "  const authToken = req.headers.authorization;");
    assertExactlyThePlantedLinesAreFound(
        "cmd/client.go",
        "S password := \"%s\"",
        "  apiKey := os.Getenv(\"API_KEY\")",
        "  token := \"<token>\"");
    assertExactlyThePlantedLinesAreFound(
        "lib/client.rb",
        "S password = '%s'",
        "  api_key = ENV['API_KEY']",
        "  token = ENV.fetch(\"TOKEN\")");
  }

  @Test
  void aDocumentationUrlWithCredentialsIsLowConfidence() {
    List<Finding> found =
        RULES.matcher().match("pip install --index-url https://user:he%2F%2Fo@pypi.company.com/simple ledger\n")
            .forPath("docs/authentication.md");
    assertThat(found).extracting(Finding::confidence).containsExactly(Confidence.LOW);
  }

  /**
   * Writes {@code lines} (each prefixed "S " when it plants a secret at its %s, "  " otherwise) to
   * a file at {@code path} and asserts that the secret findings are exactly the planted lines,
   * each at MEDIUM confidence or more (from a generic rule, or a more specific one).
   */
  private void assertExactlyThePlantedLinesAreFound(String path, String... lines) {
    StringBuilder text = new StringBuilder();
    TreeSet<Integer> planted = new TreeSet<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].substring(2);
      if (lines[i].startsWith("S ")) {
        planted.add(i + 1);
        line = String.format(line, secret());
      }
      text.append(line).append('\n');
    }
    List<Finding> secrets = new ArrayList<>();
    for (Finding f : RULES.matcher().match(text.toString()).forPath(path)) {
      if (f.category() == Category.SECRET) {
        secrets.add(f);
      }
    }
    assertThat(secrets).as("secret findings in %s", path)
        .extracting(f -> f.location().line()).containsExactlyElementsOf(planted);
    assertThat(secrets).as("confidence in %s", path)
        .allSatisfy(f -> assertThat(f.confidence()).isIn(Confidence.MEDIUM, Confidence.HIGH));
  }

  private String secret() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 18; i++) {
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }
}
