package io.tideway.gateway.internal.fuzz;

import io.tideway.broker.Broker;
import io.tideway.broker.BrokerBootstrap;
import io.tideway.broker.BrokerSettings;
import io.tideway.broker.TopicInfo;
import io.tideway.broker.TopicSpec;
import io.tideway.broker.log.LogConfig;
import io.tideway.gateway.ApiFeatures;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.ApiRegistry;
import io.tideway.gateway.handlers.admin.AdminHandlers;
import io.tideway.gateway.handlers.data.DataHandlerOptions;
import io.tideway.gateway.handlers.data.DataHandlers;
import io.tideway.gateway.handlers.group.GroupHandlers;
import io.tideway.gateway.handlers.txn.TxnHandlers;
import io.tideway.metadata.MetadataConfig;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.MetadataStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.common.Node;

/**
 * The real broker engine (embedded metadata store, segment logs) in a temporary directory, with
 * every handler family a listener serves, as the server composes them, each wrapped in a {@link
 * TrackedHandler}. Holds topic {@value #TOPIC} ({@value #PARTITIONS} partitions), which the seed
 * corpus names. Topics are not created automatically, so fuzzed names do not pile up.
 *
 * <p>Thread contract: started and closed by the fuzz test's thread; the registry and engine are
 * thread-safe.
 */
public final class FuzzEngine implements AutoCloseable {

    /** The topic the seed requests name. */
    public static final String TOPIC = "fuzz";
    /** Its partition count. */
    public static final int PARTITIONS = 2;
    /** This node's id, advertised in Metadata and FindCoordinator. */
    public static final int NODE_ID = 1;

    /** Closing waits for creations still running (up to 10,000 partitions per request). */
    private static final Duration WAIT = Duration.ofMinutes(5);

    private final Path dir;
    private final Vertx vertx;
    private final MetadataStore store;
    private final Broker broker;
    private final ApiRegistry registry;
    private final CallTracker calls;

    private FuzzEngine(Path dir, Vertx vertx, MetadataStore store, Broker broker,
            ApiRegistry registry, CallTracker calls) {
        this.dir = dir;
        this.vertx = vertx;
        this.store = store;
        this.broker = broker;
        this.registry = registry;
        this.calls = calls;
    }

    /** Starts an engine in a new temporary directory, deleted again by {@link #close()}. */
    public static FuzzEngine start() {
        return start(new Signal());
    }

    /**
     * As {@link #start()}, firing {@code changes} whenever a handler call completes.
     */
    static FuzzEngine start(Signal changes) {
        Path dir;
        try {
            dir = Files.createTempDirectory("tideway-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Vertx vertx = Vertx.vertx();
        MetadataStore store = MetadataStores.open(MetadataConfig.embedded(dir.resolve("metadata")));
        BrokerSettings settings = new BrokerSettings(NODE_ID, null, List.of(dir.resolve("data")),
                LogConfig.from(Map.of()), 1, false, Duration.ofMinutes(5), List.of());
        Broker broker = await(BrokerBootstrap.start(vertx, settings, store));
        await(broker.topics().create(new TopicSpec(TOPIC, PARTITIONS, (short) 1, Map.of()), false));
        Supplier<List<Node>> nodes = () -> List.of(new Node(NODE_ID, "127.0.0.1", 9092));
        List<ApiHandler> handlers = new ArrayList<>(AdminHandlers.create(broker, nodes));
        handlers.addAll(DataHandlers.create(broker, vertx,
                DataHandlerOptions.defaults().withAdvertisedNodes(nodes)));
        handlers.addAll(GroupHandlers.create(broker, nodes));
        handlers.addAll(TxnHandlers.create(broker));
        CallTracker calls = new CallTracker(changes);
        ApiRegistry registry = ApiRegistry.create(
                handlers.stream().map(h -> (ApiHandler) new TrackedHandler(h, calls)).toList(),
                ApiFeatures.transactionVersion((short) 2, System.currentTimeMillis()));
        return new FuzzEngine(dir, vertx, store, broker, registry, calls);
    }

    /** The Vert.x the engine and the connections run on. */
    public Vertx vertx() {
        return vertx;
    }

    /** Every handler, tracked. */
    public ApiRegistry registry() {
        return registry;
    }

    /** The partitions of every topic the engine holds. */
    public int partitionCount() {
        return broker.topics().all().stream().mapToInt(TopicInfo::partitionCount).sum();
    }

    /** The handler calls in progress, per connection. */
    public CallTracker calls() {
        return calls;
    }

    /** Closes the engine, Vert.x and the store, and deletes the directory. */
    @Override
    public void close() {
        await(broker.close());
        await(vertx.close());
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture()
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Fuzz engine step failed", e);
        }
    }
}
