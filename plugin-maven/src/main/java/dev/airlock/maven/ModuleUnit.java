package dev.airlock.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.maven.model.Resource;
import org.apache.maven.project.MavenProject;

/**
 * One module of a build as a unit to scan: its folder on disk, less what belongs to someone else
 * (nested modules, scanned as units of their own) or to nobody (build output).
 *
 * @param name the module's artifactId
 * @param path the folder from the build's root directory, '/'-separated, "." for the root
 * @param excluded absolute folders inside {@code basedir} left out of the scan
 */
record ModuleUnit(String name, Path basedir, String path, Set<Path> excluded) {

  /**
   * @param buildRoot the folder the build started in; {@code path} is relative to it
   * @param allProjects every project of the build, selected or not, whose folders may nest in
   *     this one
   * @param extraExcluded more folders to leave out (the report folder, when set elsewhere)
   */
  static ModuleUnit of(
      MavenProject project,
      Path buildRoot,
      Collection<MavenProject> allProjects,
      boolean includeTests,
      List<Path> extraExcluded) {
    Path basedir = normal(project.getBasedir().toPath());
    Set<Path> excluded = new TreeSet<>();
    excluded.add(normal(Path.of(project.getBuild().getDirectory())));
    for (String module : project.getModules()) {
      Path m = normal(basedir.resolve(module));
      // A module may be listed by its pom file ("child/pom.xml"); its folder is what is left out.
      excluded.add(m.toFile().isFile() ? m.getParent() : m);
    }
    for (MavenProject other : allProjects) {
      Path dir = normal(other.getBasedir().toPath());
      if (!dir.equals(basedir) && dir.startsWith(basedir)) {
        excluded.add(dir);
      }
    }
    if (!includeTests) {
      excluded.add(basedir.resolve("src/test"));
      excluded.add(normal(Path.of(project.getBuild().getTestSourceDirectory())));
      for (Resource r : project.getBuild().getTestResources()) {
        excluded.add(normal(Path.of(r.getDirectory())));
      }
    }
    for (Path p : extraExcluded) {
      excluded.add(normal(p));
    }
    excluded.removeIf(p -> p.equals(basedir) || !p.startsWith(basedir));
    Path root = normal(buildRoot);
    String path =
        basedir.equals(root)
            ? "."
            : basedir.startsWith(root)
                ? root.relativize(basedir).toString().replace(File.separatorChar, '/')
                : basedir.toString().replace(File.separatorChar, '/');
    return new ModuleUnit(project.getArtifactId(), basedir, path, Set.copyOf(excluded));
  }

  private static Path normal(Path p) {
    return p.toAbsolutePath().normalize();
  }
}
