package dev.airlock.index;

import dev.airlock.rules.Redaction;
import dev.airlock.rules.Rule;
import dev.airlock.rules.RulePackException;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.engine.Match;
import dev.airlock.rules.engine.Matcher;
import dev.airlock.rules.engine.Matches;
import dev.airlock.rules.engine.Utf8Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

/**
 * Runs the rules written as Lucene queries ({@code query:} in a pack) beside the regex engine. A
 * file's text is analysed as the index's {@code content} field is, into a one-document in-memory
 * index, and each query rule's matches there become matches like any other: the matched words
 * (from the first to the last, for a phrase or proximity query) are the value, with its line and
 * column. So a query rule finds the same in a scan with or without an index, and its findings are
 * stored and reused like a regex rule's.
 *
 * <p>Files that contain none of a query's words are never analysed. Thread-safe.
 */
public final class QueryRules {
  private record Compiled(Rule rule, int rank, Query query, Set<String> words) {}

  private final List<Compiled> compiled;
  private final CodeAnalyzer analyzer = new CodeAnalyzer();

  private QueryRules(List<Compiled> compiled) {
    this.compiled = compiled;
  }

  /**
   * The engine for {@code rules}: its regex engine alone when it has no query rules, else one
   * that runs both. The regex engine is built at the first match, not here (a few hundred
   * milliseconds for Hyperscan): a rescan whose every file comes from the index never needs it.
   * Query rules are parsed here, so that a bad one is named at once.
   *
   * @throws RulePackException when a query does not parse
   */
  public static Matcher matcher(RuleSet rules) {
    List<Compiled> compiled = new ArrayList<>();
    for (int i = 0; i < rules.rules().size(); i++) {
      Rule r = rules.rules().get(i);
      if (r.isQuery()) {
        Query q;
        try {
          q = IndexSearch.parse(r.query());
        } catch (StateException e) {
          throw new RulePackException(
              r.source() + ": rule '" + r.id() + "': 'query' " + e.getMessage());
        }
        compiled.add(new Compiled(r, i, q, words(q)));
      }
    }
    Matcher regexes = onFirstMatch(rules);
    if (compiled.isEmpty()) {
      return regexes;
    }
    QueryRules queries = new QueryRules(List.copyOf(compiled));
    return new Matcher() {
      @Override
      public Matches match(String text) {
        return queries.addTo(regexes.match(text), text, null);
      }

      @Override
      public Matches match(String text, String path) {
        return queries.addTo(regexes.match(text, path), text, path);
      }

      @Override
      public Matches match(Utf8Text text, String path) {
        return queries.addTo(regexes.match(text, path), text.text(), path);
      }

      @Override
      public String describe() {
        return regexes.describe();
      }
    };
  }

  /** The rules' regex engine, asked of the rule set (which builds it once) at each call. */
  private static Matcher onFirstMatch(RuleSet rules) {
    return new Matcher() {
      @Override
      public Matches match(String text) {
        return rules.matcher().match(text);
      }

      @Override
      public Matches match(String text, String path) {
        return rules.matcher().match(text, path);
      }

      @Override
      public Matches match(Utf8Text text, String path) {
        return rules.matcher().match(text, path);
      }

      @Override
      public String describe() {
        return rules.matcher().describe();
      }
    };
  }

  /**
   * The lower-cased words a document must contain for the query to match it, or an empty set
   * when the query has patterns (wildcards) and so no such words.
   */
  private static Set<String> words(Query q) {
    Set<String> words = new HashSet<>();
    boolean[] patterns = {false};
    q.visit(
        new QueryVisitor() {
          @Override
          public void consumeTerms(Query query, Term... terms) {
            for (Term t : terms) {
              if (t.field().equals(LuceneState.CONTENT)) {
                words.add(t.text());
              }
            }
          }

          @Override
          public void consumeTermsMatching(
              Query query, String field, java.util.function.Supplier<ByteRunAutomaton> a) {
            patterns[0] = true;
          }

          @Override
          public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
            return occur == BooleanClause.Occur.MUST_NOT ? QueryVisitor.EMPTY_VISITOR : this;
          }
        });
    return patterns[0] ? Set.of() : Set.copyOf(words);
  }

  private Matches addTo(Matches found, String text, String path) {
    String lower = null;
    MemoryIndex index = null;
    List<Match> added = new ArrayList<>();
    for (Compiled c : compiled) {
      if (path != null && !c.rule().appliesTo(path)) {
        continue;
      }
      if (!c.words().isEmpty()) {
        if (lower == null) {
          lower = text.toLowerCase(Locale.ROOT);
        }
        if (c.words().stream().noneMatch(lower::contains)) {
          continue;
        }
      }
      if (index == null) {
        index = new MemoryIndex(true);
        index.addField(LuceneState.CONTENT, text, analyzer);
      }
      added.addAll(run(c, index, text));
    }
    if (added.isEmpty()) {
      return found;
    }
    List<Match> all = new ArrayList<>(found.matches());
    all.addAll(added);
    all.sort(Comparator.comparingInt(Match::start).thenComparingInt(Match::rank));
    return new Matches(all, found.exhaustedRules(), found.skippedRules());
  }

  private static List<Match> run(Compiled c, MemoryIndex index, String text) {
    try {
      IndexSearcher searcher = index.createSearcher();
      Weight weight =
          searcher.createWeight(searcher.rewrite(c.query()), ScoreMode.COMPLETE_NO_SCORES, 1);
      LeafReaderContext leaf = searcher.getIndexReader().leaves().get(0);
      org.apache.lucene.search.Matches matches = weight.matches(leaf, 0);
      MatchesIterator it = matches == null ? null : matches.getMatches(LuceneState.CONTENT);
      List<Match> out = new ArrayList<>();
      if (it == null) {
        return out;
      }
      Set<Long> seen = new HashSet<>();
      while (it.next()) {
        int start = Math.min(it.startOffset(), it.endOffset());
        int end = Math.max(it.startOffset(), it.endOffset());
        if (start < 0 || end > text.length() || end <= start || !seen.add(((long) start << 32) | end)) {
          continue;
        }
        String value = text.substring(start, end);
        int lineStart = text.lastIndexOf('\n', start - 1) + 1;
        int line = 1;
        for (int i = text.indexOf('\n'); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) {
          line++;
        }
        out.add(
            new Match(
                c.rule(),
                c.rank(),
                start,
                end,
                line,
                start - lineStart + 1,
                c.rule().confidence(),
                Redaction.redact(value),
                Redaction.hashHex(value, 16)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("query rule '" + c.rule().id() + "' failed", e);
    }
  }
}
