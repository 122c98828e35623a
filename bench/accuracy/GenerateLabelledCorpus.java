import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * Writes a labelled corpus for the accuracy harness: files in the shapes real repositories and
 * leaked-credential collections have (dotfiles, client configurations, dumps, keys, application
 * configuration, source code, data exports, documents), each holding one planted item between
 * lines of ordinary code or text, and {@code truth.tsv} beside the folder listing every planted
 * item: path, first and last line, expected category (or NONE for a near miss that must not be a
 * finding), the item's kind, and whether a policy-relevant confidence (MEDIUM or HIGH) is expected.
 *
 * <p>Every value is generated from the seed: random strings in each vendor's documented shape,
 * identifiers with valid check digits. Nothing is copied from a real credential or person.
 *
 * <p>Usage: {@code java bench/accuracy/GenerateLabelledCorpus.java OUT_DIR [COPIES] [SEED]}
 */
public final class GenerateLabelledCorpus {
  private static final String B62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String ALNUM = B62;
  private static final String HEX = "0123456789abcdef";
  private static final String B64 = ALNUM + "+/";
  private static final String CRYPT64 = "./" + ALNUM;
  private static final String UPPER_DIGIT = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String PW = ALNUM + "!#%*-_+=";

  private final Random random;
  private final Path root;
  private final List<String> truth = new ArrayList<>();
  private int fileNo;

  private GenerateLabelledCorpus(Path root, long seed) {
    this.root = root;
    this.random = new Random(seed);
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: GenerateLabelledCorpus OUT_DIR [COPIES] [SEED]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int copies = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
    if (Files.exists(out)) {
      try (var s = Files.list(out)) {
        if (s.findAny().isPresent()) {
          System.err.println(out + " exists and is not empty");
          System.exit(2);
        }
      }
    }
    Files.createDirectories(out);
    GenerateLabelledCorpus g = new GenerateLabelledCorpus(out, seed);
    for (int i = 0; i < copies; i++) {
      g.positives();
      g.negatives();
    }
    Path truthFile = out.resolveSibling(out.getFileName() + "-truth.tsv");
    List<String> lines = new ArrayList<>();
    lines.add("path\tfirstLine\tlastLine\tcategory\tkind\tpolicyRelevant");
    lines.addAll(g.truth);
    Files.write(truthFile, lines, StandardCharsets.UTF_8);
    System.out.println(
        "wrote " + g.fileNo + " files and " + g.truth.size() + " labelled items to " + out
            + "; truth in " + truthFile);
  }

  // ------------------------------------------------------------------ planting

  /** One planted item: the lines that make it, and which of them hold the value. */
  private record Item(List<String> lines, int first, int last) {
    static Item line(String line) {
      return new Item(List.of(line), 0, 0);
    }

    static Item block(List<String> lines, int first, int last) {
      return new Item(lines, first, last);
    }
  }

  private void plant(String path, String category, String kind, boolean relevant, Item item)
      throws IOException {
    plant(path, category, kind, relevant, item, fillerFor(path));
  }

  private void plant(
      String path, String category, String kind, boolean relevant, Item item, Function<Integer, String> filler)
      throws IOException {
    String unique = uniquePath(path);
    List<String> lines = new ArrayList<>();
    int before = filler == null ? 0 : 3 + random.nextInt(12);
    int after = filler == null ? 0 : 2 + random.nextInt(10);
    for (int i = 0; i < before; i++) {
      lines.add(filler.apply(i));
    }
    int start = lines.size();
    lines.addAll(item.lines());
    for (int i = 0; i < after; i++) {
      lines.add(filler.apply(before + i));
    }
    write(unique, lines);
    truth.add(
        String.join(
            "\t",
            unique,
            Integer.toString(start + item.first() + 1),
            Integer.toString(start + item.last() + 1),
            category,
            kind,
            Boolean.toString(relevant)));
  }

  /** A whole file whose every line is given; the item spans [first, last] (0-based). */
  private void plantFile(
      String path, String category, String kind, boolean relevant, List<String> lines, int first, int last)
      throws IOException {
    plant(path, category, kind, relevant, Item.block(lines, first, last), null);
  }

  private String uniquePath(String path) {
    fileNo++;
    int slash = path.lastIndexOf('/');
    String dir = "c" + (fileNo % 40) + "/" + fileNo + "/";
    return slash < 0 ? dir + path : dir + path;
  }

  private void write(String relative, List<String> lines) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  private Function<Integer, String> fillerFor(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (name.endsWith(".java") || name.endsWith(".go") || name.endsWith(".js") || name.endsWith(".ts")) {
      return i -> "    " + pick("int", "long", "var", "final String") + " " + word() + i + " = " + pick("compute", "load", "parse", "merge") + "(" + word() + ", " + random.nextInt(1000) + ");";
    }
    if (name.endsWith(".py")) {
      return i -> "    " + word() + "_" + i + " = " + pick("load", "parse", "fetch") + "_" + word() + "(" + random.nextInt(100) + ")";
    }
    if (name.endsWith(".yml") || name.endsWith(".yaml")) {
      return i -> "  " + word() + "_" + i + ": " + pick("true", "false", Integer.toString(random.nextInt(5000)), word() + "-" + word());
    }
    if (name.endsWith(".properties") || name.endsWith(".env") || name.equals(".env") || name.endsWith(".ini") || name.endsWith(".cfg")) {
      return i -> word() + "." + word() + i + "=" + pick("true", "false", Integer.toString(random.nextInt(9000)), word());
    }
    if (name.endsWith(".json")) {
      return null; // JSON files are whole documents; see the generators
    }
    if (name.endsWith(".sh") || name.endsWith("history") || name.equals("dockerfile")) {
      return i -> pick("cd /srv/" + word(), "ls -la", "git pull --rebase", "make " + word(), "echo " + word() + " done", "systemctl restart " + word());
    }
    if (name.endsWith(".sql")) {
      return i -> "INSERT INTO audit_log (id, action) VALUES (" + (i + 1) + ", '" + word() + "');";
    }
    if (name.endsWith(".csv")) {
      return null;
    }
    return i -> pick("The " + word() + " service handles " + word() + " requests.", "See the " + word() + " guide for details.", "Step " + (i + 1) + ": configure the " + word() + ".", "");
  }

  // ------------------------------------------------------------------ positives

  private void positives() throws IOException {
    // --- cloud and vendor credentials
    String akid = "AKIA" + str(16, UPPER_DIGIT);
    String awsSecret = str(40, B64);
    plantFile(".aws/credentials", "SECRET", "aws-credentials-file", true,
        List.of("[default]", "aws_access_key_id = " + akid, "aws_secret_access_key = " + awsSecret, "region = eu-west-1"), 1, 2);
    plant("deploy/terraform.tfvars", "SECRET", "aws-access-key-id", true, Item.line("access_key = \"AKIA" + str(16, UPPER_DIGIT) + "\""));
    plant("src/main/java/com/acme/Upload.java", "SECRET", "github-pat-classic", true,
        Item.line("    private static final String TOKEN = \"" + githubToken("ghp_") + "\";"));
    plant(".config/gh/hosts.yml", "SECRET", "github-oauth", true, Item.line("    oauth_token: " + githubToken("gho_")));
    plant("ci/release.sh", "SECRET", "github-fine-grained-pat", true,
        Item.line("export GH_TOKEN=github_pat_" + str(22, ALNUM) + "_" + str(59, ALNUM)));
    plant("ci/.gitlab-ci.yml", "SECRET", "gitlab-pat", true, Item.line("  PRIVATE_TOKEN: glpat-" + str(20, ALNUM + "-_")));
    plant("services/notify/config.yml", "SECRET", "slack-bot-token", true,
        Item.line("  slack_token: xoxb-" + digits(12) + "-" + digits(13) + "-" + str(24, ALNUM)));
    plant("services/notify/app.properties", "SECRET", "slack-webhook", true,
        Item.line("alerts.webhook=https://hooks.slack.com/services/T" + str(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "/B" + str(10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "/" + str(24, ALNUM)));
    plant("services/billing/.env", "SECRET", "stripe-live-secret", true, Item.line("STRIPE_SECRET_KEY=sk_live_" + str(24, ALNUM)));
    plant("web/src/config.js", "SECRET", "google-api-key", true, Item.line("  mapsKey: \"AIza" + str(35, ALNUM + "-_") + "\","));
    plant("services/mail/settings.py", "SECRET", "sendgrid-key", true,
        Item.line("SENDGRID_API_KEY = \"SG." + str(22, ALNUM + "-_") + "." + str(43, ALNUM + "-_") + "\""));
    plant(".npmrc", "SECRET", "npm-token", true, Item.line("//registry.npmjs.org/:_authToken=" + npmToken()));
    plantFile("tools/.pypirc", "SECRET", "pypi-token", true,
        List.of("[pypi]", "  username = __token__", "  password = " + pypiToken(str(60, ALNUM + "-_"))), 2, 2);
    plant("ml/notebook_utils.py", "SECRET", "openai-key", true,
        Item.line("client = OpenAI(api_key=\"sk-proj-" + str(64, ALNUM + "-_") + "T3BlbkFJ" + str(64, ALNUM + "-_") + "\")"));
    plant("ml/agent.env", "SECRET", "anthropic-key", true, Item.line("ANTHROPIC_API_KEY=sk-ant-api03-" + str(93, ALNUM + "-_") + "AA"));
    plant("infra/storage.tf", "SECRET", "azure-storage-connection-string", true,
        Item.line("  connection_string = \"DefaultEndpointsProtocol=https;AccountName=acme" + str(6, "abcdefghijklmnopqrstuvwxyz0123456789") + ";AccountKey=" + str(86, B64) + "==;EndpointSuffix=core.windows.net\""));
    plant("services/auth/app.yml", "SECRET", "jwt", true,
        Item.line("  service_jwt: " + jwt()));
    plant("docker/.docker/config.json", "SECRET", "docker-config-auth", true, dockerConfig());

    // --- private keys
    plantFile("keys/id_rsa", "SECRET", "private-key-rsa", true, pem("RSA PRIVATE KEY", 25), 1, 1);
    plantFile("home/deploy/.ssh/id_ed25519", "SECRET", "private-key-openssh", true, pem("OPENSSH PRIVATE KEY", 7), 1, 1);
    plantFile("certs/server.key", "SECRET", "private-key-pkcs8", true, pem("PRIVATE KEY", 26), 1, 1);
    plantFile("certs/client-ec.pem", "SECRET", "private-key-ec", true, pem("EC PRIVATE KEY", 4), 1, 1);

    // --- connection strings and credential files
    plant("services/orders/src/main/resources/application.properties", "SECRET", "jdbc-password", true,
        Item.line("spring.datasource.url=jdbc:postgresql://db.acme.internal:5432/orders?user=orders&password=" + password()));
    plant("services/orders/docker-compose.yml", "SECRET", "database-url", true,
        Item.line("      DATABASE_URL: postgres://orders:" + password() + "@db.acme.internal:5432/orders"));
    plant("home/deploy/.git-credentials", "SECRET", "git-credentials", true,
        Item.line("https://deploy:" + githubToken("ghp_") + "@github.com"));
    plantFile("home/deploy/.netrc", "SECRET", "netrc", true,
        List.of("machine git.acme.internal", "  login deploy", "  password " + password(), ""), 0, 2);
    plantFile("home/deploy/.pgpass", "SECRET", "pgpass", true,
        List.of("db.acme.internal:5432:ledger:ledger_app:" + password()), 0, 0);
    plantFile("etc/nginx/.htpasswd", "SECRET", "htpasswd", true,
        List.of("admin:$apr1$" + str(8, CRYPT64) + "$" + str(22, CRYPT64), "ops:$2y$10$" + str(53, CRYPT64)), 0, 1);
    plantFile("backup/etc/shadow", "SECRET", "shadow", true,
        List.of("root:$6$" + str(16, CRYPT64) + "$" + str(86, CRYPT64) + ":19700:0:99999:7:::", "daemon:*:19700:0:99999:7:::"), 0, 0);
    plant("dumps/users.sql", "SECRET", "password-hash-in-dump", true,
        Item.line("INSERT INTO users (id, login, password) VALUES (17, 'jdoe', '$2b$12$" + str(53, CRYPT64) + "');"));
    plant("home/ops/.bash_history", "SECRET", "mysql-cli", true,
        Item.line("mysql -h db.acme.internal -u root -p" + password() + " ledger"));
    plant("home/ops/.zsh_history", "SECRET", "curl-basic-auth", true,
        Item.line("curl -u admin:" + password() + " https://jenkins.acme.internal/api/json"));
    plant("scripts/deploy.sh", "SECRET", "sshpass", true, Item.line("sshpass -p " + password() + " ssh deploy@10.0.4.12 'sudo systemctl restart app'"));
    plantFile("home/ops/.config/filezilla/sitemanager.xml", "SECRET", "filezilla", true,
        List.of("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<FileZilla3>", "  <Servers>", "    <Server>",
            "      <Host>ftp.acme.internal</Host>", "      <User>web</User>",
            "      <Pass encoding=\"base64\">" + Base64.getEncoder().encodeToString(password().getBytes(StandardCharsets.UTF_8)) + "</Pass>",
            "    </Server>", "  </Servers>", "</FileZilla3>"), 6, 6);
    plant("www/wp-config.php", "SECRET", "php-define", true, Item.line("define( 'DB_PASSWORD', '" + password() + "' );"));
    plantFile("home/ops/.s3cfg", "SECRET", "s3cfg", true,
        List.of("[default]", "access_key = AKIA" + str(16, UPPER_DIGIT), "secret_key = " + str(40, B64), "host_base = s3.amazonaws.com"), 1, 2);

    // --- generic assignments in every configuration and code shape
    plant("services/api/.env", "SECRET", "generic-env", true, Item.line("DB_PASSWORD=" + password()));
    plant("services/api/src/main/resources/application.properties", "SECRET", "generic-properties", true,
        Item.line("spring.datasource.password=" + password()));
    plant("services/api/config/settings.yml", "SECRET", "generic-yaml", true, Item.line("  password: \"" + password() + "\""));
    plant("services/api/config/database.ini", "SECRET", "generic-ini", true, Item.line("password = " + password()));
    plant("services/api/Dockerfile", "SECRET", "generic-dockerfile", true, Item.line("ENV API_TOKEN=" + str(32, ALNUM)));
    plant("services/api/src/main/java/com/acme/Db.java", "SECRET", "generic-java", true,
        Item.line("    String password = \"" + password() + "\";"));
    plant("services/api/app/db.py", "SECRET", "generic-python", true, Item.line("DB_PASSWORD = \"" + password() + "\""));
    plant("services/api/cmd/db.go", "SECRET", "generic-go", true, Item.line("\tpassword := \"" + password() + "\""));
    plant("web/src/api.ts", "SECRET", "generic-js", true, Item.line("const apiKey = '" + str(32, ALNUM) + "';"));
    plant("infra/db.tf", "SECRET", "generic-terraform", true, Item.line("  password = \"" + password() + "\""));
    plantFile("services/api/config/app.json", "SECRET", "generic-json", true,
        List.of("{", "  \"name\": \"api\",", "  \"db\": {", "    \"user\": \"api\",", "    \"password\": \"" + password() + "\"", "  }", "}"), 4, 4);
    plant("services/api/src/main/resources/context.xml", "SECRET", "generic-xml", true,
        Item.line("  <Resource name=\"jdbc/ledger\" username=\"ledger\" password=\"" + password() + "\" />"));

    credentialFiles();

    // --- personal data
    plantFile("exports/customers.csv", "PII", "ssn-table", true, peopleCsv(40, true), 0, 40);
    plantFile("exports/newsletter.csv", "PII", "email-volume", true, emailCsv(300), 0, 300);
    plant("docs/hr/notes.txt", "PII", "ssn-with-context", true, Item.line("Employee SSN: " + ssn(true)));
    plant("finance/payroll.txt", "PII", "iban", true, Item.line("Pay to IBAN " + iban("DE", 18)));
    plant("support/ticket-4411.txt", "PCI", "card-with-context", true,
        Item.line("Customer paid with Visa card number " + card("4", 16, true) + " exp 09/28"));
    plant("logs/payments.log", "PCI", "card-in-log", true,
        Item.line("2026-03-04T10:22:11Z INFO charge ok pan=" + card("5", 16, false) + " amount=42.00"));

    // --- health data
    plantFile("feeds/adt.hl7", "PHI|PII", "hl7", true, hl7(), 1, 1);
    plantFile("fhir/patient-" + random.nextInt(1000) + ".json", "PHI|PII", "fhir-patient", true, fhirPatient(), 0, 9);

    // --- markings
    plant("docs/design/guidance.md", "EXPORT_CONTROL", "itar-notice", true,
        Item.line("This document contains technical data whose export is restricted by the Arms Export Control Act (Title 22, U.S.C., Sec 2751, et seq.) and the International Traffic in Arms Regulations (ITAR), 22 CFR 120-130."));
    plant("docs/design/radar.txt", "CLASSIFIED", "classification-banner", true, Item.line("SECRET//NOFORN"));
    plant("src/main/java/com/acme/Pricing.java", "PROPRIETARY", "proprietary-notice", true,
        Item.line(" * CONFIDENTIAL AND PROPRIETARY: this file contains trade secrets of Acme Corp. Unauthorized copying is strictly prohibited."));
  }

  /**
   * Dotfiles and client settings as leaked-credential collections hold them: values that follow
   * no vendor format and passwords people actually choose (a word and a few digits), in files
   * whose only purpose is to hold them.
   */
  private void credentialFiles() throws IOException {
    plantFile("home/dev/.bash_profile", "SECRET", "shell-profile-exports", true,
        List.of("export PATH=$PATH:/usr/local/bin", "export AWS_ACCESS_KEY_ID=" + str(26, ALNUM),
            "export AWS_SECRET_ACCESS_KEY=" + str(38, ALNUM), "export AWS_REGION=$AWS_DEFAULT_REGION",
            "export RDS_PASSWORD='" + weakPassword() + "'", "export S3_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY"), 1, 4);
    plantFile("home/dev/.bashrc", "SECRET", "shell-rc-password", true,
        List.of("alias ll='ls -alF'", "export GMAIL_PASSWORD=\"" + weakPassword() + "!\"", "HISTSIZE=1000"), 1, 1);
    plantFile("home/dev/.tugboat", "SECRET", "yaml-client-api-key", true,
        List.of("---", "authentication:", "  api_key: " + str(32, HEX), "ssh:", "  ssh_user: admin", "  ssh_key_path: \"~/.ssh/deploy.pem\"", "  ssh_port: '22'"), 2, 2);
    plantFile("home/dev/heroku.json", "SECRET", "json-api-key", true,
        List.of("{", "  \"heroku\": {", "    \"HEROKU_API_KEY\": \"" + str(32, HEX) + "\"", "  }", "}"), 2, 2);
    plantFile("home/dev/.config/robomongo/robomongo.json", "SECRET", "db-client-settings", true,
        List.of("{", "  \"connections\": [{", "    \"userName\": \"app\",", "    \"userPassword\": \"" + weakPassword() + "\",",
            "    \"sshPassphrase\": \"" + weakPassword() + "\",", "    \"sshPrivateKey\": \"\",", "    \"sshPort\": 22", "  }]", "}"), 3, 4);
    plantFile("site/.ftpconfig", "SECRET", "ftp-client-json", true,
        List.of("{", "    \"protocol\": \"sftp\",", "    \"user\": \"web\",", "    \"pass\": \"" + weakPassword() + "\",",
            "    \"promptForPass\": false,", "    \"privatekey\": \"\",", "    \"keyboardInteractiveForPass\": false", "}"), 3, 3);
    plantFile("site/sftp-config.json", "SECRET", "sftp-config-json", true,
        List.of("{", "    \"type\": \"sftp\",", "    \"user\": \"web\",", "    \"password\": \"" + weakPassword() + "\",", "    \"port\": \"22\"", "}"), 3, 3);
    plantFile("site/.idea/WebServers.xml", "SECRET", "ide-web-server", true,
        List.of("<project version=\"4\">", "  <component name=\"WebServers\">",
            "    <fileTransfer host=\"ftp.acme.internal\" port=\"21\" password=\"" + str(48, HEX) + "\" username=\"root\">", "  </component>", "</project>"), 2, 2);
    plantFile("srv/voice/ventrilo_srv.ini", "SECRET", "ini-admin-password", true,
        List.of("[Server]", "Name=Server", "Auth=1", "AdminPassword=" + weakPassword(), "SendBuffer=0"), 3, 3);
    plantFile("home/dev/.esmtprc", "SECRET", "mail-client-password", true,
        List.of("hostname smtp.mail-demo.com:587", "username \"ops\"", "password \"" + weakPassword() + "\"", "starttls required"), 2, 2);
    plant("www/public_html/config.php", "SECRET", "php-variable-password", true, Item.line("    $dbpasswd = '" + weakPassword() + "';"));
    plant("web/app/settings.py", "SECRET", "django-secret-key", true, Item.line("SECRET_KEY = '" + str(50, ALNUM + "!@#%^&*(-_=+)") + "'"));
    plantFile("web/config/secrets.yml", "SECRET", "rails-secret-key-base", true,
        List.of("production:", "  secret_key_base: " + str(128, HEX)), 1, 1);
    plantFile("web/config/master.key", "SECRET", "rails-master-key", true, List.of(str(32, HEX)), 0, 0);
    plantFile("home/dev/.mozilla/firefox/logins.json", "SECRET", "firefox-logins", true,
        List.of("{", "  \"logins\": [{", "    \"hostname\": \"https://git.acme.internal\",",
            "    \"encryptedUsername\": \"MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcEC" + str(40, B64) + "\",",
            "    \"encryptedPassword\": \"MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcEC" + str(40, B64) + "\",", "    \"timesUsed\": 1", "  }]", "}"), 3, 4);
    plantFile("home/dev/.npmrc", "SECRET", "npmrc-legacy-auth", true,
        List.of("registry=https://registry.npmjs.org/", "_auth = " + Base64.getEncoder().encodeToString(("ci:" + weakPassword()).getBytes(StandardCharsets.UTF_8)),
            "//registry.npmjs.org/:_authToken=" + java.util.UUID.nameUUIDFromBytes(str(12, ALNUM).getBytes(StandardCharsets.UTF_8))), 1, 2);
    plantFile("home/dev/.config/hub", "SECRET", "hub-oauth-token", true,
        List.of("---", "github.com:", "- user: dev", "  oauth_token: \"" + str(40, HEX) + "\""), 3, 3);
    plantFile("home/dev/irc/config", "SECRET", "irc-config-password", true,
        List.of("IRC_HOST=irc.acme.internal", "IRC_NICK=dev", "IRC_PASS=" + weakPassword()), 2, 2);
    plant("web/config/mongoid.yml", "SECRET", "mongodb-uri", true,
        Item.line("      uri: \"mongodb://app:" + weakPassword() + "@mongo.acme.internal:27017/main\""));
  }

  /** A password as people choose them for a config file: a word, digits, maybe a symbol. */
  private String weakPassword() {
    return pick("Harbor", "mongo", "Sunset", "ledger", "Falcon", "bluesky", "Winter", "gopher")
        + pick("", "pass", "Pw", "db") + (10 + random.nextInt(9000)) + pick("", "!", "#", "");
  }

  // ------------------------------------------------------------------ negatives

  private void negatives() throws IOException {
    plant("docs/aws.md", "NONE", "aws-documentation-example", false, Item.line("aws_access_key_id = AKIAIOSFODNN7EXAMPLE"));
    plant("docs/aws2.md", "NONE", "aws-documentation-secret", false, Item.line("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    plant("config/app.properties", "NONE", "env-reference", false, Item.line("spring.datasource.password=${DB_PASSWORD}"));
    plant("config/settings.yml", "NONE", "template-placeholder", false, Item.line("  password: \"{{ vault_db_password }}\""));
    plant("config/.env.example", "NONE", "angle-placeholder", false, Item.line("API_TOKEN=<your-api-token>"));
    plant("config/db.ini", "NONE", "changeme", false, Item.line("password = changeme"));
    plant("config/app2.yml", "NONE", "x-placeholder", false, Item.line("  api_key: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
    plant("app/settings.py", "NONE", "env-lookup-python", false, Item.line("DB_PASSWORD = os.environ[\"DB_PASSWORD\"]"));
    plant("web/src/env.js", "NONE", "env-lookup-js", false, Item.line("const apiKey = process.env.API_KEY;"));
    plant("src/main/java/com/acme/Env.java", "NONE", "env-lookup-java", false, Item.line("    String password = System.getenv(\"DB_PASSWORD\");"));
    plant("src/main/java/com/acme/Form.java", "NONE", "password-field-name", false, Item.line("    String passwordField = form.get(\"password\");"));
    plant("src/main/java/com/acme/TopSecretController.java", "NONE", "secret-in-identifier", false, Item.line("public class TopSecretController extends BaseController {"));
    plant("app/config.py", "NONE", "secret-env-constant", false, Item.line("SECRET = os.environ.get(\"APP_SECRET\")"));
    plant("keys/id_rsa.pub", "NONE", "public-key", false, Item.line("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + str(300, B64) + " deploy@build"));
    plantFile("certs/ca.pem", "NONE", "certificate", false, pem("CERTIFICATE", 20), 0, 21);
    plant("src/main/java/com/acme/Ids.java", "NONE", "uuid", false, Item.line("    static final UUID TENANT = UUID.fromString(\"" + java.util.UUID.nameUUIDFromBytes(str(8, ALNUM).getBytes(StandardCharsets.UTF_8)) + "\");"));
    plant("build/lock.json", "NONE", "integrity-hash", false, Item.line("      \"integrity\": \"sha512-" + str(86, B64) + "==\","));
    plant("src/version.go", "NONE", "git-sha", false, Item.line("const Commit = \"" + str(40, HEX) + "\""));
    plant("docs/release.md", "NONE", "versions-and-dates", false, Item.line("Version 4.12.1 released 2026-03-04 (build 20260304.1122), see 10.12.4.1."));
    String valid = card("4", 16, false);
    plant("src/test/java/com/acme/CardTest.java", "NONE", "luhn-invalid-card", false,
        Item.line("    assertThat(parse(\"" + valid.substring(0, 15) + badLuhnDigit(valid) + "\")).isEmpty();"));
    plant("docs/ids.txt", "NONE", "invalid-ssn", false, Item.line("SSN 000-12-3456 is never issued."));
    plant("docs/ml.md", "NONE", "machine-learning-prose", false, Item.line("Our machine learning password reset model flags risky logins."));
    plant("src/main/java/com/acme/Ui.java", "NONE", "confidential-ui-string", false, Item.line("    label.setText(\"Confidential\");"));
    plant("src/main/java/com/acme/Level.java", "NONE", "classification-enum", false, Item.line("  SECRET, TOP_SECRET, CONFIDENTIAL, UNCLASSIFIED;"));
    plant("LICENSE", "NONE", "license-text", false, Item.line("Licensed under the Apache License, Version 2.0 (the \"License\"); you may not use this file except in compliance with the License."));
    plant("scripts/db.sh", "NONE", "mysql-prompt", false, Item.line("mysql -h db.acme.internal -u ledger -p ledger < schema.sql"));
    plant("scripts/login.sh", "NONE", "docker-login-stdin", false, Item.line("echo \"$REGISTRY_TOKEN\" | docker login -u ci --password-stdin registry.acme.internal"));
    plant("src/test/resources/application-test.properties", "SECRET", "test-path-credential", false,
        Item.line("spring.datasource.password=" + password()));
  }

  // ------------------------------------------------------------------ value makers

  private String str(int n, String alphabet) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /**
   * A PyPI token as PyPI issues them: a version-2 macaroon for pypi.org (identifier, one caveat,
   * a 32-byte signature), base64url. Its bytes come from {@code seed}, drawn like every other
   * value, so the rest of the corpus does not depend on how a token is built.
   */
  private static String pypiToken(String seed) {
    Random r = new Random(seed.hashCode());
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(2);
    macaroonField(out, 1, "pypi.org".getBytes(StandardCharsets.US_ASCII));
    macaroonField(out, 2, ("{\"nonce\": \"" + Long.toHexString(r.nextLong()) + "\", \"version\": 1}")
        .getBytes(StandardCharsets.US_ASCII));
    out.write(0);
    macaroonField(out, 2, ("{\"permissions\": \"user\", \"version\": 1, \"n\": " + r.nextInt(1000) + "}")
        .getBytes(StandardCharsets.US_ASCII));
    out.write(0);
    out.write(0);
    byte[] signature = new byte[32];
    r.nextBytes(signature);
    macaroonField(out, 6, signature);
    return "pypi-" + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
  }

  private static void macaroonField(java.io.ByteArrayOutputStream out, int tag, byte[] data) {
    out.write(tag);
    int n = data.length;
    while (n >= 128) {
      out.write((n & 127) | 128);
      n >>>= 7;
    }
    out.write(n);
    out.writeBytes(data);
  }

  private String digits(int n) {
    return Integer.toString(1 + random.nextInt(9)) + str(n - 1, "0123456789");
  }

  /** A password as people choose them for services: mixed classes, 12-20 characters. */
  private String password() {
    String p;
    do {
      p = str(12 + random.nextInt(9), PW);
    } while (!p.matches(".*[0-9].*") || !p.matches(".*[a-z].*") || !p.matches(".*[A-Z].*")
        || p.startsWith("-") || p.startsWith("#") || p.startsWith("=") || p.startsWith("*"));
    return p;
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  private String word() {
    return pick("order", "ledger", "invoice", "account", "route", "cache", "batch", "queue", "report",
        "session", "customer", "shipment", "metric", "tenant", "price");
  }

  /** GitHub's token shape: 30 random base62 characters and their CRC32 in 6 base62 digits. */
  private String githubToken(String prefix) {
    String body = str(30, ALNUM);
    return prefix + body + base62Crc(body);
  }

  private String npmToken() {
    String body = str(30, ALNUM);
    return "npm_" + body + base62Crc(body);
  }

  private static String base62Crc(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.US_ASCII));
    long v = crc.getValue();
    StringBuilder sb = new StringBuilder();
    while (v > 0) {
      sb.append(B62.charAt((int) (v % 62)));
      v /= 62;
    }
    while (sb.length() < 6) {
      sb.append('0');
    }
    return sb.reverse().toString();
  }

  private String jwt() {
    Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
    String header = b.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b.encodeToString(("{\"sub\":\"svc-" + str(8, HEX) + "\",\"iat\":" + (1700000000 + random.nextInt(50000000)) + ",\"scope\":\"orders:write\"}").getBytes(StandardCharsets.UTF_8));
    byte[] sig = new byte[32];
    random.nextBytes(sig);
    return header + "." + payload + "." + b.encodeToString(sig);
  }

  private Item dockerConfig() {
    String auth = Base64.getEncoder().encodeToString(("ci:" + password()).getBytes(StandardCharsets.UTF_8));
    return Item.block(List.of("{", "  \"auths\": {", "    \"registry.acme.internal\": {", "      \"auth\": \"" + auth + "\"", "    }", "  }", "}"), 3, 3);
  }

  private List<String> pem(String type, int bodyLines) {
    List<String> lines = new ArrayList<>();
    lines.add("-----BEGIN " + type + "-----");
    for (int i = 0; i < bodyLines; i++) {
      lines.add(str(64, B64));
    }
    lines.add(str(24, B64) + "==");
    lines.add("-----END " + type + "-----");
    return lines;
  }

  /** A US SSN that the issuing rules allow (area not 000, 666 or 9xx; group and serial not 0). */
  private String ssn(boolean dashed) {
    int area;
    do {
      area = 1 + random.nextInt(899);
    } while (area == 666);
    int group = 1 + random.nextInt(99);
    int serial = 1 + random.nextInt(9999);
    String sep = dashed ? "-" : "";
    return String.format("%03d%s%02d%s%04d", area, sep, group, sep, serial);
  }

  private String iban(String country, int bbanDigits) {
    String bban = str(bbanDigits, "0123456789");
    String rearranged = bban + letterDigits(country) + "00";
    int check = 98 - mod97(rearranged);
    return country + String.format("%02d", check) + bban;
  }

  private static String letterDigits(String letters) {
    StringBuilder sb = new StringBuilder();
    for (char c : letters.toCharArray()) {
      sb.append(c - 'A' + 10);
    }
    return sb.toString();
  }

  private static int mod97(String digits) {
    int r = 0;
    for (char c : digits.toCharArray()) {
      r = (r * 10 + (c - '0')) % 97;
    }
    return r;
  }

  /** A Luhn-valid card number with a real brand prefix, grouped in fours when asked. */
  private String card(String prefix, int length, boolean grouped) {
    String body;
    do {
      body = prefix + str(length - 1 - prefix.length(), "0123456789");
    } while (body.startsWith("4111") || body.startsWith("4242") || body.startsWith("5555"));
    String full = body + luhnDigit(body);
    if (!grouped) {
      return full;
    }
    return full.substring(0, 4) + " " + full.substring(4, 8) + " " + full.substring(8, 12) + " " + full.substring(12);
  }

  private static int luhnDigit(String body) {
    int sum = 0;
    boolean dbl = true;
    for (int i = body.length() - 1; i >= 0; i--) {
      int d = body.charAt(i) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return (10 - sum % 10) % 10;
  }

  private static char badLuhnDigit(String grouped) {
    String digits = grouped.replace(" ", "");
    int good = luhnDigit(digits.substring(0, 15));
    return (char) ('0' + (good + 1) % 10);
  }

  private static final String[] FIRST = {"Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Robin", "Jamie", "Avery", "Quinn"};
  private static final String[] LAST = {"Testperson", "Sampleton", "Fakename", "Placeholder", "Exampleson", "Mockridge", "Synthwood", "Dummett"};

  private List<String> peopleCsv(int rows, boolean withSsn) {
    List<String> lines = new ArrayList<>();
    lines.add(withSsn ? "customer_id,first_name,last_name,ssn,city" : "customer_id,first_name,last_name,city");
    for (int i = 0; i < rows; i++) {
      lines.add((10000 + i) + "," + FIRST[random.nextInt(FIRST.length)] + "," + LAST[random.nextInt(LAST.length)]
          + (withSsn ? "," + ssn(true) : "") + "," + pick("Springfield", "Riverton", "Lakeside", "Fairview"));
    }
    return lines;
  }

  private List<String> emailCsv(int rows) {
    List<String> lines = new ArrayList<>();
    lines.add("email,first_name,subscribed_at");
    for (int i = 0; i < rows; i++) {
      String first = FIRST[random.nextInt(FIRST.length)];
      lines.add(first.toLowerCase(Locale.ROOT) + "." + str(6, "abcdefghijklmnopqrstuvwxyz") + i + "@" + pick("mailbox-demo.com", "post-demo.de", "inbox-demo.net") + "," + first + ",2026-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10));
    }
    return lines;
  }

  private List<String> hl7() {
    String mrn = digits(8);
    return List.of(
        "MSH|^~\\&|ADT1|GOOD HEALTH HOSPITAL|GHH LAB|GHH|202603041122||ADT^A01|MSG" + digits(6) + "|P|2.5",
        "PID|1||" + mrn + "^^^GHH^MR||" + LAST[random.nextInt(LAST.length)].toUpperCase(Locale.ROOT) + "^" + FIRST[random.nextInt(FIRST.length)].toUpperCase(Locale.ROOT) + "||19" + (50 + random.nextInt(49)) + "0612|F|||12 MAPLE ST^^SPRINGFIELD^IL^62701||555-0142|||S||" + mrn + "|" + ssn(true),
        "PV1|1|I|2000^2012^01||||004777^GOOD^SIDNEY^J.|||SUR||||ADM|A0|");
  }

  private List<String> fhirPatient() {
    return List.of(
        "{",
        "  \"resourceType\": \"Patient\",",
        "  \"id\": \"pat-" + str(6, HEX) + "\",",
        "  \"identifier\": [{\"system\": \"http://hospital.example/mrn\", \"value\": \"" + digits(8) + "\"}],",
        "  \"name\": [{\"family\": \"" + LAST[random.nextInt(LAST.length)] + "\", \"given\": [\"" + FIRST[random.nextInt(FIRST.length)] + "\"]}],",
        "  \"gender\": \"female\",",
        "  \"birthDate\": \"19" + (50 + random.nextInt(49)) + "-06-12\",",
        "  \"address\": [{\"line\": [\"12 Maple St\"], \"city\": \"Springfield\", \"postalCode\": \"62701\"}],",
        "  \"telecom\": [{\"system\": \"phone\", \"value\": \"+1 217 555 0142\"}],",
        "  \"active\": true",
        "}");
  }
}
