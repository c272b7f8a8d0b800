package io.tideway.gateway;

import io.tideway.gateway.internal.GatewayVerticle;
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
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(options, "options");
        RequestRouter router = new RequestRouter(Objects.requireNonNull(registry, "registry"));
        AtomicLong connectionSequence = new AtomicLong();
        List<GatewayVerticle> verticles = new CopyOnWriteArrayList<>();
        // Vert.x shares a listening socket between servers with the same configured host and
        // port; servers asking for port 0 each get their own port, so port 0 means one instance.
        int instances = options.port() == 0 ? 1 : options.instances();
        return vertx.deployVerticle(() -> {
            GatewayVerticle verticle = new GatewayVerticle(options, router, connectionSequence);
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
