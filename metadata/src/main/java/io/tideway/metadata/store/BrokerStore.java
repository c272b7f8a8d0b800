package io.tideway.metadata.store;

import com.apple.foundationdb.tuple.Tuple;
import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.KeyValue;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.internal.VersionedValue;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Broker registrations. Registering reads and bumps the cluster's broker-epoch counter in the
 * same transaction, so concurrent registrations serialize and epochs are unique and increasing.
 *
 * <p>Value formats v1: registration {@code (1, host, port, rack|null, epoch)}; epoch counter
 * {@code (1, lastEpoch)}. Thread-safe; futures complete on the store's threads.
 */
public final class BrokerStore {

    private static final int FORMAT = 1;

    private final MetadataStore store;
    private final KeyLayout layout;

    /**
     * @param store the metadata store
     * @param layout the cluster's key layout
     */
    public BrokerStore(MetadataStore store, KeyLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /**
     * Registers (or re-registers) a broker with a new epoch.
     *
     * @param brokerId the broker id
     * @param host the advertised host
     * @param port the advertised port
     * @param rack the rack, or null
     * @return the stored registration with its epoch
     */
    public CompletableFuture<BrokerRegistration> register(int brokerId, String host, int port, String rack) {
        new BrokerRegistration(brokerId, host, port, rack, 1); // validates before any I/O
        byte[] counterKey = layout.brokerEpochCounter();
        return store.run(tx -> tx.get(counterKey).thenApply(counter -> {
            long epoch = (counter == null ? 0 : VersionedValue.decode(counter, "broker epoch counter", FORMAT, 1)
                    .fields().getLong(0)) + 1;
            tx.set(counterKey, VersionedValue.encode(FORMAT, epoch));
            BrokerRegistration registration = new BrokerRegistration(brokerId, host, port, rack, epoch);
            tx.set(layout.broker(brokerId), VersionedValue.encode(FORMAT, host, port, rack, epoch));
            return registration;
        }));
    }

    /**
     * @param brokerId a broker id
     * @return its registration, if registered
     */
    public CompletableFuture<Optional<BrokerRegistration>> get(int brokerId) {
        return store.read(tx -> tx.get(layout.broker(brokerId))
                .thenApply(value -> Optional.ofNullable(value).map(v -> decode(brokerId, v))));
    }

    /** @return every registration, by broker id */
    public CompletableFuture<List<BrokerRegistration>> list() {
        return store.read(tx -> tx.getRange(layout.brokers().range()).thenApply(pairs -> pairs.stream()
                .map(this::decode).toList()));
    }

    /**
     * @param brokerId a broker id
     * @return whether a registration was removed
     */
    public CompletableFuture<Boolean> unregister(int brokerId) {
        byte[] key = layout.broker(brokerId);
        return store.run(tx -> tx.get(key).thenApply(existing -> {
            tx.clear(key);
            return existing != null;
        }));
    }

    private BrokerRegistration decode(KeyValue pair) {
        Tuple key = layout.brokers().unpack(pair.key());
        return decode((int) key.getLong(0), pair.value());
    }

    private static BrokerRegistration decode(int brokerId, byte[] value) {
        Tuple fields = VersionedValue.decode(value, "broker " + brokerId, FORMAT, 4).fields();
        return new BrokerRegistration(brokerId, fields.getString(0), (int) fields.getLong(1), fields.getString(2),
                fields.getLong(3));
    }
}
