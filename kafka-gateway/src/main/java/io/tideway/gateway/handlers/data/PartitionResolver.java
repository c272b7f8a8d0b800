package io.tideway.gateway.handlers.data;

import io.tideway.broker.Broker;
import io.tideway.broker.Partition;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

/**
 * Finds the open partition a data-path request addresses, or the error Kafka's {@code
 * ReplicaManager.getPartitionOrError} answers for it on a single node:
 *
 * <ul>
 *   <li>open: the partition;
 *   <li>its topic is unknown, or the index is outside {@code [0, partitionCount)}: {@code
 *       UNKNOWN_TOPIC_OR_PARTITION} (Kafka's metadata cache does not contain it);
 *   <li>the engine reports why it is offline (for example a storage error): {@code
 *       KAFKA_STORAGE_ERROR}, Kafka's answer for a partition in an offline log directory;
 *   <li>it exists but is not open (being created, opened or deleted): {@code
 *       NOT_LEADER_OR_FOLLOWER}, which makes clients refresh metadata and retry.
 * </ul>
 *
 * <p>Public because the transaction handlers (DescribeProducers, AddPartitionsToTxn) answer
 * unknown partitions the same way.
 *
 * <p>Thread contract: stateless apart from the engine, whose lookups are non-blocking snapshots;
 * safe from any thread.
 */
public final class PartitionResolver {

    private final Broker broker;

    /** @param broker the engine whose catalogue and partitions are looked up */
    public PartitionResolver(Broker broker) {
        this.broker = Objects.requireNonNull(broker, "broker");
    }

    /** Whether the catalogue knows this partition (Kafka's {@code metadataCache.contains}). */
    public boolean exists(TopicPartition partition) {
        return partition.topic() != null && broker.topics().byName(partition.topic())
                .filter(topic -> partition.partition() >= 0
                        && partition.partition() < topic.partitionCount())
                .isPresent();
    }

    /** The open partition or the error for it. */
    public Lookup lookup(TopicPartition partition) {
        if (partition.topic() == null) {
            return new Lookup(null, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        Partition open = broker.partitions().get(partition).orElse(null);
        if (open != null) {
            return new Lookup(open, Errors.NONE);
        }
        if (!exists(partition)) {
            return new Lookup(null, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        if (broker.partitions().offlineCause(partition).isPresent()) {
            return new Lookup(null, Errors.KAFKA_STORAGE_ERROR);
        }
        return new Lookup(null, Errors.NOT_LEADER_OR_FOLLOWER);
    }

    /**
     * The outcome of a lookup.
     *
     * @param partition the open partition, or null
     * @param error {@code NONE} exactly when {@code partition} is not null
     */
    public record Lookup(Partition partition, Errors error) {

        /** Whether the partition is open. */
        public boolean found() {
            return partition != null;
        }
    }
}
