package dev.airlock.index;

import java.util.Locale;
import java.util.Map;

/**
 * A file's language and MIME type, guessed from its name: what {@code language:} and {@code mime:}
 * search on. A guess by name is enough for search and costs nothing; content sniffing would read
 * what the scan already read.
 */
record FileKind(String language, String mime) {
  private static final FileKind UNKNOWN = new FileKind("unknown", "text/plain");

  private static final Map<String, FileKind> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("java", new FileKind("java", "text/x-java")),
          Map.entry("kt", new FileKind("kotlin", "text/x-kotlin")),
          Map.entry("scala", new FileKind("scala", "text/x-scala")),
          Map.entry("groovy", new FileKind("groovy", "text/x-groovy")),
          Map.entry("py", new FileKind("python", "text/x-python")),
          Map.entry("rb", new FileKind("ruby", "text/x-ruby")),
          Map.entry("go", new FileKind("go", "text/x-go")),
          Map.entry("rs", new FileKind("rust", "text/x-rust")),
          Map.entry("c", new FileKind("c", "text/x-c")),
          Map.entry("h", new FileKind("c", "text/x-c")),
          Map.entry("cc", new FileKind("cpp", "text/x-c++")),
          Map.entry("cpp", new FileKind("cpp", "text/x-c++")),
          Map.entry("hpp", new FileKind("cpp", "text/x-c++")),
          Map.entry("cs", new FileKind("csharp", "text/x-csharp")),
          Map.entry("js", new FileKind("javascript", "text/javascript")),
          Map.entry("mjs", new FileKind("javascript", "text/javascript")),
          Map.entry("jsx", new FileKind("javascript", "text/javascript")),
          Map.entry("ts", new FileKind("typescript", "text/x-typescript")),
          Map.entry("tsx", new FileKind("typescript", "text/x-typescript")),
          Map.entry("php", new FileKind("php", "text/x-php")),
          Map.entry("swift", new FileKind("swift", "text/x-swift")),
          Map.entry("sh", new FileKind("shell", "text/x-shellscript")),
          Map.entry("bash", new FileKind("shell", "text/x-shellscript")),
          Map.entry("sql", new FileKind("sql", "application/sql")),
          Map.entry("json", new FileKind("json", "application/json")),
          Map.entry("yml", new FileKind("yaml", "application/yaml")),
          Map.entry("yaml", new FileKind("yaml", "application/yaml")),
          Map.entry("xml", new FileKind("xml", "application/xml")),
          Map.entry("html", new FileKind("html", "text/html")),
          Map.entry("css", new FileKind("css", "text/css")),
          Map.entry("md", new FileKind("markdown", "text/markdown")),
          Map.entry("txt", new FileKind("text", "text/plain")),
          Map.entry("csv", new FileKind("csv", "text/csv")),
          Map.entry("tsv", new FileKind("csv", "text/tab-separated-values")),
          Map.entry("log", new FileKind("log", "text/plain")),
          Map.entry("properties", new FileKind("properties", "text/x-java-properties")),
          Map.entry("toml", new FileKind("toml", "application/toml")),
          Map.entry("ini", new FileKind("ini", "text/plain")),
          Map.entry("env", new FileKind("dotenv", "text/plain")),
          Map.entry("tf", new FileKind("terraform", "text/x-terraform")),
          Map.entry("gradle", new FileKind("groovy", "text/x-groovy")),
          Map.entry("pem", new FileKind("pem", "application/x-pem-file")));

  private static final Map<String, FileKind> BY_NAME =
      Map.of(
          "Dockerfile", new FileKind("dockerfile", "text/x-dockerfile"),
          "Makefile", new FileKind("makefile", "text/x-makefile"),
          "pom.xml", new FileKind("maven", "application/xml"));

  static FileKind of(String path) {
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    FileKind byName = BY_NAME.get(name);
    if (byName != null) {
      return byName;
    }
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return UNKNOWN;
    }
    return BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), UNKNOWN);
  }
}
