package io.tideway.metadata.store;

import com.apple.foundationdb.tuple.Tuple;
import io.tideway.metadata.KeyLayout;
import java.util.Objects;

/**
 * What a pending transactional offset is stored under: the transaction's producer id, the group and
 * the partition. It has two keys in {@link KeyLayout}: the record itself under
 * {@code ("txn_offsets", "pending", producerId, group, topic, partition)}, read by producer when
 * the transaction ends, and its index entry under
 * {@code ("txn_offsets", "by_group", group, topic, partition, producerId)}, read by group for
 * OffsetFetch's {@code requireStable}, DeleteGroups, OffsetDelete and expiry. Immutable.
 *
 * @param producerId the transactional producer's id (0 or more)
 * @param group the consumer group id (not empty)
 * @param partition the partition whose offset is pending
 */
public record PendingOffsetKey(long producerId, String group, PartitionName partition) {

    /** Validates the fields. */
    public PendingOffsetKey {
        if (producerId < 0) {
            throw new IllegalArgumentException("Producer id must not be negative, got " + producerId);
        }
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(partition, "partition");
        if (group.isEmpty()) {
            throw new IllegalArgumentException("Group id must not be empty");
        }
    }

    /** @return the key of the pending offset record */
    public byte[] recordKey(KeyLayout layout) {
        return layout.pendingOffset(producerId, group, partition.topic(), partition.partition());
    }

    /** @return the key of the record's by-group index entry */
    public byte[] indexKey(KeyLayout layout) {
        return layout.pendingOffsetByGroup(group, partition.topic(), partition.partition(), producerId);
    }

    /**
     * @param layout the cluster's key layout
     * @param key a key under {@link KeyLayout#allPendingOffsets()}
     * @return what it stands for
     */
    public static PendingOffsetKey fromRecordKey(KeyLayout layout, byte[] key) {
        Tuple tuple = layout.allPendingOffsets().unpack(key);
        return new PendingOffsetKey(tuple.getLong(0), tuple.getString(1),
                new PartitionName(tuple.getString(2), (int) tuple.getLong(3)));
    }

    /**
     * @param layout the cluster's key layout
     * @param key a key under {@link KeyLayout#allPendingOffsetsByGroup()}
     * @return what it stands for
     */
    public static PendingOffsetKey fromIndexKey(KeyLayout layout, byte[] key) {
        Tuple tuple = layout.allPendingOffsetsByGroup().unpack(key);
        return new PendingOffsetKey(tuple.getLong(3), tuple.getString(0),
                new PartitionName(tuple.getString(1), (int) tuple.getLong(2)));
    }
}
