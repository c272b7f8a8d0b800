package io.tideway.metadata.store;

import com.apple.foundationdb.tuple.Tuple;
import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.KeyValue;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.Transaction;
import io.tideway.metadata.internal.VersionedValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Pending transactional offsets (Kafka's TxnOffsetCommit, KIP-98/KIP-447): offsets a transaction
 * commits for a group, kept per (producer id, group, topic, partition) until the transaction's
 * marker commits them as the group's committed offsets ({@link GroupOffsetStore}) or drops them.
 * Every method is one metadata transaction, so a marker applies to all of a producer's offsets in
 * the chosen groups or to none, and a restart finds exactly what was staged.
 *
 * <p>The producer's last epoch seen here is kept too, as Kafka's producer state on a
 * {@code __consumer_offsets} partition is: a TxnOffsetCommit with an older epoch than a staged
 * offset or a marker already seen is refused ({@link StageResult#FENCED}), so a zombie's late
 * write cannot leave an offset pending after its transaction ended. These records are removed by
 * {@link #expireProducers} once idle, as Kafka expires producer ids.
 *
 * <p>Value formats: pending offsets as described in {@code OffsetValues}; index entries
 * {@code (1)}; producer records {@code (1, lastEpoch, updateTimestamp)}. Thread-safe; futures
 * complete on the store's threads.
 */
public final class TransactionalOffsetStore {

    private static final int PRODUCER_FORMAT = 1;
    private static final byte[] INDEX_VALUE = VersionedValue.encode(1);

    private final MetadataStore store;
    private final KeyLayout layout;
    private final PendingOffsetIndex index;

    /**
     * @param store the metadata store
     * @param layout the cluster's key layout
     */
    public TransactionalOffsetStore(MetadataStore store, KeyLayout layout) {
        this.store = Objects.requireNonNull(store, "store");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.index = new PendingOffsetIndex(layout);
    }

    /** The outcome of {@link #stage}. */
    public enum StageResult {
        /** The offsets are pending. */
        STAGED,
        /** Nothing was written: a newer epoch of the producer was already seen. */
        FENCED
    }

    /**
     * The effect of a transaction's marker on one group. Immutable.
     *
     * @param group the group id
     * @param committed offsets that became the group's committed offsets (commit only)
     * @param dropped partitions whose pending offset was dropped: on abort, or on commit when a
     *     plain commit written after the TxnOffsetCommit already holds the partition (Kafka keeps the
     *     later of the two)
     */
    public record CompletedGroup(String group, Map<PartitionName, CommittedOffset> committed,
            List<PartitionName> dropped) {

        /** Copies the collections. */
        public CompletedGroup {
            committed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(committed));
            dropped = List.copyOf(dropped);
        }
    }

    /**
     * Stages offsets of a transaction (TxnOffsetCommit). A later stage of the same producer, group
     * and partition replaces the earlier one, as in Kafka.
     *
     * @param producerId the transaction's producer id (0 or more)
     * @param producerEpoch its epoch (0 or more)
     * @param group the group id
     * @param offsets the offsets to stage, each with its commit timestamp
     * @param nowMs the current time, recorded with the producer's epoch
     * @return {@link StageResult#STAGED}, or {@link StageResult#FENCED} when the producer's epoch is
     *     older than one already seen
     */
    public CompletableFuture<StageResult> stage(long producerId, short producerEpoch, String group,
            Map<PartitionName, CommittedOffset> offsets, long nowMs) {
        requireProducer(producerId, producerEpoch);
        GroupOffsetStore.requireGroup(group);
        List<PendingOffsetKey> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        offsets.forEach((partition, offset) -> {
            keys.add(new PendingOffsetKey(producerId, group, partition));
            values.add(OffsetValues.pendingTemplate(producerEpoch, offset));
        });
        byte[] producerKey = layout.offsetProducer(producerId);
        return store.run(tx -> tx.get(producerKey).thenApply(stored -> {
            if (stored != null && lastEpoch(producerId, stored) > producerEpoch) {
                return StageResult.FENCED;
            }
            for (int i = 0; i < keys.size(); i++) {
                tx.setVersionstampedValue(keys.get(i).recordKey(layout), values.get(i));
                tx.set(keys.get(i).indexKey(layout), INDEX_VALUE);
            }
            tx.set(producerKey, VersionedValue.encode(PRODUCER_FORMAT, producerEpoch, nowMs));
            return StageResult.STAGED;
        }));
    }

    /**
     * Applies a transaction's marker to the producer's pending offsets in the groups {@code groups}
     * accepts: on commit each becomes the group's committed offset unless a plain commit written
     * after it holds the partition; on abort it is dropped. Offsets staged with an epoch newer than
     * the marker's belong to a later transaction and stay. Idempotent: a retried marker finds
     * nothing left. The marker's epoch is remembered, fencing late stages of older epochs.
     *
     * @param producerId the transaction's producer id
     * @param markerEpoch the marker's producer epoch
     * @param commit true to commit, false to abort
     * @param groups which groups the marker stands for (evaluated in the transaction; may run more
     *     than once, so it must be a pure function)
     * @param nowMs the current time, recorded with the producer's epoch
     * @return the effect on each group that had pending offsets, in key order
     */
    public CompletableFuture<List<CompletedGroup>> complete(long producerId, short markerEpoch, boolean commit,
            Predicate<String> groups, long nowMs) {
        requireProducer(producerId, markerEpoch);
        Objects.requireNonNull(groups, "groups");
        byte[] producerKey = layout.offsetProducer(producerId);
        return store.run(tx -> tx.getRange(layout.pendingOffsets(producerId).range())
                .thenCombine(tx.get(producerKey), (pairs, stored) -> {
                    short epoch = stored == null ? markerEpoch
                            : (short) Math.max(lastEpoch(producerId, stored), markerEpoch);
                    tx.set(producerKey, VersionedValue.encode(PRODUCER_FORMAT, epoch, nowMs));
                    return decided(pairs, markerEpoch, groups);
                })
                .thenCompose(decided -> apply(tx, decided, commit)));
    }

    /**
     * @param producerId a producer id
     * @return that producer's pending offsets, ordered by group, topic, partition
     */
    public CompletableFuture<List<PendingOffset>> pending(long producerId) {
        requireProducer(producerId, (short) 0);
        return store.read(tx -> tx.getRange(layout.pendingOffsets(producerId).range()))
                .thenApply(pairs -> decodeAll(pairs).stream()
                        .map(staged -> new PendingOffset(staged.key(), staged.value().producerEpoch(),
                                staged.value().offset()))
                        .toList());
    }

    /**
     * Removes the epoch records of producers idle since before {@code cutoffMs} that have no
     * pending offsets (Kafka's {@code producer.id.expiration.ms}).
     *
     * @param cutoffMs records last updated before this time go
     * @return how many records were removed
     */
    public CompletableFuture<Integer> expireProducers(long cutoffMs) {
        return store.run(tx -> tx.getRange(layout.offsetProducers().range()).thenCompose(pairs -> {
            List<CompletableFuture<Boolean>> removals = new ArrayList<>();
            for (KeyValue pair : pairs) {
                long producerId = layout.offsetProducers().unpack(pair.key()).getLong(0);
                if (producerFields(producerId, pair.value()).getLong(1) >= cutoffMs) {
                    continue;
                }
                removals.add(tx.getRange(layout.pendingOffsets(producerId).range(), 1, false).thenApply(open -> {
                    if (open.isEmpty()) {
                        tx.clear(pair.key());
                    }
                    return open.isEmpty();
                }));
            }
            return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new))
                    .thenApply(ignored -> (int) removals.stream().filter(CompletableFuture::join).count());
        }));
    }

    private List<Staged> decided(List<KeyValue> pairs, short markerEpoch, Predicate<String> groups) {
        List<Staged> decided = new ArrayList<>();
        for (Staged offset : decodeAll(pairs)) {
            if (offset.value().producerEpoch() <= markerEpoch && groups.test(offset.key().group())) {
                decided.add(offset);
            }
        }
        return decided;
    }

    private CompletableFuture<List<CompletedGroup>> apply(Transaction tx, List<Staged> decided, boolean commit) {
        List<CompletableFuture<byte[]>> existing = new ArrayList<>(decided.size());
        for (Staged offset : decided) {
            PartitionName partition = offset.key().partition();
            existing.add(commit ? tx.get(layout.groupOffset(offset.key().group(), partition.topic(),
                    partition.partition())) : CompletableFuture.completedFuture(null));
        }
        return CompletableFuture.allOf(existing.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<String, Map<PartitionName, CommittedOffset>> committed = new LinkedHashMap<>();
            Map<String, List<PartitionName>> dropped = new LinkedHashMap<>();
            for (int i = 0; i < decided.size(); i++) {
                Staged offset = decided.get(i);
                String group = offset.key().group();
                PartitionName partition = offset.key().partition();
                committed.computeIfAbsent(group, g -> new LinkedHashMap<>());
                dropped.computeIfAbsent(group, g -> new ArrayList<>());
                index.clear(tx, offset.key());
                if (commit && supersedes(offset, existing.get(i).join(), group, partition)) {
                    tx.set(layout.groupOffset(group, partition.topic(), partition.partition()),
                            OffsetValues.committed(offset.value().offset(), offset.value().stamp()));
                    committed.get(group).put(partition, offset.value().offset());
                } else {
                    dropped.get(group).add(partition);
                }
            }
            List<CompletedGroup> result = new ArrayList<>();
            committed.forEach((group, offsets) -> result.add(new CompletedGroup(group, offsets, dropped.get(group))));
            return result;
        });
    }

    private static boolean supersedes(Staged offset, byte[] existing, String group, PartitionName partition) {
        return existing == null || OffsetValues.decodeCommitted(existing,
                "offset of group " + group + " for " + partition).isOlderThan(offset.value().stamp());
    }

    /** A pending offset as read, with its stamp. */
    private record Staged(PendingOffsetKey key, OffsetValues.Pending value) {
    }

    private List<Staged> decodeAll(List<KeyValue> pairs) {
        List<Staged> offsets = new ArrayList<>(pairs.size());
        for (KeyValue pair : pairs) {
            PendingOffsetKey key = PendingOffsetKey.fromRecordKey(layout, pair.key());
            OffsetValues.Pending value = OffsetValues.decodePending(pair.value(), "pending offset " + key);
            offsets.add(new Staged(key, value));
        }
        return offsets;
    }

    private static short lastEpoch(long producerId, byte[] stored) {
        return (short) producerFields(producerId, stored).getLong(0);
    }

    private static Tuple producerFields(long producerId, byte[] stored) {
        return VersionedValue.decode(stored, "offset producer " + producerId, PRODUCER_FORMAT, 2).fields();
    }

    private static void requireProducer(long producerId, short producerEpoch) {
        if (producerId < 0) {
            throw new IllegalArgumentException("Producer id must not be negative, got " + producerId);
        }
        if (producerEpoch < 0) {
            throw new IllegalArgumentException("Producer epoch must not be negative, got " + producerEpoch);
        }
    }
}
