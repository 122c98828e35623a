import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores an Airlock JSON report against the truth file that {@code GenerateLabelledCorpus} wrote:
 * precision and recall per category and per rule, recall per planted kind, and the policy view
 * (findings at MEDIUM or HIGH confidence, which are the ones that move a label on-prem).
 *
 * <p>A finding is a true positive when it lies in a planted item's lines with the item's category;
 * every other finding is a false positive (on a near miss, or on filler text). Run with the CLI
 * jar on the class path, which carries Jackson:
 * {@code java -cp cli/target/airlock.jar bench/accuracy/Score.java TRUTH.tsv REPORT.json}
 */
public final class Score {
  /** A planted item; {@code category} may list several ("PHI|PII"), any of which is right. */
  record Truth(String path, int first, int last, String category, String kind, boolean relevant) {
    boolean positive() {
      return !category.equals("NONE");
    }

    String primary() {
      int bar = category.indexOf('|');
      return bar < 0 ? category : category.substring(0, bar);
    }

    boolean accepts(String findingCategory) {
      return positive() && ("|" + category + "|").contains("|" + findingCategory + "|");
    }
  }

  record Finding(String path, int line, String category, String ruleId, String confidence) {
    boolean policyRelevant() {
      return !confidence.equals("LOW");
    }
  }

  /** Counts for one row of a table. */
  static final class Tally {
    int planted;
    int found;
    int tp;
    int fp;

    String precision() {
      return tp + fp == 0 ? "-" : String.format("%.1f%%", 100.0 * tp / (tp + fp));
    }

    String recall() {
      return planted == 0 ? "-" : String.format("%.1f%%", 100.0 * found / planted);
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: Score TRUTH.tsv REPORT.json");
      System.exit(2);
    }
    List<Truth> truth = readTruth(Path.of(args[0]));
    List<Finding> findings = readFindings(Path.of(args[1]));

    Map<String, Tally> byCategory = new TreeMap<>();
    Map<String, Tally> byRule = new TreeMap<>();
    Map<String, Tally> byKind = new TreeMap<>();
    Tally policy = new Tally();
    List<String> falsePositives = new ArrayList<>();
    List<String> overConfident = new ArrayList<>();
    List<String> missed = new ArrayList<>();

    for (Truth t : truth) {
      if (!t.positive()) {
        continue;
      }
      byCategory.computeIfAbsent(t.primary(), k -> new Tally()).planted++;
      byKind.computeIfAbsent(t.kind(), k -> new Tally()).planted++;
      boolean found = false;
      boolean foundRelevant = false;
      for (Finding f : findings) {
        if (covers(t, f) && t.accepts(f.category())) {
          found = true;
          foundRelevant |= f.policyRelevant();
        }
      }
      if (found) {
        byCategory.get(t.primary()).found++;
        byKind.get(t.kind()).found++;
      } else {
        missed.add(t.kind() + " " + t.path() + ":" + t.first());
      }
      if (t.relevant()) {
        policy.planted++;
        if (foundRelevant) {
          policy.found++;
        }
      } else if (foundRelevant) {
        overConfident.add(t.kind() + " " + t.path() + ":" + t.first());
      }
    }
    for (Finding f : findings) {
      Truth hit = null;
      for (Truth t : truth) {
        if (covers(t, f) && t.accepts(f.category())) {
          hit = t;
          break;
        }
      }
      Tally cat = byCategory.computeIfAbsent(f.category(), k -> new Tally());
      Tally rule = byRule.computeIfAbsent(f.ruleId(), k -> new Tally());
      if (hit != null) {
        cat.tp++;
        rule.tp++;
        if (f.policyRelevant() && hit.relevant()) {
          policy.tp++;
        }
      } else {
        cat.fp++;
        rule.fp++;
        String on = nearMiss(truth, f);
        falsePositives.add(f.ruleId() + " (" + f.confidence() + ") " + f.path() + ":" + f.line() + (on == null ? "" : "  near miss: " + on));
        if (f.policyRelevant()) {
          policy.fp++;
        }
      }
    }

    System.out.println("Per category (every finding, any confidence)");
    printTable("category", byCategory, true);
    System.out.println();
    System.out.println("Policy view: items that must move a label, findings at MEDIUM or HIGH");
    System.out.printf("  recall %s (%d of %d)   precision %s (%d false positives)%n",
        policy.recall(), policy.found, policy.planted, policy.precision(), policy.fp);
    System.out.println();
    System.out.println("Per rule");
    printTable("rule", byRule, false);
    System.out.println();
    System.out.println("Per planted kind (recall at any confidence)");
    for (Map.Entry<String, Tally> e : byKind.entrySet()) {
      Tally t = e.getValue();
      System.out.printf("  %-34s %3d/%-3d %s%n", e.getKey(), t.found, t.planted, t.found < t.planted ? "MISSED " + (t.planted - t.found) : "");
    }
    System.out.println();
    System.out.println("Missed (" + missed.size() + ")");
    missed.stream().sorted().forEach(s -> System.out.println("  " + s));
    System.out.println();
    System.out.println("False positives (" + falsePositives.size() + ")");
    falsePositives.stream().sorted().forEach(s -> System.out.println("  " + s));
    System.out.println();
    System.out.println("Expected at LOW but found at MEDIUM or HIGH (" + overConfident.size() + ")");
    overConfident.stream().sorted().forEach(s -> System.out.println("  " + s));
  }

  private static boolean covers(Truth t, Finding f) {
    return t.path().equals(f.path()) && f.line() >= t.first() && f.line() <= t.last();
  }

  private static String nearMiss(List<Truth> truth, Finding f) {
    for (Truth t : truth) {
      if (!t.positive() && covers(t, f)) {
        return t.kind();
      }
    }
    return null;
  }

  private static void printTable(String what, Map<String, Tally> rows, boolean withRecall) {
    System.out.printf("  %-38s %6s %6s %10s%s%n", what, "TP", "FP", "precision", withRecall ? "     recall (found/planted)" : "");
    for (Map.Entry<String, Tally> e : rows.entrySet()) {
      Tally t = e.getValue();
      System.out.printf("  %-38s %6d %6d %10s%s%n", e.getKey(), t.tp, t.fp, t.precision(),
          withRecall ? String.format("     %6s (%d/%d)", t.recall(), t.found, t.planted) : "");
    }
  }

  private static List<Truth> readTruth(Path file) throws IOException {
    List<Truth> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] c = line.split("\t");
      out.add(new Truth(c[0], Integer.parseInt(c[1]), Integer.parseInt(c[2]), c[3], c[4], Boolean.parseBoolean(c[5])));
    }
    return out;
  }

  private static List<Finding> readFindings(Path report) throws IOException {
    JsonNode root = new ObjectMapper().readTree(report.toFile());
    List<Finding> out = new ArrayList<>();
    for (JsonNode repo : root.path("repositories")) {
      for (JsonNode f : repo.path("findings")) {
        out.add(new Finding(f.path("path").asText(), f.path("line").asInt(), f.path("category").asText(),
            f.path("ruleId").asText(), f.path("confidence").asText()));
      }
    }
    return out;
  }
}
