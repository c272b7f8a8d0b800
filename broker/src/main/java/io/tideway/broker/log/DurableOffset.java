package io.tideway.broker.log;

/**
 * The offset below which every appended record is known to be fsynced under
 * {@code group-commit}: the high watermark a single node may expose when acks=all must mean
 * "on disk". Flush completions raise it; truncation lowers it and invalidates completions of
 * appends made before the truncation (they may belong to records that no longer exist).
 *
 * <p>Thread contract: thread-safe (raised on the flusher thread, read and lowered by the owner).
 * Invariants: never above the log end offset it was last reset to plus what was appended since.
 */
final class DurableOffset {

  private long offset;
  private long generation;

  DurableOffset(long offset) {
    this.offset = offset;
  }

  /** The generation to pass to {@link #advance} for an append made now. */
  synchronized long generation() {
    return generation;
  }

  /** Raises the durable offset to {@code endOffset} unless a truncation happened since. */
  synchronized void advance(long endOffset, long appendGeneration) {
    if (appendGeneration == generation && endOffset > offset) {
      offset = endOffset;
    }
  }

  /** After a truncation to {@code logEndOffset}: lower the value, forget in-flight appends. */
  synchronized void truncatedTo(long logEndOffset) {
    generation++;
    offset = Math.min(offset, logEndOffset);
  }

  synchronized long get() {
    return offset;
  }
}
