package dev.airlock.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detached Ed25519 signatures of a feed file, with the JDK's own crypto only.
 *
 * <p>The signature covers the file's bytes exactly as written (Airlock writes labels.json in one
 * canonical form: UTF-8, '\n' line ends, fixed field order, sorted lists), so any change to the
 * file, even of whitespace, breaks it. The signature file, {@code FILE.sig}, holds the 64-byte
 * Ed25519 signature in standard Base64 and a newline. Keys are PEM files as OpenSSL writes them:
 * {@code openssl genpkey -algorithm ed25519 -out feed.key} (PKCS#8 private key) and {@code openssl
 * pkey -in feed.key -pubout -out feed.pub} (X.509 SubjectPublicKeyInfo). OpenSSL verifies a
 * signature made here with {@code base64 -d FILE.sig > sig.bin; openssl pkeyutl -verify -pubin
 * -inkey feed.pub -rawin -in FILE -sigfile sig.bin}.
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class FeedSignature {
  /** The suffix of the signature file written beside a signed file. */
  public static final String SUFFIX = ".sig";

  private static final String ALGORITHM = "Ed25519";
  private static final int SIGNATURE_BYTES = 64;
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  // DER encodings of the algorithm identifiers a key file may name.
  private static final byte[] OID_ED25519 = {0x06, 0x03, 0x2b, 0x65, 0x70};
  private static final byte[] OID_ED448 = {0x06, 0x03, 0x2b, 0x65, 0x71};
  private static final byte[] OID_X25519 = {0x06, 0x03, 0x2b, 0x65, 0x6e};
  private static final byte[] OID_RSA = {
    0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01
  };
  private static final byte[] OID_EC = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

  private FeedSignature() {}

  /** A key file that cannot be used: the message is one line naming the file and the fix. */
  public static final class KeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KeyException(String message) {
      super(message);
    }

    KeyException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The path of the signature that belongs to {@code file}: {@code FILE.sig} beside it. */
  public static Path signaturePath(Path file) {
    return file.resolveSibling(file.getFileName() + SUFFIX);
  }

  /** Reads an Ed25519 private key from a PKCS#8 PEM file. */
  public static PrivateKey readPrivateKey(Path pem) throws IOException {
    byte[] der = pemBody(pem, "PRIVATE KEY", "the private key (openssl genpkey -algorithm ed25519)");
    checkAlgorithm(pem, der, "private");
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new KeyException(pem + ": not a readable Ed25519 private key (" + e.getMessage() + ")", e);
    }
  }

  /** Reads an Ed25519 public key from a PEM file ({@code openssl pkey -pubout}). */
  public static PublicKey readPublicKey(Path pem) throws IOException {
    byte[] der = pemBody(pem, "PUBLIC KEY", "the public key (openssl pkey -in KEY -pubout)");
    checkAlgorithm(pem, der, "public");
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new KeyException(pem + ": not a readable Ed25519 public key (" + e.getMessage() + ")", e);
    }
  }

  /** The signature file's text for {@code content}: Base64 of the signature and a newline. */
  public static String sign(byte[] content, PrivateKey key) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(content);
      return Base64.getEncoder().encodeToString(signer.sign()) + "\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed: " + e.getMessage(), e);
    }
  }

  /**
   * True when {@code signatureText} (a signature file's content) is {@code key}'s signature of
   * exactly {@code content}. A signature file that is not Base64 of 64 bytes is simply no match.
   */
  public static boolean verify(byte[] content, String signatureText, PublicKey key) {
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(signatureText.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (signature.length != SIGNATURE_BYTES) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(content);
      return verifier.verify(signature);
    } catch (java.security.SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 verification failed: " + e.getMessage(), e);
    }
  }

  /** A short, printable identity of a public key: the first bytes of SHA-256 of its encoding. */
  public static String fingerprint(PublicKey key) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static byte[] pemBody(Path pem, String wanted, String whatToGive) throws IOException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    Matcher m = PEM.matcher(text);
    if (!m.find()) {
      throw new KeyException(pem + ": not a PEM key file; give " + whatToGive);
    }
    String type = m.group(1);
    if (!type.equals(wanted)) {
      throw new KeyException(pem + ": " + describe(type) + "; give " + whatToGive);
    }
    try {
      return Base64.getMimeDecoder().decode(m.group(2));
    } catch (IllegalArgumentException e) {
      throw new KeyException(pem + ": the PEM body is not valid Base64; give " + whatToGive, e);
    }
  }

  private static String describe(String pemType) {
    return switch (pemType) {
      case "PUBLIC KEY" -> "holds a public key, where a private key is needed";
      case "PRIVATE KEY" -> "holds a private key, where a public key is needed (never hand out the private key)";
      case "ENCRYPTED PRIVATE KEY" -> "holds an encrypted private key; Airlock reads only unencrypted PKCS#8 keys";
      case "RSA PRIVATE KEY", "RSA PUBLIC KEY" -> "holds an RSA key, not an Ed25519 key";
      case "EC PRIVATE KEY" -> "holds an EC key, not an Ed25519 key";
      case "OPENSSH PRIVATE KEY" -> "holds an OpenSSH-format key; Airlock reads PEM keys as openssl writes them";
      default -> "holds a '" + pemType + "' block, not an Ed25519 key";
    };
  }

  private static void checkAlgorithm(Path pem, byte[] der, String kind) {
    if (contains(der, OID_ED25519)) {
      return;
    }
    String algorithm =
        contains(der, OID_RSA) ? "RSA"
            : contains(der, OID_EC) ? "EC"
            : contains(der, OID_ED448) ? "Ed448"
            : contains(der, OID_X25519) ? "X25519"
            : "unknown-algorithm";
    throw new KeyException(
        pem + ": an " + algorithm + " " + kind
            + " key; feeds are signed with Ed25519 (openssl genpkey -algorithm ed25519)");
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
