package dev.airlock.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.airlock.rules.engine.Matches;
import dev.airlock.rules.policy.Label;
import dev.airlock.rules.policy.Policy;
import dev.airlock.rules.policy.Routing;
import dev.airlock.rules.validate.GithubCrc32;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in starter packs as a whole: what they cover, how their rules interact on overlapping
 * values, and which look-alikes they leave alone. Per-rule behaviour is in each rule's examples
 * (RuleExamplesTest); this class checks what no single rule's examples can.
 *
 * <p>Every token-shaped value is generated from a fixed seed, so this file holds no credential.
 */
class StarterPacksTest {
  private static final RuleSet RULES = RuleSet.builtIn();
  private static final Policy POLICY = Policy.defaultPolicy();
  private static final String MAIN_PATH = "src/main/resources/application.properties";
  private static final String BASE62 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String BASE64 = BASE62 + "+/";
  private static final String BASE64URL = BASE62 + "-_";

  private static KeyPair rsa;

  private final Random random = new Random(20240611L);

  @BeforeAll
  static void generateKeyPair() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    rsa = generator.generateKeyPair();
  }

  // ------------------------------------------------------------------ coverage

  @Test
  void builtInPacksLoadWithAStableHash() {
    assertThat(RULES.rules()).isNotEmpty();
    assertThat(RULES.hash()).hasSize(64).isEqualTo(RuleSet.builtIn().hash());
  }

  @Test
  void atLeastFortyCredentialRulesShip() {
    assertThat(RULES.rules().stream().filter(r -> r.category() == Category.SECRET)).hasSizeGreaterThanOrEqualTo(40);
  }

  @Test
  void everyCategoryHasAtLeastOneRule() {
    Set<Category> covered = EnumSet.noneOf(Category.class);
    RULES.rules().forEach(r -> covered.add(r.category()));
    assertThat(covered).containsExactlyInAnyOrder(Category.values());
  }

  @Test
  void everyBuiltInRuleHasAKeywordOrDigitPrefilterOrAFileNameLimit() {
    // A rule with none of them runs its regex over every whole file; one limited to a few file
    // names (config/master.key) runs only on those.
    assertThat(RULES.rules())
        .filteredOn(r -> r.keywords().isEmpty() && r.digits() <= 0 && r.includePaths().isEmpty())
        .extracting(Rule::id)
        .isEmpty();
  }

  @Test
  void noBuiltInPackSilentlyReplacesAnotherPacksRule() throws IOException {
    List<String> ids = new ArrayList<>();
    for (String pack : packNames()) {
      RulePack.parse(pack, resource("airlock/rules/" + pack)).rules().forEach(r -> ids.add(r.id()));
    }
    assertThat(ids).doesNotHaveDuplicates().hasSameSizeAs(RULES.rules());
  }

  @Test
  void specificCredentialPacksAreListedBeforeTheGenericPack() throws IOException {
    List<String> packs = packNames();
    assertThat(packs).contains("secrets.yml", "private-keys.yml", "connections.yml", "generic.yml");
    int generic = packs.indexOf("generic.yml");
    assertThat(packs.indexOf("secrets.yml")).isLessThan(generic);
    assertThat(packs.indexOf("private-keys.yml")).isLessThan(generic);
    assertThat(packs.indexOf("connections.yml")).isLessThan(generic);
    for (String vendorPack : List.of("secrets-cloud.yml", "secrets-devops.yml", "secrets-data.yml")) {
      assertThat(packs.indexOf(vendorPack)).isGreaterThan(packs.indexOf("secrets.yml")).isLessThan(generic);
    }
  }

  // ------------------------------------------------------------------ overlaps between rules

  @Test
  void noOtherFormatRuleClaimsAVendorPackExampleValue() {
    // A vendor pack adds formats no earlier pack covers: on each of its match examples, no other
    // rule of a secrets pack matches the same value. The JWT rule is format-agnostic by design.
    List<String> duplicates = new ArrayList<>();
    for (Rule rule : RULES.rules()) {
      if (!rule.source().matches(".*/secrets-(cloud|devops|data)\\.yml")) {
        continue;
      }
      for (String example : rule.matchExamples()) {
        List<dev.airlock.rules.engine.Match> raw = RULES.matcher().match(example).matches();
        for (dev.airlock.rules.engine.Match other : raw) {
          boolean sameValue =
              raw.stream().anyMatch(m -> m.rule() == rule && m.start() < other.end() && other.start() < m.end());
          if (other.rule() != rule
              && sameValue
              && other.rule().source().matches(".*/secrets[^/]*\\.yml")
              && !other.rule().id().equals("jwt")) {
            duplicates.add(rule.id() + " / " + other.rule().id());
          }
        }
      }
    }
    assertThat(duplicates).isEmpty();
  }

  @Test
  void aGithubTokenInAPasswordAssignmentIsReportedByTheGithubRule() {
    String token = GithubCrc32.token("ghp_", token(BASE62, 30));
    assertThat(ruleIds("password=" + token)).containsExactly("github-pat-classic");
    assertThat(ruleIds("spring.datasource.password: \"" + token + "\"")).containsExactly("github-pat-classic");
  }

  @Test
  void anAwsSecretKeyIsReportedByTheAwsRuleNotTheGenericOne() {
    String secret = token(BASE64, 40);
    assertThat(ruleIds("aws_secret_access_key = " + secret)).containsExactly("aws-secret-access-key");
  }

  @Test
  void aJwtInABearerHeaderIsReportedAsAJwt() {
    String header = b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    String payload = b64url("{\"sub\":\"" + token("0123456789", 8) + "\",\"iat\":1718000000}");
    String jwt = header + "." + payload + "." + token(BASE62 + "-_", 43);
    assertThat(ruleIds("Authorization: Bearer " + jwt)).containsExactly("jwt");
  }

  @Test
  void aTokenInsideAUrlIsReportedByItsVendorRuleNotAsBasicAuth() {
    String token = "glpat-" + token(BASE62, 20);
    assertThat(ruleIds("https://oauth2:" + token + "@gitlab.acme.internal/platform/ledger.git"))
        .containsExactly("gitlab-pat");
  }

  @Test
  void aServiceAccountKeyIsReportedOnceAsAServiceAccountKey() {
    String json =
        "{\n  \"type\": \"service_account\",\n  \"project_id\": \"ledger-4821\",\n"
            + "  \"private_key\": \"" + pem("PRIVATE KEY", rsa.getPrivate().getEncoded()).replace("\n", "\\n")
            + "\",\n  \"client_email\": \"deployer@ledger-4821.iam.gserviceaccount.com\"\n}\n";
    assertThat(findings(json))
        .filteredOn(f -> f.category() == Category.SECRET)
        .extracting(Finding::ruleId)
        .containsExactly("gcp-service-account-key");
  }

  // ------------------------------------------------------------------ private and public keys

  @Test
  void aPrivateKeyIsFoundThroughItsBodyOnTheFollowingLines() {
    String pem = pem("PRIVATE KEY", rsa.getPrivate().getEncoded());
    assertThat(findings(pem))
        .extracting(Finding::ruleId, Finding::confidence)
        .containsExactly(tuple("private-key-pkcs8", Confidence.HIGH));
    assertThat(ruleIds("TLS_KEY=\"" + pem.replace("\n", "\\n") + "\"")).containsExactly("private-key-pkcs8");
    assertThat(ruleIds("key: |\n  " + pem.replace("\n", "\n  "))).containsExactly("private-key-pkcs8");
  }

  @Test
  void aPrivateKeyHeaderWithoutABodyIsNotAFinding() {
    assertThat(findings("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----\n"))
        .isEmpty();
    assertThat(findings("if (pem.contains(\"-----BEGIN OPENSSH PRIVATE KEY-----\")) {")).isEmpty();
  }

  @Test
  void publicKeysAndCertificatesGiveNoSecretFinding() {
    byte[] publicKey = rsa.getPublic().getEncoded();
    byte[] certificateLike = new byte[900];
    random.nextBytes(certificateLike);
    String text =
        pem("PUBLIC KEY", publicKey)
            + pem("RSA PUBLIC KEY", publicKey)
            + pem("CERTIFICATE", certificateLike)
            + "ssh-rsa " + Base64.getEncoder().encodeToString(publicKey) + " deploy@ci\n";
    assertThat(findings(text)).filteredOn(f -> f.category() == Category.SECRET).isEmpty();
  }

  // ------------------------------------------------------------------ look-alikes

  @Test
  void theAwsDocumentationKeyGivesNoFindingAtAll() {
    assertThat(findings("AKIAIOSFODNN7EXAMPLE")).isEmpty();
    assertThat(findings("aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
            + "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")).isEmpty();
  }

  @Test
  void placeholdersAndLookupsInConfigurationGiveNoFinding() {
    String config =
        String.join(
            "\n",
            "client.password=${CLIENT_PASSWORD}",
            "client.token=changeme",
            "password.min.length=12",
            "api.key=<your-api-key>",
            "DATABASE_URL=postgres://${DB_USER}:${DB_PASSWORD}@db:5432/ledger",
            "String password = System.getenv(\"DB_PASSWORD\");",
            "token = request.headers.get(\"X-Token\")",
            "password: \"{{ vault_db_password }}\"",
            "");
    assertThat(findings(config)).isEmpty();
  }

  @Test
  void openSourceLicenceHeadersGiveNoProprietaryFinding() {
    String headers =
        String.join(
            "\n",
            "/*",
            " * Copyright 2024 The Ledger Authors. All rights reserved.",
            " *",
            " * Licensed under the Apache License, Version 2.0 (the \"License\");",
            " * you may not use this file except in compliance with the License.",
            " * You may obtain a copy of the License at http://www.apache.org/licenses/LICENSE-2.0",
            " * Unless required by applicable law or agreed to in writing, software",
            " * distributed under the License is distributed on an \"AS IS\" BASIS,",
            " * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.",
            " */",
            "// Copyright (c) 2019 Kestrel Labs. Permission is hereby granted, free of charge, to any",
            "// person obtaining a copy of this software. THE SOFTWARE IS PROVIDED \"AS IS\".",
            "// Redistribution and use in source and binary forms, with or without modification, are",
            "// permitted provided that the following conditions are met.",
            "// This program is free software: you can redistribute it and/or modify it under the terms",
            "// of the GNU General Public License; it does not permit incorporating it into proprietary",
            "// programs.",
            "");
    assertThat(findings(headers, "src/main/java/dev/ledger/Ledger.java")).isEmpty();
  }

  @Test
  void paymentProviderTestCardsAreNotFindingsButOtherValidNumbersAre() {
    assertThat(findings("card: 4242 4242 4242 4242, card: 4111-1111-1111-1111")).isEmpty();
    assertThat(ruleIds("card: " + grouped(visa()))).containsExactly("payment-card-number");
  }

  @Test
  void unclassifiedBannersGiveNoClassifiedFinding() {
    assertThat(findings("UNCLASSIFIED\n\n(U) Public release approved.\n\nUNCLASSIFIED\n"))
        .filteredOn(f -> f.category() == Category.CLASSIFIED)
        .isEmpty();
  }

  @Test
  void aCopyrightSignIsNotAPortionMarking() {
    assertThat(findings("(C) Copyright 2024 Kestrel Labs. All rights reserved.\n")).isEmpty();
  }

  // ------------------------------------------------------------------ confidence and labels

  @Test
  void anEmailInAReadmeIsLowSeverityAtMostMediumConfidenceAndStaysCloudEligible() {
    List<Finding> found =
        findings("Maintained by Orla Venn <orla.venn@kestrel-labs.io>.\n", "README.md");
    assertThat(found).extracting(Finding::ruleId).containsExactly("email-address");
    assertThat(found).allSatisfy(
        f -> {
          assertThat(f.severity()).isEqualTo(Severity.LOW);
          assertThat(f.confidence()).isIn(Confidence.LOW, Confidence.MEDIUM);
        });
    assertThat(label(found).routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
  }

  @Test
  void mentioningItarInProseStaysLowAndCloudEligible() {
    List<Finding> found = findings("We do not handle ITAR data in this service.\n", "README.md");
    assertThat(found).isNotEmpty().allSatisfy(f -> assertThat(f.confidence()).isEqualTo(Confidence.LOW));
    assertThat(label(found).routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
  }

  @Test
  void anItarNoticeMakesTheUnitOnPrem() {
    String header =
        "/*\n * WARNING: This document contains technical data whose export is restricted by the\n"
            + " * Arms Export Control Act (Title 22, U.S.C., Sec 2751, et seq.).\n */\n";
    List<Finding> found = findings(header, "src/nav/kalman.c");
    assertThat(found).extracting(Finding::ruleId).contains("itar-notice");
    assertThat(label(found).routing()).isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void theCryptoExportNoticeOfOpenSourceProjectsStaysCloudEligible() {
    String notice =
        "This distribution includes cryptographic software. The U.S. Government Department of\n"
            + "Commerce, Bureau of Industry and Security (BIS), has classified this software as\n"
            + "Export Commodity Control Number (ECCN) 5D002.C.1, which includes information security\n"
            + "software using or performing cryptographic functions with asymmetric algorithms. The\n"
            + "form and manner of this distribution makes it eligible for export under the License\n"
            + "Exception ENC Technology Software Unrestricted (TSU) exception (see the BIS Export\n"
            + "Administration Regulations, Section 740.13) for both object code and source code.\n";
    List<Finding> found = findings(notice, "README.md");
    assertThat(found).allSatisfy(f -> assertThat(f.confidence()).isEqualTo(Confidence.LOW));
    assertThat(label(found).routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
  }

  @Test
  void diagnosisCodesInACodeLookupTableStayLow() {
    List<Finding> found =
        findings("ICD-10 lookup table, chapter E00-E89: E11.9 Type 2 diabetes mellitus\n", "src/main/resources/codes.txt");
    assertThat(found).allSatisfy(f -> assertThat(f.confidence()).isEqualTo(Confidence.LOW));
  }

  @Test
  void aLibraryMarkingItsApiAsInternalUseOnlyStaysLow() {
    List<Finding> found =
        findings("/** For internal use only: this method is not part of the public API. */\n", "src/main/java/A.java");
    assertThat(found).allSatisfy(f -> assertThat(f.confidence()).isEqualTo(Confidence.LOW));
  }

  @Test
  void aCredentialInATestFileIsLowAndDoesNotMoveTheLabel() {
    String text = "static final String TOKEN = \"" + GithubCrc32.token("ghp_", token(BASE62, 30)) + "\";\n";
    List<Finding> inTest = findings(text, "src/test/java/dev/ledger/ClientTest.java");
    assertThat(inTest).extracting(Finding::ruleId, Finding::confidence)
        .containsExactly(tuple("github-pat-classic", Confidence.LOW));
    assertThat(label(inTest).routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
    assertThat(label(findings(text, "src/main/java/dev/ledger/Client.java")).routing())
        .isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void aLiteralPasswordInProductionConfigMakesTheUnitOnPrem() {
    String yaml = "spring:\n  datasource:\n    password: " + token(BASE62 + "!#%*+-", 18) + "\n";
    List<Finding> found = findings(yaml, "src/main/resources/application-prod.yml");
    assertThat(found).extracting(Finding::ruleId).containsExactly("generic-secret-assignment-unquoted");
    assertThat(label(found).routing()).isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void anUnquotedRightHandSideInCodeIsAnExpressionNotASecret() {
    String js = "})(Socks5Auth || (exports.Socks5Auth = Socks5Auth = {}));\nauthKey = key2Value;\n";
    assertThat(findings(js, "lib/constants.js")).isEmpty();
    String literal = "const API_TOKEN = \"" + token(BASE62, 32) + "\";\n";
    assertThat(findings(literal, "lib/client.js")).extracting(Finding::ruleId)
        .containsExactly("generic-secret-assignment");
  }

  @Test
  void aJwtInDocumentationIsAnExampleNotACredential() {
    String jwt = "eyJhbGciOiJIUzI1NiJ9." + b64url("{\"sub\":\"svc-ledger\",\"scope\":\"write\"}") + "."
        + token(BASE64URL, 43);
    assertThat(findings("Authorization header: " + jwt + "\n", "docs/auth.md")).isEmpty();
    assertThat(findings("token = \"" + jwt + "\"\n", "src/main/resources/app.conf"))
        .extracting(Finding::ruleId).contains("jwt");
  }

  @Test
  void aTemplatedKubernetesSecretEntryDoesNotHideTheLiteralOnesAfterIt() {
    String manifest =
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ledger\ndata:\n"
            + "  password: {{ .Values.password | b64enc }}\n"
            + "  token: " + token(BASE64, 40) + "\n"
            + "  username: " + b64url("ledger_app") + "\n";
    assertThat(findings(manifest))
        .extracting(Finding::ruleId, f -> f.location().line())
        .containsExactly(
            tuple("kubernetes-secret-manifest", 7),
            tuple("kubernetes-secret-manifest", 8));
  }

  // ------------------------------------------------------------------ cost

  @Test
  void noRuleRunsOutOfItsWorkBudgetOnHostileText() {
    List<String> keywords =
        List.of("eyJ", "AIza", "@", "password=", "sk-proj-", "xoxb-", "glpat-", "hvs.", "://", "-us",
            "key-", "Q~", ":AA", "dapi", "SG.", "T3BlbkFJ", "kind: Secret", "(4", "ITAR", "PID|",
            "SECRET//", "-----BEGIN RSA PRIVATE KEY-----", "\"type\": \"service_account\"");
    StringBuilder base64Line = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      base64Line.append(token(BASE64, 300)).append(keywords.get(random.nextInt(keywords.size())));
    }
    StringBuilder digits = new StringBuilder();
    for (int i = 0; i < 60_000; i++) {
      digits.append(random.nextInt(10)).append(" -./()".charAt(random.nextInt(6)));
    }
    StringBuilder ats = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      ats.append("a.".repeat(60)).append('@').append(token("abcdefghij.", 80)).append(i % 20 == 0 ? "\n" : "");
    }
    String secrets =
        ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n"
                + "  key: {{ .Values.key }}\n".repeat(200)
                + "---\n")
            .repeat(20);
    for (String text : List.of(base64Line.toString(), digits.toString(), ats.toString(), secrets)) {
      Matches matches = RULES.matcher().match(text);
      assertThat(matches.exhaustedRules()).isEmpty();
    }
  }

  @Test
  void aLargeSecretManifestMatchesOnASmallThreadStack() throws InterruptedException {
    // java.util.regex recurses once per iteration of a repeated group: a rule that looped over
    // every data entry overflowed a 256 KiB stack and silently lost its findings.
    StringBuilder manifest = new StringBuilder("apiVersion: v1\ndata:\n");
    for (int i = 0; i < 300; i++) {
      manifest.append("  key").append(i).append(": ").append(token(BASE64, 24)).append('\n');
    }
    manifest.append("kind: Secret\nmetadata:\n  name: ledger\ntype: Opaque\n");
    List<Matches> result = new ArrayList<>();
    Thread worker =
        new Thread(null, () -> result.add(RULES.matcher().match(manifest.toString())), "small", 256 * 1024);
    worker.start();
    worker.join();
    assertThat(result).singleElement().satisfies(m -> {
      assertThat(m.exhaustedRules()).isEmpty();
      assertThat(m.matches()).extracting(x -> x.rule().id()).contains("kubernetes-secret-manifest");
    });
  }

  // ------------------------------------------------------------------ helpers

  private static List<Finding> findings(String text) {
    return findings(text, MAIN_PATH);
  }

  private static List<Finding> findings(String text, String path) {
    return RULES.matcher().match(text).forPath(path);
  }

  private static List<String> ruleIds(String text) {
    return findings(text).stream().map(Finding::ruleId).toList();
  }

  private static Label label(List<Finding> findings) {
    return POLICY.evaluate(findings);
  }

  private String token(String alphabet, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  /** A random 16-digit number in the Visa range with a valid Luhn check digit. */
  private String visa() {
    StringBuilder pan = new StringBuilder("4");
    for (int i = 0; i < 14; i++) {
      pan.append(random.nextInt(10));
    }
    int sum = 0;
    for (int i = 0; i < 15; i++) {
      int d = pan.charAt(14 - i) - '0';
      if (i % 2 == 0) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
    }
    return pan.append((10 - sum % 10) % 10).toString();
  }

  private static String grouped(String pan) {
    return pan.replaceAll("(\\d{4})(?=\\d)", "$1 ");
  }

  private static String b64url(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static List<String> packNames() throws IOException {
    return resource("airlock/rules/packs.txt")
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .collect(Collectors.toList());
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = StarterPacksTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as("resource %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
