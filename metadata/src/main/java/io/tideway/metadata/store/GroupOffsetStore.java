package io.tideway.metadata.store;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.KeyValue;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.ReadTransaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Committed consumer group offsets, keyed by (group, topic name, partition) like Kafka's
 * {@code __consumer_offsets}. A commit of many partitions is one transaction: all or nothing.
 *
 * <p>Pending transactional offsets ({@link TransactionalOffsetStore}) belong to the same groups: as
 * a Kafka offset tombstone does, deleting a group's or a partition's offsets here deletes its
 * pending transactional offsets in the same transaction, so a later commit marker cannot bring
 * them back; expiry keeps partitions with pending offsets; and {@link #view} reads both at once.
 *
 * <p>Value format v2: {@code (2, offset, leaderEpoch, metadata|null, commitTimestamp, stamp)}, the
 * stamp being the writing transaction's versionstamp; v1 values (without stamp) are still read
 * (see {@code OffsetValues}). Thread-safe; futures complete on the store's threads. Maps returned
 * are ordered by topic, then partition.
 */
public final class GroupOffsetStore {

    private final MetadataStore store;
    private final KeyLayout layout;
    private final PendingOffsetIndex pending;
    private final TransactionalOffsetStore transactional;

    /**
     * @param store the metadata store
     * @param layout the cluster's key layout
     */
    public GroupOffsetStore(MetadataStore store, KeyLayout layout) {
        this.store = Objects.requireNonNull(store, "store");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.pending = new PendingOffsetIndex(layout);
        this.transactional = new TransactionalOffsetStore(store, layout);
    }

    /** @return the store of the same groups' pending transactional offsets */
    public TransactionalOffsetStore transactional() {
        return transactional;
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
            copy.forEach((partition, offset) -> tx.setVersionstampedValue(
                    layout.groupOffset(group, partition.topic(), partition.partition()),
                    OffsetValues.committedTemplate(offset)));
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * @param group the group id
     * @return all the group's committed offsets
     */
    public CompletableFuture<Map<PartitionName, CommittedOffset>> fetch(String group) {
        requireGroup(group);
        return store.read(tx -> readAll(tx, group));
    }

    /**
     * @param group the group id
     * @param partitions the partitions of interest
     * @return the committed offsets among them (partitions without one are absent)
     */
    public CompletableFuture<Map<PartitionName, CommittedOffset>> fetch(String group, Collection<PartitionName> partitions) {
        requireGroup(group);
        List<PartitionName> wanted = List.copyOf(partitions);
        return store.read(tx -> readSome(tx, group, wanted));
    }

    /**
     * Reads a group's committed offsets and the partitions with pending transactional offsets, in
     * one snapshot.
     *
     * @param group the group id
     * @param partitions the partitions of interest, or null for all of them
     * @return the committed offsets (among {@code partitions}) and the pending partitions (among
     *     {@code partitions})
     */
    public CompletableFuture<GroupOffsetView> view(String group, Collection<PartitionName> partitions) {
        requireGroup(group);
        List<PartitionName> wanted = partitions == null ? null : List.copyOf(partitions);
        return store.read(tx -> {
            CompletableFuture<Map<PartitionName, CommittedOffset>> committed =
                    wanted == null ? readAll(tx, group) : readSome(tx, group, wanted);
            CompletableFuture<Set<PartitionName>> open = pending.ofGroup(tx, group).thenApply(keys -> {
                Set<PartitionName> result = new HashSet<>();
                keys.forEach(key -> result.add(key.partition()));
                if (wanted != null) {
                    result.retainAll(new HashSet<>(wanted));
                }
                return result;
            });
            return committed.thenCombine(open, GroupOffsetView::new);
        });
    }

    /**
     * The ids of every group with at least one committed or pending transactional offset, in key
     * order. A skip scan: one single-key range read per group, so its cost grows with the number of
     * groups, not offsets. Meant for start-up (loading the coordinator), not for request paths.
     *
     * @return the group ids
     */
    public CompletableFuture<List<String>> groupIds() {
        return store.read(tx -> {
            Subspace committed = layout.allGroupOffsets();
            Subspace open = layout.allPendingOffsetsByGroup();
            return nextGroups(tx, committed, committed.range().begin, new ArrayList<>())
                    .thenCombine(nextGroups(tx, open, open.range().begin, new ArrayList<>()), (a, b) -> {
                        // Tuple order (UTF-8 bytes), which String order is not for every character.
                        TreeMap<byte[], String> byKey = new TreeMap<>(Arrays::compareUnsigned);
                        a.forEach(group -> byKey.put(Tuple.from(group).pack(), group));
                        b.forEach(group -> byKey.put(Tuple.from(group).pack(), group));
                        return List.copyOf(byKey.values());
                    });
        });
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
     * Deletes all of a group's committed offsets and pending transactional offsets.
     *
     * @param group the group id
     * @return completes when committed
     */
    public CompletableFuture<Void> deleteGroup(String group) {
        requireGroup(group);
        return store.run(tx -> {
            tx.clearRange(layout.groupOffsets(group).range());
            return pending.clearGroup(tx, group);
        });
    }

    /**
     * Deletes some of a group's committed offsets and their pending transactional offsets (Kafka's
     * OffsetDelete).
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
            return pending.clearPartitions(tx, group, doomed);
        });
    }

    /**
     * Deletes the committed offsets of {@code group} committed at or before {@code cutoffMs}, except
     * those of partitions with a pending transactional offset (Kafka keeps them until the
     * transaction ends). One transaction, so a commit racing with expiry is never lost.
     *
     * @param group the group id
     * @param cutoffMs the newest commit timestamp that expires; {@code Long.MIN_VALUE} expires none
     * @return what was deleted, and whether the group has any offset left
     */
    public CompletableFuture<ExpiredOffsets> expire(String group, long cutoffMs) {
        requireGroup(group);
        return store.run(tx -> readAll(tx, group).thenCombine(pending.ofGroup(tx, group), (committed, open) -> {
            Set<PartitionName> held = new HashSet<>();
            open.forEach(key -> held.add(key.partition()));
            List<PartitionName> expired = new ArrayList<>();
            committed.forEach((partition, offset) -> {
                if (offset.commitTimestamp() <= cutoffMs && !held.contains(partition)) {
                    expired.add(partition);
                    tx.clear(layout.groupOffset(group, partition.topic(), partition.partition()));
                }
            });
            return new ExpiredOffsets(expired, open.isEmpty() && expired.size() == committed.size());
        }));
    }

    private CompletableFuture<Map<PartitionName, CommittedOffset>> readAll(ReadTransaction tx, String group) {
        Subspace offsets = layout.groupOffsets(group);
        return tx.getRange(offsets.range()).thenApply(pairs -> {
            Map<PartitionName, CommittedOffset> result = new LinkedHashMap<>();
            for (KeyValue pair : pairs) {
                Tuple key = offsets.unpack(pair.key());
                PartitionName partition = new PartitionName(key.getString(0), (int) key.getLong(1));
                result.put(partition, decode(group, partition, pair.value()));
            }
            return result;
        });
    }

    private CompletableFuture<Map<PartitionName, CommittedOffset>> readSome(ReadTransaction tx, String group,
            List<PartitionName> wanted) {
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
    }

    private static CommittedOffset decode(String group, PartitionName partition, byte[] value) {
        return OffsetValues.decodeCommitted(value, "offset of group " + group + " for " + partition).offset();
    }

    static void requireGroup(String group) {
        Objects.requireNonNull(group, "group");
        if (group.isEmpty()) {
            throw new IllegalArgumentException("Group id must not be empty");
        }
    }
}
