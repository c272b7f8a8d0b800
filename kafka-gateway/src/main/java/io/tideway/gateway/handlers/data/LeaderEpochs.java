package io.tideway.gateway.handlers.data;

import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * KIP-320's check of the leader epoch a client believes current (Kafka's {@code
 * Partition.checkCurrentLeaderEpoch}): -1 means the client does not know and skips the check; an
 * older epoch is {@code FENCED_LEADER_EPOCH} (the client's metadata is stale), a newer one is
 * {@code UNKNOWN_LEADER_EPOCH} (this broker has not caught up with the leader change yet).
 *
 * <p>Thread contract: stateless.
 */
final class LeaderEpochs {

    private LeaderEpochs() {
    }

    /** The error for a request carrying {@code requested} to a partition at {@code current}. */
    static Errors check(int requested, int current) {
        if (requested == RecordBatch.NO_PARTITION_LEADER_EPOCH) {
            return Errors.NONE;
        }
        if (current > requested) {
            return Errors.FENCED_LEADER_EPOCH;
        }
        if (current < requested) {
            return Errors.UNKNOWN_LEADER_EPOCH;
        }
        return Errors.NONE;
    }
}
