package io.tideway.gateway;

import io.tideway.gateway.internal.GatewayVerticle;
import io.tideway.gateway.internal.RefusalLog;
import io.tideway.gateway.internal.RequestRouter;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Kafka listener: accepts connections on {@code host:port} and serves them with the handlers
 * of an {@link ApiRegistry}.
 *
 * <p>The listener runs {@link GatewayOptions#instances()} accepting verticles on one shared
 * listening socket, so connections spread over that many event loops. Port 0 (pick a free port,
 * for tests) runs a single instance: Vert.x would give every instance its own random port.
 *
 * <p>Connections are admitted within {@link ConnectionQuotas} shared by all the broker's
 * listeners ({@code max.connections}, {@code max.connections.per.ip}); one beyond a limit is
 * closed when accepted, with a rate-limited WARN line naming the peer and the limit.
 *
 * <p>Thread-safe: {@link #port()} and {@link #options()} are immutable; {@link #close()} may be
 * called from any thread, more than once.
 */
public final class KafkaGateway {

    private final Vertx vertx;
    private final GatewayOptions options;
    private final int port;
    private final String deploymentId;
    private Future<Void> closing; // guarded by this

    private KafkaGateway(Vertx vertx, GatewayOptions options, int port, String deploymentId) {
        this.vertx = vertx;
        this.options = options;
        this.port = port;
        this.deploymentId = deploymentId;
    }

    /**
     * Binds the listener.
     *
     * @return completes once every instance accepts connections; fails (for example with a
     *     {@code BindException}) if the port cannot be bound, leaving nothing deployed
     */
    public static Future<KafkaGateway> start(Vertx vertx, GatewayOptions options,
            ApiRegistry registry) {
        return start(vertx, options, registry, ConnectionQuotas.unlimited());
    }

    /**
     * Binds the listener, admitting connections within {@code quotas}.
     *
     * @param quotas the broker's connection counts and limits, shared by all its listeners
     * @return completes once every instance accepts connections; fails (for example with a
     *     {@code BindException}) if the port cannot be bound, leaving nothing deployed
     */
    public static Future<KafkaGateway> start(Vertx vertx, GatewayOptions options,
            ApiRegistry registry, ConnectionQuotas quotas) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(quotas, "quotas");
        RequestRouter router = new RequestRouter(Objects.requireNonNull(registry, "registry"));
        RefusalLog refusals = new RefusalLog(options.listenerName());
        AtomicLong connectionSequence = new AtomicLong();
        List<GatewayVerticle> verticles = new CopyOnWriteArrayList<>();
        // Vert.x shares a listening socket between servers with the same configured host and
        // port; servers asking for port 0 each get their own port, so port 0 means one instance.
        int instances = options.port() == 0 ? 1 : options.instances();
        return vertx.deployVerticle(() -> {
            GatewayVerticle verticle = new GatewayVerticle(options, router, connectionSequence,
                    quotas, refusals);
            verticles.add(verticle);
            return verticle;
        }, new DeploymentOptions().setInstances(instances)).map(deploymentId ->
                new KafkaGateway(vertx, options, verticles.get(0).actualPort(), deploymentId));
    }

    /** The bound port (the chosen one when the options asked for 0). */
    public int port() {
        return port;
    }

    /** The options this listener was started with. */
    public GatewayOptions options() {
        return options;
    }

    /** Stops accepting and closes every connection of this listener; idempotent. */
    public synchronized Future<Void> close() {
        if (closing == null) {
            closing = vertx.undeploy(deploymentId);
        }
        return closing;
    }
}
