package dev.airlock.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes {@code docs/rules.md}, the reference of the built-in rules, from the packs themselves.
 * The build runs it (see rules/pom.xml), so the page never drifts from the rules.
 */
public final class RulesReference {
  private RulesReference() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: RulesReference OUTPUT.md");
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out.toAbsolutePath().getParent());
    String page = render(RuleSet.builtIn());
    if (!Files.exists(out) || !Files.readString(out, StandardCharsets.UTF_8).equals(page)) {
      Files.writeString(out, page, StandardCharsets.UTF_8);
    }
  }

  /** The reference page: one table per category, rules in load order. */
  public static String render(RuleSet rules) {
    StringBuilder s = new StringBuilder();
    s.append("# Built-in rules\n\n")
        .append("Generated from the rule packs in `rules/src/main/resources/airlock/rules/` by the build")
        .append(" (`RulesReference`); do not edit by hand. ")
        .append(rules.rules().size())
        .append(" rules. Trigger: the keywords (case-insensitive) or digit run that make a rule's")
        .append(" pattern run; confidence is the base before validators, context words and paths;")
        .append(" a checksum makes a value that verifies HIGH and one that fails LOW.\n");
    for (Category category : Category.values()) {
      List<Rule> inCategory =
          rules.rules().stream().filter(r -> r.category() == category).toList();
      if (inCategory.isEmpty()) {
        continue;
      }
      s.append("\n## ").append(category).append(" (").append(inCategory.size()).append(")\n\n");
      s.append("| id | title | severity | confidence | trigger | validator | checksum | pack |\n");
      s.append("|---|---|---|---|---|---|---|---|\n");
      for (Rule r : inCategory) {
        s.append("| `").append(r.id()).append("` | ").append(cell(r.title())).append(" | ")
            .append(r.severity()).append(" | ").append(r.confidence()).append(" | ")
            .append(cell(trigger(r))).append(" | ")
            .append(r.validator() == null ? "" : "`" + r.validator().name() + "`").append(" | ")
            .append(r.checksum() == null ? "" : "`" + r.checksum().name() + "`").append(" | ")
            .append(Path.of(r.source()).getFileName()).append(" |\n");
      }
    }
    return s.toString();
  }

  private static String trigger(Rule r) {
    if (!r.keywords().isEmpty()) {
      String words = r.keywords().stream().map(k -> "`" + k + "`").collect(Collectors.joining(", "));
      return r.digits() > 0 ? words + "; " + r.digits() + "+ digits" : words;
    }
    return r.digits() > 0 ? r.digits() + "+ digits" : "every line";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
