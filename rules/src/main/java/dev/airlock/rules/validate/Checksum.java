package dev.airlock.rules.validate;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A checksum that a token format embeds, verified offline. Unlike a {@link Validator}, a checksum
 * never drops a match: a value whose checksum verifies is a real token of the format (confidence
 * HIGH), one of the right shape whose checksum fails is a typo or a made-up example (confidence
 * LOW). Implementations are pure and thread-safe.
 */
public interface Checksum {

  /** The name rule packs use in {@code checksum:}. */
  String name();

  /**
   * True when {@code value} has the shape that carries this checksum; a value of another shape
   * (an older format the same rule also finds) keeps its confidence.
   */
  boolean covers(CharSequence value);

  /** True when the embedded checksum of a covered {@code value} is right. */
  boolean verifies(CharSequence value);

  /** The checksum called {@code name} in rule packs. */
  static Checksum named(String name) {
    Checksum c = Registry.BY_NAME.get(name);
    if (c == null) {
      throw new IllegalArgumentException(
          "unknown checksum '" + name + "'; known checksums: " + names());
    }
    return c;
  }

  static Set<String> names() {
    return Registry.BY_NAME.keySet();
  }

  /** Holds the built-in checksums; an interface cannot have private static fields. */
  final class Registry {
    private static final Map<String, Checksum> BY_NAME = new TreeMap<>();

    static {
      for (Checksum c :
          new Checksum[] {
            new GithubCrc32(), new GitlabRoutableCrc32(), new Base58Check(), new Bech32(),
            new PypiMacaroon()
          }) {
        BY_NAME.put(c.name(), c);
      }
    }

    private Registry() {}
  }
}
