package io.tideway.server;

import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.ApiRegistry;
import io.tideway.gateway.GatewayOptions;
import io.tideway.gateway.KafkaGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running broker: locked data directories, one Vert.x instance and a Kafka listener per
 * configured endpoint. The composition root the CLI and in-process tests start.
 *
 * <p>Start order: lock every data directory (fail fast, before binding anything), start Vert.x,
 * bind the listeners. {@link #close()} undoes it in reverse: stop accepting and close connections,
 * close Vert.x, release the locks.
 *
 * <p>Thread-safe: {@link #start} blocks the calling thread (never call it on an event loop);
 * {@link #close()} may be called from any non-event-loop thread, more than once.
 */
public final class TidewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TidewayServer.class);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private final BrokerConfig config;
    private final List<DataDirLock> locks;
    private final Vertx vertx;
    private final List<KafkaGateway> gateways;
    private final List<Endpoint> boundListeners;
    private boolean closed; // guarded by this

    private TidewayServer(BrokerConfig config, List<DataDirLock> locks, Vertx vertx,
            List<KafkaGateway> gateways, List<Endpoint> boundListeners) {
        this.config = config;
        this.locks = locks;
        this.vertx = vertx;
        this.gateways = gateways;
        this.boundListeners = boundListeners;
    }

    /** Starts a broker serving ApiVersions only (no topic-level handlers wired yet). */
    public static TidewayServer start(BrokerConfig config) {
        return start(config, List.of());
    }

    /**
     * Starts a broker.
     *
     * @param config validated configuration
     * @param handlers topic-level API handlers (ApiVersions is built in)
     * @throws StartupException when a data directory is locked or a listener cannot bind; nothing
     *     stays locked or bound
     */
    public static TidewayServer start(BrokerConfig config,
            Collection<? extends ApiHandler> handlers) {
        List<DataDirLock> locks = new ArrayList<>();
        Vertx vertx = null;
        List<KafkaGateway> gateways = new ArrayList<>();
        try {
            for (var dir : config.logDirs()) {
                locks.add(DataDirLock.acquire(dir));
            }
            ApiRegistry registry = ApiRegistry.create(handlers);
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.numNetworkThreads()));
            List<Endpoint> bound = new ArrayList<>();
            for (Endpoint endpoint : config.listeners()) {
                KafkaGateway gateway = bind(vertx, config, endpoint, registry);
                gateways.add(gateway);
                bound.add(endpoint.withPort(gateway.port()));
            }
            return new TidewayServer(config, List.copyOf(locks), vertx, List.copyOf(gateways),
                    List.copyOf(bound));
        } catch (RuntimeException e) {
            shutdown(gateways, vertx, locks);
            throw e;
        }
    }

    private static KafkaGateway bind(Vertx vertx, BrokerConfig config, Endpoint endpoint,
            ApiRegistry registry) {
        GatewayOptions options = new GatewayOptions(endpoint.listenerName(), endpoint.bindHost(),
                endpoint.port(), config.socketRequestMaxBytes(), config.queuedMaxRequests(),
                config.connectionsMaxIdle(), config.numNetworkThreads());
        try {
            return KafkaGateway.start(vertx, options, registry).toCompletionStage()
                    .toCompletableFuture().get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StartupException("Listener " + endpoint + " did not bind within "
                    + STEP_TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new StartupException("Cannot listen on " + endpoint + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("Interrupted while binding " + endpoint, e);
        }
    }

    /** The listeners as bound (a configured port 0 replaced by the chosen port). */
    public List<Endpoint> listeners() {
        return boundListeners;
    }

    /** The configuration this broker runs with. */
    public BrokerConfig config() {
        return config;
    }

    /** The broker's Vert.x instance (for wiring handlers that need contexts or timers). */
    public Vertx vertx() {
        return vertx;
    }

    /** Stops accepting, closes connections and Vert.x, then releases the data directories. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdown(gateways, vertx, locks);
    }

    private static void shutdown(List<KafkaGateway> gateways, Vertx vertx, List<DataDirLock> locks) {
        for (KafkaGateway gateway : gateways) {
            awaitQuietly(gateway.close(), "listener");
        }
        if (vertx != null) {
            awaitQuietly(vertx.close(), "vertx");
        }
        for (DataDirLock lock : locks) {
            try {
                lock.close();
            } catch (IOException e) {
                log.atWarn().setMessage("Cannot release data directory lock")
                        .addKeyValue("dir", lock.directory()).setCause(e).log();
            }
        }
    }

    private static void awaitQuietly(Future<?> step, String what) {
        try {
            step.toCompletionStage().toCompletableFuture()
                    .get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.atWarn().setMessage("Shutdown step failed").addKeyValue("step", what)
                    .setCause(e).log();
        }
    }
}
