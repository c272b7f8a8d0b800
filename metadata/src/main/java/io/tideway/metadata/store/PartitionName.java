package io.tideway.metadata.store;

import java.util.Objects;

/**
 * A partition identified by topic name, as Kafka's group offset APIs address it. Immutable.
 *
 * @param topic the topic name
 * @param partition the partition index (0 or more)
 */
public record PartitionName(String topic, int partition) {

    /** Validates the fields. */
    public PartitionName {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("Partition must not be negative, got " + partition);
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
