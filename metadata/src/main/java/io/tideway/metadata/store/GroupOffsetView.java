package io.tideway.metadata.store;

import java.util.Map;
import java.util.Set;

/**
 * One consistent read of a group's offsets: the committed ones and the partitions that have a
 * pending transactional offset (of any producer), which Kafka answers with
 * {@code UNSTABLE_OFFSET_COMMIT} when a fetch requires stable offsets. Immutable.
 *
 * @param committed committed offsets by partition, ordered by topic then partition
 * @param pending partitions with at least one pending transactional offset
 */
public record GroupOffsetView(Map<PartitionName, CommittedOffset> committed, Set<PartitionName> pending) {

    /** Copies the collections, keeping the committed offsets' order. */
    public GroupOffsetView {
        committed = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(committed));
        pending = Set.copyOf(pending);
    }

    /** @return whether the group has neither committed nor pending offsets here */
    public boolean isEmpty() {
        return committed.isEmpty() && pending.isEmpty();
    }
}
