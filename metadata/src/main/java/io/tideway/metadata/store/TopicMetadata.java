package io.tideway.metadata.store;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A topic as stored: stable id, name, partition count and the configs set on it (defaults are
 * not stored). Immutable; the configs map is an unmodifiable copy sorted by name.
 *
 * @param id the topic id, stable for the topic's lifetime (Kafka's topic id)
 * @param name the topic name
 * @param partitionCount the number of partitions (1 or more)
 * @param configs topic-level config overrides
 */
public record TopicMetadata(UUID id, String name, int partitionCount, SortedMap<String, String> configs) {

    /** Validates and copies. */
    public TopicMetadata {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (partitionCount < 1) {
            throw new IllegalArgumentException("Topic '" + name + "' partition count must be at least 1, got " + partitionCount);
        }
        configs = Collections.unmodifiableSortedMap(new TreeMap<>(configs));
    }

    /**
     * @param id the topic id
     * @param name the topic name
     * @param partitionCount the partition count
     * @param configs config overrides
     * @return the metadata
     */
    public static TopicMetadata of(UUID id, String name, int partitionCount, Map<String, String> configs) {
        return new TopicMetadata(id, name, partitionCount, new TreeMap<>(configs));
    }
}
