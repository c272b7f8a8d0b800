package io.tideway.gateway.internal;

import io.tideway.gateway.GatewayOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One accepting instance of a Kafka listener: a {@link NetServer} on its own event loop. Vert.x
 * shares the listening socket between instances bound to the same host and port and spreads
 * accepted connections across them, so each connection lives on one event loop.
 *
 * <p>Thread contract: started and stopped by Vert.x on the verticle's context; every connection it
 * accepts is confined to that context.
 */
public final class GatewayVerticle extends VerticleBase {

    private final GatewayOptions options;
    private final RequestRouter router;
    private final AtomicLong connectionSequence;
    private NetServer server;

    /**
     * @param options the listener; its port must be the real one for every instance but the first
     * @param router routes decoded frames (shared, stateless)
     * @param connectionSequence shared counter for connection ids
     */
    public GatewayVerticle(GatewayOptions options, RequestRouter router,
            AtomicLong connectionSequence) {
        this.options = options;
        this.router = router;
        this.connectionSequence = connectionSequence;
    }

    @Override
    public Future<?> start() {
        NetServerOptions serverOptions = new NetServerOptions()
                .setHost(options.host())
                .setPort(options.port())
                .setTcpNoDelay(true)
                .setReuseAddress(true)
                .setIdleTimeout((int) Math.min(options.idleTimeout().toMillis(), Integer.MAX_VALUE))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        server = vertx.createNetServer(serverOptions).connectHandler(this::accept);
        return server.listen();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The bound port, valid once started. */
    public int actualPort() {
        return server.actualPort();
    }

    private void accept(NetSocket socket) {
        String id = socket.localAddress() + "-" + socket.remoteAddress() + "-"
                + connectionSequence.incrementAndGet();
        new KafkaConnection(socket, router, options, id).start();
    }
}
