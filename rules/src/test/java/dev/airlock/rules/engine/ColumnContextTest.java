package dev.airlock.rules.engine;

import static dev.airlock.rules.engine.TestRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.Confidence;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnContextTest {
  /** A date that needs "dob" or "birth" nearby, found by its digits alone. */
  private static final TestRule DATE =
      rule("t-date")
          .category("PII")
          .confidence("MEDIUM")
          .pattern("(?<![\\w-])\\d{4}-\\d{2}-\\d{2}(?![\\w-])")
          .yaml("digits: 8\ncontext:\n  required: true\n  raise: [dob, birth]");

  /** A code that is MEDIUM, HIGH next to "vip", LOW next to "demo". */
  private static final TestRule CODE =
      rule("t-code")
          .category("PII")
          .confidence("MEDIUM")
          .pattern("(?<!\\d)\\d{9}(?!\\d)")
          .yaml("digits: 9\ncontext:\n  raise: [vip]\n  lower: [demo]");

  private static String table(String header, int rows, int plantAt, String planted) {
    StringBuilder sb = new StringBuilder(header).append('\n');
    for (int i = 1; i <= rows; i++) {
      String cells = i == plantAt ? planted : "Row" + i + ",x,y";
      sb.append(cells).append('\n');
    }
    return sb.toString();
  }

  private static List<Match> matches(TestRule rule, String text) {
    return TestRule.matcher(rule).match(text).matches();
  }

  @Test
  void aColumnNamedDobMakesAPlainDateInItAFindingFarFromTheHeader() {
    String csv = table("name,dob,notes", 80, 50, "Orla Venn,1984-03-02,ok");
    List<Match> found = matches(DATE, csv);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).line()).isEqualTo(51);
  }

  @Test
  void theSameDateInAnotherColumnIsNotAFinding() {
    String csv = table("name,created_at,notes", 80, 50, "Orla Venn,1984-03-02,ok");
    assertThat(matches(DATE, csv)).isEmpty();
    String both = table("name,dob,created_at", 80, 50, "Orla Venn,,1984-03-02");
    assertThat(matches(DATE, both)).isEmpty();
  }

  @Test
  void theHeaderRowDoesNotLendItsWordsToTheFirstRowsByProximity() {
    String csv = "name,created_at,dob\nOrla Venn,1984-03-02,\n";
    assertThat(matches(DATE, csv)).isEmpty();
  }

  @Test
  void everyDelimiterAndQuotedNamesWork() {
    for (String d : new String[] {",", "\t", ";", "|"}) {
      String csv = "\"id\"" + d + "\"Date of Birth\"" + d + "note\n"
          + "1" + d + "1984-03-02" + d + "\"a" + d + " b\"\n"
          + "2" + d + "1990-12-01" + d + "c\n";
      assertThat(matches(DATE, csv)).as("delimiter %s", d.equals("\t") ? "tab" : d).hasSize(2);
    }
  }

  @Test
  void quotedDelimitersDoNotShiftTheColumn() {
    String csv = "name,dob,created_at\n\"Venn, Orla\",1984-03-02,2020-01-01\n";
    List<Match> found = matches(DATE, csv);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).column()).isEqualTo(14);
  }

  @Test
  void columnNamesRaiseAndLowerConfidenceLikeNearbyWords() {
    String csv = "vip_id,demo_id,other\n482913774,482913775,482913776\n";
    assertThat(matches(CODE, csv).stream().map(Match::confidence))
        .containsExactly(Confidence.HIGH, Confidence.LOW, Confidence.MEDIUM);
  }

  @Test
  void textThatIsNotATableGetsNoColumns() {
    // Source code, a header without rows, rows that disagree with the header, an empty name.
    for (String text :
        new String[] {
          "package dob;\nclass A { String d = \"1984-03-02\"; }\n",
          "name,dob,notes\n",
          "name,dob,notes\nOrla,1984-03-02\nBo,1990-01-01,x,y\n",
          "name,,dob\nOrla,x,1984-03-02\n",
          "name = dob, notes\nOrla = 1984-03-02, x\n"
        }) {
      assertThat(Columns.detect(text, 1)).as(text.substring(0, 12)).isNull();
    }
    assertThat(Columns.detect("\uFEFFname;dob\r\nOrla;1984-03-02\r\n", 1)).isNotNull();
  }
}
