package dev.airlock.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The tool's own name and version, as the build stamped them, and the page that tells a report's
 * reader about it.
 */
public record Tool(String name, String version, String informationUri) {
  private static final Properties STAMPED = stamped();

  private static final Tool CURRENT =
      new Tool(
          STAMPED.getProperty("name", "airlock"),
          STAMPED.getProperty("version", "unknown"),
          STAMPED.getProperty("informationUri", "https://airlock.invalid/"));

  public static Tool current() {
    return CURRENT;
  }

  /**
   * This build's identity: its version and when it was built. Two builds of one version (every
   * SNAPSHOT) may match differently, so what one stored is not reused by another.
   */
  public static String build() {
    return STAMPED.getProperty("build", CURRENT.version());
  }

  private static Properties stamped() {
    Properties p = new Properties();
    try (InputStream in = Tool.class.getClassLoader().getResourceAsStream("airlock/tool.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
