package io.tideway.metadata.store;

import java.util.Objects;
import java.util.UUID;

/**
 * A partition identified by its topic's id (stable across renames and re-creations of a name).
 * Immutable.
 *
 * @param topicId the topic id
 * @param partition the partition index (0 or more)
 */
public record PartitionId(UUID topicId, int partition) {

    /** Validates the fields. */
    public PartitionId {
        Objects.requireNonNull(topicId, "topicId");
        if (partition < 0) {
            throw new IllegalArgumentException("Partition must not be negative, got " + partition);
        }
    }

    @Override
    public String toString() {
        return topicId + "-" + partition;
    }
}
