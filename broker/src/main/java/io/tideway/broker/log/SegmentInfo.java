package io.tideway.broker.log;

import java.nio.file.Path;

/**
 * A snapshot of one segment, as carried by {@link SegmentListener} events and returned by
 * {@link PartitionLog#segments()}.
 *
 * <p>Thread contract: an immutable value, thread-safe. Invariants:
 * {@code lastOffset >= baseOffset - 1} (equal when the segment is empty).
 *
 * @param baseOffset offset of the segment's first batch, which names its files
 * @param lastOffset last offset in the segment (inclusive), {@code baseOffset - 1} when empty
 * @param sizeInBytes size of the segment's log file
 * @param maxTimestamp largest batch max timestamp in the segment, or -1 when empty
 * @param sealed false only for the active (last) segment
 * @param logFile the segment's {@code .log} file
 */
public record SegmentInfo(long baseOffset, long lastOffset, long sizeInBytes, long maxTimestamp,
    boolean sealed, Path logFile) {

  /** The offset after the segment's last one. */
  public long nextOffset() {
    return lastOffset + 1;
  }
}
