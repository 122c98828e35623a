package dev.airlock.label;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Unit detection from each kind of build manifest. */
class ManifestsTest {

  @Test
  void recognisesManifestsByFileNameOnly() {
    assertThat(Manifests.isManifest("services/billing/pom.xml")).isTrue();
    assertThat(Manifests.isManifest("BUILD.bazel")).isTrue();
    assertThat(Manifests.isManifest("settings.gradle.kts")).isTrue();
    assertThat(Manifests.isManifest("docs/pom.xml.md")).isFalse();
    assertThat(Manifests.isManifest("src/BUILDING.md")).isFalse();
  }

  @Test
  void mavenProjectsAndTheirModulesAreUnitsButNotFixturesInSources() {
    Map<String, String> units =
        Manifests.units(
            Map.of(
                "pom.xml",
                "<project><modules><module>services</module><!-- <module>old</module> -->"
                    + "<module>./libs/common/</module></modules>"
                    + "<profiles><profile><modules><module>tools/pom-cli.xml</module></modules>"
                    + "</profile></profiles></project>",
                "services/pom.xml",
                "<project><modules>\n  <module>billing</module>\n  <module>../outside/../search</module>\n"
                    + "</modules></project>",
                "services/billing/pom.xml", "<project/>",
                "search/pom.xml", "<project/>",
                "libs/common/pom.xml", "<project/>",
                "tools/pom-cli.xml", "<project/>",
                // An invoker test project lies in the sources of the project above it: no unit.
                "libs/common/src/it/simple/pom.xml", "<project/>",
                "libs/common/target/classes/META-INF/pom.xml", "<project/>",
                // A project of its own that no aggregator lists is still a unit.
                "standalone/report/pom.xml", "<project/>"));
    assertThat(units)
        .containsOnlyKeys(
            "services", "services/billing", "search", "libs/common", "tools", "standalone/report")
        .containsValue("pom.xml");
  }

  @Test
  void gradleSettingsIncludeProjectsInGroovyAndKotlin() {
    assertThat(
            Manifests.units(
                Map.of(
                    "settings.gradle",
                    "rootProject.name = 'shop'\ninclude 'app', ':services:billing'\n"
                        + "// include 'disabled'\nincludeBuild('build-logic')\n")))
        .containsOnlyKeys("app", "services/billing", "build-logic")
        .containsEntry("app", "settings.gradle");
    assertThat(
            Manifests.units(
                Map.of(
                    "platform/settings.gradle.kts",
                    "include(\n    \":core\",\n    \":api\",\n)\ninclude(\":legacy\")\n"
                        + "project(\":legacy\").projectDir = file(\"old/legacy-module\")\n")))
        .containsOnlyKeys("platform", "platform/core", "platform/api", "platform/old/legacy-module");
  }

  @Test
  void packageJsonWorkspacesAndNestedPackagesAreUnitsButNotNodeModules() {
    assertThat(
            Manifests.units(
                Map.of(
                    "package.json", "{\"workspaces\": [\"packages/*\"]}",
                    "packages/ui/package.json", "{}",
                    "packages/api/package.json", "{}",
                    "tools/lint/package.json", "{}",
                    "packages/ui/node_modules/left-pad/package.json", "{}")))
        .containsOnlyKeys("packages/ui", "packages/api", "tools/lint")
        .containsEntry("packages/ui", "package.json");
  }

  @Test
  void goModulesOutsideTestdataAndVendorAreUnits() {
    assertThat(
            Manifests.units(
                Map.of(
                    "go.mod", "module example.com/x\n",
                    "cmd/tool/go.mod", "module example.com/x/cmd/tool\n",
                    "internal/testdata/mod/go.mod", "module fixture\n",
                    "vendor/golang.org/x/go.mod", "module golang.org/x\n")))
        .containsOnlyKeys("cmd/tool")
        .containsEntry("cmd/tool", "go.mod");
  }

  @Test
  void cargoWorkspaceMembersWithGlobsLessExcluded() {
    String root =
        "[package]\nname = \"top\"\n\n[workspace]\nmembers = [\n  \"crates/*\", # every crate\n"
            + "  \"tools/gen\",\n]\nexclude = [\"crates/legacy\"]\n\n[dependencies]\nserde = \"1\"\n";
    assertThat(
            Manifests.units(
                Map.of(
                    "Cargo.toml", root,
                    "crates/parser/Cargo.toml", "[package]\nname = \"parser\"\n",
                    "crates/vm/Cargo.toml", "[package]\nname = \"vm\"\n",
                    "crates/legacy/Cargo.toml", "[package]\nname = \"legacy\"\n",
                    "tools/gen/Cargo.toml", "[package]\nname = \"gen\"\n",
                    "tests/fixtures/demo/Cargo.toml", "[package]\nname = \"demo\"\n")))
        .containsOnlyKeys("crates/parser", "crates/vm", "tools/gen")
        .containsEntry("crates/vm", "Cargo.toml");
  }

  @Test
  void pyprojectFoldersAreUnits() {
    assertThat(
            Manifests.units(
                Map.of("pyproject.toml", "[project]\n", "libs/auth/pyproject.toml", "[project]\n")))
        .containsOnlyKeys("libs/auth")
        .containsEntry("libs/auth", "pyproject.toml");
  }

  @Test
  void bazelPackagesBelowAWorkspaceAreUnits() {
    assertThat(
            Manifests.units(
                Map.of(
                    "MODULE.bazel", "module(name = \"x\")\n",
                    "BUILD.bazel", "",
                    "server/BUILD", "java_library(name = \"server\")\n",
                    "server/api/BUILD.bazel", "")))
        .containsOnlyKeys("server", "server/api")
        .containsEntry("server", "BUILD");
    // A file named BUILD in a repository that is not a Bazel workspace declares nothing.
    assertThat(Manifests.units(Map.of("docs/BUILD", "how to build\n"))).isEmpty();
  }

  @Test
  void aFolderDeclaredByTwoKindsIsOneUnit() {
    assertThat(
            Manifests.units(
                Map.of(
                    "web/pom.xml", "<project/>",
                    "web/package.json", "{}")))
        .containsExactly(Map.entry("web", "pom.xml"));
  }

  @Test
  void configuredUnitsTakeFoldersAndFolderGlobsAndNameTheEntriesThatMatchNothing() {
    Set<String> folders =
        Set.of("services", "services/a", "services/a/src", "services/b", "docs", "apps/x/web");
    List<String> unmatched = new java.util.ArrayList<>();
    assertThat(
            Manifests.configured(
                List.of("services/*", "docs", "apps/**/web", "not/listed", "none/*"), folders,
                "airlock.yml", unmatched::add))
        .containsOnlyKeys("services/a", "services/b", "docs", "apps/x/web")
        .containsValue("airlock.yml");
    assertThat(unmatched).containsExactly("not/listed", "none/*");
  }
}
