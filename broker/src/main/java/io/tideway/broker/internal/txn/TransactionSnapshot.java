package io.tideway.broker.internal.txn;

import io.tideway.metadata.store.PartitionName;
import io.tideway.metadata.store.TransactionRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * One transactional id's coordinator state at one moment: producer id, epoch, state, timeout,
 * start and last-update times and the partitions of the ongoing transaction. The coordinator
 * persists each new snapshot (as a {@link TransactionRecord}) before acting on it.
 *
 * <p>Immutable and thread-safe. Invariants: an idle state has no partitions and a start time of
 * -1; an {@code ONGOING} or in-doubt state has a start time.
 *
 * @param transactionalId the transactional id
 * @param producerId the owning producer id
 * @param epoch the current producer epoch
 * @param state the state
 * @param timeoutMs the transaction timeout
 * @param startTimestamp when the ongoing transaction started, -1 when idle
 * @param lastUpdateTimestamp when the state last changed
 * @param partitions the partitions in the transaction, ordered by topic then partition
 */
public record TransactionSnapshot(String transactionalId, long producerId, short epoch, TransactionState state,
        int timeoutMs, long startTimestamp, long lastUpdateTimestamp, Set<TopicPartition> partitions) {

    /** Validates the invariants and copies the partitions into a sorted immutable set. */
    public TransactionSnapshot {
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(state, "state");
        TreeSet<TopicPartition> sorted = new TreeSet<>(TransactionSnapshot::compare);
        sorted.addAll(partitions);
        partitions = Collections.unmodifiableSet(sorted);
        if (state.idle() && (!partitions.isEmpty() || startTimestamp != -1)) {
            throw new IllegalArgumentException("Transaction " + transactionalId + " in state " + state
                    + " must have no partitions and no start time");
        }
    }

    /**
     * @param record a stored record
     * @return the snapshot it holds
     */
    public static TransactionSnapshot fromRecord(TransactionRecord record) {
        Set<TopicPartition> partitions = new TreeSet<>(TransactionSnapshot::compare);
        record.partitions().forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        return new TransactionSnapshot(record.transactionalId(), record.producerId(), record.epoch(),
                TransactionState.parse(record.state()), record.timeoutMs(), record.startTimestamp(),
                record.lastUpdateTimestamp(), partitions);
    }

    /** @return the record to store */
    public TransactionRecord toRecord() {
        ArrayList<PartitionName> names = new ArrayList<>(partitions.size());
        partitions.forEach(p -> names.add(new PartitionName(p.topic(), p.partition())));
        return new TransactionRecord(transactionalId, producerId, epoch, state.name(), timeoutMs, startTimestamp,
                lastUpdateTimestamp, names);
    }

    private static int compare(TopicPartition a, TopicPartition b) {
        int byTopic = a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    }
}
