package io.tideway.metadata.store;

import java.util.Objects;

/**
 * One entry of a partition's segment index. Immutable.
 *
 * @param baseOffset the first offset in the segment (0 or more)
 * @param endOffset the offset after the last record (exclusive), not below {@code baseOffset};
 *        equal to it for an empty segment
 * @param sizeBytes the segment file's size in bytes (0 or more)
 * @param maxTimestamp the largest record timestamp in the segment, -1 when unknown or empty
 * @param state the lifecycle state
 */
public record SegmentRecord(long baseOffset, long endOffset, long sizeBytes, long maxTimestamp, SegmentState state) {

    /** Validates the fields. */
    public SegmentRecord {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("Segment base offset must not be negative, got " + baseOffset);
        }
        if (endOffset < baseOffset) {
            throw new IllegalArgumentException("Segment " + baseOffset + " end offset " + endOffset
                    + " must not be below its base offset");
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("Segment " + baseOffset + " size must not be negative, got " + sizeBytes);
        }
        Objects.requireNonNull(state, "state");
    }

    /**
     * @param next the new state
     * @return this record in {@code next} state
     */
    public SegmentRecord withState(SegmentState next) {
        return new SegmentRecord(baseOffset, endOffset, sizeBytes, maxTimestamp, next);
    }
}
