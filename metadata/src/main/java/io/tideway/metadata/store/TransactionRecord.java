package io.tideway.metadata.store;

import java.util.List;
import java.util.Objects;

/**
 * The transaction coordinator's durable state for one {@code transactional.id}: the producer id
 * and epoch currently owning it, the transaction state name (the broker defines the states; this
 * record only keeps the name), the transaction timeout, when the ongoing transaction started and
 * when the state last changed, and the partitions in the ongoing transaction.
 *
 * <p>Immutable and thread-safe. Invariants: the transactional id is not blank, the producer id is
 * not negative, the epoch is within {@code 0..Short.MAX_VALUE}, the timeout is positive, the
 * partition list is an immutable copy.
 *
 * @param transactionalId the producer's transactional id
 * @param producerId the producer id owning the transactional id
 * @param epoch the current producer epoch
 * @param state the transaction state name, e.g. {@code ONGOING}
 * @param timeoutMs the producer's {@code transaction.timeout.ms}
 * @param startTimestamp when the ongoing transaction started (epoch ms), -1 when none is ongoing
 * @param lastUpdateTimestamp when the state last changed (epoch ms)
 * @param partitions the partitions in the ongoing transaction
 */
public record TransactionRecord(String transactionalId, long producerId, short epoch, String state, int timeoutMs,
        long startTimestamp, long lastUpdateTimestamp, List<PartitionName> partitions) {

    /** Validates the fields and copies the partition list. */
    public TransactionRecord {
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(state, "state");
        if (transactionalId.isBlank()) {
            throw new IllegalArgumentException("Transactional id must not be blank");
        }
        if (producerId < 0) {
            throw new IllegalArgumentException("Producer id must not be negative, got " + producerId);
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("Producer epoch must not be negative, got " + epoch);
        }
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("Transaction timeout must be positive, got " + timeoutMs);
        }
        partitions = List.copyOf(partitions);
    }
}
