package dev.airlock.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.policy.Label;
import dev.airlock.rules.policy.Policy;
import dev.airlock.rules.policy.Reason;
import dev.airlock.rules.policy.Routing;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The built-in personal-data rules on whole files: look-alikes in code are not phones, a table's
 * column names are context for its values, and the number of records in a file decides the label.
 * Every value is generated here from a fixed seed.
 */
class PersonalDataRulesTest {
  private static final long SEED = 0x9E0L;
  private static final RuleSet RULES = RuleSet.builtIn();

  private static List<Finding> findings(String text, String path) {
    return RULES.matcher().match(text, path).forPath(path);
  }

  private static List<String> ruleIds(String text, String path) {
    return findings(text, path).stream().map(Finding::ruleId).toList();
  }

  @Test
  void addressesInChangeHistoriesAndCreditLinesAreAttributionNotRecords() {
    String credits =
        "Alberto Bertogli <albertogli@telpin.com.ar>\nAnand Kumria <wildfire@progsoc.org>\n";
    assertThat(ruleIds(credits, "Changes.old")).doesNotContain("email-address");
    assertThat(ruleIds(credits, "HISTORY")).doesNotContain("email-address");
    assertThat(ruleIds(credits, "people.txt")).contains("email-address");
    assertThat(findings("\tFix by Jesse Thilo <jesse.thilo@pobox.com>.\n", "poeigl.txt"))
        .extracting(Finding::confidence)
        .containsExactly(Confidence.LOW);
  }

  @Test
  void versionsDatesAddressesTimestampsHexAndIdsInCodeAreNotPhones() {
    String code =
        String.join(
            "\n",
            "// phone module, version 2024.10.12.1530",
            "String phoneVersion = \"4.15.867.2291\";",
            "val telemetryStart = \"2024-10-12 15:30:00\";",
            "phone_last_seen = 1718000000000  # epoch ms",
            "contact_updated_at: 2024-10-12T15:30:12.345+02:00",
            "mobile_gateway = \"192.168.100.200\"",
            "call_host = 10.115.867.229",
            "phone_hash = 0x4158672291ab",
            "tel_digest = \"4158672291deadbeef0123456789\"",
            "phoneId = 41586722910417L;",
            "order_id = 4158672291",
            "phone_count = 1_415_867_2291",
            "uuid: 415e8672-2910-4a17-8b55-4155550234aa",
            "cellphone build +2024.10.12",
            "x = y+14158672291;",
            "phone: 2024-10-12",
            "phone_range = [4158672291, 4158672299]  # ids, not dialled",
            "");
    assertThat(ruleIds(code, "src/main/java/dev/x/Phones.java"))
        .filteredOn(id -> id.startsWith("phone-number"))
        .isEmpty();
  }

  @Test
  void realPhonesBesideThoseLinesAreStillFound() {
    String text = "support_phone = \"+1 415 867 2291\"\nfax: (646) 392-7781\n";
    assertThat(ruleIds(text, "src/main/resources/app.yml"))
        .containsExactly("phone-number", "phone-number-national");
  }

  /** The lines of the findings of rule {@code ruleId}. */
  private static List<Integer> lines(List<Finding> findings, String ruleId) {
    return findings.stream()
        .filter(f -> f.ruleId().equals(ruleId))
        .map(f -> f.location().line())
        .toList();
  }

  private static String table(String header, int rows, int plantRow, String plantedRow) {
    Random random = new Random(SEED);
    StringBuilder sb = new StringBuilder(header).append('\n');
    for (int i = 1; i <= rows; i++) {
      sb.append(i == plantRow ? plantedRow : "Person " + random.nextInt(1000) + ",,plain note " + i)
          .append('\n');
    }
    return sb.toString();
  }

  @Test
  void aPlainDateInADobColumnIsABirthDateFarBelowTheHeader() {
    String csv = table("name,dob,notes", 80, 50, "Orla Venn,1984-03-02,called back");
    assertThat(lines(findings(csv, "exports/people.csv"), "date-of-birth")).containsExactly(51);
  }

  @Test
  void theSameDateInACreatedAtColumnIsNothing() {
    String csv = table("name,created_at,notes", 80, 50, "Orla Venn,1984-03-02,called back");
    assertThat(lines(findings(csv, "exports/people.csv"), "date-of-birth")).isEmpty();
  }

  @Test
  void nineBareDigitsUnderAnSsnColumnAreASocialSecurityNumber() {
    String csv = table("name,ssn,notes", 80, 50, "Orla Venn,108502678,called back");
    assertThat(lines(findings(csv, "exports/people.csv"), "us-ssn-undashed")).containsExactly(51);
    String other = table("name,order_no,notes", 80, 50, "Orla Venn,108502678,called back");
    assertThat(findings(other, "exports/people.csv")).isEmpty();
  }

  @Test
  void columnNamesAreContextForEveryIdentifier() {
    String csv =
        "patient,nhs_number,sin,npi,card_number,iban\n"
            + "Orla Venn,904 028 1521,490 613 395,1046011866,4229463416473152,GB71NWBK78643750945089\n";
    assertThat(ruleIds(csv, "exports/mixed.csv"))
        .contains(
            "uk-nhs-number",
            "ca-social-insurance-number",
            "us-npi",
            "payment-card-number-ungrouped",
            "iban");
  }

  @Test
  void oneEmailAddressInASourceFileIsLowAndStaysInTheCloud() {
    String java =
        "package dev.x;\n\n/** Sends the weekly digest. */\nclass Digest {\n"
            + "  static final String TO = \"orla.venn@kestrel-labs.io\";\n}\n";
    List<Finding> found = findings(java, "src/main/java/dev/x/Digest.java");
    assertThat(found).extracting(Finding::ruleId).containsExactly("email-address");
    assertThat(found.get(0).confidence()).isEqualTo(Confidence.LOW);
    Label label = Policy.defaultPolicy().evaluate(found);
    assertThat(label.routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
  }

  @Test
  void aCsvOfThreeHundredPeopleIsOnPremBecauseOfItsVolume() {
    Random random = new Random(SEED + 1);
    StringBuilder csv = new StringBuilder("id,name,email,city\n");
    List<String> names = List.of("Orla", "Bertil", "Cosima", "Dana", "Emeka", "Farah", "Goran");
    for (int i = 0; i < 300; i++) {
      String name = names.get(random.nextInt(names.size()));
      csv.append(1000 + i).append(',').append(name).append(" Quarry,")
          .append(name.toLowerCase(java.util.Locale.ROOT)).append('.').append(i)
          .append("@kestrel-mail.io,Salem\n");
    }
    List<Finding> found = findings(csv.toString(), "exports/customers.csv");
    assertThat(found).hasSize(300).allMatch(f -> f.confidence() == Confidence.HIGH);
    Label label = Policy.defaultPolicy().evaluate(found);
    assertThat(label.routing()).isEqualTo(Routing.ON_PREM_ONLY);
    Reason why = label.reasons().get(0);
    assertThat(why.ruleId()).isEqualTo("email-address");
    assertThat(why.policyRule()).isEqualTo("personal-records-volume");
    assertThat(why.count()).isEqualTo(300);
  }

  @Test
  void aHandfulOfAddressesInADocumentIsNotARecordsFile() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      lines.add("Reviewer " + i + ": reviewer" + i + "@kestrel-labs.io");
    }
    List<Finding> found = findings(String.join("\n", lines), "docs/review.md");
    assertThat(found).hasSize(4).allMatch(f -> f.confidence() == Confidence.MEDIUM);
    assertThat(Policy.defaultPolicy().evaluate(found).routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
  }

  @Test
  void aChangeHistoryCreditingHundredsOfPeopleIsAttributionNotRecords() {
    StringBuilder history = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      history.append("  * Fixed item ").append(i).append(" (dev").append(i).append("@kestrel-labs.io)\n");
    }
    for (String path : new String[] {"manpages/Changes.old.gz!/Changes.old", "python/HISTORY"}) {
      List<Finding> found = findings(history.toString(), path);
      assertThat(found).as(path).noneMatch(f -> f.ruleId().equals("email-address"));
    }
  }
}
