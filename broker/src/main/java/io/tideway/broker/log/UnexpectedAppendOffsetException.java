package io.tideway.broker.log;

import org.apache.kafka.common.KafkaException;

/**
 * An offset-preserving append ({@link PartitionLog#appendPreservingOffsets}) was rejected because
 * its first batch does not start at the log end offset (or a batch does not start where the
 * previous one ended). Nothing was written.
 *
 * <p>Thread contract: an immutable exception, thread-safe.
 */
public class UnexpectedAppendOffsetException extends KafkaException {

  private static final long serialVersionUID = 1L;

  /** Which way the offsets disagree. */
  public enum Kind {
    /** The batch starts above the expected offset: offsets would be missing. */
    GAP,
    /** The batch starts below the expected offset: offsets would repeat. */
    OVERLAP
  }

  private final Kind kind;
  private final long expectedOffset;
  private final long actualOffset;

  public UnexpectedAppendOffsetException(long expectedOffset, long actualOffset) {
    super((actualOffset > expectedOffset ? "Offset gap" : "Offset overlap")
        + ": batch starts at offset " + actualOffset + " but the log expects " + expectedOffset);
    this.kind = actualOffset > expectedOffset ? Kind.GAP : Kind.OVERLAP;
    this.expectedOffset = expectedOffset;
    this.actualOffset = actualOffset;
  }

  public Kind kind() {
    return kind;
  }

  /** The offset the next batch had to start at. */
  public long expectedOffset() {
    return expectedOffset;
  }

  /** The base offset of the offending batch. */
  public long actualOffset() {
    return actualOffset;
  }
}
