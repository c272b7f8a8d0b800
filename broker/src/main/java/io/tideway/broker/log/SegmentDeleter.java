package io.tideway.broker.log;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes removed segments after {@code file.delete.delay.ms}: a segment leaves the log at once
 * (its files renamed {@code *.deleted}), but its channel stays open for the delay so that
 * zero-copy reads already handed out (see {@link FetchSlice}) can finish, as in Kafka.
 *
 * <p>Thread contract: owner thread only (purges run inside the log's retention call and close).
 * Blocking: closing and unlinking files. Invariants: segments are purged in the order they were
 * scheduled, which is also deadline order for a fixed delay.
 */
final class SegmentDeleter {

  private static final Logger log = LoggerFactory.getLogger(SegmentDeleter.class);

  private record Pending(LogSegment segment, long deadlineMs) {
  }

  private final Deque<Pending> pending = new ArrayDeque<>();

  /** Renames the segment's files now and deletes them once {@code delayMs} has passed. */
  void schedule(LogSegment segment, long nowMs, long delayMs) throws IOException {
    segment.markDeleted();
    if (delayMs == 0) {
      delete(segment);
    } else {
      pending.add(new Pending(segment, nowMs + delayMs));
    }
  }

  /** Deletes the segments whose delay has passed. */
  void purgeExpired(long nowMs) {
    while (!pending.isEmpty() && pending.peekFirst().deadlineMs() <= nowMs) {
      delete(pending.removeFirst().segment());
    }
  }

  /** Deletes every pending segment now (the log is closing). */
  void purgeAll() {
    while (!pending.isEmpty()) {
      delete(pending.removeFirst().segment());
    }
  }

  /** Closes pending segments without deleting; the next open removes the leftovers. */
  void abandon() {
    while (!pending.isEmpty()) {
      try {
        pending.removeFirst().segment().close(false);
      } catch (IOException e) {
        log.atDebug().setMessage("Ignoring close failure of an abandoned segment")
            .setCause(e).log();
      }
    }
  }

  int pendingCount() {
    return pending.size();
  }

  private static void delete(LogSegment segment) {
    try {
      segment.closeAndDelete();
      log.atDebug().setMessage("Deleted segment files").addKeyValue("segment", segment.logPath())
          .log();
    } catch (IOException e) {
      // Leftover *.deleted files are removed on the next open; nothing is lost.
      log.atWarn().setMessage("Failed to delete segment files")
          .addKeyValue("segment", segment.logPath()).setCause(e).log();
    }
  }
}
