package dev.airlock.rules.validate;

import java.util.Locale;

/**
 * The Bech32 checksum of BIP-173: a human-readable part, the separator '1', data characters and a
 * 6-character BCH checksum over both. age secret keys ({@code AGE-SECRET-KEY-1...}) and Nostr
 * private keys ({@code nsec1...}) use it. Upper and lower case may not be mixed.
 */
public final class Bech32 implements Checksum {
  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

  @Override
  public String name() {
    return "bech32";
  }

  @Override
  public boolean covers(CharSequence value) {
    String s = value.toString();
    if (s.length() > 200 || !s.equals(s.toLowerCase(Locale.ROOT)) && !s.equals(s.toUpperCase(Locale.ROOT))) {
      return false;
    }
    String lower = s.toLowerCase(Locale.ROOT);
    int separator = lower.lastIndexOf('1');
    if (separator < 1 || lower.length() - separator - 1 < 6) {
      return false;
    }
    return new Alphabet(CHARSET).spans(lower, separator + 1);
  }

  @Override
  public boolean verifies(CharSequence value) {
    if (!covers(value)) {
      return false;
    }
    String s = value.toString().toLowerCase(Locale.ROOT);
    int separator = s.lastIndexOf('1');
    int checksum = 1;
    for (int i = 0; i < separator; i++) {
      checksum = step(checksum, s.charAt(i) >> 5);
    }
    checksum = step(checksum, 0);
    for (int i = 0; i < separator; i++) {
      checksum = step(checksum, s.charAt(i) & 31);
    }
    for (int i = separator + 1; i < s.length(); i++) {
      checksum = step(checksum, CHARSET.indexOf(s.charAt(i)));
    }
    return checksum == 1;
  }

  private static int step(int checksum, int value) {
    int top = checksum >>> 25;
    int next = (checksum & 0x1ffffff) << 5 ^ value;
    for (int i = 0; i < 5; i++) {
      if ((top >>> i & 1) != 0) {
        next ^= GENERATOR[i];
      }
    }
    return next;
  }
}
