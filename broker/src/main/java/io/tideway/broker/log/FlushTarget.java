package io.tideway.broker.log;

import java.io.IOException;

/**
 * Something the {@link LogDirFlusher} can make durable in one step, e.g. a segment's log file, or a
 * sealed segment's log and index files. The flusher deduplicates targets by identity, so one
 * target fsynced once per round covers every append that requested it.
 *
 * <p>Thread contract: {@link #sync} runs on the flusher thread, concurrently with the owner
 * appending to the same files; implementations only call thread-safe {@code FileChannel} methods.
 */
@FunctionalInterface
interface FlushTarget {

  /** Forces this target's files through {@code fsync}. */
  void sync(Fsync fsync) throws IOException;
}
