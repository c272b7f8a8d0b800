package io.tideway.metadata.store;

import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.MetadataException;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.internal.VersionedValue;
import java.util.concurrent.CompletableFuture;

/**
 * Allocates producer ids in blocks (as Kafka's controller does), so a broker hands out ids from
 * memory and touches the store once per block. Allocation reads and advances the next free id in
 * one serializable transaction, so concurrent allocators never receive overlapping blocks.
 *
 * <p>Value format v1: {@code (1, nextProducerId)}. Thread-safe; futures complete on the store's threads.
 */
public final class ProducerIdStore {

    /** The largest block one call may take. */
    public static final int MAX_BLOCK_SIZE = 1_000_000;
    private static final int FORMAT = 1;

    private final MetadataStore store;
    private final KeyLayout layout;

    /**
     * @param store the metadata store
     * @param layout the cluster's key layout
     */
    public ProducerIdStore(MetadataStore store, KeyLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /**
     * Takes the next {@code size} unused producer ids.
     *
     * @param size 1 to {@value #MAX_BLOCK_SIZE}
     * @return the block; fails with {@link MetadataException} once the id space is exhausted
     */
    public CompletableFuture<ProducerIdBlock> allocate(int size) {
        if (size < 1 || size > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("Producer id block size must be from 1 to " + MAX_BLOCK_SIZE + ", got " + size);
        }
        byte[] key = layout.nextProducerId();
        return store.run(tx -> tx.get(key).thenApply(value -> {
            long next = value == null ? 0 : VersionedValue.decode(value, "next producer id", FORMAT, 1).fields().getLong(0);
            if (next > Long.MAX_VALUE - size) {
                throw new MetadataException("Producer id space exhausted: next id " + next + " leaves no room for " + size + " more");
            }
            tx.set(key, VersionedValue.encode(FORMAT, next + size));
            return new ProducerIdBlock(next, size);
        }));
    }
}
