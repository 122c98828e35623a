package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.report.FeedSignature;
import dev.airlock.report.JsonSchemaCheck;
import dev.airlock.scan.TestRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code scan --format labels|sarif}, {@code --sign} and {@code airlock verify}, as a user runs them. */
class FeedCommandsTest {
  @TempDir Path tmp;

  private final Random random = new Random(5L);

  @RegisterExtension final CapturedOutput io = new CapturedOutput();

  private Path repo() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("billing"))) {
      repo.write("config/app.properties", "github.token=" + TestRepo.githubToken(random) + "\n")
          .write("README.md", "# Billing\n")
          .commit("initial");
      repo.remote("git@github.com:Acme/Billing.git");
    }
    return tmp.resolve("billing");
  }

  /** An Ed25519 key pair as PEM files, laid out as openssl writes them. */
  private record Keys(Path privateKey, Path publicKey) {}

  private Keys keys(String name) throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path priv = tmp.resolve(name + ".key");
    Path pub = tmp.resolve(name + ".pub");
    Files.writeString(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    return new Keys(priv, pub);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private Path signedFeed(Keys keys) throws Exception {
    Path feed = tmp.resolve("out/labels.json");
    int code = Main.run("scan", "--no-progress", "--format", "labels", "--output", feed.toString(),
        "--sign", keys.privateKey().toString(), repo().toString());
    assertThat(code).as(io.stderr()).isZero();
    JsonSchemaCheck.assertValidLabels(Files.readString(feed));
    return feed;
  }

  @Test
  void labelsFeedValidatesAgainstTheShippedSchema() throws Exception {
    Path feed = tmp.resolve("labels.json");

    int code = Main.run("scan", "--no-progress", "-f", "labels", "-o", feed.toString(), repo().toString());

    assertThat(code).isZero();
    String json = Files.readString(feed);
    JsonSchemaCheck.assertValidLabels(json);
    JsonNode repo = new ObjectMapper().readTree(json).at("/repositories/0");
    assertThat(repo.get("remote").asText()).isEqualTo("github.com/acme/billing");
    assertThat(repo.get("label").asText()).isEqualTo("ON_PREM_ONLY");
    assertThat(tmp.resolve("labels.json.sig")).doesNotExist();
  }

  @Test
  void sarifFromTheCommandLineValidatesAgainstTheOfficialSchema() throws Exception {
    assertThat(Main.run("scan", "--no-progress", "--format", "sarif", repo().toString())).isZero();

    JsonSchemaCheck.assertValidSarif(io.stdout());
    assertThat(new ObjectMapper().readTree(io.stdout()).at("/runs/0/results/0/ruleId").asText()).isNotBlank();
  }

  @Test
  void signedFeedVerifiesWithThePublicKey() throws Exception {
    Keys keys = keys("feed");
    Path feed = signedFeed(keys);

    Path sig = tmp.resolve("out/labels.json.sig");
    assertThat(Files.readString(sig)).matches("[A-Za-z0-9+/]{86}==\n");
    JsonSchemaCheck.assertValidLabels(Files.readString(feed));
    assertThat(Main.run("verify", feed.toString(), "--key", keys.publicKey().toString())).isZero();
    assertThat(io.stdout()).contains("labels.json: valid signature by key sha256:");
  }

  @Test
  void aTamperedFeedIsRejected() throws Exception {
    Keys keys = keys("feed");
    Path feed = signedFeed(keys);
    Files.writeString(feed, Files.readString(feed).replace("ON_PREM_ONLY", "CLOUD_ELIGIBLE"));

    int code = Main.run("verify", feed.toString(), "--key", keys.publicKey().toString());

    assertThat(code).isEqualTo(1);
    assertThat(io.stderr()).contains("signature does NOT match").hasLineCount(1);
    assertThat(io.stdout()).isEmpty();
  }

  @Test
  void aFeedWithOnlyItsLayoutChangedIsRejected() throws Exception {
    Keys keys = keys("feed");
    Path feed = signedFeed(keys);
    Files.writeString(feed, Files.readString(feed) + "\n");

    assertThat(Main.run("verify", feed.toString(), "--key", keys.publicKey().toString())).isEqualTo(1);
  }

  @Test
  void aTamperedSignatureIsRejected() throws Exception {
    Keys keys = keys("feed");
    Path feed = signedFeed(keys);
    Path sig = tmp.resolve("out/labels.json.sig");
    String text = Files.readString(sig);
    char first = text.charAt(0);
    Files.writeString(sig, (first == 'A' ? 'B' : 'A') + text.substring(1));

    assertThat(Main.run("verify", feed.toString(), "--key", keys.publicKey().toString())).isEqualTo(1);

    Files.writeString(sig, "not a signature at all\n");
    assertThat(Main.run("verify", feed.toString(), "--key", keys.publicKey().toString())).isEqualTo(1);
  }

  @Test
  void aFeedSignedByAnotherKeyIsRejected() throws Exception {
    Path feed = signedFeed(keys("feed"));
    Keys stranger = keys("stranger");

    assertThat(Main.run("verify", feed.toString(), "--key", stranger.publicKey().toString())).isEqualTo(1);
  }

  @Test
  void signNeedsTheLabelsFormatAndAnOutputFile() throws Exception {
    Keys keys = keys("feed");
    Path repo = repo();

    int json = Main.run("scan", "--no-progress", "-f", "json", "-o", tmp.resolve("r.json").toString(),
        "--sign", keys.privateKey().toString(), repo.toString());
    int stdoutOnly = Main.run("scan", "--no-progress", "-f", "labels",
        "--sign", keys.privateKey().toString(), repo.toString());

    assertThat(json).isEqualTo(2);
    assertThat(stdoutOnly).isEqualTo(2);
    assertThat(io.stderr()).contains("--sign signs the labels feed: add --format labels")
        .contains("--sign writes OUTPUT.sig beside the feed: add --output FILE");
    assertThat(tmp.resolve("r.json")).doesNotExist();
  }

  @Test
  void unusableSigningKeysAreOneLineUsageErrorsSayingWhatIsWrong() throws Exception {
    Path repo = repo();
    KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
    rsaGen.initialize(1024);
    Map<Path, String> keysAndProblems = new LinkedHashMap<>();
    keysAndProblems.put(Files.writeString(tmp.resolve("junk.key"), "hello\n"), "not a PEM key file");
    keysAndProblems.put(
        Files.writeString(tmp.resolve("rsa.key"), pem("PRIVATE KEY", rsaGen.generateKeyPair().getPrivate().getEncoded())),
        "an RSA private key; feeds are signed with Ed25519");
    keysAndProblems.put(keys("feed").publicKey(), "holds a public key, where a private key is needed");
    keysAndProblems.put(tmp.resolve("missing.key"), "cannot read the signing key");

    keysAndProblems.forEach((key, problem) -> {
      io.clearStderr();
      int code = Main.run("scan", "--no-progress", "-f", "labels", "-o", tmp.resolve("l.json").toString(),
          "--sign", key.toString(), repo.toString());
      assertThat(code).as(key.toString()).isEqualTo(2);
      assertThat(io.stderr().lines().findFirst().orElse("")).startsWith("airlock: " + key).contains(problem);
    });
    assertThat(tmp.resolve("l.json")).doesNotExist();
  }

  @Test
  void verifyWithoutSignatureOrWithAPrivateKeyIsAUsageError() throws Exception {
    Keys keys = keys("feed");
    Path feed = signedFeed(keys);

    int wrongKeyKind = Main.run("verify", feed.toString(), "--key", keys.privateKey().toString());
    Files.delete(tmp.resolve("out/labels.json.sig"));
    int noSig = Main.run("verify", feed.toString(), "--key", keys.publicKey().toString());

    assertThat(wrongKeyKind).isEqualTo(2);
    assertThat(noSig).isEqualTo(2);
    assertThat(io.stderr()).contains("holds a private key, where a public key is needed")
        .contains("labels.json.sig: cannot read the signature: no such file");
  }

  @Test
  void maxAgeAcceptsAFreshFeedAndRefusesAStaleOne() throws Exception {
    Keys keys = keys("feed");
    Path feed = signedFeed(keys);

    int fresh = Main.run("verify", feed.toString(), "--key", keys.publicKey().toString(), "--max-age", "1h");
    // The same feed, genuinely signed, but written long ago.
    String old = Files.readString(feed).replaceFirst("\"generatedAt\" : \"[^\"]+\"", "\"generatedAt\" : \"2020-01-01T00:00:00Z\"");
    Files.writeString(feed, old);
    Files.writeString(tmp.resolve("out/labels.json.sig"), FeedSignature.sign(
        old.getBytes(StandardCharsets.UTF_8), FeedSignature.readPrivateKey(keys.privateKey())));
    int stillValid = Main.run("verify", feed.toString(), "--key", keys.publicKey().toString());
    int stale = Main.run("verify", feed.toString(), "--key", keys.publicKey().toString(), "--max-age", "7d");
    int badAge = Main.run("verify", feed.toString(), "--key", keys.publicKey().toString(), "--max-age", "soon");

    assertThat(fresh).isZero();
    assertThat(stillValid).isZero();
    assertThat(stale).isEqualTo(1);
    assertThat(badAge).isEqualTo(2);
    assertThat(io.stderr())
        .contains("the feed is stale: generated at 2020-01-01T00:00:00Z")
        .contains("more than --max-age 7d")
        .contains("'soon' is not an age; write a number and s, m, h or d");
  }

  /** Interoperability with OpenSSL's own Ed25519, where an openssl binary exists. */
  @Test
  void opensslVerifiesOurSignatureAndWeVerifyOpensslKeys() throws Exception {
    assumeTrue(openssl("version") == 0, "openssl not installed");
    Path key = tmp.resolve("ossl.key");
    Path pub = tmp.resolve("ossl.pub");
    assertThat(openssl("genpkey", "-algorithm", "ed25519", "-out", key.toString())).isZero();
    assertThat(openssl("pkey", "-in", key.toString(), "-pubout", "-out", pub.toString())).isZero();
    Path feed = signedFeed(new Keys(key, pub));
    Path sigBin = tmp.resolve("sig.bin");
    Files.write(sigBin, Base64.getDecoder().decode(Files.readString(tmp.resolve("out/labels.json.sig")).strip()));

    int openSslSays = openssl("pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(), "-rawin",
        "-in", feed.toString(), "-sigfile", sigBin.toString());

    assertThat(openSslSays).isZero();
    assertThat(Main.run("verify", feed.toString(), "--key", pub.toString())).isZero();
  }

  private int openssl(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "openssl";
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException e) {
      return -1; // no openssl on this machine
    }
  }
}
