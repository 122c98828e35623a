package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock serve} refuses unsafe or broken settings before it listens. */
class ServeCommandTest {
  @TempDir Path tmp;

  @RegisterExtension final CapturedOutput io = new CapturedOutput();

  private String stderr() {
    return io.stderr();
  }

  @Test
  void refusesToBindBeyondLoopbackWithoutAToken() {
    int code = Main.run("serve", "--state", tmp.toString(), "--bind", "0.0.0.0", "--port", "0");

    assertThat(code).isEqualTo(Main.EXIT_ERROR);
    assertThat(stderr()).contains("without a token").contains("--token-file");
  }

  @Test
  void aMissingStateFolderIsAUsageError() {
    int code = Main.run("serve", "--state", tmp.resolve("nowhere").toString(), "--port", "0");

    assertThat(code).isEqualTo(Main.EXIT_ERROR);
    assertThat(stderr()).contains("nowhere").contains("no such folder");
  }

  @Test
  void aShortTokenIsRefused() throws Exception {
    Path token = Files.writeString(tmp.resolve("token"), "short\n");

    int code = Main.run("serve", "--state", tmp.toString(), "--token-file", token.toString(), "--port", "0");

    assertThat(code).isEqualTo(Main.EXIT_ERROR);
    assertThat(stderr()).contains("at least 16 characters").doesNotContain("short\n");
  }
}
