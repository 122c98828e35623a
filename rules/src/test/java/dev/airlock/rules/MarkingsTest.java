package dev.airlock.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.airlock.rules.policy.Policy;
import dev.airlock.rules.policy.Routing;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Export-control, classification and proprietary markings as they appear in real files: each
 * planted notice is one finding of the right rule, and the code that merely looks like a marking
 * (constants, controllers, annotations, UI strings) gives none.
 */
class MarkingsTest {
  private static final RuleSet RULES = RuleSet.builtIn();
  private static final Policy POLICY = Policy.defaultPolicy();

  private static List<Finding> findings(String text, String path) {
    return RULES.matcher().match(text).forPath(path);
  }

  private static List<Finding> inCategory(String text, String path, Category category) {
    return findings(text, path).stream().filter(f -> f.category() == category).toList();
  }

  private static Routing routing(String text, String path) {
    return POLICY.evaluate(findings(text, path)).routing();
  }

  // ------------------------------------------------------------------ export control

  @Test
  void anItarParagraphIsOneFindingNotOnePerClause() {
    String notice =
        "WARNING: This document contains technical data whose export is restricted by the Arms"
            + " Export Control Act (Title 22, U.S.C., Sec 2751, et seq.). Violations of these export"
            + " laws are subject to severe criminal penalties. Disseminate in accordance with the"
            + " provisions of the International Traffic in Arms Regulations (ITAR), 22 CFR parts"
            + " 120-130.";
    String markdown = "# Guidance design\n\n" + notice + "\n\nThe loop runs at 50 Hz.\n";
    assertThat(inCategory(markdown, "docs/guidance.md", Category.EXPORT_CONTROL))
        .extracting(Finding::ruleId, f -> f.location().line())
        .containsExactly(tuple("itar-notice", 3));
    String javadoc =
        "/*\n * This technical data is subject to the International Traffic in Arms\n"
            + " * Regulations (ITAR), 22 CFR 120-130, and may not be exported.\n */\nclass Nav {}\n";
    assertThat(inCategory(javadoc, "src/main/java/Nav.java", Category.EXPORT_CONTROL))
        .extracting(Finding::ruleId)
        .containsExactly("itar-notice");
    assertThat(routing(javadoc, "src/main/java/Nav.java")).isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void twoNoticesFarApartAreTwoFindings() {
    String notice = "Export of this file is governed by ITAR, 22 CFR 120-130.";
    String text = notice + "\n" + "x = 1\n".repeat(200) + notice + "\n";
    assertThat(inCategory(text, "README.md", Category.EXPORT_CONTROL))
        .extracting(Finding::ruleId, f -> f.location().line())
        .containsExactly(tuple("itar-notice", 1), tuple("itar-notice", 202));
  }

  @Test
  void eccnCodesAndEar99CountOnlyWithClassificationWording() {
    assertThat(inCategory("ECCN: 5D002 (encryption source code, not published)\n", "NOTICE.md",
            Category.EXPORT_CONTROL))
        .extracting(Finding::ruleId)
        .containsExactly("eccn-classification");
    assertThat(inCategory("Export classification: EAR99\n", "docs/export.md", Category.EXPORT_CONTROL))
        .extracting(Finding::ruleId, Finding::confidence)
        .containsExactly(tuple("ear99-classification", Confidence.MEDIUM));
    assertThat(findings("part_numbers = ['3A001', '9E003', '5D002']\nEAR99_FLAG = 1\n", "src/parts.py"))
        .isEmpty();
  }

  @Test
  void openSourceProjectsDeclaringThemselvesEar99StayCloudEligible() {
    String zlibFaq =
        "43. Is zlib subject to export controls?  What is its ECCN?\n\n"
            + "    zlib is not subject to export controls, and so is classified as EAR99.\n";
    String libpngChangelog =
        "  Added opinion that the ECCN (Export Control Classification Number) for\n"
            + "    libpng is EAR99 to the README file.\n";
    assertThat(inCategory(zlibFaq, "FAQ", Category.EXPORT_CONTROL))
        .extracting(Finding::confidence)
        .containsExactly(Confidence.LOW);
    assertThat(routing(zlibFaq, "FAQ")).isEqualTo(Routing.CLOUD_ELIGIBLE);
    assertThat(routing(libpngChangelog, "CHANGES")).isEqualTo(Routing.CLOUD_ELIGIBLE);
    assertThat(routing("Export classification: EAR99\n", "docs/export.md"))
        .isEqualTo(Routing.ON_PREM_ONLY);
  }

  // ------------------------------------------------------------------ classification

  @Test
  void bannersPortionMarkingsCuiNatoAndUkMarkingsAreFound() {
    String memo =
        String.join(
            "\n",
            "SECRET//NOFORN",
            "Classified By: J. Alder",
            "Derived From: Multiple Sources",
            "Declassify On: 20451231",
            "",
            "(U) Background follows.",
            "(S//NF) The relay schedule changes on the 4th.",
            "(C) Liaison contact list follows.",
            "",
            "SECRET//NOFORN",
            "");
    assertThat(inCategory(memo, "docs/memo.txt", Category.CLASSIFIED))
        .extracting(Finding::ruleId, f -> f.location().line())
        .containsExactly(
            tuple("classified-banner", 1),
            tuple("classified-portion-marking", 7),
            tuple("classified-portion-marking-bare", 8),
            tuple("classified-banner", 10));
    assertThat(inCategory("TOP SECRET//SCI\n", "a.md", Category.CLASSIFIED)).hasSize(1);
    assertThat(inCategory("CONFIDENTIAL//REL TO USA, FVEY\n", "a.md", Category.CLASSIFIED))
        .hasSize(1);
    assertThat(inCategory("(U//FOUO) Site access roster.\n", "a.md", Category.CLASSIFIED))
        .extracting(Finding::ruleId)
        .containsExactly("cui-marking");
    assertThat(inCategory("CUI//SP-PRVCY\n", "a.md", Category.CLASSIFIED)).hasSize(1);
    assertThat(inCategory("NATO SECRET\n", "a.md", Category.CLASSIFIED))
        .extracting(Finding::ruleId)
        .containsExactly("nato-classification");
    assertThat(inCategory("// COSMIC TOP SECRET\n", "a.c", Category.CLASSIFIED))
        .extracting(Finding::ruleId)
        .containsExactly("nato-classification");
    assertThat(inCategory("OFFICIAL-SENSITIVE: PERSONAL\n", "a.md", Category.CLASSIFIED))
        .extracting(Finding::ruleId)
        .containsExactly("uk-government-classification");
    assertThat(routing("UK TOP SECRET\n", "a.md")).isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void codeThatLooksLikeAMarkingIsNotClassified() {
    String python =
        String.join(
            "\n",
            "import os",
            "SECRET = os.environ['APP_SECRET']",
            "TOP_SECRET = 3",
            "CONFIDENTIAL = 'confidential'",
            "LEVELS = ['PUBLIC', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET']",
            "");
    String java =
        String.join(
            "\n",
            "@RestController",
            "public class TopSecretController {",
            "  @Secret private String apiKey;",
            "  enum Level {",
            "    PUBLIC,",
            "    CONFIDENTIAL,",
            "    SECRET",
            "  }",
            "  enum Nato { NATO_SECRET, NATO_RESTRICTED, COSMIC_TOP_SECRET }",
            "  String label = \"Confidential\";",
            "  String badge = \"NATO SECRET\";",
            "  String f = format(\"%s(S//%d)\", a, b);",
            "}",
            "");
    String ui = "<span class=\"badge\">Confidential</span>\n<option>SECRET</option>\n";
    assertThat(inCategory(python, "app/settings.py", Category.CLASSIFIED)).isEmpty();
    assertThat(inCategory(java, "src/main/java/TopSecretController.java", Category.CLASSIFIED))
        .isEmpty();
    assertThat(inCategory(ui, "web/badge.html", Category.CLASSIFIED)).isEmpty();
    assertThat(findings(java, "src/main/java/TopSecretController.java"))
        .noneMatch(f -> f.category() == Category.PROPRIETARY);
  }

  // ------------------------------------------------------------------ proprietary

  @Test
  void proprietaryNdaAndConfidentialityNoticesAreFound() {
    assertThat(inCategory("// Provided under NDA to Orbital Ltd only.\n", "src/a.c",
            Category.PROPRIETARY))
        .extracting(Finding::ruleId)
        .containsExactly("nda-notice");
    assertThat(inCategory(
            "CONFIDENTIALITY NOTICE: this message is intended solely for the addressee.\n",
            "mail/footer.txt", Category.PROPRIETARY))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.ruleId()).isEqualTo("confidentiality-notice"));
    assertThat(routing("/* Kestrel Labs Proprietary and Confidential */\n", "src/a.c"))
        .isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void openSourceCopyrightHeadersAreNotProprietaryWithoutOrganisations() {
    String bsd =
        "/*\n * Copyright (c) 1990, 1993\n *\tThe Regents of the University of California."
            + "  All rights reserved.\n *\n * Redistribution and use in source and binary forms,"
            + " with or without modification, are permitted.\n */\n";
    assertThat(inCategory(bsd, "lib/qsort.c", Category.PROPRIETARY)).isEmpty();
  }

  @Test
  void withOrganisationsTheirAllRightsReservedNoticesAreProprietaryAndNoOneElses() {
    RuleSet kestrel = RULES.withOrganisations(List.of("Kestrel Labs", "Orbital GmbH"));
    String ours = "/*\n * Copyright (c) 2019-2024 KESTREL LABS, Inc.\n * All rights reserved.\n */\n";
    String oursProprietary = "// Copyright 2024 Kestrel Labs. All rights reserved. Proprietary.\n";
    String theirs = "// Copyright 2024 Kestrel Laboratories Ltd. All rights reserved.\n";
    String openSource = " * Copyright (c) 1990 The Regents of the University of California. All rights reserved.\n";
    assertThat(proprietary(kestrel, ours))
        .extracting(Finding::ruleId, Finding::confidence)
        .containsExactly(tuple("copyright-notice", Confidence.MEDIUM));
    assertThat(proprietary(kestrel, oursProprietary))
        .filteredOn(f -> f.ruleId().equals("copyright-notice"))
        .extracting(Finding::confidence)
        .containsExactly(Confidence.HIGH);
    assertThat(proprietary(kestrel, "# Copyright 2023 orbital gmbh - All rights reserved\n"))
        .extracting(Finding::ruleId)
        .containsExactly("copyright-notice");
    assertThat(proprietary(kestrel, theirs)).isEmpty();
    assertThat(proprietary(kestrel, openSource)).isEmpty();
    // Without organisations the same notice is silent, and the rule set keeps its hash.
    assertThat(proprietary(RULES, ours)).isEmpty();
    assertThat(kestrel.hash()).isNotEqualTo(RULES.hash());
    assertThat(RULES.withOrganisations(List.of()).hash()).isEqualTo(RULES.hash());
    assertThat(POLICY.evaluate(kestrel.matcher().match(ours).forPath("src/a.c")).routing())
        .isEqualTo(Routing.ON_PREM_ONLY);
  }

  @Test
  void organisationsAreLiteralNamesNotRegexes() {
    RuleSet dotted = RULES.withOrganisations(List.of("A.B (Holdings)"));
    assertThat(proprietary(dotted, "// Copyright 2024 A.B (Holdings). All rights reserved.\n"))
        .hasSize(1);
    assertThat(proprietary(dotted, "// Copyright 2024 AxB (Holdings). All rights reserved.\n"))
        .isEmpty();
  }

  private static List<Finding> proprietary(RuleSet rules, String text) {
    return rules.matcher().match(text).forPath("src/main/c/a.c").stream()
        .filter(f -> f.category() == Category.PROPRIETARY)
        .toList();
  }
}
