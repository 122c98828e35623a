package dev.airlock.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.airlock.extract.DicomFile;
import dev.airlock.rules.Category;
import dev.airlock.rules.Confidence;
import dev.airlock.rules.Finding;
import dev.airlock.rules.policy.Reason;
import dev.airlock.rules.policy.Routing;
import dev.airlock.rules.policy.Sensitivity;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Realistic repositories and the label each must get with the built-in rules and policy: the
 * kinds of repositories a security team labels, sensitive ones and clean open-source ones full of
 * test keys and look-alikes. Every value is generated here from a fixed seed.
 */
class LabelScenariosTest {
  private static final long SEED = 424242L;
  private static final Scanner SCANNER = Scanner.builder().threads(2).build();

  @TempDir Path tmp;

  private final Random random = new Random(SEED);

  private ScanResult scan(TestRepo repo) {
    return SCANNER.scanPaths(List.of(repo.dir()), null).get(0);
  }

  private static String why(ScanResult r) {
    return r.label().sensitivity() + " from " + r.findings().stream()
        .map(f -> f.ruleId() + "@" + f.location() + "/" + f.confidence())
        .collect(Collectors.joining(", "));
  }

  private void assertOnPrem(TestRepo repo) {
    ScanResult r = scan(repo);
    assertThat(r.label().routing()).as(why(r)).isEqualTo(Routing.ON_PREM_ONLY);
  }

  private void assertCloud(TestRepo repo) {
    ScanResult r = scan(repo);
    assertThat(r.label().routing()).as(why(r)).isEqualTo(Routing.CLOUD_ELIGIBLE);
  }

  private String mixed(int length) {
    return TestRepo.token(random, TestRepo.BASE62 + "!#%*+-", length);
  }

  @Test
  void springConfigWithADatabasePasswordIsOnPrem() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("orders"))) {
      repo.write("src/main/resources/application-prod.yml", String.join("\n",
              "spring:",
              "  datasource:",
              "    url: jdbc:postgresql://db.prod.internal:5432/orders",
              "    username: orders_app",
              "    password: " + mixed(18),
              ""))
          .write("src/main/java/com/acme/orders/App.java", "package com.acme.orders;\nclass App {}\n")
          .commit("initial");
      assertOnPrem(repo);
    }
  }

  @Test
  void terraformVariablesWithCloudKeysAreOnPrem() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("infra"))) {
      repo.write("envs/prod/terraform.tfvars", String.join("\n",
              "region     = \"eu-west-1\"",
              "access_key = \"" + TestRepo.awsKeyId(random) + "\"",
              "secret_key = \"" + TestRepo.token(random, TestRepo.BASE62 + "/+", 40) + "\"",
              ""))
          .write("main.tf", "provider \"aws\" {\n  region = var.region\n}\n")
          .commit("initial");
      assertOnPrem(repo);
    }
  }

  @Test
  void databaseUrlWithPasswordInDockerComposeIsOnPrem() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("compose"))) {
      repo.write("docker-compose.yml", String.join("\n",
              "services:",
              "  api:",
              "    environment:",
              "      DATABASE_URL: postgresql://api:" + TestRepo.token(random, TestRepo.BASE62, 20)
                  + "@db.internal:5432/api",
              ""))
          .commit("initial");
      assertOnPrem(repo);
    }
  }

  @Test
  void patientExportIsOnPrem() throws Exception {
    StringBuilder csv = new StringBuilder("mrn,first_name,last_name,dob,ssn,phone,diagnosis_icd10\n");
    String[] first = {"Alda", "Bertil", "Cosima", "Dario", "Elke", "Fenna", "Gero", "Hedda"};
    String[] last = {"Quarry", "Rookwood", "Sallow", "Thornby", "Umber", "Vantry"};
    String[] icd = {"E11.9", "I10", "J45.909", "M54.5", "F32.9"};
    for (int i = 0; i < 40; i++) {
      csv.append(String.format("%08d,%s,%s,19%02d-%02d-%02d,%s,+1 415 555 %04d,%s%n",
          10_000_000 + random.nextInt(89_999_999), first[random.nextInt(first.length)],
          last[random.nextInt(last.length)], 40 + random.nextInt(60), 1 + random.nextInt(12),
          1 + random.nextInt(28), ssn(), random.nextInt(10_000), icd[random.nextInt(icd.length)]));
    }
    try (TestRepo repo = TestRepo.init(tmp.resolve("clinic-etl"))) {
      repo.write("exports/patients_2024_q3.csv", csv.toString())
          .write("etl/load.py", "import csv\n\ndef load(path):\n    return list(csv.reader(open(path)))\n")
          .commit("initial");
      assertOnPrem(repo);
    }
  }

  @Test
  void patientExportWithoutIdentifiersOrContactsIsOnPrem() throws Exception {
    StringBuilder csv = new StringBuilder("patient_id,first_name,last_name,dob,diagnosis,medication\n");
    String[] first = {"Alda", "Bertil", "Cosima", "Dario"};
    String[] dx = {"E11.9", "I10", "J45.909", "F32.9"};
    for (int i = 0; i < 25; i++) {
      csv.append(String.format("%d,%s,Quarry,19%02d-%02d-%02d,%s,metformin%n", 5000 + i,
          first[random.nextInt(first.length)], 40 + random.nextInt(60), 1 + random.nextInt(12),
          1 + random.nextInt(28), dx[random.nextInt(dx.length)]));
    }
    try (TestRepo repo = TestRepo.init(tmp.resolve("ward-reports"))) {
      repo.write("exports/ward7.csv", csv.toString())
          .write("catalog/products.csv", "name,price,sku\nlamp,12.50,L-1\ndesk,99.00,D-2\nchair,45.00,C-3\n")
          .commit("initial");
      ScanResult r = scan(repo);
      assertThat(r.label().routing()).as(why(r)).isEqualTo(Routing.ON_PREM_ONLY);
      assertThat(r.findings()).extracting(f -> f.location().path()).as(why(r))
          .doesNotContain("catalog/products.csv");
    }
  }

  @Test
  void fhirPatientResourcesAreOnPrem() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("fhir-sync"))) {
      repo.write("data/bundle.json", String.join("\n",
              "{\"resourceType\": \"Bundle\", \"entry\": [",
              "  {\"resource\": {\"resourceType\": \"Patient\", \"id\": \"p1\",",
              "    \"name\": [{\"family\": \"Rookwood\", \"given\": [\"Elke\"]}],",
              "    \"gender\": \"female\", \"birthDate\": \"1961-04-12\",",
              "    \"identifier\": [{\"system\": \"urn:mrn\", \"value\": \"48213377\"}]}}",
              "]}",
              ""))
          .commit("initial");
      assertOnPrem(repo);
    }
  }

  @Test
  void hl7MessagesWithPatientSegmentsAreOnPrem() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("hl7-feed"))) {
      repo.write("inbound/adt_a01.hl7", String.join("\r",
              "MSH|^~\\&|ADT1|GOOD HEALTH HOSPITAL|GHH LAB|ELAB-3|202405011230||ADT^A01|MSG00001|P|2.5",
              "EVN|A01|202405011230",
              "PID|1||48213377^^^GHH^MR||THORNBY^DARIO^A||19610412|M|||12 QUARRY LN^^SPRINGFIELD^IL^62701||(217)555-0147",
              "PV1|1|I|2000^2012^01||||004777^VANTRY^HEDDA^J.",
              ""))
          .commit("initial");
      assertOnPrem(repo);
    }
  }

  @Test
  void itarHeaderIsOnPrem() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("guidance"))) {
      repo.write("src/nav/kalman.c", String.join("\n",
              "/*",
              " * WARNING: This document contains technical data whose export is restricted by the",
              " * Arms Export Control Act (Title 22, U.S.C., Sec 2751, et seq.) or the Export",
              " * Administration Act of 1979, as amended. Violations of these export laws are subject",
              " * to severe criminal penalties. International Traffic in Arms Regulations (ITAR),",
              " * 22 CFR 120-130.",
              " */",
              "#include \"kalman.h\"",
              "void predict(state_t *s) { s->x += s->v; }",
              ""))
          .commit("initial");
      assertOnPrem(repo);
    }
  }

  @Test
  void classificationMarkingsAreOnPrem() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("mission-planning"))) {
      repo.write("docs/concept.md", String.join("\n",
              "SECRET//NOFORN",
              "",
              "# Concept of operations",
              "",
              "(S//NF) The relay schedule follows the window in annex B.",
              "(U) Ground stations are listed in the appendix.",
              "",
              "SECRET//NOFORN",
              ""))
          .commit("initial");
      assertOnPrem(repo);
    }
  }

  @Test
  void proprietaryNoticeIsOnPrem() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("pricing-engine"))) {
      repo.write("src/main/java/com/acme/pricing/Engine.java", String.join("\n",
              "/*",
              " * Copyright (c) 2024 Acme Corp. All rights reserved.",
              " * PROPRIETARY AND CONFIDENTIAL. This file contains trade secrets of Acme Corp.",
              " * Unauthorized copying of this file, via any medium, is strictly prohibited.",
              " */",
              "package com.acme.pricing;",
              "class Engine {}",
              ""))
          .commit("initial");
      assertOnPrem(repo);
    }
  }

  @Test
  void cardNumbersInALogAreOnPrem() throws Exception {
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      log.append("2024-05-01T12:00:0").append(i).append(" charge ok card=").append(visa()).append(" amount=12.50\n");
    }
    try (TestRepo repo = TestRepo.init(tmp.resolve("pos"))) {
      repo.write("logs/charges.log", log.toString()).commit("initial");
      assertOnPrem(repo);
    }
  }

  @Test
  void cleanOpenSourceRepositoryWithAnApacheLicenceIsPublicBecauseOfItsLicence() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("tiny-lib"))) {
      repo.write("LICENSE", String.join("\n",
              "                                 Apache License",
              "                           Version 2.0, January 2004",
              "                        http://www.apache.org/licenses/",
              ""))
          .write("src/lib.c", "// SPDX-License-Identifier: Apache-2.0\nint add(int a, int b) { return a + b; }\n")
          .write("README.md", "# tiny-lib\nAdds numbers.\n")
          .commit("initial");
      ScanResult r = scan(repo);
      assertThat(r.label().sensitivity()).as(why(r)).isEqualTo(Sensitivity.PUBLIC);
      assertThat(r.label().routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
      assertThat(r.label().reasons())
          .extracting(Reason::ruleId, Reason::category, Reason::policyRule)
          .containsExactly(
              tuple("apache-2.0-license-text", Category.LICENSE, "open-source-licence"),
              tuple("spdx-license-identifier", Category.LICENSE, "open-source-licence"));
    }
  }

  @Test
  void cleanRepositoryWithoutLicenceEvidenceIsInternalCompanyCode() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("in-house"))) {
      repo.write("src/lib.c", "int add(int a, int b) { return a + b; }\n")
          .write("README.md", "# in-house\nAdds numbers. Licensed to nobody.\n")
          .commit("initial");
      ScanResult r = scan(repo);
      assertThat(r.findings()).isEmpty();
      assertThat(r.label().sensitivity()).isEqualTo(Sensitivity.INTERNAL);
      assertThat(r.label().routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
    }
  }

  @Test
  void aLicenceDoesNotLowerARepositoryWithACredential() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("leaky-lib"))) {
      repo.write("LICENSE", "MIT License\n\nPermission is hereby granted, free of charge, to any person"
              + " obtaining a copy\nof this software.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\".\n")
          .write("deploy/creds.env", "AWS_ACCESS_KEY_ID=" + TestRepo.awsKeyId(random) + "\n")
          .commit("initial");
      ScanResult r = scan(repo);
      assertThat(r.findings()).extracting(Finding::ruleId).contains("mit-license-text");
      assertThat(r.label().routing()).as(why(r)).isEqualTo(Routing.ON_PREM_ONLY);
      assertThat(r.label().reasons()).noneMatch(reason -> reason.category() == Category.LICENSE);
    }
  }

  @Test
  void theOrganisationsOwnAllRightsReservedHeaderIsProprietaryOnlyWhenAirlockYmlNamesIt()
      throws Exception {
    String header = String.join("\n",
        "/*",
        " * Copyright (c) 2021-2024 Kestrel Labs, Inc.",
        " * All rights reserved.",
        " */",
        "package com.kestrel.nav;",
        "class Planner {}",
        "");
    try (TestRepo repo = TestRepo.init(tmp.resolve("planner"))) {
      repo.write("src/main/java/com/kestrel/nav/Planner.java", header)
          .write("airlock.yml", "organisations: [Kestrel Labs]\n")
          .commit("initial");
      ScanResult r = scan(repo);
      assertThat(r.label().routing()).as(why(r)).isEqualTo(Routing.ON_PREM_ONLY);
      assertThat(r.label().reasons())
          .extracting(Reason::ruleId, Reason::policyRule)
          .contains(tuple("copyright-notice", "proprietary-notice"));
    }
    try (TestRepo repo = TestRepo.init(tmp.resolve("planner-unnamed"))) {
      repo.write("src/main/java/com/kestrel/nav/Planner.java", header).commit("initial");
      ScanResult r = scan(repo);
      assertThat(r.findings()).as(why(r)).isEmpty();
      assertThat(r.label().routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
    }
  }

  @Test
  void aDicomImageNamingItsPatientIsOnPremAndAnAnonymisedOneIsNot() throws Exception {
    byte[] named = DicomFile.explicitVr()
        .text(0x0008, 0x0060, "CS", "MR")
        .text(0x0010, 0x0010, "PN", "WHITLOCK^DANA")
        .text(0x0010, 0x0020, "LO", "W72301884")
        .text(0x0010, 0x0030, "DA", "19710911")
        .pixels(4096)
        .bytes();
    byte[] anonymised = DicomFile.explicitVr()
        .text(0x0008, 0x0060, "CS", "MR")
        .text(0x0010, 0x0010, "PN", "ANONYMOUS")
        .pixels(4096)
        .bytes();
    try (TestRepo repo = TestRepo.init(tmp.resolve("imaging"))) {
      repo.writeBytes("studies/brain/IM0001.dcm", named)
          .writeBytes("studies/phantom/IM0001.dcm", anonymised)
          .commit("initial");
      ScanResult r = scan(repo);
      assertThat(r.findings()).noneMatch(f -> f.location().path().startsWith("studies/phantom/"));
      assertThat(r.findings())
          .filteredOn(f -> f.category() == Category.PHI)
          .extracting(f -> f.location().path(), Finding::ruleId, Finding::category, Finding::confidence)
          .containsExactly(
              tuple("studies/brain/IM0001.dcm", "dicom-patient-tag", Category.PHI, Confidence.HIGH),
              tuple("studies/brain/IM0001.dcm", "dicom-patient-tag", Category.PHI, Confidence.HIGH),
              tuple("studies/brain/IM0001.dcm", "dicom-patient-tag", Category.PHI, Confidence.HIGH));
      assertThat(r.label().routing()).isEqualTo(Routing.ON_PREM_ONLY);
    }
  }

  @Test
  void openSourceLibraryFullOfTestKeysAndLookAlikesIsCloudEligible() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair pair = gen.generateKeyPair();
    String privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
    try (TestRepo repo = TestRepo.init(tmp.resolve("http-client"))) {
      repo.write("LICENSE", "Apache License\nVersion 2.0, January 2004\nhttp://www.apache.org/licenses/\n")
          .write("README.md", String.join("\n",
              "# http-client",
              "Maintained by Jane Roe <jane.roe@http-client.dev>. Questions: maintainers@http-client.dev",
              "",
              "Configure credentials, for example:",
              "",
              "    export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
              "    export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
              "    export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
              "",
              "Payments in the demo use the card 4242 4242 4242 4242.",
              ""))
          .write("src/main/java/dev/client/Client.java", String.join("\n",
              "/*",
              " * Copyright 2024 The http-client Authors. All rights reserved.",
              " * Licensed under the Apache License, Version 2.0 (the \"License\");",
              " * you may not use this file except in compliance with the License.",
              " */",
              "package dev.client;",
              "",
              "public final class Client {",
              "  private static final String PASSWORD_PROPERTY = \"client.password\";",
              "  private static final String TOKEN_HEADER = \"Authorization\";",
              "  private static final String REQUEST_ID = \"6f1c2a9e-8b7d-4c3e-9a1f-2d4b6c8e0a13\";",
              "  private static final long BUILD = 20240501123045L;",
              "  String password = System.getenv(\"CLIENT_PASSWORD\");",
              "  String secret = config.get(\"secret\");",
              "  String commit = \"3f2a9c01b7e4d5f60718293a4b5c6d7e8f901234\";",
              "}",
              ""))
          .write("src/main/resources/application.properties", String.join("\n",
              "client.password=${CLIENT_PASSWORD}",
              "client.token=changeme",
              "password.min.length=12",
              "retry.timeout.ms=1500",
              ""))
          .write(".env.example", "API_KEY=<your-api-key>\nDB_PASSWORD=\nSECRET_TOKEN=replace_me\n")
          .write("src/main/resources/certs/server.pub.pem", publicPem)
          .write("src/main/resources/certs/deploy_key.pub",
              "ssh-rsa " + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + " deploy@ci\n")
          .write("src/test/resources/test-key.pem", privatePem)
          .write("src/test/java/dev/client/ClientTest.java", String.join("\n",
              "package dev.client;",
              "class ClientTest {",
              "  static final String TOKEN = \"" + TestRepo.githubToken(random) + "\";",
              "  static final String KEY = \"" + TestRepo.awsKeyId(random) + "\";",
              "  static final String CARD = \"" + visa() + "\";",
              "  static final String EMAIL = \"someone@example.com\";",
              "}",
              ""))
          .write("examples/config/prod.yml", "password: " + mixed(16) + "\n")
          .write("docs/api.md", String.join("\n",
              "Call the API with a bearer token:",
              "",
              "    curl -H 'Authorization: Bearer <token>' https://api.http-client.dev/v1/items",
              "",
              "Our support line is +1 415 555 0100.",
              ""))
          .commit("initial");
      assertCloud(repo);
    }
  }

  @Test
  void ordinaryApplicationCodeIsCloudEligible() throws Exception {
    StringBuilder java = new StringBuilder("package com.acme.search;\n\nimport java.util.*;\n\n");
    java.append("public class Ranker {\n");
    for (int i = 0; i < 200; i++) {
      java.append("  double score").append(i).append("(Map<String, Double> keyWeights, String token) {\n")
          .append("    return keyWeights.getOrDefault(token, ").append(random.nextDouble()).append(");\n  }\n");
    }
    java.append("}\n");
    try (TestRepo repo = TestRepo.init(tmp.resolve("search"))) {
      repo.write("src/main/java/com/acme/search/Ranker.java", java.toString())
          .write("pom.xml", "<project><modelVersion>4.0.0</modelVersion><artifactId>search</artifactId></project>\n")
          .write("src/main/resources/logback.xml", "<configuration><root level=\"INFO\"/></configuration>\n")
          .commit("initial");
      ScanResult r = scan(repo);
      assertThat(r.label().routing()).as(why(r)).isEqualTo(Routing.CLOUD_ELIGIBLE);
      assertThat(r.findings()).extracting(Finding::ruleId).as(why(r)).isEmpty();
    }
  }

  /** A synthetic SSN that follows the SSA's assignment rules. */
  private String ssn() {
    return String.format("%03d-%02d-%04d", 100 + random.nextInt(565), 1 + random.nextInt(98),
        1 + random.nextInt(9998));
  }

  private String visa() {
    return TestRepo.visa(random);
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
