package dev.airlock.rules.validate;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Bitcoin's Base58Check: the decoded bytes end with the first 4 bytes of SHA-256(SHA-256(rest)).
 * Wallet import format (WIF) private keys and BIP-32 extended private keys ({@code xprv}, {@code
 * tprv}) use it.
 */
public final class Base58Check implements Checksum {
  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  @Override
  public String name() {
    return "base58check";
  }

  @Override
  public boolean covers(CharSequence value) {
    return value.length() >= 6 && value.length() <= 200 && new Alphabet(ALPHABET).spans(value, 0);
  }

  @Override
  public boolean verifies(CharSequence value) {
    if (!covers(value)) {
      return false;
    }
    byte[] bytes = decode(value);
    if (bytes.length < 5) {
      return false;
    }
    byte[] payload = Arrays.copyOf(bytes, bytes.length - 4);
    byte[] hash = sha256(sha256(payload));
    return Arrays.equals(hash, 0, 4, bytes, bytes.length - 4, bytes.length);
  }

  static byte[] decode(CharSequence value) {
    BigInteger n = BigInteger.ZERO;
    BigInteger base = BigInteger.valueOf(58);
    int zeros = 0;
    boolean leading = true;
    for (int i = 0; i < value.length(); i++) {
      int digit = ALPHABET.indexOf(value.charAt(i));
      if (leading && digit == 0) {
        zeros++;
      } else {
        leading = false;
      }
      n = n.multiply(base).add(BigInteger.valueOf(digit));
    }
    byte[] body = n.signum() == 0 ? new byte[0] : n.toByteArray();
    if (body.length > 0 && body[0] == 0) {
      body = Arrays.copyOfRange(body, 1, body.length);
    }
    byte[] out = new byte[zeros + body.length];
    System.arraycopy(body, 0, out, zeros, body.length);
    return out;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
