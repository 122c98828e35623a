package dev.airlock.rules.validate;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An exact, offline check of a candidate value: a checksum, a number range, a structure. A value
 * that fails its rule's validator is not a finding. Implementations are pure and thread-safe.
 */
public interface Validator {

  /** The name rule packs use in {@code validator:}. */
  String name();

  boolean isValid(CharSequence value);

  /** The validator called {@code name} in rule packs. */
  static Validator named(String name) {
    Validator v = Registry.BY_NAME.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "unknown validator '" + name + "'; known validators: " + names());
    }
    return v;
  }

  static Set<String> names() {
    return Registry.BY_NAME.keySet();
  }

  /** Holds the built-in validators; an interface cannot have private static fields. */
  final class Registry {
    private static final Map<String, Validator> BY_NAME = new TreeMap<>();

    static {
      for (Validator v :
          new Validator[] {
            new Luhn(), new PaymentCard(), new IbanMod97(), new UsSsn(), new Jwt(),
            new EncodedPlaceholder(), new UsItin(), new UkNhsNumber(), new UkNino(), new CaSin(),
            new DeSteuerId(), new FrNir(), new Verhoeff(), new InAadhaar(), new UsNpi(),
            new UsDeaNumber(), new PhoneNumber(), new CalendarDate(),
          }) {
        BY_NAME.put(v.name(), v);
      }
    }

    private Registry() {}
  }
}
