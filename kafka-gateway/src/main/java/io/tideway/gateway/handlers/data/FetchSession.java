package io.tideway.gateway.handlers.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.requests.FetchRequest;

/**
 * One incremental fetch session (KIP-227): its id, the epoch the next request must carry, and the
 * partitions it fetches in round-robin order (partitions that returned records move to the back so
 * that {@code max_bytes} does not starve the others).
 *
 * <p>Partitions are keyed by topic id and index when the session uses topic ids (Fetch v13+),
 * otherwise by topic name and index.
 *
 * <p>Thread contract: the epoch and partitions are guarded by this object's monitor; {@code
 * lastUsedMs} and {@code cachedSize} by the owning {@link FetchSessionCache}'s. Lock order: cache,
 * then session, never the reverse.
 */
final class FetchSession {

    private final int id;
    private final boolean privileged;
    private final boolean usesTopicIds;
    private final long creationMs;
    private final LinkedHashMap<Key, CachedPartition> partitions; // guarded by this
    private int epoch; // guarded by this
    private long lastUsedMs; // guarded by the cache
    private int cachedSize = -1; // guarded by the cache; -1 while not in the cache

    FetchSession(int id, boolean privileged, boolean usesTopicIds, long creationMs, int epoch,
            LinkedHashMap<Key, CachedPartition> partitions) {
        this.id = id;
        this.privileged = privileged;
        this.usesTopicIds = usesTopicIds;
        this.creationMs = creationMs;
        this.lastUsedMs = creationMs;
        this.epoch = epoch;
        this.partitions = Objects.requireNonNull(partitions, "partitions");
    }

    int id() {
        return id;
    }

    /** Sessions of followers are privileged: they may evict consumer sessions. */
    boolean privileged() {
        return privileged;
    }

    boolean usesTopicIds() {
        return usesTopicIds;
    }

    long creationMs() {
        return creationMs;
    }

    long lastUsedMs() {
        return lastUsedMs;
    }

    void lastUsedMs(long lastUsedMs) {
        this.lastUsedMs = lastUsedMs;
    }

    int cachedSize() {
        return cachedSize;
    }

    void cachedSize(int cachedSize) {
        this.cachedSize = cachedSize;
    }

    synchronized int epoch() {
        return epoch;
    }

    synchronized void epoch(int epoch) {
        this.epoch = epoch;
    }

    synchronized int size() {
        return partitions.size();
    }

    synchronized boolean isEmpty() {
        return partitions.isEmpty();
    }

    /** The key of {@code partition} in a session of this kind. */
    static Key key(TopicIdPartition partition, boolean usesTopicIds) {
        return usesTopicIds ? new Key(partition.topicId(), null, partition.partition())
                : new Key(Uuid.ZERO_UUID, partition.topic(), partition.partition());
    }

    /**
     * Applies an incremental request: listed partitions are added or take the new parameters,
     * forgotten ones leave.
     */
    synchronized void update(Map<TopicIdPartition, FetchRequest.PartitionData> fetchData,
            List<TopicIdPartition> toForget) {
        fetchData.forEach((partition, request) -> {
            CachedPartition cached = partitions.get(key(partition, usesTopicIds));
            if (cached == null) {
                partitions.put(key(partition, usesTopicIds),
                        CachedPartition.requested(partition, request));
            } else {
                cached.updateRequestParams(request);
            }
        });
        toForget.forEach(partition -> partitions.remove(key(partition, usesTopicIds)));
    }

    /**
     * The partitions to read, in session order, with their cached request parameters; topic names
     * unknown so far are looked up again with {@code names}.
     */
    synchronized List<Map.Entry<TopicIdPartition, FetchRequest.PartitionData>> partitions(
            Function<Uuid, String> names) {
        List<Map.Entry<TopicIdPartition, FetchRequest.PartitionData>> entries =
                new ArrayList<>(partitions.size());
        for (CachedPartition cached : partitions.values()) {
            if (usesTopicIds) {
                cached.resolveName(names);
            }
            entries.add(Map.entry(cached.key(), cached.request()));
        }
        return entries;
    }

    /** The cached partition for {@code partition}, or null. */
    synchronized CachedPartition find(TopicIdPartition partition) {
        return partitions.get(key(partition, usesTopicIds));
    }

    /** Moves a partition to the back of the round-robin order. */
    synchronized void moveToBack(TopicIdPartition partition) {
        Key key = key(partition, usesTopicIds);
        CachedPartition cached = partitions.remove(key);
        if (cached != null) {
            partitions.put(key, cached);
        }
    }

    @Override
    public synchronized String toString() {
        return "FetchSession(id=" + id + ", privileged=" + privileged + ", partitions="
                + partitions.size() + ", usesTopicIds=" + usesTopicIds + ", epoch=" + epoch + ")";
    }

    /**
     * A session partition's identity.
     *
     * @param topicId the topic id, or zero in sessions keyed by name
     * @param topic the topic name, or null in sessions keyed by id
     * @param partition the partition index
     */
    record Key(Uuid topicId, String topic, int partition) {
    }
}
