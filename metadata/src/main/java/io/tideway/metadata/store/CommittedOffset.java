package io.tideway.metadata.store;

/**
 * A consumer group's committed position in one partition (Kafka's OffsetCommit data). Immutable.
 *
 * @param offset the next offset to consume (0 or more)
 * @param leaderEpoch the leader epoch of the committed record, -1 when unknown
 * @param metadata client-supplied metadata, may be null
 * @param commitTimestamp when the commit was made, in epoch milliseconds
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestamp) {

    /** Validates the fields. */
    public CommittedOffset {
        if (offset < 0) {
            throw new IllegalArgumentException("Committed offset must not be negative, got " + offset);
        }
        if (leaderEpoch < -1) {
            throw new IllegalArgumentException("Leader epoch must be -1 (unknown) or more, got " + leaderEpoch);
        }
    }
}
