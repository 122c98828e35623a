package dev.airlock.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Resource;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which folders a module's scan leaves to others, on real folders with real project models. */
class ModuleUnitTest {
  @TempDir Path tmp;

  private MavenProject project(Path dir, String artifactId, String... modules) throws Exception {
    Files.createDirectories(dir);
    Model model = new Model();
    model.setArtifactId(artifactId);
    model.setModules(List.of(modules));
    Build build = new Build();
    build.setDirectory(dir.resolve("target").toString());
    build.setTestSourceDirectory(dir.resolve("src/test/java").toString());
    Resource testResources = new Resource();
    testResources.setDirectory(dir.resolve("src/test/resources").toString());
    build.setTestResources(List.of(testResources));
    model.setBuild(build);
    MavenProject project = new MavenProject(model);
    File pom = dir.resolve("pom.xml").toFile();
    Files.writeString(pom.toPath(), "<project/>\n");
    project.setFile(pom);
    return project;
  }

  @Test
  void aParentLeavesOutItsModulesNestedProjectsAndBuildOutput() throws Exception {
    Path root = tmp.resolve("shop");
    MavenProject parent = project(root, "shop", "billing", "libs/pom.xml");
    MavenProject billing = project(root.resolve("billing"), "billing");
    MavenProject libs = project(root.resolve("libs"), "libs", "common");
    MavenProject common = project(root.resolve("libs/common"), "common");
    // A project nested in the folder without being listed as a module is its own unit too.
    MavenProject tool = project(root.resolve("tools/gen"), "gen");
    List<MavenProject> all = List.of(parent, billing, libs, common, tool);

    ModuleUnit unit = ModuleUnit.of(parent, root, all, true, List.of());

    assertThat(unit.name()).isEqualTo("shop");
    assertThat(unit.path()).isEqualTo(".");
    assertThat(unit.excluded())
        .containsExactlyInAnyOrder(
            root.resolve("target"),
            root.resolve("billing"),
            root.resolve("libs"),
            root.resolve("libs/common"),
            root.resolve("tools/gen"));
    ModuleUnit nested = ModuleUnit.of(common, root, all, true, List.of());
    assertThat(nested.path()).isEqualTo("libs/common");
    assertThat(nested.excluded()).containsExactly(root.resolve("libs/common/target"));
  }

  @Test
  void withoutTestsTheTestFoldersAreLeftOutAndFoldersOutsideTheModuleAreIgnored() throws Exception {
    Path root = tmp.resolve("app");
    MavenProject app = project(root, "app");

    ModuleUnit unit =
        ModuleUnit.of(app, root, List.of(app), false, List.of(tmp.resolve("elsewhere"), root.resolve("reports")));

    assertThat(unit.excluded())
        .containsExactlyInAnyOrder(
            root.resolve("target"),
            root.resolve("src/test"),
            root.resolve("src/test/java"),
            root.resolve("src/test/resources"),
            root.resolve("reports"));
  }
}
