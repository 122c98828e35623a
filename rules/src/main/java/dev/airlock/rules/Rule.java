package dev.airlock.rules;

import dev.airlock.rules.validate.Checksum;
import dev.airlock.rules.validate.Validator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One compiled detection rule, as read from a rule pack. Immutable and safe to share across
 * threads.
 *
 * <p>A rule fires where its prefilter says to look (a keyword, a run of digits, or everywhere when
 * it has neither), then its {@link #pattern} must match; the named group {@code secret} or {@code
 * value} (or the whole match) is the sensitive value, which must pass the {@link #validator}, the
 * {@link #entropy} floor and the {@link #allow} filters to become a finding; its {@link #checksum},
 * if any, then sets the finding's confidence.
 *
 * @param keywords lower-case ASCII literals; a hit on any of them makes the pattern run nearby
 * @param digits when positive, a run of at least this many digits (single separators allowed,
 *     and ") " or ")-" as in "(415) 555-2671")
 *     makes the pattern run nearby: the prefilter for numbers without a keyword, such as card
 *     numbers
 * @param requires lower-case ASCII literals that must all occur in a window for the pattern to run
 *     there: a cheap second filter for rules whose keyword is common (a URL's "://" needs an "@"
 *     to hold a password)
 * @param anchored when true the pattern is tried only where a keyword starts, anchored there
 *     (lookbehinds may still look before it): one attempt per keyword instead of one per character
 *     of the line, for rules whose match begins with the keyword
 * @param regex the pattern, which {@link #pattern()} compiles on first use when the rule came
 *     compiled ahead from the build
 * @param span how many characters past the keyword's line a match may reach; 0 keeps matching on
 *     the keyword's line
 * @param checksum the checksum the token format embeds, or null: a value it verifies is HIGH
 *     confidence, a value of its shape that fails it is LOW (a typo or a made-up example)
 * @param entropy minimum Shannon entropy of the value in bits per character; 0 for none
 * @param volume how the number of distinct values in one file sets the findings' confidence
 * @param query a Lucene query (phrases, proximity such as {@code "trade secret"~3}) that replaces
 *     the regex, or null for a regex rule. This module only carries the query: the scanner runs
 *     it over each file's code tokens, and the matched words are the finding's value. A query
 *     rule's {@link #pattern} never matches and the regex engine leaves it out.
 */
public record Rule(
    String id,
    String title,
    Category category,
    Severity severity,
    Confidence confidence,
    List<String> keywords,
    int digits,
    List<String> requires,
    boolean anchored,
    Regex regex,
    int span,
    Validator validator,
    Checksum checksum,
    double entropy,
    List<Glob> includePaths,
    List<Glob> excludePaths,
    Context context,
    Allow allow,
    Volume volume,
    List<String> matchExamples,
    List<String> nomatchExamples,
    String source,
    String query) {

  /** A pattern for query rules, which the regex engine never runs. */
  public static final Pattern NO_PATTERN = Pattern.compile("(?!)");

  /** {@link #NO_PATTERN} as a {@link Regex}. */
  static final Regex NO_PATTERN_REGEX = Regex.of(NO_PATTERN);

  /** A regex rule whose pattern is already compiled. */
  public Rule(
      String id,
      String title,
      Category category,
      Severity severity,
      Confidence confidence,
      List<String> keywords,
      int digits,
      List<String> requires,
      boolean anchored,
      Pattern pattern,
      int span,
      Validator validator,
      Checksum checksum,
      double entropy,
      List<Glob> includePaths,
      List<Glob> excludePaths,
      Context context,
      Allow allow,
      Volume volume,
      List<String> matchExamples,
      List<String> nomatchExamples,
      String source) {
    this(id, title, category, severity, confidence, keywords, digits, requires, anchored,
        pattern == NO_PATTERN ? NO_PATTERN_REGEX : Regex.of(pattern), span, validator, checksum,
        entropy, includePaths, excludePaths, context, allow, volume, matchExamples,
        nomatchExamples, source, null);
  }

  /**
   * The rule's pattern, compiled on first use for built-in rules ({@link Regex}); {@link
   * #NO_PATTERN} for a query rule.
   */
  public Pattern pattern() {
    return regex.get();
  }

  /** True for a rule written as a Lucene query instead of a regex. */
  public boolean isQuery() {
    return query != null;
  }

  public Rule {
    keywords = lowerCase(keywords);
    requires = lowerCase(requires);
    includePaths = List.copyOf(includePaths);
    excludePaths = List.copyOf(excludePaths);
    matchExamples = List.copyOf(matchExamples);
    nomatchExamples = List.copyOf(nomatchExamples);
  }

  /**
   * {@code words} in lower case, immutable. A loop, not a stream: every rule of every start passes
   * through here six times, before the JIT has compiled anything, where a stream pipeline costs
   * tens of microseconds.
   */
  private static List<String> lowerCase(List<String> words) {
    String[] lower = new String[words.size()];
    for (int i = 0; i < lower.length; i++) {
      lower[i] = words.get(i).toLowerCase(Locale.ROOT);
    }
    return List.of(lower);
  }

  /** True when the rule applies to a file at {@code path} according to its path globs. */
  public boolean appliesTo(String path) {
    if (!includePaths.isEmpty() && !Glob.anyMatches(includePaths, path)) {
      return false;
    }
    return !Glob.anyMatches(excludePaths, path);
  }

  /** The group of {@link #pattern} that holds the sensitive value, or null for the whole match. */
  public String valueGroup() {
    String p = regex.source();
    if (p.contains("(?<secret>")) {
      return "secret";
    }
    return p.contains("(?<value>") ? "value" : null;
  }

  /**
   * Words near a match that change its confidence.
   *
   * @param window characters searched on each side of the match
   * @param raise words that raise confidence one level
   * @param lower words that lower confidence one level
   * @param required when true, a match with none of the {@code raise} words nearby is dropped
   */
  public record Context(int window, List<String> raise, List<String> lower, boolean required) {
    public static final Context NONE = new Context(0, List.of(), List.of(), false);

    public Context {
      raise = lowerCase(raise);
      lower = lowerCase(lower);
    }

    public boolean isEmpty() {
      return raise.isEmpty() && lower.isEmpty();
    }
  }

  /**
   * Values that are known not to be sensitive.
   *
   * @param patterns a value matching any of these (anywhere) is dropped
   * @param stopwords a value containing any of these, ignoring case, is dropped
   * @param values a value equal to any of these, ignoring case, is dropped
   */
  public record Allow(List<Pattern> patterns, List<String> stopwords, List<String> values) {
    public static final Allow NONE = new Allow(List.of(), List.of(), List.of());

    public Allow {
      patterns = List.copyOf(patterns);
      stopwords = lowerCase(stopwords);
      values = lowerCase(values);
    }

    public boolean allows(String value) {
      String lower = value.toLowerCase(Locale.ROOT);
      if (values.contains(lower)) {
        return true;
      }
      for (String s : stopwords) {
        if (lower.contains(s)) {
          return true;
        }
      }
      for (Pattern p : patterns) {
        if (p.matcher(value).find()) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * How many distinct values of a rule one file holds changes what its findings mean: a single
   * e-mail address in a source file is a contact, hundreds in one file are a list of people.
   *
   * @param few a file with at most this many distinct values gives LOW findings; 0 for no limit
   * @param many a file with at least this many distinct values gives HIGH findings; 0 for never
   */
  public record Volume(int few, int many) {
    public static final Volume NONE = new Volume(0, 0);

    public Volume {
      if (few < 0 || many < 0 || (many > 0 && many <= few)) {
        throw new IllegalArgumentException(
            "'volume' needs 0 <= few < many (or many 0), got few " + few + ", many " + many);
      }
    }

    public boolean isEmpty() {
      return few == 0 && many == 0;
    }

    /** The confidence of a finding whose file holds {@code distinct} values of the rule. */
    public Confidence adjust(Confidence confidence, int distinct) {
      if (many > 0 && distinct >= many) {
        return Confidence.HIGH;
      }
      return distinct <= few ? Confidence.LOW : confidence;
    }
  }
}
