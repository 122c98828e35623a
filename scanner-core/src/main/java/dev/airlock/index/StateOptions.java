package dev.airlock.index;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how much scan state to keep.
 *
 * @param mode what the index holds; {@link IndexMode#NONE} keeps no state at all
 * @param stateRoot a folder that holds one index per repository (for fleets), or null to keep
 *     each Git repository's index in its own {@code .git/airlock/}; folders that are not Git
 *     repositories have state only under a state root
 * @param lockWait how long a scan waits for another scan of the same repository to release the
 *     index before it gives up
 */
public record StateOptions(IndexMode mode, Path stateRoot, Duration lockWait) {
  public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(30);

  public StateOptions {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(lockWait, "lockWait");
    if (lockWait.isNegative()) {
      throw new IllegalArgumentException("lock wait must not be negative, got " + lockWait);
    }
  }

  /** No state: every scan reads every blob. */
  public static StateOptions none() {
    return new StateOptions(IndexMode.NONE, null, DEFAULT_LOCK_WAIT);
  }

  /** State in each Git repository's {@code .git/airlock/}. */
  public static StateOptions inRepository(IndexMode mode) {
    return new StateOptions(mode, null, DEFAULT_LOCK_WAIT);
  }

  /** State for every scanned repository under {@code stateRoot}. */
  public static StateOptions under(Path stateRoot, IndexMode mode) {
    return new StateOptions(mode, Objects.requireNonNull(stateRoot, "stateRoot"), DEFAULT_LOCK_WAIT);
  }

  public StateOptions withLockWait(Duration wait) {
    return new StateOptions(mode, stateRoot, wait);
  }

  public boolean enabled() {
    return mode != IndexMode.NONE;
  }
}
