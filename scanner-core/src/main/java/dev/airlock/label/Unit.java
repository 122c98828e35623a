package dev.airlock.label;

import dev.airlock.rules.policy.Label;
import dev.airlock.rules.policy.Routing;
import dev.airlock.rules.policy.Sensitivity;

/**
 * One unit of a repository (a module of a monorepo) and its label. A file belongs to the unit with
 * the longest path prefix that contains it; files outside every unit belong to the root unit,
 * whose path is {@code ""}.
 *
 * @param path '/'-separated folder relative to the repository root, without a trailing '/'
 * @param origin what declared the unit: the manifest's file name ({@code pom.xml}, {@code
 *     go.mod}, ...), {@code airlock.yml}, or {@code ""} for the root unit
 * @param label the unit's label under the policy, from the unit's findings alone
 * @param findings how many findings lie in the unit
 */
public record Unit(String path, String origin, Label label, int findings) {
  public Unit {
    if (path == null || path.startsWith("/") || path.endsWith("/")) {
      throw new IllegalArgumentException(
          "a unit path is relative, '/'-separated, without a trailing '/': " + path);
    }
  }

  public Routing routing() {
    return label.routing();
  }

  public Sensitivity sensitivity() {
    return label.sensitivity();
  }

  /** True when {@code filePath} lies in this unit's folder (every path lies in the root unit). */
  public boolean contains(String filePath) {
    return contains(path, filePath);
  }

  static boolean contains(String unitPath, String filePath) {
    return unitPath.isEmpty()
        || (filePath.startsWith(unitPath)
            && filePath.length() > unitPath.length()
            && filePath.charAt(unitPath.length()) == '/');
  }
}
