package io.tideway.metadata.store;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.KeyValue;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.ReadTransaction;
import io.tideway.metadata.internal.VersionedValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Committed consumer group offsets, keyed by (group, topic name, partition) like Kafka's
 * {@code __consumer_offsets}. A commit of many partitions is one transaction: all or nothing.
 *
 * <p>Value format v1: {@code (1, offset, leaderEpoch, metadata|null, commitTimestamp)}.
 * Thread-safe; futures complete on the store's threads. Maps returned are ordered by topic,
 * then partition.
 */
public final class GroupOffsetStore {

    private static final int FORMAT = 1;

    private final MetadataStore store;
    private final KeyLayout layout;

    /**
     * @param store the metadata store
     * @param layout the cluster's key layout
     */
    public GroupOffsetStore(MetadataStore store, KeyLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /**
     * Commits offsets for several partitions atomically.
     *
     * @param group the group id
     * @param offsets the positions to store
     * @return completes when committed
     */
    public CompletableFuture<Void> commit(String group, Map<PartitionName, CommittedOffset> offsets) {
        requireGroup(group);
        Map<PartitionName, CommittedOffset> copy = Map.copyOf(offsets);
        return store.run(tx -> {
            copy.forEach((partition, offset) -> tx.set(layout.groupOffset(group, partition.topic(), partition.partition()),
                    VersionedValue.encode(FORMAT, offset.offset(), offset.leaderEpoch(), offset.metadata(),
                            offset.commitTimestamp())));
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * @param group the group id
     * @return all the group's committed offsets
     */
    public CompletableFuture<Map<PartitionName, CommittedOffset>> fetch(String group) {
        requireGroup(group);
        return store.read(tx -> tx.getRange(layout.groupOffsets(group).range()).thenApply(pairs -> {
            Map<PartitionName, CommittedOffset> result = new LinkedHashMap<>();
            for (KeyValue pair : pairs) {
                Tuple key = layout.groupOffsets(group).unpack(pair.key());
                PartitionName partition = new PartitionName(key.getString(0), (int) key.getLong(1));
                result.put(partition, decode(group, partition, pair.value()));
            }
            return result;
        }));
    }

    /**
     * @param group the group id
     * @param partitions the partitions of interest
     * @return the committed offsets among them (partitions without one are absent)
     */
    public CompletableFuture<Map<PartitionName, CommittedOffset>> fetch(String group, Collection<PartitionName> partitions) {
        requireGroup(group);
        List<PartitionName> wanted = List.copyOf(partitions);
        return store.read(tx -> {
            List<CompletableFuture<byte[]>> reads = new ArrayList<>(wanted.size());
            wanted.forEach(p -> reads.add(tx.get(layout.groupOffset(group, p.topic(), p.partition()))));
            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
                Map<PartitionName, CommittedOffset> result = new LinkedHashMap<>();
                for (int i = 0; i < wanted.size(); i++) {
                    byte[] value = reads.get(i).join();
                    if (value != null) {
                        result.put(wanted.get(i), decode(group, wanted.get(i), value));
                    }
                }
                return result;
            });
        });
    }

    /**
     * The ids of every group with at least one committed offset, in key order. A skip scan: one
     * single-key range read per group, so its cost grows with the number of groups, not offsets.
     * Meant for start-up (loading the coordinator), not for request paths.
     *
     * @return the group ids
     */
    public CompletableFuture<List<String>> groupIds() {
        Subspace all = layout.allGroupOffsets();
        return store.read(tx -> nextGroups(tx, all, all.range().begin, new ArrayList<>()));
    }

    private static CompletableFuture<List<String>> nextGroups(ReadTransaction tx, Subspace all, byte[] from,
            List<String> found) {
        return tx.getRange(from, all.range().end, 1, false).thenCompose(pairs -> {
            if (pairs.isEmpty()) {
                return CompletableFuture.completedFuture(found);
            }
            String group = all.unpack(pairs.get(0).key()).getString(0);
            found.add(group);
            return nextGroups(tx, all, all.get(group).range().end, found);
        });
    }

    /**
     * Deletes all of a group's committed offsets.
     *
     * @param group the group id
     * @return completes when committed
     */
    public CompletableFuture<Void> deleteGroup(String group) {
        requireGroup(group);
        return store.run(tx -> {
            tx.clearRange(layout.groupOffsets(group).range());
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * Deletes some of a group's committed offsets (Kafka's OffsetDelete).
     *
     * @param group the group id
     * @param partitions the partitions to forget
     * @return completes when committed
     */
    public CompletableFuture<Void> delete(String group, Collection<PartitionName> partitions) {
        requireGroup(group);
        List<PartitionName> doomed = List.copyOf(partitions);
        return store.run(tx -> {
            doomed.forEach(p -> tx.clear(layout.groupOffset(group, p.topic(), p.partition())));
            return CompletableFuture.completedFuture(null);
        });
    }

    private static CommittedOffset decode(String group, PartitionName partition, byte[] value) {
        Tuple fields = VersionedValue.decode(value, "offset of group " + group + " for " + partition, FORMAT, 4).fields();
        return new CommittedOffset(fields.getLong(0), (int) fields.getLong(1), fields.getString(2), fields.getLong(3));
    }

    private static void requireGroup(String group) {
        Objects.requireNonNull(group, "group");
        if (group.isEmpty()) {
            throw new IllegalArgumentException("Group id must not be empty");
        }
    }
}
