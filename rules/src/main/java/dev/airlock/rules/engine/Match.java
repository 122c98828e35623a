package dev.airlock.rules.engine;

import dev.airlock.rules.Confidence;
import dev.airlock.rules.Rule;

/**
 * One rule match in a text, before anything that depends on the file's path. Holds the value only
 * as its redacted form and a hash.
 *
 * @param rank the rule's position in its rule set; on overlapping values the earlier rule wins ties
 * @param start offset of the value's first character in the text
 * @param valueHash a hex SHA-256 prefix of the value, to count and fingerprint it without keeping it
 */
public record Match(
    Rule rule,
    int rank,
    int start,
    int end,
    int line,
    int column,
    Confidence confidence,
    String redacted,
    String valueHash) {}
