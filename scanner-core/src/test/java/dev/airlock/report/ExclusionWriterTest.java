package dev.airlock.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.report.ExclusionWriter.Target;
import dev.airlock.rules.policy.Routing;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import dev.airlock.scan.TestRepo;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exclusion files from scans of a real monorepo with one restricted unit (services/billing), one
 * clean unit (services/search) and one restricted stray file in the root unit (deploy/prod.env).
 */
class ExclusionWriterTest {
  private static final Scanner SCANNER = Scanner.builder().threads(2).build();

  @TempDir Path tmp;

  private final Random random = new Random(23L);

  private Path monorepo() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("shop"))) {
      repo.write("services/billing/go.mod", "module example.invalid/billing\n")
          .write("services/billing/config/app.properties", "github.token=" + TestRepo.githubToken(random) + "\n")
          .write("services/search/go.mod", "module example.invalid/search\n")
          .write("services/search/main.go", "package main\n\nfunc main() {}\n")
          .write("deploy/prod.env", "GITHUB_TOKEN=" + TestRepo.githubToken(random) + "\n")
          .write("README.md", "# Shop\n")
          .commit("initial");
      repo.remote("git@github.com:Acme/Shop.git");
    }
    return tmp.resolve("shop");
  }

  private Path singleRepo(String name, boolean secret) throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve(name))) {
      repo.write("src/app.properties", secret ? "github.token=" + TestRepo.githubToken(random) + "\n" : "name=app\n")
          .commit("initial");
    }
    return tmp.resolve(name);
  }

  private static ScanResult scan(Path path) {
    return SCANNER.scanPaths(List.of(path), null).get(0);
  }

  private static String export(Target target, ScanResult... results) throws IOException {
    StringWriter out = new StringWriter();
    new ExclusionWriter(target).write(List.of(results), out);
    return out.toString();
  }

  private static String commit(ScanResult r) {
    return r.commit().substring(0, 12);
  }

  @Test
  void theMonorepoHasOneRestrictedUnitAndOneRestrictedStrayFile() throws Exception {
    ScanResult r = scan(monorepo());

    assertThat(r.units()).extracting(u -> u.path() + "=" + u.routing())
        .containsExactly("=ON_PREM_ONLY", "services/billing=ON_PREM_ONLY", "services/search=CLOUD_ELIGIBLE");
    assertThat(r.onPremFiles()).containsExactly("deploy/prod.env", "services/billing/config/app.properties");
  }

  @Test
  void gitignoreStyleFilesExcludeTheUnitFolderAndTheStrayFile() throws Exception {
    ScanResult r = scan(monorepo());

    for (Target target : List.of(Target.AIEXCLUDE, Target.CURSORIGNORE, Target.AIDERIGNORE, Target.AIIGNORE, Target.CODEIUMIGNORE)) {
      assertThat(export(target, r)).as(target.fileName()).isEqualTo(
          "# " + target.fileName() + " for " + target.assistant() + ": what must not reach a cloud AI assistant.\n"
              + "# Written by airlock export from shop (github.com/acme/shop) at commit " + commit(r) + ".\n"
              + "/deploy/prod.env\n"
              + "/services/billing/\n");
    }
    assertThat(Target.AIEXCLUDE.fileName()).isEqualTo(".aiexclude");
    assertThat(Target.CURSORIGNORE.fileName()).isEqualTo(".cursorignore");
    assertThat(Target.AIDERIGNORE.fileName()).isEqualTo(".aiderignore");
    assertThat(Target.AIIGNORE.fileName()).isEqualTo(".aiignore");
    assertThat(Target.CODEIUMIGNORE.fileName()).isEqualTo(".codeiumignore");
  }

  @Test
  void copilotForOneRepositoryIsTheRepositoryLevelList() throws Exception {
    ScanResult r = scan(monorepo());

    assertThat(export(Target.COPILOT, r)).isEqualTo(
        "# GitHub Copilot content exclusion: paste into the repository's\n"
            + "# Settings > Copilot > Content exclusion, \"Paths to exclude in this repository\".\n"
            + "# Written by airlock export from shop (github.com/acme/shop) at commit " + commit(r) + ".\n"
            + "- \"/deploy/prod.env\"\n"
            + "- \"/services/billing/**\"\n");
  }

  @Test
  void copilotForSeveralRepositoriesIsTheOrganisationMapKeyedByRepository() throws Exception {
    ScanResult shop = scan(monorepo());
    ScanResult vault = scan(singleRepo("vault", true));
    ScanResult docs = scan(singleRepo("docs", false));

    assertThat(export(Target.COPILOT, shop, vault, docs)).isEqualTo(
        "# GitHub Copilot content exclusion for an organisation: paste into the organisation's\n"
            + "# Settings > Copilot > Content exclusion, \"Repositories and paths to exclude\".\n"
            + "# Written by airlock export; repositories without a remote are named by folder.\n"
            + "# docs at commit " + commit(docs) + ": nothing to exclude\n"
            + "# shop (github.com/acme/shop) at commit " + commit(shop) + "\n"
            + "\"https://github.com/acme/shop.git\":\n"
            + "  - \"/deploy/prod.env\"\n"
            + "  - \"/services/billing/**\"\n"
            + "# vault at commit " + commit(vault) + "\n"
            + "\"vault\":\n"
            + "  - \"/**\"\n");
  }

  @Test
  void aFullyRestrictedRepositoryIsExcludedWithOneWholeTreePattern() throws Exception {
    ScanResult vault = scan(singleRepo("vault", true));

    assertThat(vault.label().routing()).isEqualTo(Routing.ON_PREM_ONLY);
    assertThat(export(Target.CURSORIGNORE, vault)).isEqualTo(
        "# .cursorignore for Cursor: what must not reach a cloud AI assistant.\n"
            + "# Written by airlock export from vault at commit " + commit(vault) + ".\n"
            + "# The whole repository is ON_PREM_ONLY.\n"
            + "*\n");
  }

  @Test
  void aCloudEligibleRepositoryExcludesNothing() throws Exception {
    ScanResult docs = scan(singleRepo("docs", false));

    assertThat(export(Target.AIDERIGNORE, docs)).isEqualTo(
        "# .aiderignore for aider: what must not reach a cloud AI assistant.\n"
            + "# Written by airlock export from docs at commit " + commit(docs) + ".\n"
            + "# Nothing to exclude: the repository is CLOUD_ELIGIBLE.\n");
  }

  @Test
  void pathsAreWrittenLiterally() {
    assertThat(ExclusionWriter.gitignoreEscape("#notes/a*b?[c].txt ")).isEqualTo("\\#notes/a\\*b\\?\\[c].txt\\ ");
    assertThat(ExclusionWriter.gitignoreEscape("!important")).isEqualTo("\\!important");
    assertThat(ExclusionWriter.gitignoreEscape("a b/c")).isEqualTo("a b/c");
  }

  @Test
  void gitignoreStyleFilesTakeOneRepositoryAndNoFailedOne() throws Exception {
    ScanResult docs = scan(singleRepo("docs", false));
    ScanResult missing = scan(tmp.resolve("missing"));

    assertThatThrownBy(() -> export(Target.AIEXCLUDE, docs, docs))
        .hasMessageContaining("give one repository");
    assertThatThrownBy(() -> export(Target.COPILOT, docs, missing))
        .hasMessageContaining("missing could not be scanned");
  }
}
