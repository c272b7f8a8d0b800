package io.tideway.server;

import io.tideway.broker.Broker;
import io.tideway.broker.BrokerBootstrap;
import io.tideway.broker.BrokerSettings;
import io.tideway.gateway.ApiRegistry;
import io.tideway.gateway.ConnectionLimits;
import io.tideway.gateway.ConnectionQuotas;
import io.tideway.gateway.GatewayOptions;
import io.tideway.gateway.KafkaGateway;
import io.tideway.metadata.MetadataConfig;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.MetadataStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running broker: locked data directories, the metadata store, one Vert.x instance, the broker
 * engine and a Kafka listener per configured endpoint. The composition root the CLI and the
 * in-process tests start.
 *
 * <p>Start order: lock every data directory (fail fast, before anything else), open the metadata
 * store (embedded in {@code <first log dir>/metadata}, or FoundationDB; on its own thread while
 * Vert.x starts, to shorten start-up), start the engine (cluster id, topics, partition logs),
 * register the Kafka API handlers ({@link KafkaApis}), bind the listeners (sharing one count of
 * connections for {@code max.connections} and {@code max.connections.per.ip}), publish the
 * advertised endpoint. {@link #close()} undoes it in reverse: listeners, engine, Vert.x, metadata
 * store, locks. A failure at any step undoes the steps before it.
 *
 * <p>Thread-safe: {@link #start} blocks the calling thread (opening the store and the logs is
 * blocking work: never call it on an event loop); {@link #close()} may be called from any
 * non-event-loop thread, more than once.
 */
public final class TidewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TidewayServer.class);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    /** Opening every partition log may scan segments after a crash: far longer than a bind. */
    private static final Duration ENGINE_START_TIMEOUT = Duration.ofMinutes(30);

    private final BrokerConfig config;
    private final Broker broker;
    private final List<Endpoint> boundListeners;
    private final List<Endpoint> advertisedListeners;
    private final ShutdownSequence shutdown;
    private boolean closed; // guarded by this

    private TidewayServer(BrokerConfig config, Broker broker, List<Endpoint> boundListeners,
            List<Endpoint> advertisedListeners, ShutdownSequence shutdown) {
        this.config = config;
        this.broker = broker;
        this.boundListeners = boundListeners;
        this.advertisedListeners = advertisedListeners;
        this.shutdown = shutdown;
    }

    /**
     * Starts a broker and logs its ready line.
     *
     * @param config validated configuration
     * @throws StartupException when a data directory is locked, the metadata store or the engine
     *     cannot start, or a listener cannot bind; nothing stays locked, open or bound
     * @throws ConfigurationException when a value is valid for the broker but refused by a layer
     *     below (for example a log default out of the log's range)
     */
    public static TidewayServer start(BrokerConfig config) {
        long startedNanos = System.nanoTime();
        ShutdownSequence shutdown = new ShutdownSequence(STEP_TIMEOUT);
        try {
            BrokerSettings settings = EngineSettings.from(config);
            MetadataConfig metadataConfig = MetadataSettings.from(config);
            for (var dir : config.logDirs()) {
                DataDirLock lock = DataDirLock.acquire(dir);
                shutdown.pushBlocking("unlock " + dir, lock::close);
            }
            // Opening the store (RocksDB files, or an FDB connection) overlaps starting Vert.x.
            CompletableFuture<MetadataStore> opening = CompletableFuture.supplyAsync(
                    () -> openMetadataStore(metadataConfig), TidewayServer::openerThread);
            shutdown.pushBlocking("metadata store", () -> closeWhenOpened(opening));
            Vertx vertx = Vertx.vertx(
                    new VertxOptions().setEventLoopPoolSize(config.numNetworkThreads()));
            shutdown.pushAsync("vertx", vertx::close);
            MetadataStore store = join(opening);
            Broker broker = await(BrokerBootstrap.start(vertx, settings, store),
                    "start the broker engine", ENGINE_START_TIMEOUT);
            shutdown.pushAsync("broker engine", broker::close);

            AdvertisedNodes advertised = new AdvertisedNodes(config.nodeId(),
                    config.rack().orElse(null));
            ApiRegistry registry = KafkaApis.registry(broker, advertised, vertx, config);

            ConnectionQuotas quotas = connectionQuotas(config);
            List<Endpoint> bound = new ArrayList<>();
            List<Endpoint> advertisedEndpoints = new ArrayList<>();
            List<Endpoint> configuredAdvertised = config.isExplicit(
                    BrokerConfigDef.ADVERTISED_LISTENERS) ? config.advertisedListeners() : List.of();
            for (Endpoint endpoint : config.listeners()) {
                KafkaGateway gateway = bind(vertx, config, endpoint, registry, quotas);
                shutdown.pushAsync("listener " + endpoint, gateway::close);
                Endpoint actual = endpoint.withPort(gateway.port());
                bound.add(actual);
                advertisedEndpoints.add(advertised.publish(actual, configuredAdvertised));
            }
            TidewayServer server = new TidewayServer(config, broker, List.copyOf(bound),
                    List.copyOf(advertisedEndpoints), shutdown);
            server.logReady(Duration.ofNanos(System.nanoTime() - startedNanos));
            return server;
        } catch (RuntimeException e) {
            shutdown.run();
            throw e;
        }
    }

    /** Runs the blocking store opening on its own short-lived thread (never an event loop). */
    private static void openerThread(Runnable task) {
        Thread thread = new Thread(task, "tideway-metadata-open");
        thread.setDaemon(true);
        thread.start();
    }

    private static MetadataStore join(CompletableFuture<MetadataStore> opening) {
        try {
            return opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Shutdown step: waits for the opening to finish, then closes the store if it opened. */
    private static void closeWhenOpened(CompletableFuture<MetadataStore> opening) {
        MetadataStore store;
        try {
            store = opening.join();
        } catch (CompletionException e) {
            return; // it never opened: nothing to close
        }
        store.close();
    }

    private static MetadataStore openMetadataStore(MetadataConfig metadataConfig) {
        try {
            return MetadataStores.open(metadataConfig);
        } catch (RuntimeException e) {
            String where = metadataConfig.backend() == MetadataConfig.Backend.EMBEDDED
                    ? "embedded, in " + metadataConfig.dir().orElseThrow()
                    : "fdb, cluster file " + metadataConfig.clusterFile()
                            .map(Object::toString).orElse("(default)");
            throw new StartupException("Cannot open the metadata store (" + where + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * The broker-wide connection limits, shared by every listener. Resolves the host names of
     * {@code max.connections.per.ip.overrides} (blocking DNS, on the starting thread).
     */
    private static ConnectionQuotas connectionQuotas(BrokerConfig config) {
        try {
            return new ConnectionQuotas(ConnectionLimits.resolve(config.maxConnections(),
                    config.maxConnectionsPerIp(), config.maxConnectionsPerIpOverrides()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid configuration: " + e.getMessage());
        }
    }

    private static KafkaGateway bind(Vertx vertx, BrokerConfig config, Endpoint endpoint,
            ApiRegistry registry, ConnectionQuotas quotas) {
        GatewayOptions options = new GatewayOptions(endpoint.listenerName(), endpoint.bindHost(),
                endpoint.port(), config.socketRequestMaxBytes(), config.queuedMaxRequests(),
                config.connectionsMaxIdle(), config.numNetworkThreads());
        return await(KafkaGateway.start(vertx, options, registry, quotas),
                "listen on " + endpoint, STEP_TIMEOUT);
    }

    /** Waits for a start-up step; its failure becomes a {@link StartupException}. */
    private static <T> T await(Future<T> step, String what, Duration timeout) {
        try {
            return step.toCompletionStage().toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StartupException("Could not " + what + " within " + timeout.toSeconds()
                    + " s", e);
        } catch (ExecutionException e) {
            throw new StartupException("Cannot " + what + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("Interrupted while trying to " + what, e);
        }
    }

    private void logReady(Duration took) {
        log.atInfo().setMessage("Tideway ready")
                .addKeyValue("listeners", boundListeners)
                .addKeyValue("advertised", advertisedListeners)
                .addKeyValue("dataDirs", config.logDirs())
                .addKeyValue("metadataStore", config.metadataStore().name().toLowerCase(Locale.ROOT))
                .addKeyValue("clusterId", broker.identity().clusterId())
                .addKeyValue("nodeId", config.nodeId())
                .addKeyValue("startMs", took.toMillis())
                .log();
    }

    /** The listeners as bound (a configured port 0 replaced by the chosen port). */
    public List<Endpoint> listeners() {
        return boundListeners;
    }

    /** The endpoints clients are told about, one per listener. */
    public List<Endpoint> advertisedListeners() {
        return advertisedListeners;
    }

    /** The configuration this broker runs with. */
    public BrokerConfig config() {
        return config;
    }

    /** The cluster id kept in the metadata store. */
    public String clusterId() {
        return broker.identity().clusterId();
    }

    /** Stops the listeners, the engine, Vert.x and the metadata store, then unlocks the data. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdown.run();
    }
}
