package dev.airlock.index;

import dev.airlock.extract.Extractor;
import dev.airlock.rules.Redaction;
import dev.airlock.source.BlobRef;
import dev.airlock.source.Source;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

/**
 * {@code airlock search}: Lucene query syntax over the index a scan with {@code --index code}
 * built, answered as lines of the scanned commit. Only blobs of the repository's current tree
 * are answered; each shown line has every finding value in it redacted.
 */
public final class IndexSearch {
  /** Fields a query may name; all but {@code content} are exact, and rule and category ignore case. */
  static final Set<String> FIELDS =
      Set.of(LuceneState.CONTENT, LuceneState.PATH, LuceneState.LANGUAGE, LuceneState.MIME,
          LuceneState.RULE, LuceneState.CATEGORY, LuceneState.BLOB);

  private static final int MAX_LINE = 240;

  private IndexSearch() {}

  /**
   * One answer.
   *
   * @param line 1-based, or 0 when the blob matched on its path, language or type alone
   * @param text the line, with finding values redacted and long lines cut; empty when line is 0
   */
  public record Hit(String path, int line, String text) {}

  /** A file of the commit that could not be read, so the answer may lack its lines. */
  public record Skipped(String path, String reason) {}

  /**
   * The answers, sorted by path and line, at most {@code limit} of them, and the files that could
   * not be checked (sorted by path).
   */
  public record Result(List<Hit> hits, boolean truncated, List<Skipped> skipped) {}

  /**
   * Answers {@code query} over the index of {@code source} (kept under {@code stateRoot}, or in
   * the repository when null).
   *
   * @throws StateException when there is no index, or it has no content, or the query is invalid
   */
  public static Result search(Source source, Path stateRoot, String query, int limit)
      throws StateException {
    Path dir = StateLocation.indexDir(source, stateRoot);
    if (dir == null) {
      throw new StateException(
          source.root() + ": a folder outside Git has an index only under --state DIR; scan it"
              + " with --state DIR and search with the same --state DIR");
    }
    if (!Files.isDirectory(dir)) {
      throw new StateException(
          source.root() + ": no index yet; run 'airlock scan" + (stateRoot == null ? "" : " --state " + stateRoot)
              + " " + source.root() + "' first");
    }
    Query parsed = parse(query);
    try (FSDirectory directory = FSDirectory.open(dir);
        DirectoryReader reader = DirectoryReader.open(directory)) {
      String schema = reader.getIndexCommit().getUserData().get(LuceneState.SCHEMA_KEY);
      if (reader.numDocs() > 0 && !String.valueOf(LuceneState.SCHEMA).equals(schema)) {
        throw new StateException(
            source.root() + ": the index was written by another version of airlock; scan again to"
                + " rebuild it, then search");
      }
      if (!hasContent(reader)) {
        throw new StateException(
            source.root() + ": the index holds no file content (it was built with --index"
                + " findings); scan with --index code to search");
      }
      return answer(source, reader, parsed, limit);
    } catch (IndexNotFoundException e) {
      throw new StateException(
          source.root() + ": no index yet; run 'airlock scan " + source.root() + "' first", e);
    } catch (IOException e) {
      throw new StateException(
          dir + ": cannot read the index (" + LuceneState.oneLine(e) + "); scan again to rebuild it", e);
    }
  }

  private static boolean hasContent(DirectoryReader reader) {
    for (LeafReaderContext leaf : reader.leaves()) {
      FieldInfo info = leaf.reader().getFieldInfos().fieldInfo(LuceneState.CONTENT);
      if (info != null) {
        return true;
      }
    }
    return reader.numDocs() == 0;
  }

  static Query parse(String query) throws StateException {
    QueryParser parser = new QueryParser(LuceneState.CONTENT, new QueryAnalyzer());
    parser.setAllowLeadingWildcard(true);
    parser.setDefaultOperator(QueryParser.Operator.AND);
    parser.setSplitOnWhitespace(true);
    try {
      return parser.parse(escapeInnerSlashes(query));
    } catch (ParseException | RuntimeException e) {
      String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new StateException(
          "cannot parse the query: " + m + " (Lucene query syntax, e.g. content:\"project falcon\""
              + " AND path:services/*)", e);
    }
  }

  /**
   * In Lucene's syntax a slash starts a regular expression; inside a term people mean a path
   * ({@code path:services/*}), so slashes that do not start a term are escaped.
   */
  static String escapeInnerSlashes(String query) {
    StringBuilder out = new StringBuilder(query.length() + 8);
    boolean quoted = false;
    boolean regex = false;
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      boolean escaped = i > 0 && query.charAt(i - 1) == '\\';
      if (c == '"' && !escaped && !regex) {
        quoted = !quoted;
      } else if (c == '/' && !escaped && !quoted) {
        char before = i == 0 ? ' ' : query.charAt(i - 1);
        boolean termStart = before == ':' || before == '(' || Character.isWhitespace(before);
        if (regex) {
          regex = false;
        } else if (termStart) {
          regex = true;
        } else {
          out.append('\\');
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static Result answer(Source source, DirectoryReader reader, Query parsed, int limit)
      throws IOException {
    TreeMap<String, Skipped> skipped = new TreeMap<>();
    Map<String, List<BlobRef>> tree = tree(source, skipped);
    IndexSearcher searcher = new IndexSearcher(reader);
    Query query =
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term(LuceneState.TYPE, "blob")), BooleanClause.Occur.FILTER)
            .add(candidates(parsed, reader), BooleanClause.Occur.MUST)
            .build();
    Predicate<String> wanted = findingTerms(searcher.rewrite(query));
    boolean readsContent = names(parsed, LuceneState.CONTENT);
    TopDocs top = searcher.search(query, Math.max(1, reader.maxDoc()));
    // Candidates in the order of their first path: once more than `limit` answers are known,
    // a blob whose first path sorts after the last of them cannot change the answer, and
    // reading and checking every remaining blob was most of a search's time.
    List<Candidate> candidates = new ArrayList<>();
    for (ScoreDoc sd : top.scoreDocs) {
      LeafReaderContext leaf = reader.leaves().get(ReaderUtilIndex.of(reader, sd.doc));
      int doc = sd.doc - leaf.docBase;
      Document stored = leaf.reader().storedFields().document(doc);
      List<BlobRef> refs = tree.get(stored.get(LuceneState.BLOB));
      if (refs != null) {
        String first = refs.stream().map(BlobRef::path).min(Comparator.naturalOrder()).orElseThrow();
        candidates.add(new Candidate(leaf, doc, stored, refs, first));
      }
    }
    candidates.sort(Comparator.comparing(Candidate::firstPath));
    List<String> required = requiredContentTerms(parsed);
    Extractor extractor = new Extractor();
    CodeAnalyzer analyzer = new CodeAnalyzer();
    TreeSet<Hit> hits =
        new TreeSet<>(Comparator.comparing(Hit::path).thenComparingInt(Hit::line));
    Set<String> seenBlobs = new HashSet<>();
    for (Candidate candidate : candidates) {
      while (hits.size() > limit + 1) {
        hits.pollLast(); // never among the first `limit`, and one more still says "truncated"
      }
      if (hits.size() > limit && candidate.firstPath().compareTo(hits.last().path()) > 0) {
        break;
      }
      LeafReaderContext leaf = candidate.leaf();
      int doc = candidate.doc();
      Document stored = candidate.stored();
      String blobId = stored.get(LuceneState.BLOB);
      List<BlobRef> refs = candidate.refs();
      if (seenBlobs.contains(blobId)) {
        continue;
      }
      List<int[]> spans = new ArrayList<>();
      Set<Integer> findingLines = new TreeSet<>();
      BinaryDocValues outcomes = leaf.reader().getBinaryDocValues(LuceneState.OUTCOME);
      if (outcomes != null && outcomes.advanceExact(doc)) {
        readSpans(outcomes.binaryValue().bytes, outcomes.binaryValue().offset,
            outcomes.binaryValue().length, wanted, spans, findingLines);
      }
      String text = null;
      if (readsContent || !findingLines.isEmpty()) {
        try {
          text = extractor.extract(source.load(refs.get(0))) instanceof Extractor.Text t ? t.text() : null;
        } catch (IOException | RuntimeException e) {
          // Its lines cannot be shown or checked; say so rather than answer as if it had none.
          for (BlobRef ref : refs) {
            skip(skipped, ref.path(), "cannot read it: " + LuceneState.oneLine(e));
          }
          continue;
        }
      }
      List<Integer> offsets = List.of();
      if (readsContent) {
        if (text != null && !containsAll(text, required)) {
          // A word the query requires is not even in the text: no need to analyse it.
          continue;
        }
        offsets = contentMatches(parsed, stored, text, analyzer);
        if (offsets == null) {
          // The index holds the blob's terms, not their order: a phrase it named is not there.
          continue;
        }
      }
      seenBlobs.add(blobId);
      if (offsets.isEmpty() && findingLines.isEmpty()) {
        for (BlobRef ref : refs) {
          hits.add(new Hit(ref.path(), 0, ""));
        }
        continue;
      }
      if (text == null) {
        continue;
      }
      int[] lineOffsets = lineOffsets(text);
      Set<Integer> lines = new TreeSet<>(findingLines);
      for (int offset : offsets) {
        lines.add(lineNumber(lineOffsets, lineStart(text, offset)));
      }
      for (int line : lines) {
        String shown = shownLine(text, lineOffsets, line, spans);
        for (BlobRef ref : refs) {
          hits.add(new Hit(ref.path(), line, shown));
        }
      }
    }
    List<Hit> out = new ArrayList<>(hits);
    boolean truncated = out.size() > limit;
    return new Result(
        truncated ? List.copyOf(out.subList(0, limit)) : List.copyOf(out),
        truncated,
        List.copyOf(skipped.values()));
  }

  private static void skip(Map<String, Skipped> skipped, String path, String reason) {
    skipped.putIfAbsent(path, new Skipped(path, reason));
  }

  private record Candidate(
      LeafReaderContext leaf, int doc, Document stored, List<BlobRef> refs, String firstPath) {}

  /**
   * Content terms that every match of {@code query} holds (a required term, or a word of a
   * required phrase). Each is a lower-cased piece of the file's text, so a file that lacks one as
   * a case-insensitive substring cannot match. Optional and excluded clauses add nothing.
   */
  static List<String> requiredContentTerms(Query query) {
    List<String> out = new ArrayList<>();
    if (query instanceof BoostQuery b) {
      out.addAll(requiredContentTerms(b.getQuery()));
    } else if (query instanceof TermQuery t && t.getTerm().field().equals(LuceneState.CONTENT)) {
      out.add(t.getTerm().text());
    } else if (query instanceof PhraseQuery p) {
      for (Term t : p.getTerms()) {
        if (t.field().equals(LuceneState.CONTENT)) {
          out.add(t.text());
        }
      }
    } else if (query instanceof BooleanQuery b) {
      for (BooleanClause c : b.clauses()) {
        if (c.getOccur() == BooleanClause.Occur.MUST || c.getOccur() == BooleanClause.Occur.FILTER) {
          out.addAll(requiredContentTerms(c.getQuery()));
        }
      }
    }
    return out;
  }

  /** Whether {@code text} holds each term, comparing its characters lower-cased as the analyzer does. */
  static boolean containsAll(String text, List<String> lowerTerms) {
    for (String term : lowerTerms) {
      if (!containsLowered(text, term)) {
        return false;
      }
    }
    return true;
  }

  private static boolean containsLowered(String text, String term) {
    int n = term.length();
    if (n == 0) {
      return true;
    }
    char first = term.charAt(0);
    for (int i = 0, last = text.length() - n; i <= last; i++) {
      if (Character.toLowerCase(text.charAt(i)) != first) {
        continue;
      }
      int j = 1;
      while (j < n && Character.toLowerCase(text.charAt(i + j)) == term.charAt(j)) {
        j++;
      }
      if (j == n) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs the query on one blob as the index would with positions: its text analysed token by
   * token, beside the fields stored for it. Returns the start offsets of the content the query
   * matched, or null when the blob does not match.
   */
  private static List<Integer> contentMatches(
      Query query, Document stored, String text, Analyzer analyzer) throws IOException {
    List<org.apache.lucene.index.IndexableField> fields = new ArrayList<>();
    if (text != null) {
      fields.add(new org.apache.lucene.document.TextField(LuceneState.CONTENT, text,
          org.apache.lucene.document.Field.Store.NO));
    }
    for (String name : CHECKED_FIELDS) {
      for (String value : stored.getValues(name)) {
        fields.add(new org.apache.lucene.document.StringField(name, value,
            org.apache.lucene.document.Field.Store.NO));
      }
    }
    MemoryIndex blob = MemoryIndex.fromDocument(fields, analyzer, true, false);
    IndexSearcher searcher = blob.createSearcher();
    Weight weight =
        searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1);
    Matches matches = weight.matches(searcher.getIndexReader().leaves().get(0), 0);
    if (matches == null) {
      return null;
    }
    List<Integer> offsets = new ArrayList<>();
    MatchesIterator it = matches.getMatches(LuceneState.CONTENT);
    if (it != null) {
      while (it.next()) {
        offsets.add(it.startOffset());
      }
    }
    return offsets;
  }

  /** The exact fields of a blob document, all stored: what {@link #contentMatches} rebuilds. */
  private static final List<String> CHECKED_FIELDS =
      List.of(LuceneState.PATH, LuceneState.LANGUAGE, LuceneState.MIME, LuceneState.BLOB,
          LuceneState.RULE, LuceneState.CATEGORY);

  /**
   * What the index can answer, matching every blob the query matches and perhaps more: the index
   * has no positions, and holds a compound token ({@code getUserName}) only as its parts. Phrases
   * become their words; a content term also matches the blobs that may hold it as a compound;
   * exclusions that changed are left to the check of each blob.
   */
  static Query candidates(Query q, IndexReader reader) throws IOException {
    if (q instanceof TermQuery t && isContent(t.getTerm().field())) {
      return contentTerm(t.getTerm(), reader);
    }
    if (q instanceof SynonymQuery syn && isContent(syn.getField())) {
      return anyOf(syn.getTerms(), reader);
    }
    if (q instanceof PhraseQuery p) {
      BooleanQuery.Builder all = new BooleanQuery.Builder();
      for (Term t : p.getTerms()) {
        all.add(candidates(new TermQuery(t), reader), BooleanClause.Occur.MUST);
      }
      return all.build();
    }
    if (q instanceof MultiPhraseQuery mp) {
      BooleanQuery.Builder all = new BooleanQuery.Builder();
      for (Term[] atPosition : mp.getTermArrays()) {
        all.add(anyOf(List.of(atPosition), reader), BooleanClause.Occur.MUST);
      }
      return all.build();
    }
    if (q instanceof PrefixQuery p && isContent(p.getField())) {
      return compoundsStartingWith(p, p.getPrefix().text(), reader);
    }
    if (q instanceof WildcardQuery w && isContent(w.getField())) {
      return compoundsStartingWith(w, literalPrefix(w.getTerm().text()), reader);
    }
    if (q instanceof MultiTermQuery m && isContent(m.getField())) {
      // Regular expressions, fuzzy terms and ranges over content: every blob is checked.
      return new MatchAllDocsQuery();
    }
    if (q instanceof BoostQuery b) {
      return new BoostQuery(candidates(b.getQuery(), reader), b.getBoost());
    }
    if (q instanceof BooleanQuery b) {
      BooleanQuery.Builder out = new BooleanQuery.Builder();
      out.setMinimumNumberShouldMatch(b.getMinimumNumberShouldMatch());
      for (BooleanClause c : b.clauses()) {
        Query relaxed = candidates(c.getQuery(), reader);
        if (c.getOccur() != BooleanClause.Occur.MUST_NOT) {
          out.add(relaxed, c.getOccur());
        } else if (relaxed.equals(c.getQuery())) {
          out.add(c);
        }
      }
      return out.build();
    }
    return q;
  }

  private static boolean isContent(String field) {
    return LuceneState.CONTENT.equals(field);
  }

  private static Query anyOf(List<Term> terms, IndexReader reader) throws IOException {
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    for (Term t : terms) {
      any.add(contentTerm(t, reader), BooleanClause.Occur.SHOULD);
    }
    return any.build();
  }

  /**
   * The term itself, or a compound equal to it: the compound's first part is then an indexed
   * prefix of the term and its last part an indexed suffix.
   */
  private static Query contentTerm(Term term, IndexReader reader) throws IOException {
    String text = term.text();
    BooleanQuery.Builder firsts = new BooleanQuery.Builder();
    BooleanQuery.Builder lasts = new BooleanQuery.Builder();
    boolean anyFirst = false;
    boolean anyLast = false;
    for (int i = 1; i < text.length(); i++) {
      Term prefix = indexed(text.substring(0, i));
      Term suffix = indexed(text.substring(i));
      if (reader.docFreq(prefix) > 0) {
        firsts.add(new TermQuery(prefix), BooleanClause.Occur.SHOULD);
        anyFirst = true;
      }
      if (reader.docFreq(suffix) > 0) {
        lasts.add(new TermQuery(suffix), BooleanClause.Occur.SHOULD);
        anyLast = true;
      }
    }
    Term whole = indexed(text);
    if (!anyFirst || !anyLast) {
      return new TermQuery(whole);
    }
    return new BooleanQuery.Builder()
        .add(new TermQuery(whole), BooleanClause.Occur.SHOULD)
        .add(new BooleanQuery.Builder()
            .add(firsts.build(), BooleanClause.Occur.MUST)
            .add(lasts.build(), BooleanClause.Occur.MUST)
            .build(), BooleanClause.Occur.SHOULD)
        .build();
  }

  /** The content term the index holds for {@code text}: long terms with a digit are shortened. */
  private static Term indexed(String text) {
    return new Term(LuceneState.CONTENT, TermSetTokenizer.indexedForm(text));
  }

  /**
   * A pattern over content matches a term, or a compound that starts with the pattern's literal
   * prefix: its first part then starts with that prefix or is an indexed prefix of it. Without a
   * literal prefix, every blob is checked.
   */
  private static Query compoundsStartingWith(Query pattern, String prefix, IndexReader reader)
      throws IOException {
    if (prefix.isEmpty()) {
      return new MatchAllDocsQuery();
    }
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    any.add(pattern, BooleanClause.Occur.SHOULD);
    any.add(new PrefixQuery(new Term(LuceneState.CONTENT, prefix)), BooleanClause.Occur.SHOULD);
    if (prefix.length() > TermSetTokenizer.SHORTENED_TO) {
      // A term with a digit that starts with the prefix may be indexed by its first characters.
      any.add(new TermQuery(new Term(LuceneState.CONTENT,
          prefix.substring(0, TermSetTokenizer.SHORTENED_TO))), BooleanClause.Occur.SHOULD);
    }
    for (int i = 1; i < prefix.length(); i++) {
      Term first = indexed(prefix.substring(0, i));
      if (reader.docFreq(first) > 0) {
        any.add(new TermQuery(first), BooleanClause.Occur.SHOULD);
      }
    }
    return any.build();
  }

  /** The characters of a wildcard pattern before its first wildcard. */
  private static String literalPrefix(String pattern) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == WildcardQuery.WILDCARD_STRING || c == WildcardQuery.WILDCARD_CHAR) {
        break;
      }
      if (c == WildcardQuery.WILDCARD_ESCAPE) {
        if (++i >= pattern.length()) {
          break;
        }
        c = pattern.charAt(i);
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Whether any part of the query, excluded parts too, names {@code field}. */
  private static boolean names(Query query, String field) {
    boolean[] found = {false};
    query.visit(
        new QueryVisitor() {
          @Override
          public boolean acceptField(String f) {
            found[0] |= f.equals(field);
            return false;
          }

          @Override
          public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
            return this;
          }
        });
    return found[0];
  }

  /**
   * Which lower-cased rule ids and categories the query names, as terms or patterns: the lines of
   * their findings are answers.
   */
  private static Predicate<String> findingTerms(Query query) {
    Set<String> terms = new HashSet<>();
    List<ByteRunAutomaton> patterns = new ArrayList<>();
    query.visit(
        new QueryVisitor() {
          @Override
          public void consumeTerms(Query q, Term... found) {
            for (Term t : found) {
              if (findingField(t.field())) {
                terms.add(t.text());
              }
            }
          }

          @Override
          public void consumeTermsMatching(
              Query q, String field, Supplier<ByteRunAutomaton> automaton) {
            if (findingField(field)) {
              patterns.add(automaton.get());
            }
          }

          @Override
          public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
            return occur == BooleanClause.Occur.MUST_NOT ? QueryVisitor.EMPTY_VISITOR : this;
          }
        });
    return value -> {
      if (terms.contains(value)) {
        return true;
      }
      byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      for (ByteRunAutomaton a : patterns) {
        if (a.run(bytes, 0, bytes.length)) {
          return true;
        }
      }
      return false;
    };
  }

  private static boolean findingField(String field) {
    return field.equals(LuceneState.RULE) || field.equals(LuceneState.CATEGORY);
  }

  /** The blobs of the scanned commit (or folder), by id, with their paths. */
  private static Map<String, List<BlobRef>> tree(Source source, Map<String, Skipped> skipped)
      throws IOException {
    Map<String, List<BlobRef>> out = new HashMap<>();
    source.enumerate(
        new Source.Visitor() {
          @Override
          public void file(BlobRef ref) {
            String id = ref.blobId();
            if (id == null) {
              try {
                id = BlobRef.gitBlobId(source.load(ref));
              } catch (IOException | RuntimeException e) {
                skip(skipped, ref.path(), "cannot read it: " + LuceneState.oneLine(e));
                return;
              }
            }
            out.computeIfAbsent(id, k -> new ArrayList<>()).add(ref);
          }

          @Override
          public void skipped(String path, String reason) {
            skip(skipped, path, reason);
          }
        });
    return out;
  }

  /**
   * Reads the value spans of every match of a stored outcome (to redact them) and the lines of
   * those whose rule id or category is in {@code wanted}.
   */
  private static void readSpans(
      byte[] bytes,
      int offset,
      int length,
      Predicate<String> wanted,
      List<int[]> spans,
      Set<Integer> lines)
      throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, offset, length));
    in.readByte();
    if (in.readByte() == 1) {
      return;
    }
    skipRanks(in);
    skipRanks(in);
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      String rule = in.readUTF();
      int start = in.readInt();
      int end = in.readInt();
      int line = in.readInt();
      in.readInt();
      in.readByte();
      in.readUTF();
      in.readUTF();
      String category = in.readUTF();
      spans.add(new int[] {start, end});
      if (wanted.test(rule) || wanted.test(category.toLowerCase(Locale.ROOT))) {
        lines.add(line);
      }
    }
  }

  /** Rules by rank: those that ran out of their budget, or those left out at the blob's path. */
  private static void skipRanks(DataInputStream in) throws IOException {
    int n = LuceneState.readVInt(in);
    for (int i = 0; i < n; i++) {
      LuceneState.readVInt(in);
    }
  }

  private static int lineStart(String text, int offset) {
    int nl = text.lastIndexOf('\n', Math.max(0, offset - 1));
    return offset == 0 ? 0 : nl + 1;
  }

  private static int[] lineOffsets(String text) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int lineNumber(int[] lineOffsets, int offset) {
    int i = java.util.Arrays.binarySearch(lineOffsets, offset);
    return (i >= 0 ? i : -i - 2) + 1;
  }

  /** The line, every value span in it redacted, cut to {@link #MAX_LINE} characters. */
  private static String shownLine(String text, int[] lineOffsets, int line, List<int[]> spans) {
    int start = lineOffsets[line - 1];
    int end = line < lineOffsets.length ? lineOffsets[line] - 1 : text.length();
    if (end > start && text.charAt(end - 1) == '\r') {
      end--;
    }
    StringBuilder out = new StringBuilder();
    int at = start;
    List<int[]> inLine = new ArrayList<>();
    for (int[] s : spans) {
      if (s[0] < end && s[1] > start) {
        inLine.add(new int[] {Math.max(s[0], start), Math.min(s[1], end), s[0], s[1]});
      }
    }
    inLine.sort(Comparator.comparingInt(s -> s[0]));
    for (int[] s : inLine) {
      if (s[0] < at) {
        continue;
      }
      out.append(text, at, s[0]);
      out.append(Redaction.redact(text.substring(s[2], s[3])));
      at = s[1];
    }
    out.append(text, at, end);
    String shown = out.toString().strip();
    return shown.length() > MAX_LINE ? shown.substring(0, MAX_LINE) + "…" : shown;
  }

  /** Which leaf holds a top-level doc id. */
  private static final class ReaderUtilIndex {
    static int of(DirectoryReader reader, int doc) {
      return org.apache.lucene.index.ReaderUtil.subIndex(doc, reader.leaves());
    }
  }

  /**
   * Query-time analysis: {@code content} as it was indexed; rule ids, categories and languages
   * lower-cased whole; every other field (paths, blob ids, MIME types) exact.
   */
  static final class QueryAnalyzer extends Analyzer {
    QueryAnalyzer() {
      super(PER_FIELD_REUSE_STRATEGY);
    }

    @Override
    protected TokenStreamComponents createComponents(String field) {
      if (field.equals(LuceneState.CONTENT)) {
        return new TokenStreamComponents(new CodeTokenizer());
      }
      boolean lower =
          field.equals(LuceneState.RULE)
              || field.equals(LuceneState.CATEGORY)
              || field.equals(LuceneState.LANGUAGE);
      return new TokenStreamComponents(new WholeInput(lower));
    }

    /** Wildcard and fuzzy terms get the same case folding as whole terms of their field. */
    @Override
    protected TokenStream normalize(String field, TokenStream in) {
      boolean lower = !field.equals(LuceneState.PATH) && !field.equals(LuceneState.MIME)
          && !field.equals(LuceneState.BLOB);
      if (!lower) {
        return in;
      }
      return new TokenFilter(in) {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

        @Override
        public boolean incrementToken() throws IOException {
          if (!input.incrementToken()) {
            return false;
          }
          char[] b = term.buffer();
          for (int i = 0; i < term.length(); i++) {
            b[i] = Character.toLowerCase(b[i]);
          }
          return true;
        }
      };
    }
  }

  /** One token: the whole input, optionally lower-cased. */
  private static final class WholeInput extends Tokenizer {
    private final boolean lower;
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private boolean done;

    WholeInput(boolean lower) {
      this.lower = lower;
    }

    @Override
    public boolean incrementToken() throws IOException {
      if (done) {
        return false;
      }
      clearAttributes();
      done = true;
      StringBuilder s = new StringBuilder();
      char[] buf = new char[256];
      int n;
      while ((n = input.read(buf)) != -1) {
        s.append(buf, 0, n);
      }
      if (s.length() == 0) {
        return false;
      }
      String text = lower ? s.toString().toLowerCase(Locale.ROOT) : s.toString();
      term.setEmpty().append(text);
      offset.setOffset(correctOffset(0), correctOffset(s.length()));
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      done = false;
    }
  }
}
