package io.tideway.metadata.store;

import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.KeyValue;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.ReadTransaction;
import io.tideway.metadata.internal.VersionedValue;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The dynamic cluster-wide broker configuration (Kafka's {@code <default>} BROKER resource): config
 * name to value, e.g. {@code log.retention.ms}. The broker decides which names may be set; this
 * store only keeps them. {@link #replaceAll} swaps the whole set in one transaction, so readers
 * never see half of an AlterConfigs request.
 *
 * <p>Value format v1: {@code (1, value)}. Thread-safe; futures complete on the store's threads.
 * Failures: {@link IllegalArgumentException} for blank names or null values.
 */
public final class BrokerConfigStore {

    private static final int FORMAT = 1;

    private final MetadataStore store;
    private final KeyLayout layout;

    /**
     * @param store the metadata store
     * @param layout the cluster's key layout
     */
    public BrokerConfigStore(MetadataStore store, KeyLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /** @return every dynamic broker config, sorted by name (empty when none is set) */
    public CompletableFuture<SortedMap<String, String>> getAll() {
        return store.read(this::readAll);
    }

    /**
     * Replaces every dynamic broker config with {@code configs} (an empty map removes them all).
     *
     * @param configs the new configs
     * @return the configs as stored, sorted by name
     */
    public CompletableFuture<SortedMap<String, String>> replaceAll(Map<String, String> configs) {
        Objects.requireNonNull(configs, "configs");
        configs.forEach((name, value) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("Broker config name must not be blank");
            }
            if (value == null) {
                throw new IllegalArgumentException("Broker config '" + name + "' has a null value");
            }
        });
        SortedMap<String, String> stored = Collections.unmodifiableSortedMap(new TreeMap<>(configs));
        return store.run(tx -> {
            tx.clearRange(layout.brokerConfigs().range());
            stored.forEach((name, value) -> tx.set(layout.brokerConfig(name), VersionedValue.encode(FORMAT, value)));
            return CompletableFuture.completedFuture(stored);
        });
    }

    private CompletableFuture<SortedMap<String, String>> readAll(ReadTransaction tx) {
        return tx.getRange(layout.brokerConfigs().range()).thenApply(this::decode);
    }

    private SortedMap<String, String> decode(List<KeyValue> pairs) {
        SortedMap<String, String> configs = new TreeMap<>();
        for (KeyValue pair : pairs) {
            String name = layout.brokerConfigs().unpack(pair.key()).getString(0);
            configs.put(name, VersionedValue.decode(pair.value(), "broker config " + name, FORMAT, 1).fields().getString(0));
        }
        return Collections.unmodifiableSortedMap(configs);
    }
}
