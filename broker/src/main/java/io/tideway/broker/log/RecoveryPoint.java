package io.tideway.broker.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recovery point of one partition log: every segment that ends at or below it is known to be
 * on disk, so an unclean open only scans the segments from there on (normally just the active
 * one). Kept in {@code recovery-point.checkpoint}, which only the log directory's flusher thread
 * writes: after a sealed segment's flush, or as a task queued behind pending flushes, so updates
 * apply in submission order.
 *
 * <p>Thread contract: callable from the owner thread; the writes always run on the flusher
 * thread. {@link #set} is blocking. Invariants: the stored value never claims a segment
 * whose flush has not completed.
 */
final class RecoveryPoint {

  private static final Logger log = LoggerFactory.getLogger(RecoveryPoint.class);

  private final Path dir;
  private final LogDirFlusher flusher;
  private final OffsetCheckpointFile file;

  RecoveryPoint(Path dir, LogDirFlusher flusher) {
    this.dir = dir;
    this.flusher = flusher;
    this.file = new OffsetCheckpointFile(dir.resolve(LogFileNames.RECOVERY_POINT_CHECKPOINT),
        flusher.fsync(), flusher.writes());
  }

  /**
   * The stored recovery point, or 0 (recover everything) when there is none or it is damaged: a
   * lower recovery point only costs a longer scan.
   */
  long read() throws IOException {
    return file.read().orElse(0L);
  }

  /**
   * Flushes {@code target} (a sealed segment) and, once that succeeded, runs {@code before} and
   * records {@code offset}, on the flusher thread and before the returned future completes.
   */
  CompletableFuture<Void> flushThenAdvance(FlushTarget target, Runnable before, long offset) {
    return flusher.flush(target, () -> {
      before.run();
      write(offset);
    });
  }

  /** Records {@code offset} after every flush queued so far. Blocking. */
  void set(long offset) {
    flusher.execute(() -> write(offset)).join();
  }

  private void write(long offset) {
    try {
      file.write(offset);
    } catch (IOException e) {
      // A stale recovery point only makes the next unclean open scan more segments.
      log.atWarn().setMessage("Failed to write the recovery point").addKeyValue("dir", dir)
          .addKeyValue("offset", offset).setCause(e).log();
    }
  }
}
