package io.tideway.metadata.store;

import com.apple.foundationdb.tuple.Tuple;
import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.KeyValue;
import io.tideway.metadata.MetadataFormatException;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.Transaction;
import io.tideway.metadata.internal.VersionedValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The segment index of each partition: one record per segment, ordered by base offset. Written
 * once per lifecycle event (created, sealed, tiered, deleted), never per append. Writes check in
 * the same transaction that the topic still exists, so a write racing a topic deletion cannot
 * leave orphans.
 *
 * <p>Value format v1: {@code (1, endOffset, sizeBytes, maxTimestamp, stateName)}. Thread-safe;
 * futures complete on the store's threads.
 */
public final class SegmentIndexStore {

    private static final int FORMAT = 1;

    private final MetadataStore store;
    private final KeyLayout layout;

    /**
     * @param store the metadata store
     * @param layout the cluster's key layout
     */
    public SegmentIndexStore(MetadataStore store, KeyLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /**
     * Inserts or replaces a segment record.
     *
     * @param partition the partition
     * @param segment the record
     * @return completes when committed; fails with {@link UnknownTopicException} if the topic is gone
     */
    public CompletableFuture<Void> put(PartitionId partition, SegmentRecord segment) {
        return store.run(tx -> requireTopic(tx, partition).thenApply(ignored -> {
            write(tx, partition, segment);
            return null;
        }));
    }

    /**
     * Moves a segment forward in its lifecycle.
     *
     * @param partition the partition
     * @param baseOffset the segment
     * @param next the new state, not earlier than the current one
     * @return the updated record; fails with {@link NoSuchElementException} when the segment is
     *         unknown and {@link IllegalStateException} for a backward move
     */
    public CompletableFuture<SegmentRecord> updateState(PartitionId partition, long baseOffset, SegmentState next) {
        byte[] key = layout.segment(partition.topicId(), partition.partition(), baseOffset);
        return store.run(tx -> tx.get(key).thenApply(value -> {
            if (value == null) {
                throw new NoSuchElementException("No segment with base offset " + baseOffset + " in partition " + partition);
            }
            SegmentRecord current = decode(baseOffset, value);
            if (!current.state().canMoveTo(next)) {
                throw new IllegalStateException("Segment " + baseOffset + " of partition " + partition + " cannot move from "
                        + current.state() + " back to " + next);
            }
            SegmentRecord updated = current.withState(next);
            write(tx, partition, updated);
            return updated;
        }));
    }

    /**
     * @param partition the partition
     * @param baseOffset the segment's base offset
     * @return the record, if present
     */
    public CompletableFuture<Optional<SegmentRecord>> get(PartitionId partition, long baseOffset) {
        byte[] key = layout.segment(partition.topicId(), partition.partition(), baseOffset);
        return store.read(tx -> tx.get(key).thenApply(value -> Optional.ofNullable(value).map(v -> decode(baseOffset, v))));
    }

    /**
     * @param partition the partition
     * @return its segment records in base offset order
     */
    public CompletableFuture<List<SegmentRecord>> list(PartitionId partition) {
        return store.read(tx -> tx.getRange(layout.segments(partition.topicId(), partition.partition()).range())
                .thenApply(pairs -> pairs.stream().map(pair -> decode(partition, pair)).toList()));
    }

    /**
     * @param partition the partition
     * @param baseOffset the segment's base offset
     * @return whether a record was removed
     */
    public CompletableFuture<Boolean> remove(PartitionId partition, long baseOffset) {
        byte[] key = layout.segment(partition.topicId(), partition.partition(), baseOffset);
        return store.run(tx -> tx.get(key).thenApply(existing -> {
            tx.clear(key);
            return existing != null;
        }));
    }

    /**
     * Records that a segment's local files are gone: removes its record unless the segment is
     * {@link SegmentState#TIERED}, whose tier copy outlives the local files.
     *
     * @param partition the partition
     * @param baseOffset the segment's base offset
     * @return whether a record was removed
     */
    public CompletableFuture<Boolean> removeLocal(PartitionId partition, long baseOffset) {
        byte[] key = layout.segment(partition.topicId(), partition.partition(), baseOffset);
        return store.run(tx -> tx.get(key).thenApply(existing -> {
            if (existing == null || decode(baseOffset, existing).state() == SegmentState.TIERED) {
                return false;
            }
            tx.clear(key);
            return true;
        }));
    }

    /**
     * Makes a partition's index match its local segments, e.g. after the log was opened and events
     * may have been lost in a crash: writes every record of {@code local} and removes every other
     * record, in one transaction. {@link SegmentState#TIERED} records are left as they are, whether
     * listed or not.
     *
     * @param partition the partition
     * @param local the local segments as the log reports them
     * @return the number of records removed; fails with {@link UnknownTopicException} if the topic
     *         is gone
     */
    public CompletableFuture<Integer> reconcileLocal(PartitionId partition, List<SegmentRecord> local) {
        List<SegmentRecord> records = List.copyOf(local);
        return store.run(tx -> requireTopic(tx, partition)
                .thenCompose(ignored -> tx.getRange(layout.segments(partition.topicId(), partition.partition()).range()))
                .thenApply(pairs -> {
                    Map<Long, SegmentRecord> stored = new HashMap<>();
                    for (KeyValue pair : pairs) {
                        SegmentRecord record = decode(partition, pair);
                        stored.put(record.baseOffset(), record);
                    }
                    for (SegmentRecord record : records) {
                        SegmentRecord current = stored.remove(record.baseOffset());
                        if (current == null || current.state() != SegmentState.TIERED) {
                            write(tx, partition, record);
                        }
                    }
                    int removed = 0;
                    for (SegmentRecord stale : stored.values()) {
                        if (stale.state() != SegmentState.TIERED) {
                            tx.clear(layout.segment(partition.topicId(), partition.partition(), stale.baseOffset()));
                            removed++;
                        }
                    }
                    return removed;
                }));
    }

    private CompletableFuture<Void> requireTopic(Transaction tx, PartitionId partition) {
        return tx.get(layout.topicMeta(partition.topicId())).thenApply(meta -> {
            if (meta == null) {
                throw new UnknownTopicException("with id " + partition.topicId());
            }
            return null;
        });
    }

    private void write(Transaction tx, PartitionId partition, SegmentRecord segment) {
        tx.set(layout.segment(partition.topicId(), partition.partition(), segment.baseOffset()),
                VersionedValue.encode(FORMAT, segment.endOffset(), segment.sizeBytes(), segment.maxTimestamp(),
                        segment.state().name()));
    }

    private SegmentRecord decode(PartitionId partition, KeyValue pair) {
        Tuple key = layout.segments(partition.topicId(), partition.partition()).unpack(pair.key());
        return decode(key.getLong(0), pair.value());
    }

    private static SegmentRecord decode(long baseOffset, byte[] value) {
        Tuple fields = VersionedValue.decode(value, "segment " + baseOffset, FORMAT, 4).fields();
        String state = fields.getString(3);
        try {
            return new SegmentRecord(baseOffset, fields.getLong(0), fields.getLong(1), fields.getLong(2),
                    SegmentState.valueOf(state));
        } catch (IllegalArgumentException e) {
            throw new MetadataFormatException("Stored segment " + baseOffset + " is invalid: " + e.getMessage(), e);
        }
    }
}
