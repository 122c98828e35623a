package dev.airlock.index;

import org.apache.lucene.analysis.Analyzer;

/**
 * The analyzer of the {@code content} field: {@link CodeTokenizer} alone, or for the index writer
 * {@link TermSetTokenizer}. The on-disk index gets each document's distinct terms (it keeps no
 * positions); queries, query rules and the check of each search answer get every token at its
 * position. Thread-safe, as every Lucene analyzer (each thread reuses its own tokenizer).
 */
final class CodeAnalyzer extends Analyzer {
  private final boolean distinct;

  /** Every token at its position, with offsets. */
  CodeAnalyzer() {
    this(false);
  }

  private CodeAnalyzer(boolean distinct) {
    this.distinct = distinct;
  }

  /** Each term once per document: what the index writer is given. */
  static CodeAnalyzer distinctTerms() {
    return new CodeAnalyzer(true);
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    return new TokenStreamComponents(distinct ? new TermSetTokenizer() : new CodeTokenizer());
  }
}
