package io.tideway.broker.log;

/**
 * Receives a partition log's segment lifecycle events, e.g. to keep the metadata store's segment
 * index in step with the local files (the tiering uploader watches sealed segments). Events are
 * per segment, never per append.
 *
 * <p>Thread contract: called synchronously on the thread that drives the log (the partition's
 * owner, or the worker running a blocking log call on its behalf), in the order the changes
 * happen. Implementations must not block: hand work to another thread or context.
 */
public interface SegmentListener {

  /** Ignores every event. */
  SegmentListener NONE = new SegmentListener() { };

  /** Why a segment's files were removed. */
  enum DeleteReason {
    /** Its newest timestamp is older than {@code retention.ms}. */
    RETENTION_TIME,
    /** The log exceeded {@code retention.bytes}. */
    RETENTION_SIZE,
    /** Delete-records moved the log start offset past it. */
    LOG_START_OFFSET,
    /** The log was truncated below its base offset. */
    TRUNCATION,
    /** Crash recovery found a damaged earlier segment and dropped everything after it. */
    RECOVERY
  }

  /** A new, empty active segment was created. */
  default void segmentCreated(SegmentInfo segment) {
  }

  /** The segment was rolled: it is now immutable and its indexes trimmed. */
  default void segmentSealed(SegmentInfo segment) {
  }

  /** The segment left the log (its files are deleted after {@code file.delete.delay.ms}). */
  default void segmentDeleted(SegmentInfo segment, DeleteReason reason) {
  }

  /**
   * The segment lost its tail to a truncation or to crash recovery; if it was sealed it is the
   * active segment again.
   */
  default void segmentTruncated(SegmentInfo segment) {
  }
}
