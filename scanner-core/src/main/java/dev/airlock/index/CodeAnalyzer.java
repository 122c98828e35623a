package dev.airlock.index;

import org.apache.lucene.analysis.Analyzer;

/**
 * The analyzer of the {@code content} field, at index and at query time: {@link CodeTokenizer}
 * alone. Thread-safe, as every Lucene analyzer (each thread reuses its own tokenizer).
 */
final class CodeAnalyzer extends Analyzer {
  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    return new TokenStreamComponents(new CodeTokenizer());
  }
}
