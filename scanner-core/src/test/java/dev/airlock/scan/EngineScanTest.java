package dev.airlock.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.index.StateOptions;
import dev.airlock.rules.RuleSet;
import dev.airlock.rules.engine.Engine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan gives the same findings with either engine, whatever the files' encodings: the Hyperscan
 * engine reads UTF-8 files' own bytes (with a byte order mark, or invalid bytes), and the text of
 * UTF-16 files.
 */
class EngineScanTest {
  @TempDir Path tmp;

  @Test
  void bothEnginesFindTheSameInFilesOfEveryEncoding() throws Exception {
    assumeTrue(Engine.HYPERSCAN.unavailableReason() == null, "Hyperscan natives");
    Random random = new Random(20261201L);
    String token = TestRepo.githubToken(random);
    String key = TestRepo.awsKeyId(random);
    String body = "# caf\u00e9 \u65e5\u672c\nname = \u00fcber\ngithub.token=" + token + "\naws_access_key_id = " + key + "\n";
    ByteArrayOutputStream invalid = new ByteArrayOutputStream();
    invalid.write(new byte[] {(byte) 0xC3, '\n', (byte) 0xFF, (byte) 0xE2, (byte) 0x82});
    invalid.write(body.getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream bom = new ByteArrayOutputStream();
    bom.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    bom.write(body.getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
    utf16.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
    utf16.write(body.getBytes(StandardCharsets.UTF_16LE));
    try (TestRepo repo = TestRepo.init(tmp.resolve("enc"))) {
      repo.write("config/plain.properties", body)
          .writeBytes("config/bom.properties", bom.toByteArray())
          .writeBytes("config/invalid.properties", invalid.toByteArray())
          .writeBytes("config/wide.properties", utf16.toByteArray())
          .commit("encodings");
    }
    ScanResult java = scan(Engine.JAVA);
    ScanResult hyperscan = scan(Engine.HYPERSCAN);
    assertThat(java.findings())
        .extracting(f -> f.location().path())
        .contains(
            "config/plain.properties",
            "config/bom.properties",
            "config/invalid.properties",
            "config/wide.properties");
    assertThat(hyperscan.findings()).isEqualTo(java.findings());
  }

  private ScanResult scan(Engine engine) {
    Scanner scanner =
        Scanner.builder()
            .rules(RuleSet.builtIn().withEngine(engine))
            .threads(2)
            .state(StateOptions.none())
            .documents(null)
            .build();
    List<ScanResult> results = scanner.scanPaths(List.of(tmp.resolve("enc")), null);
    assertThat(results).hasSize(1);
    return results.get(0);
  }
}
