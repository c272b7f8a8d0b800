package io.tideway.broker.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether appends to the partitions of one log directory may be attempted. A failed write (a full
 * disk, or any other I/O error while appending) makes the directory refuse appends to every one of
 * its partitions with {@link KafkaStorageException} (KAFKA_STORAGE_ERROR, which producers retry)
 * until the file system has room for the refused append plus {@link #headroomBytes()} again;
 * reads are never refused. A failed fsync makes it refuse appends until the broker restarts: after
 * {@code fsync} fails, the kernel may already have dropped the dirty pages, so a later fsync that
 * succeeds proves nothing (Kafka takes the directory offline for the same reason).
 *
 * <p>Thread contract: thread-safe. {@link #checkAppend} is called by every append (one volatile
 * read while the directory is writable; a {@code statvfs} while it refuses); the failure callbacks
 * come from owner threads and the flusher thread. Invariant: once refused for an fsync failure the
 * directory never accepts appends again in this process.
 */
public final class LogDirWriteGuard {

  /** Free space a full directory must have beyond the refused append before it is retried. */
  public static final long DEFAULT_HEADROOM_BYTES = 1L << 20;

  private static final Logger log = LoggerFactory.getLogger(LogDirWriteGuard.class);

  /** Why appends are refused: a failed write (until space returns) or a failed fsync (for good). */
  private record Refusal(boolean permanent, long neededBytes, long sinceNanos, String reason) {
  }

  private final Path logDir;
  private final DiskSpace space;
  private final long headroomBytes;
  private final AtomicReference<Refusal> refusal = new AtomicReference<>();

  /**
   * @param space the free-space figure of the directory's file system
   * @param headroomBytes free bytes required beyond the refused append before appends resume
   */
  public LogDirWriteGuard(Path logDir, DiskSpace space, long headroomBytes) {
    this.logDir = logDir;
    this.space = space;
    this.headroomBytes = headroomBytes;
  }

  public Path logDir() {
    return logDir;
  }

  public long headroomBytes() {
    return headroomBytes;
  }

  /**
   * Lets an append of {@code bytes} to the partition in {@code partitionDir} proceed, or refuses
   * it. A directory refused for lack of space accepts appends again as soon as the file system has
   * room for the larger of this append and the refused one, plus the headroom.
   *
   * @throws KafkaStorageException if the directory refuses appends
   */
  public void checkAppend(Path partitionDir, int bytes) {
    Refusal current = refusal.get();
    if (current == null) {
      return;
    }
    if (current.permanent()) {
      throw new KafkaStorageException("Log directory " + logDir + " refuses appends to "
          + partitionDir + " after an fsync failure (" + current.reason()
          + "); restart the broker once the disk is checked");
    }
    long free = usableBytes();
    long needed = Math.max(bytes, current.neededBytes()) + headroomBytes;
    if (free >= needed || free < 0) { // an unknown figure must not block the directory for good
      if (refusal.compareAndSet(current, null)) {
        log.atInfo().setMessage("Log directory accepts appends again").addKeyValue("logDir", logDir)
            .addKeyValue("freeBytes", free)
            .addKeyValue("refusedForMs", (System.nanoTime() - current.sinceNanos()) / 1_000_000)
            .log();
      }
      return;
    }
    throw new KafkaStorageException("Log directory " + logDir + " refuses appends to "
        + partitionDir + " until space is freed: " + free + " bytes free, " + needed
        + " needed (" + current.reason() + ")");
  }

  /**
   * Records that an append of {@code bytes} to {@code partitionDir} failed with {@code cause} and
   * was undone; from now on the directory refuses appends until space returns.
   */
  public void onWriteFailure(Path partitionDir, long bytes, IOException cause) {
    long free = usableBytes();
    Refusal next = new Refusal(false, bytes, System.nanoTime(), describe(cause));
    Refusal previous = refusal.getAndUpdate(old -> old != null && old.permanent() ? old : next);
    if (previous == null) {
      log.atError().setMessage("Log directory refuses appends after a failed write")
          .addKeyValue("logDir", logDir).addKeyValue("partitionDir", partitionDir)
          .addKeyValue("appendBytes", bytes).addKeyValue("freeBytes", free)
          .addKeyValue("diskFull", isDiskFull(cause)).addKeyValue("reason", next.reason())
          .log();
    }
  }

  /** Records a failed fsync: the directory refuses appends until the broker restarts. */
  public void onFsyncFailure(String target, Throwable cause) {
    Refusal next = new Refusal(true, 0, System.nanoTime(), "fsync of " + target + " failed: "
        + cause.getMessage());
    Refusal previous = refusal.getAndSet(next);
    if (previous == null || !previous.permanent()) {
      log.atError().setMessage("Log directory refuses appends until restart after an fsync failure")
          .addKeyValue("logDir", logDir).addKeyValue("target", target)
          .addKeyValue("freeBytes", usableBytes()).setCause(cause).log();
    }
  }

  /** Why appends are refused now, or empty while the directory accepts them. */
  public Optional<String> refusal() {
    return Optional.ofNullable(refusal.get()).map(Refusal::reason);
  }

  /** Whether {@code cause} reports a full file system or an exhausted quota. */
  static boolean isDiskFull(IOException cause) {
    String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
    return message.contains("no space left") || message.contains("quota exceeded");
  }

  private static String describe(IOException cause) {
    return (isDiskFull(cause) ? "disk full: " : "write failed: ") + cause.getMessage();
  }

  private long usableBytes() {
    try {
      return space.usableBytes();
    } catch (IOException | RuntimeException e) {
      log.atDebug().setMessage("Cannot read the free space of a log directory")
          .addKeyValue("logDir", logDir).addKeyValue("reason", e.toString()).log();
      return -1;
    }
  }

  @Override
  public String toString() {
    return "LogDirWriteGuard[" + logDir + ", " + refusal().orElse("writable") + "]";
  }
}
