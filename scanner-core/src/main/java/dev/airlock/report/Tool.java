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
  private static final Tool CURRENT = load();

  public static Tool current() {
    return CURRENT;
  }

  private static Tool load() {
    Properties p = new Properties();
    try (InputStream in = Tool.class.getClassLoader().getResourceAsStream("airlock/tool.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Tool(
        p.getProperty("name", "airlock"),
        p.getProperty("version", "unknown"),
        p.getProperty("informationUri", "https://airlock.invalid/"));
  }
}
