package io.tideway.metadata.store;

import com.apple.foundationdb.tuple.Tuple;
import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.KeyValue;
import io.tideway.metadata.MetadataFormatException;
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
 * <p>Value format v2: {@code (2, producerId, epoch, state, timeoutMs, startTimestamp,
 * lastUpdateTimestamp, (topic, partition, topic, partition, ...), previousProducerId,
 * nextProducerId, lastEpoch, clientTransactionVersion)}: v1 followed by four fields. Writes use v2;
 * v1 values ({@code (1, ...)} up to the partitions) still load, with previous and next producer id
 * -1, last epoch -1 and client transaction version 0. A newer format than v2 fails the read with
 * {@code MetadataFormatException}.
 *
 * <p>Thread-safe; futures complete on the store's threads (callers hop back to their own
 * context).
 */
public final class TransactionStateStore {

    private static final int FORMAT = 2;
    /** Fields of a v1 value, the fewest any readable version has. */
    private static final int V1_FIELDS = 7;
    private static final int V2_FIELDS = 11;

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
                (long) record.timeoutMs(), record.startTimestamp(), record.lastUpdateTimestamp(), partitions,
                record.previousProducerId(), record.nextProducerId(), (long) record.lastEpoch(),
                (long) record.clientTransactionVersion());
    }

    private static TransactionRecord decode(String transactionalId, byte[] bytes) {
        String what = "transaction " + transactionalId;
        VersionedValue.Decoded decoded = VersionedValue.decode(bytes, what, FORMAT, V1_FIELDS);
        Tuple fields = decoded.fields();
        Tuple partitionFields = fields.getNestedTuple(6);
        List<PartitionName> partitions = new ArrayList<>(partitionFields.size() / 2);
        for (int i = 0; i + 1 < partitionFields.size(); i += 2) {
            partitions.add(new PartitionName(partitionFields.getString(i), (int) partitionFields.getLong(i + 1)));
        }
        long producerId = fields.getLong(0);
        short epoch = (short) fields.getLong(1);
        String state = fields.getString(2);
        int timeoutMs = (int) fields.getLong(3);
        if (decoded.version() == 1) {
            return new TransactionRecord(transactionalId, producerId, epoch, state, timeoutMs, fields.getLong(4),
                    fields.getLong(5), partitions);
        }
        if (fields.size() < V2_FIELDS) {
            throw new MetadataFormatException("Stored " + what + " record (format version 2) has " + fields.size()
                    + " fields, expected " + V2_FIELDS);
        }
        return new TransactionRecord(transactionalId, producerId, epoch, state, timeoutMs, fields.getLong(4),
                fields.getLong(5), partitions, fields.getLong(7), fields.getLong(8), (short) fields.getLong(9),
                (short) fields.getLong(10));
    }
}
