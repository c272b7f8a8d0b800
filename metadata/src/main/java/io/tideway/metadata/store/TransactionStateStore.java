package io.tideway.metadata.store;

import com.apple.foundationdb.tuple.Tuple;
import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.KeyValue;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.internal.VersionedValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The transaction coordinator's state, one record per transactional id under
 * {@code ("transactions", transactionalId)}. Each state change is one metadata transaction, so a
 * record is never half written; the coordinator serialises changes per transactional id, this
 * store only keeps them.
 *
 * <p>Value format v1: {@code (1, producerId, epoch, state, timeoutMs, startTimestamp,
 * lastUpdateTimestamp, (topic, partition, topic, partition, ...))}. Thread-safe; futures complete
 * on the store's threads (callers hop back to their own context). A newer format than v1 fails
 * the read with {@code MetadataFormatException}.
 */
public final class TransactionStateStore {

    private static final int FORMAT = 1;
    private static final int FIELDS = 7;

    private final MetadataStore store;
    private final KeyLayout layout;

    /**
     * @param store the metadata store
     * @param layout the cluster's key layout
     */
    public TransactionStateStore(MetadataStore store, KeyLayout layout) {
        this.store = Objects.requireNonNull(store, "store");
        this.layout = Objects.requireNonNull(layout, "layout");
    }

    /**
     * @param transactionalId a transactional id
     * @return its stored state, empty when the id is unknown
     */
    public CompletableFuture<Optional<TransactionRecord>> get(String transactionalId) {
        byte[] key = layout.transaction(transactionalId);
        return store.read(tx -> tx.get(key))
                .thenApply(value -> Optional.ofNullable(value).map(bytes -> decode(transactionalId, bytes)));
    }

    /** @return every stored transactional id's state, ordered by transactional id */
    public CompletableFuture<List<TransactionRecord>> getAll() {
        return store.read(tx -> tx.getRange(layout.transactions().range())).thenApply(pairs -> {
            List<TransactionRecord> records = new ArrayList<>(pairs.size());
            for (KeyValue pair : pairs) {
                String id = layout.transactions().unpack(pair.key()).getString(0);
                records.add(decode(id, pair.value()));
            }
            return List.copyOf(records);
        });
    }

    /**
     * Writes (creates or replaces) one transactional id's state in one metadata transaction.
     *
     * @param record the new state
     * @return completes once the write is committed
     */
    public CompletableFuture<Void> put(TransactionRecord record) {
        Objects.requireNonNull(record, "record");
        byte[] key = layout.transaction(record.transactionalId());
        byte[] value = encode(record);
        return store.run(tx -> {
            tx.set(key, value);
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * Removes one transactional id's state (expiry of an idle transactional id).
     *
     * @param transactionalId the transactional id
     * @return completes once the removal is committed
     */
    public CompletableFuture<Void> delete(String transactionalId) {
        byte[] key = layout.transaction(transactionalId);
        return store.run(tx -> {
            tx.clear(key);
            return CompletableFuture.completedFuture(null);
        });
    }

    private static byte[] encode(TransactionRecord record) {
        Tuple partitions = new Tuple();
        for (PartitionName partition : record.partitions()) {
            partitions = partitions.add(partition.topic()).add(partition.partition());
        }
        return VersionedValue.encode(FORMAT, record.producerId(), (long) record.epoch(), record.state(),
                (long) record.timeoutMs(), record.startTimestamp(), record.lastUpdateTimestamp(), partitions);
    }

    private static TransactionRecord decode(String transactionalId, byte[] bytes) {
        Tuple fields = VersionedValue.decode(bytes, "transaction " + transactionalId, FORMAT, FIELDS).fields();
        Tuple partitionFields = fields.getNestedTuple(6);
        List<PartitionName> partitions = new ArrayList<>(partitionFields.size() / 2);
        for (int i = 0; i + 1 < partitionFields.size(); i += 2) {
            partitions.add(new PartitionName(partitionFields.getString(i), (int) partitionFields.getLong(i + 1)));
        }
        return new TransactionRecord(transactionalId, fields.getLong(0), (short) fields.getLong(1), fields.getString(2),
                (int) fields.getLong(3), fields.getLong(4), fields.getLong(5), partitions);
    }
}
