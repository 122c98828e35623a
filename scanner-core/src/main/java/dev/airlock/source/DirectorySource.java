package dev.airlock.source;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A folder on disk that is not a Git repository. Symbolic links are never followed (a link could
 * lead out of the tree), and {@code .git} folders of nested repositories are left alone. Excluded
 * folders (with everything below them) are not listed at all: they belong to another unit.
 */
public final class DirectorySource implements Source {
  private final Path root;
  private final Set<Path> excluded;

  DirectorySource(Path root) {
    this(root, Set.of());
  }

  DirectorySource(Path root, Set<Path> excluded) {
    this.root = root.toAbsolutePath().normalize();
    this.excluded =
        excluded.stream()
            .map(p -> this.root.resolve(p).toAbsolutePath().normalize())
            .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public String name() {
    return root.getFileName() == null ? root.toString() : root.getFileName().toString();
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public String commit() {
    return null;
  }

  @Override
  public String remote() {
    return null;
  }

  @Override
  public void enumerate(Visitor visitor) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            boolean nestedGit =
                dir.getFileName() != null
                    && dir.getFileName().toString().equals(".git")
                    && !dir.equals(root);
            return nestedGit || excluded.contains(dir)
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String path = relative(file);
            if (attrs.isSymbolicLink()) {
              visitor.skipped(path, "symlink");
            } else if (!attrs.isRegularFile()) {
              visitor.skipped(path, "not-a-file");
            } else {
              visitor.file(new BlobRef(path, null, attrs.size()));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            visitor.skipped(relative(file), "unreadable");
            return FileVisitResult.CONTINUE;
          }
        });
  }

  @Override
  public byte[] load(BlobRef ref) throws IOException {
    return Files.readAllBytes(root.resolve(ref.path()));
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException {
    Path file = inside(path);
    return file != null && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        ? Optional.of(Files.readAllBytes(file))
        : Optional.empty();
  }

  @Override
  public List<String> list(String folder) throws IOException {
    Path dir = inside(folder);
    if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
          .map(this::relative)
          .sorted()
          .toList();
    }
  }

  /** {@code path} under the root, or null when it would lead out of it or through a link. */
  private Path inside(String path) {
    Path p = root.resolve(path).normalize();
    if (!p.startsWith(root)) {
      return null;
    }
    for (Path at = p; at != null && !at.equals(root); at = at.getParent()) {
      if (Files.isSymbolicLink(at)) {
        return null;
      }
    }
    return p;
  }

  private String relative(Path file) {
    return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }

  @Override
  public void close() {}
}
