package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.report.FeedSignature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airlock verify}: checks a signed feed against its detached signature. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    sortOptions = false,
    description = {
      "Checks a signed feed (labels.json) against its signature, FILE.sig.",
      "",
      "FILE.sig must be the Ed25519 signature of exactly FILE's bytes, made by the private key",
      "that belongs to --key.",
      "",
      "A gateway runs this before it loads a labels.json, and refuses a forged, altered or",
      "foreign feed. 'airlock scan --format labels --output FILE --sign KEY' writes FILE.sig.",
      ""
    },
    footer = {
      "",
      "Keys (PEM, as OpenSSL writes them):",
      "  openssl genpkey -algorithm ed25519 -out feed.key     the private key, for --sign",
      "  openssl pkey -in feed.key -pubout -out feed.pub      the public key, for --key",
      "",
      "Example:",
      "  airlock verify labels.json --key feed.pub && load-into-gateway labels.json",
      "  airlock verify labels.json --key feed.pub --max-age 36h     also refuse a stale feed",
      "",
      "Exit codes: 0 the signature is valid; 1 it does not match (FILE or FILE.sig was changed,",
      "            or another key signed it), or the feed is older than --max-age;",
      "            2 usage error, or a file or key cannot be read."
    })
final class VerifyCommand implements Callable<Integer> {
  /** Exit code when the signature does not match. */
  static final int EXIT_MISMATCH = 1;

  @Parameters(paramLabel = "FILE", description = "The signed file, e.g. labels.json.")
  Path file;

  @Option(
      names = "--key",
      paramLabel = "PUBKEY",
      required = true,
      description = "The signer's Ed25519 public key (PEM, from 'openssl pkey -pubout').")
  Path key;

  @Option(
      names = "--signature",
      paramLabel = "SIGFILE",
      description = "The signature file (default: FILE.sig beside FILE).")
  Path signature;

  @Option(
      names = "--max-age",
      paramLabel = "AGE",
      converter = AgeConverter.class,
      description = {
        "Also refuse a stale feed: exit 1 when its generatedAt is older than AGE,",
        "e.g. 90m, 36h, 7d."
      })
  Duration maxAge;

  @Option(
      names = {"-v", "--verbose"},
      description = "Show stack traces of errors.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Path sigFile = signature == null ? FeedSignature.signaturePath(file) : signature;
    PublicKey publicKey;
    try {
      publicKey = FeedSignature.readPublicKey(key);
    } catch (FeedSignature.KeyException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    } catch (IOException e) {
      throw usage(key, "cannot read the public key", e);
    }
    byte[] content = read(file, "cannot read the signed file");
    String sigText = new String(read(sigFile, "cannot read the signature"), StandardCharsets.US_ASCII);

    if (!FeedSignature.verify(content, sigText, publicKey)) {
      return refuse(
          "signature does NOT match (" + sigFile.getFileName() + " is not key "
              + FeedSignature.fingerprint(publicKey)
              + "'s signature of this file: it was changed, or another key signed it)");
    }
    if (maxAge != null) {
      Instant generatedAt = generatedAt(content);
      if (generatedAt == null) {
        return refuse("signature valid, but --max-age needs a feed with a generatedAt time");
      }
      Duration age = Duration.between(generatedAt, Instant.now());
      if (age.compareTo(maxAge) > 0) {
        return refuse(
            "signature valid, but the feed is stale: generated at " + generatedAt + ", "
                + age.toHours() + " h ago, more than --max-age " + AgeConverter.show(maxAge));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(file + ": valid signature by key " + FeedSignature.fingerprint(publicKey));
    out.flush();
    return 0;
  }

  private int refuse(String why) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("airlock: " + file + ": " + why);
    err.flush();
    return EXIT_MISMATCH;
  }

  /** The feed's generatedAt, or null when it has none (or is not JSON). */
  private static Instant generatedAt(byte[] content) {
    try {
      JsonNode at = new ObjectMapper().readTree(content).path("generatedAt");
      return at.isTextual() ? Instant.parse(at.asText()) : null;
    } catch (IOException | DateTimeParseException e) {
      return null;
    }
  }

  /** Ages as people write them: a number and s, m, h or d. */
  static final class AgeConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhd])");

    @Override
    public Duration convert(String value) {
      Matcher m = AGE.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not an age; write a number and s, m, h or d, e.g. 36h or 7d");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }

    static String show(Duration d) {
      return d.toSeconds() % 86_400 == 0 ? d.toDays() + "d"
          : d.toSeconds() % 3600 == 0 ? d.toHours() + "h"
          : d.toSeconds() % 60 == 0 ? d.toMinutes() + "m"
          : d.toSeconds() + "s";
    }
  }

  private byte[] read(Path path, String what) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw usage(path, what, e);
    }
  }

  private CommandLine.ParameterException usage(Path path, String what, IOException e) {
    String why = e instanceof NoSuchFileException ? "no such file" : Main.oneLine(e);
    return new CommandLine.ParameterException(spec.commandLine(), path + ": " + what + ": " + why);
  }
}
