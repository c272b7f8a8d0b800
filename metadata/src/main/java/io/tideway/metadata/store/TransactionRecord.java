package io.tideway.metadata.store;

import java.util.List;
import java.util.Objects;

/**
 * The transaction coordinator's durable state for one {@code transactional.id}: the producer id
 * and epoch currently owning it, the transaction state name (the broker defines the states; this
 * record only keeps the name), the transaction timeout, when the ongoing transaction started and
 * when the state last changed, the partitions in the ongoing transaction, and the bookkeeping of
 * Kafka's epoch rules: the producer id before the last change, the producer id a completing
 * transaction moves to when its epoch is exhausted, the epoch before the last bump (to recognise
 * retries) and the transaction version the client last used.
 *
 * <p>Immutable and thread-safe. Invariants: the transactional id is not blank, the producer id is
 * not negative, the epoch is within {@code 0..Short.MAX_VALUE}, the last epoch within
 * {@code -1..Short.MAX_VALUE}, the previous and next producer ids are {@code -1} or not negative,
 * the client transaction version is not negative, the timeout is positive, the partition list is
 * an immutable copy.
 *
 * @param transactionalId the producer's transactional id
 * @param producerId the producer id owning the transactional id
 * @param epoch the current producer epoch
 * @param state the transaction state name, e.g. {@code ONGOING}
 * @param timeoutMs the producer's {@code transaction.timeout.ms}
 * @param startTimestamp when the ongoing transaction started (epoch ms), -1 when none is ongoing
 * @param lastUpdateTimestamp when the state last changed (epoch ms)
 * @param partitions the partitions in the ongoing transaction
 * @param previousProducerId the producer id before the last change, -1 when unknown
 * @param nextProducerId the producer id the transaction moves to once complete, -1 for none
 * @param lastEpoch the epoch before the last bump, -1 when none is remembered
 * @param clientTransactionVersion the transaction version of the client's last request (0 when
 *     unknown, 1 or 2)
 */
public record TransactionRecord(String transactionalId, long producerId, short epoch, String state,
        int timeoutMs, long startTimestamp, long lastUpdateTimestamp, List<PartitionName> partitions,
        long previousProducerId, long nextProducerId, short lastEpoch, short clientTransactionVersion) {

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
        if (previousProducerId < -1 || nextProducerId < -1) {
            throw new IllegalArgumentException("Previous and next producer ids must be -1 or not negative, got "
                    + previousProducerId + " and " + nextProducerId);
        }
        if (lastEpoch < -1) {
            throw new IllegalArgumentException("Last producer epoch must be -1 or not negative, got " + lastEpoch);
        }
        if (clientTransactionVersion < 0) {
            throw new IllegalArgumentException("Client transaction version must not be negative, got "
                    + clientTransactionVersion);
        }
        partitions = List.copyOf(partitions);
    }

    /**
     * A record as format v1 held it: no previous or next producer id, no last epoch, an unknown
     * client transaction version.
     */
    public TransactionRecord(String transactionalId, long producerId, short epoch, String state, int timeoutMs,
            long startTimestamp, long lastUpdateTimestamp, List<PartitionName> partitions) {
        this(transactionalId, producerId, epoch, state, timeoutMs, startTimestamp, lastUpdateTimestamp, partitions,
                -1, -1, (short) -1, (short) 0);
    }
}
