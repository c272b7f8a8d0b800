package io.tideway.metadata.store;

import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.internal.VersionedValue;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster id: created once, at random, by the first broker that asks; every later call
 * returns the same id. Kafka style: a random UUID as 22 characters of URL-safe base64 without
 * padding, never starting with '-' (Kafka avoids those because they look like options).
 *
 * <p>Value format v1: {@code (1, clusterId)}. Thread-safe; futures complete on the store's threads.
 */
public final class ClusterIdStore {

    private static final int FORMAT = 1;

    private final MetadataStore store;
    private final KeyLayout layout;

    /**
     * @param store the metadata store
     * @param layout the cluster's key layout
     */
    public ClusterIdStore(MetadataStore store, KeyLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /** @return the cluster id, created in the same transaction if there was none */
    public CompletableFuture<String> getOrCreate() {
        byte[] key = layout.clusterId();
        return store.run(tx -> tx.get(key).thenApply(existing -> {
            if (existing != null) {
                return decode(existing);
            }
            String created = newClusterId();
            tx.set(key, VersionedValue.encode(FORMAT, created));
            return created;
        }));
    }

    /** @return the cluster id, if one was created */
    public CompletableFuture<Optional<String>> get() {
        byte[] key = layout.clusterId();
        return store.read(tx -> tx.get(key).thenApply(value -> Optional.ofNullable(value).map(ClusterIdStore::decode)));
    }

    /** @return a new Kafka-style cluster id */
    static String newClusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            byte[] bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits()).array();
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private static String decode(byte[] value) {
        return VersionedValue.decode(value, "cluster id", FORMAT, 1).fields().getString(0);
    }
}
