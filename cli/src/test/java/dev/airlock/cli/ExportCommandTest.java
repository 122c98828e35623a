package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.scan.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock export}, as a user runs it. */
class ExportCommandTest {
  @TempDir Path tmp;

  private final Random random = new Random(31L);

  @RegisterExtension final CapturedOutput io = new CapturedOutput();

  private String commit;

  private Path monorepo() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("shop"))) {
      repo.write("services/billing/go.mod", "module example.invalid/billing\n")
          .write("services/billing/config/app.properties", "github.token=" + TestRepo.githubToken(random) + "\n")
          .write("services/search/go.mod", "module example.invalid/search\n")
          .write("services/search/main.go", "package main\n\nfunc main() {}\n")
          .write("deploy/prod.env", "GITHUB_TOKEN=" + TestRepo.githubToken(random) + "\n")
          .write("README.md", "# Shop\n");
      RevCommit c = repo.commit("initial");
      commit = c.name().substring(0, 12);
    }
    return tmp.resolve("shop");
  }

  private static List<Path> tree(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> !p.toString().contains("/.git/")).sorted().toList();
    }
  }

  @Test
  void printsTheIgnoreFileAndWritesNothingIntoTheRepository() throws Exception {
    Path repo = monorepo();
    List<Path> before = tree(repo);

    int code = Main.run("export", "--no-progress", "--to", "cursorignore", repo.toString());

    assertThat(code).as(io.stderr()).isZero();
    assertThat(io.stdout()).isEqualTo(
        "# .cursorignore for Cursor: what must not reach a cloud AI assistant.\n"
            + "# Written by airlock export from shop at commit " + commit + ".\n"
            + "/deploy/prod.env\n"
            + "/services/billing/\n");
    assertThat(tree(repo)).isEqualTo(before);
  }

  @Test
  void writesTheOutputFileWhenAsked() throws Exception {
    Path repo = monorepo();
    Path file = tmp.resolve("exports/copilot.yml");

    int code = Main.run("export", "--no-progress", "--to", "copilot", "--output", file.toString(), repo.toString());

    assertThat(code).isZero();
    assertThat(io.stdout()).isEmpty();
    assertThat(Files.readString(file)).endsWith("- \"/deploy/prod.env\"\n- \"/services/billing/**\"\n");
  }

  @Test
  void writesIntoTheRepositoryOnlyWhenTheUserNamesThatPath() throws Exception {
    Path repo = monorepo();

    int code = Main.run("export", "--no-progress", "--to", ".aiexclude", "-o", repo.resolve(".aiexclude").toString(), repo.toString());

    assertThat(code).isZero();
    assertThat(Files.readString(repo.resolve(".aiexclude"))).startsWith("# .aiexclude for Gemini Code Assist");
  }

  @Test
  void gitignoreStyleTargetsTakeOnePathAndUnknownTargetsAreNamed() throws Exception {
    Path repo = monorepo();

    int several = Main.run("export", "--to", "aiderignore", repo.toString(), repo.toString());
    int unknown = Main.run("export", "--to", "vimignore", repo.toString());

    assertThat(several).isEqualTo(2);
    assertThat(unknown).isEqualTo(2);
    assertThat(io.stderr())
        .contains(".aiderignore belongs to one repository's root: give one PATH (only --to copilot takes several)")
        .contains("'vimignore' is not an export target; use one of aiexclude, cursorignore, aiderignore, aiignore, codeiumignore, copilot");
    assertThat(io.stdout()).isEmpty();
  }

  @Test
  void anUnscannablePathExportsNothing() throws Exception {
    Path file = tmp.resolve("copilot.yml");

    int code = Main.run("export", "--no-progress", "--to", "copilot", "-o", file.toString(),
        monorepo().toString(), tmp.resolve("missing").toString());

    assertThat(code).isEqualTo(2);
    assertThat(file).doesNotExist();
    assertThat(io.stderr()).contains("missing: no such file or folder").contains("nothing exported");
  }

  @Test
  void exportsFromAJsonReportAsFromAScan() throws Exception {
    Path repo = monorepo();
    Path report = tmp.resolve("report.json");
    assertThat(Main.run("scan", "--no-progress", "-f", "json", "-o", report.toString(), repo.toString())).isZero();
    assertThat(Main.run("export", "--no-progress", "--to", "cursorignore", repo.toString())).isZero();
    String fromScan = io.stdout();

    int code = Main.run("export", "--to", "cursorignore", "--from", report.toString());

    assertThat(code).isZero();
    assertThat(io.stdout()).isEqualTo(fromScan + fromScan);
  }

  @Test
  void fromAndPathsAreExclusiveAndAMissingReportIsNamed() throws Exception {
    Path repo = monorepo();

    int both = Main.run("export", "--to", "copilot", "--from", "r.json", repo.toString());
    int missing = Main.run("export", "--to", "copilot", "--from", tmp.resolve("none.json").toString());

    assertThat(both).isEqualTo(2);
    assertThat(missing).isEqualTo(2);
    assertThat(io.stderr()).contains("give either PATHs to scan or --from REPORT, not both")
        .contains("none.json: cannot read the report: no such file");
  }

  @Test
  void helpTeachesTheTargets() {
    assertThat(Main.run("export", "--help")).isZero();

    assertThat(io.stdout()).contains("cursorignore   .cursorignore    Cursor")
        .contains("organisation-level map keyed by repository URL")
        .contains("airlock export --to cursorignore ~/src/billing");
  }
}
