package dev.airlock.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.rules.policy.Routing;
import dev.airlock.scan.ScanResult;
import dev.airlock.scan.Scanner;
import dev.airlock.scan.TestRepo;
import dev.airlock.source.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a module's label means for the build, from real scans of folders on disk. */
class VerdictTest {
  private static final long SEED = 20261201L;
  private static final Scanner SCANNER = Scanner.builder().threads(1).build();

  @TempDir Path tmp;

  private final Random random = new Random(SEED);

  private ScanResult scan(Path folder) throws Exception {
    try (Source source = Source.folder(folder, Set.of())) {
      return SCANNER.scan(source);
    }
  }

  private Path module(String name, String file, String content) throws Exception {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir.resolve(file).getParent());
    Files.writeString(dir.resolve(file), content);
    Files.writeString(dir.resolve("pom.xml"), "<project/>\n");
    return dir;
  }

  @Test
  void onPremModuleFailsWhenAskedAndNamesRuleFileLineWithTheValueRedacted() throws Exception {
    String key = TestRepo.awsKeyId(random);
    ScanResult r =
        scan(module("billing", "src/main/resources/app.properties", "a=1\n\naws.key=" + key + "\n"));

    Verdict v = Verdict.of(r, "services/billing", FailOn.ON_PREM_ONLY, null);

    assertThat(v.fails()).isTrue();
    assertThat(v.summary()).isEqualTo("airlock: billing ON_PREM_ONLY (RESTRICTED) 1 finding");
    assertThat(v.errorLines())
        .first()
        .isEqualTo(
            "airlock: module billing (services/billing) is ON_PREM_ONLY (RESTRICTED), and"
                + " airlock.failOn is ON_PREM_ONLY");
    assertThat(v.errorLines().get(1))
        .startsWith("  services/billing/src/main/resources/app.properties:3:9  aws-access-key-id")
        .contains("AKIA…(sha256:");
    assertThat(v.failureMessage("target/airlock/report.json"))
        .contains("aws-access-key-id at services/billing/src/main/resources/app.properties:3")
        .endsWith("; see target/airlock/report.json");
    assertThat(String.join("\n", v.errorLines()) + v.failureMessage("")).doesNotContain(key);
  }

  @Test
  void neverFailsOnALabelAloneAndCleanModulesPassAnyFailOn() throws Exception {
    ScanResult onPrem =
        scan(module("a", "conf/app.properties", "aws.key=" + TestRepo.awsKeyId(random) + "\n"));
    ScanResult clean = scan(module("b", "src/App.java", "class App {}\n"));

    assertThat(Verdict.of(onPrem, "a", FailOn.NEVER, null).fails()).isFalse();
    assertThat(Verdict.of(clean, "b", FailOn.ON_PREM_ONLY, null).fails()).isFalse();
    assertThat(Verdict.of(clean, "b", FailOn.ON_PREM_ONLY, null).summary())
        .isEqualTo("airlock: b CLOUD_ELIGIBLE (INTERNAL) 0 findings");
  }

  @Test
  void anExpectedLabelFailsOnDriftEitherWay() throws Exception {
    ScanResult onPrem =
        scan(module("a", "conf/app.properties", "aws.key=" + TestRepo.awsKeyId(random) + "\n"));
    ScanResult clean = scan(module("b", "src/App.java", "class App {}\n"));

    assertThat(Verdict.of(onPrem, "a", FailOn.NEVER, Routing.CLOUD_ELIGIBLE).errorLines())
        .first()
        .asString()
        .endsWith("but airlock.expectedLabel is CLOUD_ELIGIBLE: the label drifted");
    assertThat(Verdict.of(clean, "b", FailOn.NEVER, Routing.ON_PREM_ONLY).fails()).isTrue();
    assertThat(Verdict.of(clean, "b", FailOn.NEVER, Routing.CLOUD_ELIGIBLE).fails()).isFalse();
  }

  @Test
  void topFindingsPutWhatDecidedTheLabelFirstAndStopAtFive() throws Exception {
    StringBuilder weak = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      weak.append("aws.key=").append(TestRepo.awsKeyId(random)).append('\n');
    }
    Path dir = module("m", "src/test/resources/a.properties", weak.toString());
    Files.createDirectories(dir.resolve("z"));
    Files.writeString(dir.resolve("z/live.properties"), "aws.key=" + TestRepo.awsKeyId(random) + "\n");

    Verdict v = Verdict.of(scan(dir), ".", FailOn.ON_PREM_ONLY, null);

    assertThat(v.topFindings()).hasSize(Verdict.TOP_FINDINGS);
    // The live key in z/ sorts last by path, yet it decided the label, so it comes first.
    assertThat(v.topFindings().get(0).location().path()).isEqualTo("z/live.properties");
    assertThat(v.errorLines()).last().isEqualTo("  … and 2 more findings in the report");
  }

  @Test
  void failOnAcceptsTheSpellingsABuildEngineerTypes() {
    assertThat(FailOn.parse("on-prem-only")).isEqualTo(FailOn.ON_PREM_ONLY);
    assertThat(FailOn.parse(" never ")).isEqualTo(FailOn.NEVER);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FailOn.parse("always"))
        .hasMessage("airlock.failOn is 'always'; use ON_PREM_ONLY or NEVER");
  }
}
