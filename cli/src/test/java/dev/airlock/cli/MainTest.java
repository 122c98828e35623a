package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** The top-level command: which subcommands a command line gets, and what help lists. */
class MainTest {
  @RegisterExtension final CapturedOutput io = new CapturedOutput();

  @Test
  void everySubcommandIsRegisteredUnderTheNameItsAnnotationGives() {
    Main.SUBCOMMANDS.forEach(
        (name, type) -> assertThat(type.getAnnotation(CommandLine.Command.class).name()).isEqualTo(name));
    assertThat(Main.commandLine().getSubcommands().keySet())
        .containsExactlyElementsOf(Main.SUBCOMMANDS.keySet());
  }

  @Test
  void aCommandLineNamingASubcommandBuildsOnlyThatOne() {
    assertThat(Main.commandLine("scan", "--no-state", ".").getSubcommands().keySet())
        .containsExactly("scan");
    assertThat(Main.commandLine("rules", "list").getSubcommands().keySet()).containsExactly("rules");
    assertThat(Main.commandLine("--version").getSubcommands()).isEmpty();
    assertThat(Main.run("--version")).isZero();
    assertThat(io.stdout()).startsWith("airlock ");
    // Help, no command and an unknown name see every subcommand.
    for (String[] args :
        List.of(new String[] {"help", "scan"}, new String[0], new String[] {"--help"}, new String[] {"scna"})) {
      assertThat(Main.commandLine(args).getSubcommands()).hasSize(Main.SUBCOMMANDS.size());
    }
  }

  @Test
  void onlyAScanThatKeepsAnIndexPreloadsLucene() {
    assertThat(Main.keepsIndex(new String[] {"scan", "."})).isTrue();
    assertThat(Main.keepsIndex(new String[] {"scan", "--index", "findings", "."})).isTrue();
    assertThat(Main.keepsIndex(new String[] {"scan", "--no-state", "."})).isFalse();
    assertThat(Main.keepsIndex(new String[] {"scan", "--index", "none", "."})).isFalse();
    assertThat(Main.keepsIndex(new String[] {"scan", "--index=none", "."})).isFalse();
  }

  @Test
  void aScanPreloadsTheFirstWorkingCopyItNames(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws Exception {
    java.nio.file.Path repo = java.nio.file.Files.createDirectories(tmp.resolve("repo/.git")).getParent();
    java.nio.file.Path plain = java.nio.file.Files.createDirectories(tmp.resolve("plain"));
    assertThat(Main.repositoryNamed(new String[] {"scan", "--no-state", plain.toString(), repo.toString()}))
        .isEqualTo(repo);
    assertThat(Main.repositoryNamed(new String[] {"scan", "-o", repo + "/.git", repo.toString()}))
        .isEqualTo(repo);
    // The tests run in a module's folder, which holds no .git of its own.
    assertThat(Main.repositoryNamed(new String[] {"scan", plain.toString(), "bad\u0000path"})).isNull();
  }

  @Test
  void onlyACommandLineWithoutAPolicyFilePreloadsTheDefaultPolicy() {
    assertThat(Main.namesOption(new String[] {"scan", "--no-state", "."}, "--policy")).isFalse();
    assertThat(Main.namesOption(new String[] {"scan", "--policy", "p.yml", "."}, "--policy")).isTrue();
    assertThat(Main.namesOption(new String[] {"scan", "--policy=p.yml", "."}, "--policy")).isTrue();
  }

  @Test
  void onlyACommandLineWithoutAStateRootOpensTheRepositorysOwnIndexAhead() {
    assertThat(Main.namesOption(new String[] {"scan", "."}, "--state")).isFalse();
    assertThat(Main.namesOption(new String[] {"scan", "--state", "s", "."}, "--state")).isTrue();
    assertThat(Main.namesOption(new String[] {"scan", "--state=s", "."}, "--state")).isTrue();
    assertThat(Main.namesOption(new String[] {"scan", "--states", "."}, "--state")).isFalse();
  }

  @Test
  void topLevelHelpListsEverySubcommandAndAnUnknownOneIsAUsageError() {
    assertThat(Main.run("--help")).isZero();
    assertThat(io.stdout()).contains("scan").contains("search").contains("verify").contains("export")
        .contains("serve").contains("rules").contains("policy");
    assertThat(Main.run("help", "scan")).isZero();
    assertThat(io.stdout()).contains("--fail-on");
    assertThat(Main.run("scna")).isEqualTo(Main.EXIT_ERROR);
    assertThat(io.stderr()).contains("'scna'").contains("airlock --help");
  }

  @Test
  void mainHasNoLambdasSoThatPicocliStaysInTheClassDataSharingArchive() throws Exception {
    // Writing the archive generates the classes of Main's lambdas and method references, which
    // links Main and with it picocli's CommandLine; Java 17 then leaves CommandLine (Java 5
    // bytecode) out of the archive. Each of them bootstraps through LambdaMetafactory.
    try (var in = Main.class.getResourceAsStream("Main.class")) {
      String constants = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(constants).contains("picocli/CommandLine").doesNotContain("LambdaMetafactory");
    }
  }
}
