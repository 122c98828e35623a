package dev.airlock.rules.engine;

import dev.airlock.rules.RulePack;
import java.util.ArrayList;
import java.util.List;

/**
 * The YAML of one rule for a test pack, so that each test states only the fields it is about.
 * Patterns go into single-quoted YAML, so a Java string {@code "\\b"} reaches the regex as {@code
 * \b}.
 */
final class TestRule {
  private final String id;
  private String category = "PROPRIETARY";
  private String severity = "HIGH";
  private String confidence;
  private String pattern;
  private final List<String> keywords = new ArrayList<>();
  private final List<String> extra = new ArrayList<>();

  private TestRule(String id) {
    this.id = id;
  }

  static TestRule rule(String id) {
    return new TestRule(id);
  }

  TestRule category(String value) {
    category = value;
    return this;
  }

  TestRule severity(String value) {
    severity = value;
    return this;
  }

  TestRule confidence(String value) {
    confidence = value;
    return this;
  }

  TestRule pattern(String regex) {
    pattern = regex;
    return this;
  }

  TestRule keywords(String... words) {
    keywords.addAll(List.of(words));
    return this;
  }

  /** Further YAML lines of the rule, written as if the rule's own fields started at column 0. */
  TestRule yaml(String lines) {
    for (String line : lines.split("\n")) {
      extra.add(line);
    }
    return this;
  }

  String yaml() {
    StringBuilder sb = new StringBuilder();
    sb.append("  - id: ").append(id).append('\n');
    sb.append("    title: test rule ").append(id).append('\n');
    sb.append("    category: ").append(category).append('\n');
    sb.append("    severity: ").append(severity).append('\n');
    if (confidence != null) {
      sb.append("    confidence: ").append(confidence).append('\n');
    }
    if (!keywords.isEmpty()) {
      sb.append("    keywords: [");
      for (int i = 0; i < keywords.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(quote(keywords.get(i)));
      }
      sb.append("]\n");
    }
    sb.append("    pattern: ").append(quote(pattern)).append('\n');
    for (String line : extra) {
      sb.append("    ").append(line).append('\n');
    }
    return sb.toString();
  }

  static String pack(TestRule... rules) {
    StringBuilder sb = new StringBuilder("pack: test\nrules:\n");
    for (TestRule r : rules) {
      sb.append(r.yaml());
    }
    return sb.toString();
  }

  static JavaMatcher matcher(TestRule... rules) {
    return new JavaMatcher(RulePack.parse("test-pack.yml", pack(rules)).rules());
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
