package dev.airlock.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.airlock.rules.policy.Policy;
import dev.airlock.rules.policy.Routing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Files in the regulated interchange formats, built as the systems that exchange them write them,
 * with synthetic people: each must give its format's finding with the right category and
 * confidence, and the documents that only describe a format (guides, schemas, profiles) none.
 */
class RegulatedFormatsTest {
  private static final RuleSet RULES = RuleSet.builtIn();
  private static final Policy POLICY = Policy.defaultPolicy();
  private static final String[][] PEOPLE = {
    {"WHITLOCK", "DANA", "19710911", "7730164"},
    {"RUIZ", "TOMAS", "19840302", "44817"},
    {"QUARRY", "ALDA", "19610412", "1001452"},
  };

  private static List<Finding> findings(String text, String path) {
    return RULES.matcher().match(text).forPath(path);
  }

  private static List<Finding> ofRule(String text, String path, String ruleId) {
    return findings(text, path).stream().filter(f -> f.ruleId().equals(ruleId)).toList();
  }

  // ------------------------------------------------------------------ HL7 v2

  private static String hl7Message(String[] p, int n) {
    return String.join(
        "\r",
        "MSH|^~\\&|ADT1|KESTREL|LAB|KESTREL|20240211083" + n + "||ADT^A01|MSG0000" + n + "|P|2.5",
        "EVN|A01|20240211083" + n,
        "PID|1||" + p[3] + "^^^KESTREL^MR||" + p[0] + "^" + p[1] + "||" + p[2] + "|F|||12 HARBOR RD^^PORTLAND^ME^04101",
        "PV1|1|I|2000^2012^01||||004777^ATTEND^AARON^A|||SUR",
        "");
  }

  @Test
  void anHl7AdtFileGivesOnePidFindingPerPatient() {
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < PEOPLE.length; i++) {
      file.append(hl7Message(PEOPLE[i], i)).append('\n');
    }
    List<Finding> pid = ofRule(file.toString(), "interfaces/adt/inbound-20240211.hl7", "hl7v2-pid-segment");
    assertThat(pid)
        .extracting(Finding::category, Finding::confidence, f -> f.location().line())
        .containsExactly(
            tuple(Category.PHI, Confidence.HIGH, 1),
            tuple(Category.PHI, Confidence.HIGH, 2),
            tuple(Category.PHI, Confidence.HIGH, 3));
    assertThat(POLICY.evaluate(findings(file.toString(), "a.hl7")).routing())
        .isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void anHl7GuideQuotingSegmentsIsNotAMessage() {
    String guide =
        String.join(
            "\n",
            "# ADT interface specification",
            "",
            "The PID segment carries the patient's identifiers, for example:",
            "",
            "    PID|1||<MRN>^^^KESTREL^MR||<FAMILY>^<GIVEN>||<DOB>|<SEX>",
            "    PID|1||12345^^^HOSP^MR||DOE^JOHN||19700101|M",
            "",
            "Fields are separated by | and components by ^.",
            "");
    assertThat(findings(guide, "docs/adt-interface.md"))
        .noneMatch(f -> f.category() == Category.PHI);
  }

  // ------------------------------------------------------------------ FHIR

  private static String fhirPatient(String[] p) {
    return String.format(
        Locale.ROOT,
        "{\"fullUrl\": \"urn:uuid:pt-%s\", \"resource\": {\n"
            + "  \"resourceType\": \"Patient\",\n"
            + "  \"identifier\": [{\"system\": \"urn:oid:2.16.840.1.113883.19.5\", \"value\": \"%s\"}],\n"
            + "  \"name\": [{\"family\": \"%s\", \"given\": [\"%s\"]}],\n"
            + "  \"telecom\": [{\"system\": \"phone\", \"value\": \"+1 207 555 0134\"}],\n"
            + "  \"birthDate\": \"%s-%s-%s\"\n"
            + "}}",
        p[3], p[3], p[0], p[1], p[2].substring(0, 4), p[2].substring(4, 6), p[2].substring(6));
  }

  @Test
  void aFhirBundleOfPatientsGivesOneHighFindingPerPatient() {
    List<String> entries = new ArrayList<>();
    for (String[] p : PEOPLE) {
      entries.add(fhirPatient(p));
    }
    String bundle =
        "{\n\"resourceType\": \"Bundle\",\n\"type\": \"collection\",\n\"entry\": [\n"
            + String.join(",\n", entries)
            + "\n]\n}\n";
    assertThat(ofRule(bundle, "exports/patients-bundle.json", "fhir-patient-resource"))
        .hasSize(3)
        .allSatisfy(
            f -> {
              assertThat(f.category()).isEqualTo(Category.PHI);
              assertThat(f.confidence()).isEqualTo(Confidence.HIGH);
            });
    assertThat(POLICY.evaluate(findings(bundle, "exports/patients-bundle.json")).routing())
        .isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void aFhirXmlPatientIsFound() {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<Patient xmlns=\"http://hl7.org/fhir\">\n"
            + "  <identifier><system value=\"urn:oid:2.16.840.1.113883.19.5\"/><value value=\"7730164\"/></identifier>\n"
            + "  <name><family value=\"Whitlock\"/><given value=\"Dana\"/></name>\n"
            + "  <birthDate value=\"1971-09-11\"/>\n"
            + "</Patient>\n";
    assertThat(ofRule(xml, "data/patient.xml", "fhir-patient-resource-xml"))
        .extracting(Finding::category, Finding::confidence)
        .containsExactly(tuple(Category.PHI, Confidence.HIGH));
  }

  @Test
  void fhirProfilesSchemasAndPatientsWithoutPersonalFieldsAreNotRecords() {
    String structureDefinition =
        "{\n  \"resourceType\": \"StructureDefinition\",\n  \"id\": \"kestrel-patient\",\n"
            + "  \"type\": \"Patient\",\n  \"baseDefinition\": \"http://hl7.org/fhir/StructureDefinition/Patient\",\n"
            + "  \"differential\": {\"element\": [\n"
            + "    {\"id\": \"Patient.birthDate\", \"path\": \"Patient.birthDate\", \"min\": 1},\n"
            + "    {\"id\": \"Patient.name.family\", \"path\": \"Patient.name.family\", \"min\": 1}\n"
            + "  ]}\n}\n";
    String jsonSchema =
        "{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n  \"properties\": {\n"
            + "    \"resourceType\": {\"type\": \"string\", \"enum\": [\"Patient\", \"Observation\"]},\n"
            + "    \"birthDate\": {\"type\": \"string\", \"format\": \"date\"},\n"
            + "    \"name\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/definitions/HumanName\"}}\n"
            + "  }\n}\n";
    String bare =
        "{\"resourceType\": \"Patient\", \"id\": \"anon-17\", \"gender\": \"female\", \"active\": true,\n"
            + " \"managingOrganization\": {\"reference\": \"Organization/1\"}}\n";
    for (String text : List.of(structureDefinition, jsonSchema, bare)) {
      assertThat(findings(text, "fhir/profile.json"))
          .as(text)
          .noneMatch(f -> f.category() == Category.PHI);
    }
  }

  // ------------------------------------------------------------------ X12

  @Test
  void anX12ProfessionalClaimNamesItsSubscriberAndPatient() {
    String claim =
        String.join(
            "~\n",
            "ISA*00*          *00*          *ZZ*KESTRELCLIN    *ZZ*PAYERCO        *240211*0830*^*00501*000000905*1*P*:",
            "GS*HC*KESTRELCLIN*PAYERCO*20240211*0830*905*X*005010X222A1",
            "ST*837*0001*005010X222A1",
            "BHT*0019*00*0123*20240211*0830*CH",
            "NM1*41*2*KESTREL CLINIC*****46*TGJ23",
            "NM1*IL*1*WHITLOCK*DANA****MI*W72301884",
            "DMG*D8*19710911*F",
            "NM1*QC*1*WHITLOCK*ROWAN****MI*W72301885",
            "CLM*26463774*100***11:B:1*Y*A*Y*I",
            "SE*9*0001",
            "GE*1*905",
            "IEA*1*000000905",
            "");
    assertThat(ofRule(claim, "edi/outbound/claims-20240211.x12", "x12-claim-patient"))
        .extracting(Finding::category, Finding::confidence, f -> f.location().line())
        .containsExactly(
            tuple(Category.PHI, Confidence.HIGH, 6), tuple(Category.PHI, Confidence.HIGH, 8));
    assertThat(POLICY.evaluate(findings(claim, "edi/claims.x12")).routing())
        .isEqualTo(Routing.ON_PREM_ONLY);
    String guide =
        "Loop 2010BA Subscriber Name: NM1*IL*1*LASTNAME*FIRSTNAME****MI*MEMBERID~\n"
            + "Loop 2010CA Patient Name:    NM1*QC*1*DOE*JANE****MI*12345~\n";
    assertThat(findings(guide, "docs/x12-guide.md")).noneMatch(f -> f.category() == Category.PHI);
  }

  // ------------------------------------------------------------------ NACHA

  private static String entry(int n, String account, String name) {
    return "622" + "09100001" + "9" + pad(account, 17) + String.format(Locale.ROOT, "%010d", 125000 + n)
        + pad("EMP-000" + n, 15) + pad(name, 22) + "  " + "0" + "09100001000000" + n;
  }

  private static String pad(String s, int width) {
    return String.format(Locale.ROOT, "%-" + width + "s", s);
  }

  @Test
  void aNachaPayrollFileGivesOneFindingPerEntryDetailRecord() {
    List<String> lines = new ArrayList<>();
    lines.add(pad("101 091000019 1234567892402110830A094101KESTREL BANK           KESTREL LABS INC", 94));
    lines.add("5220KESTREL LABS INC                    1234567890PPDPAYROLL   240212240212   1091000010000001");
    lines.add(entry(1, "884102273", "WHITLOCK DANA"));
    lines.add(entry(2, "55019374410", "RUIZ TOMAS"));
    lines.add(entry(3, "30021877", "QUARRY ALDA"));
    lines.add(pad("822000000300273000030000000000000000375006" + "1234567890", 79) + "091000010000001");
    lines.add(pad("9000001000001000000030027300003000000000000000000375006", 94));
    assertThat(lines).allSatisfy(l -> assertThat(l).hasSize(94));
    String file = String.join("\n", lines) + "\n";
    assertThat(ofRule(file, "payroll/2024-02-12.ach", "nacha-entry-detail"))
        .extracting(Finding::category, Finding::confidence, f -> f.location().line())
        .containsExactly(
            tuple(Category.PII, Confidence.HIGH, 3),
            tuple(Category.PII, Confidence.HIGH, 4),
            tuple(Category.PII, Confidence.HIGH, 5));
    assertThat(POLICY.evaluate(findings(file, "payroll/2024-02-12.ach")).routing())
        .isEqualTo(Routing.ON_PREM_ONLY);
    // The same record reflowed (a log line, not the fixed-width file) is not an entry.
    assertThat(ofRule(lines.get(2).replace("        ", " ") + "\n", "app.log", "nacha-entry-detail"))
        .isEmpty();
  }

  // ------------------------------------------------------------------ SWIFT

  @Test
  void aSwiftMt103GivesItsCustomerAndAStatementDoesNot() {
    String mt103 =
        "{1:F01KESTUS33AXXX0000000000}{2:I103ORBIGB2LXXXXN}{3:{108:PAY240211}}{4:\n"
            + ":20:PAY-240211-01\n:23B:CRED\n:32A:240211USD12500,00\n"
            + ":50K:/884102273\nKESTREL LABS INC\n"
            + ":59:/GB29NWBK60161331926819\nDANA WHITLOCK\n:71A:SHA\n-}\n";
    assertThat(ofRule(mt103, "payments/out/PAY-240211-01.fin", "swift-mt-customer-transfer"))
        .extracting(Finding::category, Finding::confidence)
        .containsExactly(tuple(Category.PII, Confidence.MEDIUM));
    String mt940 = mt103.replace("{2:I103", "{2:I940");
    assertThat(ofRule(mt940, "payments/in/stmt.fin", "swift-mt-customer-transfer")).isEmpty();
  }
}
