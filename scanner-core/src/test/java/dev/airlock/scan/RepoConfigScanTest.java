package dev.airlock.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.label.Unit;
import dev.airlock.report.JsonReportWriter;
import dev.airlock.report.TextReportWriter;
import dev.airlock.rules.Finding;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.policy.Routing;
import dev.airlock.rules.policy.Sensitivity;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans of real repositories with units and an {@code airlock.yml}: labels per unit, the
 * repository's own rules, policy and exclusions, and broken configuration failing one repository.
 */
class RepoConfigScanTest {
  private static final long SEED = 20261201L;
  private static final Scanner SCANNER = Scanner.builder().threads(2).build();

  @TempDir Path tmp;

  private final Random random = new Random(SEED);

  private ScanResult scanOne(Path path) {
    return SCANNER.scanPaths(List.of(path), null).get(0);
  }

  private static String pom(String artifact, String... modules) {
    StringBuilder s = new StringBuilder("<project>\n  <artifactId>" + artifact + "</artifactId>\n");
    if (modules.length > 0) {
      s.append("  <modules>\n");
      for (String m : modules) {
        s.append("    <module>").append(m).append("</module>\n");
      }
      s.append("  </modules>\n");
    }
    return s.append("</project>\n").toString();
  }

  private String cardsCsv() {
    StringBuilder s = new StringBuilder("customer,card_number,expiry\n");
    for (int i = 0; i < 3; i++) {
      s.append("c").append(i).append(",").append(TestRepo.visa(random)).append(",12/29\n");
    }
    return s.toString();
  }

  private Path mavenMonorepo(String name) throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve(name))) {
      repo.write("pom.xml", pom("parent", "services/billing", "services/search", "libs/common"))
          .write("services/billing/pom.xml", pom("billing"))
          .write("services/billing/src/main/resources/cards.csv", cardsCsv())
          .write("services/search/pom.xml", pom("search"))
          .write("services/search/src/main/java/Search.java", "class Search {}\n")
          .write("libs/common/pom.xml", pom("common"))
          .write("libs/common/src/main/java/Common.java", "class Common {}\n")
          .write("README.md", "# Monorepo\n")
          .commit("initial");
    }
    return tmp.resolve(name);
  }

  private static Unit unit(ScanResult r, String path) {
    return r.units().stream().filter(u -> u.path().equals(path)).findFirst().orElseThrow(
        () -> new AssertionError("no unit " + path + " in " + r.units()));
  }

  @Test
  void mavenMonorepoIsLabelledPerModuleAndTheRepositoryTakesTheStrictestModule() throws Exception {
    ScanResult r = scanOne(mavenMonorepo("mono"));

    assertThat(r.failed()).as(r.error()).isFalse();
    assertThat(r.units()).extracting(Unit::path)
        .containsExactly("", "libs/common", "services/billing", "services/search");
    Unit billing = unit(r, "services/billing");
    assertThat(billing.routing()).isEqualTo(Routing.ON_PREM_ONLY);
    assertThat(billing.sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
    assertThat(billing.origin()).isEqualTo("pom.xml");
    assertThat(billing.findings()).isGreaterThanOrEqualTo(3);
    assertThat(billing.label().reasons()).isNotEmpty()
        .allSatisfy(reason -> assertThat(reason.policyRule()).isNotBlank())
        .anySatisfy(reason -> assertThat(reason.policyRule()).isEqualTo("payment-card-data"));
    for (String clean : List.of("", "libs/common", "services/search")) {
      assertThat(unit(r, clean).routing()).as(clean).isEqualTo(Routing.CLOUD_ELIGIBLE);
      assertThat(unit(r, clean).findings()).as(clean).isZero();
    }
    assertThat(r.label().routing()).isEqualTo(Routing.ON_PREM_ONLY);
    assertThat(r.label().sensitivity()).isEqualTo(Sensitivity.RESTRICTED);

    StringWriter json = new StringWriter();
    new JsonReportWriter().write(List.of(r), json);
    JsonNode units = new ObjectMapper().readTree(json.toString()).path("repositories").path(0).path("units");
    assertThat(units).hasSize(4);
    JsonNode billingJson = units.get(2);
    assertThat(billingJson.path("path").asText()).isEqualTo("services/billing");
    assertThat(billingJson.path("origin").asText()).isEqualTo("pom.xml");
    assertThat(billingJson.path("label").asText()).isEqualTo("ON_PREM_ONLY");
    assertThat(billingJson.path("sensitivity").asText()).isEqualTo("RESTRICTED");
    assertThat(billingJson.path("findingCount").asInt()).isEqualTo(billing.findings());
    assertThat(billingJson.path("reasons").path(0).path("policyRule").asText())
        .isEqualTo("payment-card-data");
    assertThat(units.get(3).path("label").asText()).isEqualTo("CLOUD_ELIGIBLE");
    StringWriter text = new StringWriter();
    new TextReportWriter(false).write(List.of(r), text);
    assertThat(text.toString())
        .contains("  units: 4 (1 ON_PREM_ONLY, 3 CLOUD_ELIGIBLE)\n")
        .contains("    services/billing  ON_PREM_ONLY (RESTRICTED)  ")
        .doesNotContain("    services/search  ");
  }

  @Test
  void fourUnitsOfFourSensitivitiesEachGetTheirOwnLabel() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("platform"))) {
      repo.write("package.json", "{\"private\": true, \"workspaces\": [\"web/*\"]}\n")
          // PUBLIC: an openly licensed SDK, published as it is.
          .write("web/sdk/package.json", "{\"name\": \"@acme/sdk\"}\n")
          .write("web/sdk/LICENSE", String.join("\n",
              "                                 Apache License",
              "                           Version 2.0, January 2004",
              "                        http://www.apache.org/licenses/", ""))
          .write("web/sdk/index.js", "// SPDX-License-Identifier: Apache-2.0\nexport const add = (a, b) => a + b;\n")
          // INTERNAL: company code with nothing sensitive in it.
          .write("web/portal/package.json", "{\"name\": \"portal\"}\n")
          .write("web/portal/app.js", "export function render() { return 'hello'; }\n")
          // CONFIDENTIAL: a proprietary notice.
          .write("pricing/go.mod", "module acme.example/pricing\n")
          .write("pricing/engine.go", String.join("\n",
              "// Copyright (c) 2024 Acme Corp. All rights reserved.",
              "// PROPRIETARY AND CONFIDENTIAL. This file contains trade secrets of Acme Corp.",
              "// Unauthorized copying of this file, via any medium, is strictly prohibited.",
              "package pricing", ""))
          // RESTRICTED: card data.
          .write("billing/pyproject.toml", "[project]\nname = \"billing\"\n")
          .write("billing/data/cards.csv", cardsCsv())
          .commit("initial");
    }
    ScanResult r = scanOne(tmp.resolve("platform"));

    assertThat(r.failed()).as(r.error()).isFalse();
    assertThat(r.units()).extracting(Unit::path, Unit::origin, Unit::sensitivity)
        .containsExactly(
            tuple("", "", Sensitivity.INTERNAL),
            tuple("billing", "pyproject.toml", Sensitivity.RESTRICTED),
            tuple("pricing", "go.mod", Sensitivity.CONFIDENTIAL),
            tuple("web/portal", "package.json", Sensitivity.INTERNAL),
            tuple("web/sdk", "package.json", Sensitivity.PUBLIC));
    assertThat(r.units()).extracting(Unit::routing)
        .containsExactly(Routing.CLOUD_ELIGIBLE, Routing.ON_PREM_ONLY, Routing.ON_PREM_ONLY,
            Routing.CLOUD_ELIGIBLE, Routing.CLOUD_ELIGIBLE);
    assertThat(unit(r, "web/sdk").label().reasons()).isNotEmpty()
        .allSatisfy(reason -> assertThat(reason.policyRule()).isEqualTo("open-source-licence"));
    assertThat(unit(r, "pricing").label().reasons())
        .anySatisfy(reason -> assertThat(reason.policyRule()).isEqualTo("proprietary-notice"));
    assertThat(unit(r, "billing").label().reasons())
        .anySatisfy(reason -> assertThat(reason.policyRule()).isEqualTo("payment-card-data"));
    assertThat(r.label().sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
    assertThat(r.label().routing()).isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void aLicenceAtTheRootCoversEveryModuleOfAnOpenSourceMonorepo() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("oss"))) {
      repo.write("pom.xml", pom("parent", "core", "cli"))
          .write("core/pom.xml", pom("core"))
          .write("core/src/main/java/Core.java", "class Core {}\n")
          .write("cli/pom.xml", pom("cli"))
          .write("cli/src/main/java/Cli.java", "class Cli {}\n")
          .write("LICENSE", "MIT License\n\nCopyright (c) 2024 Some Author\n\n"
              + "Permission is hereby granted, free of charge, to any person obtaining a copy\n"
              + "of this software and associated documentation files (the \"Software\"), to deal\n"
              + "in the Software without restriction.\n\n"
              + "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND.\n")
          .commit("initial");
    }
    ScanResult r = scanOne(tmp.resolve("oss"));
    assertThat(r.units()).extracting(Unit::path).containsExactly("", "cli", "core");
    assertThat(r.units()).allSatisfy(u -> assertThat(u.sensitivity()).as(u.path()).isEqualTo(Sensitivity.PUBLIC));
    assertThat(unit(r, "core").findings()).isZero();
    assertThat(r.label().sensitivity()).isEqualTo(Sensitivity.PUBLIC);
    assertThat(r.label().reasons()).singleElement().satisfies(reason -> {
      assertThat(reason.count()).isEqualTo(1);
      assertThat(reason.policyRule()).isEqualTo("open-source-licence");
    });
  }

  @Test
  void unitsInAirlockYmlWinOverDetectedOnes() throws Exception {
    Path dir = mavenMonorepo("declared");
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("airlock.yml", "units:\n  - 'services/*'\n  - libs\n  - docs\n")
          .commit("declare units");
    }
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    Scanner scanner =
        Scanner.builder()
            .threads(2)
            .listener(
                new ScanListener() {
                  @Override
                  public void warning(String repository, String message) {
                    warnings.add(repository + ": " + message);
                  }
                })
            .build();
    ScanResult r = scanner.scanPaths(List.of(dir), null).get(0);
    assertThat(r.units()).extracting(Unit::path)
        .containsExactly("", "libs", "services/billing", "services/search");
    assertThat(warnings).containsExactly(
        "declared: airlock.yml: units: 'docs' names no folder of the scanned tree; it is not a unit");
    assertThat(r.units().subList(1, 4)).extracting(Unit::origin).containsOnly("airlock.yml");
    assertThat(unit(r, "services/billing").routing()).isEqualTo(Routing.ON_PREM_ONLY);
    assertThat(unit(r, "services/search").routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
  }

  @Test
  void airlockYmlRulesAddReplaceAndDisableRulesForThatRepositoryOnly() throws Exception {
    String token = TestRepo.githubToken(random);
    String awsKey = TestRepo.awsKeyId(random);
    String content =
        "github.token=" + token + "\naws.key=" + awsKey + "\nnote=Roadmap of Project Falcon\n";
    try (TestRepo repo = TestRepo.init(tmp.resolve("own"))) {
      repo.write("config/app.properties", content)
          .write(
              "airlock.yml",
              String.join(
                  "\n",
                  "rules:",
                  "  - id: codename-falcon",
                  "    title: Project Falcon code name",
                  "    category: PROPRIETARY",
                  "    severity: HIGH",
                  "    keywords: [falcon]",
                  "    pattern: '(?i)\\bproject[ _-]?falcon\\b'",
                  "  - id: github-pat-classic",
                  "    title: GitHub token, as this repository defines it",
                  "    category: SECRET",
                  "    severity: CRITICAL",
                  "    keywords: [ghp_]",
                  "    pattern: '(?<secret>ghp_[A-Za-z0-9]{36})'",
                  "disable: [aws-access-key-id]",
                  "organisations: [Acme Corp]",
                  ""))
          .commit("initial");
    }
    try (TestRepo repo = TestRepo.init(tmp.resolve("plain"))) {
      repo.write("config/app.properties", content).commit("initial");
    }
    List<ScanResult> results =
        SCANNER.scanPaths(List.of(tmp.resolve("own"), tmp.resolve("plain"), tmp.resolve("own")), null);
    ScanResult own = results.get(0);
    ScanResult plain = results.get(1);

    assertThat(own.failed()).as(own.error()).isFalse();
    List<String> ownRules = own.findings().stream().map(Finding::ruleId).toList();
    assertThat(ownRules).contains("codename-falcon", "github-pat-classic")
        .doesNotContain("aws-access-key-id");
    Finding github = own.findings().stream()
        .filter(f -> f.ruleId().equals("github-pat-classic")).findFirst().orElseThrow();
    assertThat(github.title()).isEqualTo("GitHub token, as this repository defines it");
    assertThat(plain.findings()).extracting(Finding::ruleId)
        .contains("aws-access-key-id").doesNotContain("codename-falcon");

    assertThat(own.rulesHash()).isNotEqualTo(plain.rulesHash());
    assertThat(plain.rulesHash()).isEqualTo(SCANNER.rules().hash());
    assertThat(results.get(2).rulesHash()).isEqualTo(own.rulesHash());
    assertThat(SCANNER.rules().rule("codename-falcon")).isEmpty();
  }

  @Test
  void rulePacksNamedByAirlockYmlAreReadFromTheRepository() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("packs"))) {
      repo.write("security/rules/falcon.yml",
              "rules:\n  - id: codename-falcon\n    title: Falcon\n    category: PROPRIETARY\n"
                  + "    severity: HIGH\n    keywords: [falcon]\n    pattern: '(?i)project falcon'\n")
          .write("docs/plan.md", "Project Falcon ships in May.\n")
          .write("airlock.yml", "packs: [security/rules]\nexclude: ['security/**']\n")
          .commit("initial");
    }
    ScanResult r = scanOne(tmp.resolve("packs"));
    assertThat(r.failed()).as(r.error()).isFalse();
    assertThat(r.findings()).extracting(f -> f.location().path()).containsExactly("docs/plan.md");
    assertThat(r.skipped()).contains(new SkippedItem("security/rules/falcon.yml", "excluded"));
    assertThat(r.stats().skipped()).containsEntry("excluded", 1L);
  }

  @Test
  void disablingAnUnknownRuleFailsThatRepositoryNamingFileAndLine() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("typo"))) {
      repo.write("README.md", "# typo\n")
          .write("airlock.yml", "organisations: [Acme]\ndisable:\n  - aws-acess-key-id\n")
          .commit("initial");
    }
    ScanResult r = scanOne(tmp.resolve("typo"));
    assertThat(r.failed()).isTrue();
    assertThat(r.label()).isNull();
    assertThat(r.error())
        .isEqualTo(tmp.resolve("typo") + "/airlock.yml:3: 'disable' names rule 'aws-acess-key-id',"
            + " which no earlier pack defines ('airlock rules list' shows the rule ids)");
  }

  @Test
  void malformedAirlockYmlFailsItsRepositoryWhileTheNextIsStillScanned() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("broken"))) {
      repo.write("README.md", "# broken\n")
          .write("airlock.yml", "exclude: ['docs/**']\nunit:\n  - services/a\n")
          .commit("initial");
    }
    try (TestRepo repo = TestRepo.init(tmp.resolve("bad-yaml"))) {
      repo.write("airlock.yml", "units: [a, b\nexclude: []\n").commit("initial");
    }
    Path fine = mavenMonorepo("fine");
    List<ScanResult> results =
        SCANNER.scanPaths(List.of(tmp.resolve("broken"), tmp.resolve("bad-yaml"), fine), null);

    assertThat(results.get(0).error())
        .isEqualTo(tmp.resolve("broken") + "/airlock.yml:2: unknown field 'unit'; allowed: "
            + "[disable, exclude, organisations, packs, policy, rules, units]")
        .doesNotContain("\n");
    assertThat(results.get(1).error())
        .startsWith(tmp.resolve("bad-yaml") + "/airlock.yml:2: not valid YAML")
        .doesNotContain("\n");
    assertThat(results.get(2).failed()).isFalse();
    assertThat(results.get(2).label().routing()).isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void airlockYmlIsReadFromTheScannedCommitNotTheWorkingTree() throws Exception {
    Path dir = mavenMonorepo("committed");
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("airlock.yml", "exclude: ['services/billing/**']\n").commit("exclude billing");
    }
    Files.writeString(dir.resolve("airlock.yml"), "this: is not committed\n");
    ScanResult r = scanOne(dir);
    assertThat(r.failed()).as(r.error()).isFalse();
    assertThat(r.label().routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
    assertThat(r.skipped()).contains(
        new SkippedItem("services/billing/src/main/resources/cards.csv", "excluded"));
    assertThat(Files.readString(dir.resolve("airlock.yml"))).isEqualTo("this: is not committed\n");
  }

  @Test
  void aFolderOutsideGitReadsItsOwnAirlockYml() throws Exception {
    Path dir = tmp.resolve("plain-folder");
    Files.createDirectories(dir.resolve("services/billing"));
    Files.writeString(dir.resolve("services/billing/cards.csv"), cardsCsv());
    Files.writeString(dir.resolve("airlock.yml"), "units: [services/billing]\n");
    ScanResult r = scanOne(dir);
    assertThat(r.units()).extracting(Unit::path).containsExactly("", "services/billing");
    assertThat(unit(r, "services/billing").routing()).isEqualTo(Routing.ON_PREM_ONLY);
    assertThat(unit(r, "").routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
  }

  @Test
  void policyInAirlockYmlLabelsThatRepositoryAndEveryReasonNamesItsPolicyRule() throws Exception {
    Path dir = mavenMonorepo("lenient");
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("policy/airlock-policy.yml",
              String.join("\n",
                  "rules:",
                  "  - id: cards-are-internal-here",
                  "    category: PCI",
                  "    sensitivity: INTERNAL",
                  "routing:",
                  "  PUBLIC: CLOUD_ELIGIBLE",
                  "  INTERNAL: CLOUD_ELIGIBLE",
                  "  CONFIDENTIAL: ON_PREM_ONLY",
                  "  RESTRICTED: ON_PREM_ONLY",
                  ""))
          .write("airlock.yml", "policy: policy/airlock-policy.yml\n")
          .commit("own policy");
    }
    ScanResult r = scanOne(dir);
    ScanResult strict = scanOne(mavenMonorepo("strict"));
    assertThat(r.failed()).as(r.error()).isFalse();
    Unit billing = unit(r, "services/billing");
    assertThat(billing.sensitivity()).isEqualTo(Sensitivity.INTERNAL);
    assertThat(billing.label().reasons()).isNotEmpty()
        .allSatisfy(reason -> assertThat(reason.policyRule()).isEqualTo("cards-are-internal-here"));
    assertThat(r.label().routing()).isEqualTo(Routing.CLOUD_ELIGIBLE);
    assertThat(r.policyHash()).isNotEqualTo(strict.policyHash());
    assertThat(strict.label().routing()).isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void repositoryConfigurationCanBeTurnedOff() throws Exception {
    Path dir = mavenMonorepo("ignored");
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("airlock.yml", "exclude: ['services/**']\n").commit("exclude");
    }
    Scanner strict = Scanner.builder().threads(1).repoConfig(false).build();
    ScanResult r = strict.scanPaths(List.of(dir), null).get(0);
    assertThat(r.label().routing()).isEqualTo(Routing.ON_PREM_ONLY);
    assertThat(r.rulesHash()).isEqualTo(RuleSet.builtIn().hash());
  }
}
