package io.tideway.metadata.store;

import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.KeyValue;
import io.tideway.metadata.ReadTransaction;
import io.tideway.metadata.Transaction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads and removes pending transactional offsets by group, inside a caller's metadata
 * transaction, through their by-group index (see {@link PendingOffsetKey}). A record and its index
 * entry are always written and cleared together, so the index is exact.
 *
 * <p>Stateless apart from the layout; thread-safe.
 */
final class PendingOffsetIndex {

    private final KeyLayout layout;

    PendingOffsetIndex(KeyLayout layout) {
        this.layout = layout;
    }

    /** @return every pending offset of {@code group}, ordered by topic, partition, producer id */
    CompletableFuture<List<PendingOffsetKey>> ofGroup(ReadTransaction tx, String group) {
        return tx.getRange(layout.pendingOffsetsByGroup(group).range()).thenApply(this::keys);
    }

    /** @return the pending offsets of one partition of {@code group}, by producer id */
    CompletableFuture<List<PendingOffsetKey>> ofPartition(ReadTransaction tx, String group, PartitionName partition) {
        return tx.getRange(layout.pendingOffsetsByGroup(group, partition.topic(), partition.partition()).range())
                .thenApply(this::keys);
    }

    /** Removes one pending offset and its index entry. */
    void clear(Transaction tx, PendingOffsetKey key) {
        tx.clear(key.recordKey(layout));
        tx.clear(key.indexKey(layout));
    }

    /** Removes every pending offset of {@code group}, whatever its producer. */
    CompletableFuture<Void> clearGroup(Transaction tx, String group) {
        return ofGroup(tx, group).thenAccept(keys -> keys.forEach(key -> clear(tx, key)));
    }

    /** Removes every pending offset of the given partitions of {@code group}. */
    CompletableFuture<Void> clearPartitions(Transaction tx, String group, Collection<PartitionName> partitions) {
        List<CompletableFuture<Void>> clears = new ArrayList<>(partitions.size());
        for (PartitionName partition : partitions) {
            clears.add(ofPartition(tx, group, partition).thenAccept(keys -> keys.forEach(key -> clear(tx, key))));
        }
        return CompletableFuture.allOf(clears.toArray(CompletableFuture[]::new));
    }

    private List<PendingOffsetKey> keys(List<KeyValue> pairs) {
        List<PendingOffsetKey> keys = new ArrayList<>(pairs.size());
        for (KeyValue pair : pairs) {
            keys.add(PendingOffsetKey.fromIndexKey(layout, pair.key()));
        }
        return keys;
    }
}
