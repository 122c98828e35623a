package dev.airlock.cli;

import dev.airlock.report.FeedSignature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
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
      "Checks that FILE is exactly the file that was signed: FILE.sig must be the Ed25519",
      "signature of FILE's bytes by the private key that belongs to --key.",
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
      "",
      "Exit codes: 0 the signature is valid; 1 it does not match (FILE or FILE.sig was changed,",
      "            or another key signed it); 2 usage error, or a file or key cannot be read."
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

    PrintWriter out = spec.commandLine().getOut();
    if (FeedSignature.verify(content, sigText, publicKey)) {
      out.println(file + ": valid signature by key " + FeedSignature.fingerprint(publicKey));
      out.flush();
      return 0;
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "airlock: " + file + ": signature does NOT match (" + sigFile.getFileName()
            + " is not key " + FeedSignature.fingerprint(publicKey)
            + "'s signature of this file: it was changed, or another key signed it)");
    err.flush();
    return EXIT_MISMATCH;
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
