package io.tideway.perf.crash.check;

/**
 * One record batch as a raw fetch returned it: offsets, producer and, for a control batch, the
 * transaction marker it holds.
 *
 * <p>Immutable; thread-safe.
 *
 * @param baseOffset first offset
 * @param lastOffset last offset (inclusive)
 * @param producerId the batch's producer id, -1 when none
 * @param transactional the batch's transactional flag
 * @param marker {@link Marker#NONE} for data, else the control record's type
 */
public record BatchSpan(long baseOffset, long lastOffset, long producerId, boolean transactional,
        Marker marker) {

    /** What a batch is. */
    public enum Marker {
        /** A data batch. */
        NONE,
        /** A COMMIT control batch. */
        COMMIT,
        /** An ABORT control batch. */
        ABORT,
        /** Another control batch (not written by Kafka brokers to data partitions). */
        OTHER
    }

    /** Validates the offsets. */
    public BatchSpan {
        if (baseOffset < 0 || lastOffset < baseOffset) {
            throw new IllegalArgumentException("bad batch offsets " + baseOffset + ".."
                    + lastOffset);
        }
    }

    /** Whether this is a control batch. */
    public boolean control() {
        return marker != Marker.NONE;
    }
}
