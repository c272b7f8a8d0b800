package io.tideway.broker.log;

/**
 * Decides whether the oldest sealed segment of a log must go, Kafka's way: wholly below the log
 * start offset (delete-records), older than {@code retention.ms} by its newest timestamp, or not
 * needed to stay within {@code retention.bytes}. Only whole sealed segments are ever deleted.
 *
 * <p>Thread contract: stateless, thread-safe.
 */
final class LogRetention {

  private LogRetention() {
  }

  /**
   * The reason to delete {@code oldest}, or {@code null} to keep it (and, since retention goes
   * oldest first, every later segment).
   *
   * @param nextBaseOffset the base offset of the segment after {@code oldest}
   * @param logBytes the size of the whole log
   * @param segmentTimestampMs the segment's newest timestamp (its file's modification time when
   *     its batches carry none)
   * @param applyRetention false to consider only the log start offset (after delete-records)
   */
  static SegmentListener.DeleteReason reasonToDelete(SegmentInfo oldest, long nextBaseOffset,
      long logBytes, long logStartOffset, long segmentTimestampMs, LogConfig config, long nowMs,
      boolean applyRetention) {
    if (nextBaseOffset <= logStartOffset) {
      return SegmentListener.DeleteReason.LOG_START_OFFSET;
    }
    if (!applyRetention) {
      return null;
    }
    if (config.retentionMs() >= 0 && nowMs - segmentTimestampMs > config.retentionMs()) {
      return SegmentListener.DeleteReason.RETENTION_TIME;
    }
    if (config.retentionBytes() >= 0
        && logBytes - oldest.sizeInBytes() >= config.retentionBytes()) {
      return SegmentListener.DeleteReason.RETENTION_SIZE;
    }
    return null;
  }
}
