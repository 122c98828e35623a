package dev.airlock.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class RemoteUrlTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "git@github.com:Acme/Billing.git, github.com/acme/billing",
    "ssh://git@github.com/acme/billing, github.com/acme/billing",
    "https://user:pw@github.com/acme/billing.git, github.com/acme/billing",
    "https://github.com/acme/billing/, github.com/acme/billing",
    "ssh://git@github.com:22/acme/billing.git, github.com/acme/billing",
    "git://github.com/acme/billing.git, github.com/acme/billing",
    "https://GitLab.Example.COM:8443/group/sub/repo.git?ref=x#frag, gitlab.example.com/group/sub/repo",
    "https://dev.azure.com/org/project/_git/repo, dev.azure.com/org/project/_git/repo",
    "/srv/git/Billing.git, /srv/git/billing",
    "file:///srv/git/billing.git, /srv/git/billing",
  })
  void spellingsOfOneRepositoryGiveOneIdentity(String url, String identity) {
    assertThat(RemoteUrl.normalise(url)).isEqualTo(identity);
  }

  @ParameterizedTest
  @CsvSource({
    "https://x-access-token:s3cr3tT0ken@github.com/acme/billing.git",
    "https://s3cr3tT0ken@github.com/acme/billing.git",
    "ssh://deploy:s3cr3tT0ken@git.example.com:2222/acme/billing",
  })
  void credentialsNeverSurvive(String url) {
    assertThat(RemoteUrl.normalise(url)).doesNotContain("s3cr3t").doesNotContain("@").endsWith("/acme/billing");
  }

  @ParameterizedTest
  @NullAndEmptySource
  void noUrlGivesNoIdentity(String url) {
    assertThat(RemoteUrl.normalise(url)).isNull();
  }
}
