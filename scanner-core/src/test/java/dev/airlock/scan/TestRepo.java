package dev.airlock.scan;

import dev.airlock.rules.validate.GithubCrc32;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A real Git repository on disk, built with JGit for a test. Credential-shaped values come from
 * {@link #token}, generated from a seed at test time, never pasted.
 */
public final class TestRepo implements AutoCloseable {
  private static final PersonIdent AUTHOR =
      new PersonIdent("Airlock Test", "tests@airlock.invalid", 1_700_000_000_000L, 0);

  private final Git git;
  private final Path dir;

  private TestRepo(Git git, Path dir) {
    this.git = git;
    this.dir = dir;
  }

  public static TestRepo init(Path dir) throws GitAPIException {
    return new TestRepo(Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call(), dir);
  }

  public Path dir() {
    return dir;
  }

  public Git git() {
    return git;
  }

  public TestRepo write(String path, String content) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return this;
  }

  public TestRepo writeBytes(String path, byte[] content) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    return this;
  }

  public RevCommit commit(String message) throws GitAPIException {
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    return git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).call();
  }

  /** Sets the {@code origin} remote's URL, as {@code git remote add origin URL} does. */
  public TestRepo remote(String url) throws IOException {
    org.eclipse.jgit.lib.StoredConfig config = git.getRepository().getConfig();
    config.setString("remote", "origin", "url", url);
    config.save();
    return this;
  }

  /** A random string of {@code length} characters from {@code alphabet}, from a seeded source. */
  public static String token(Random random, String alphabet, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  public static final String BASE62 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /** A GitHub classic token: {@code ghp_}, 30 base62 characters and their checksum. */
  public static String githubToken(Random random) {
    return GithubCrc32.token("ghp_", token(random, BASE62, 30));
  }

  /** An AWS access key id shape: {@code AKIA} and 16 base32 characters. */
  public static String awsKeyId(Random random) {
    return "AKIA" + token(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
  }

  /** A synthetic 16-digit Visa-range number with a valid Luhn check digit. */
  public static String visa(Random random) {
    StringBuilder pan = new StringBuilder("4");
    for (int i = 0; i < 14; i++) {
      pan.append(random.nextInt(10));
    }
    int sum = 0;
    for (int i = 0; i < 15; i++) {
      int d = pan.charAt(14 - i) - '0';
      if (i % 2 == 0) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
    }
    return pan.append((10 - sum % 10) % 10).toString();
  }

  @Override
  public void close() {
    git.close();
  }
}
