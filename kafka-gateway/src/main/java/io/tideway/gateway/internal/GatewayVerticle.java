package io.tideway.gateway.internal;

import io.tideway.gateway.ConnectionQuotas;
import io.tideway.gateway.GatewayOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One accepting instance of a Kafka listener: a {@link NetServer} on its own event loop. Vert.x
 * shares the listening socket between instances bound to the same host and port and spreads
 * accepted connections across them, so each connection lives on one event loop.
 *
 * <p>Admission: an accepted socket is counted in the broker-wide {@link ConnectionQuotas} before
 * anything is read from it; one beyond a limit is closed at once (logged through the listener's
 * rate-limited {@link RefusalLog}), and an admitted one is uncounted when it closes.
 *
 * <p>Thread contract: started and stopped by Vert.x on the verticle's context; every connection it
 * accepts is confined to that context.
 */
public final class GatewayVerticle extends VerticleBase {

    private final GatewayOptions options;
    private final RequestRouter router;
    private final AtomicLong connectionSequence;
    private final ConnectionQuotas quotas;
    private final RefusalLog refusals;
    private NetServer server;

    /**
     * @param options the listener; its port must be the real one for every instance but the first
     * @param router routes decoded frames (shared, stateless)
     * @param connectionSequence shared counter for connection ids
     * @param quotas the broker-wide connection counts and limits
     * @param refusals the listener's log of refused connections (shared by its instances)
     */
    public GatewayVerticle(GatewayOptions options, RequestRouter router,
            AtomicLong connectionSequence, ConnectionQuotas quotas, RefusalLog refusals) {
        this.options = options;
        this.router = router;
        this.connectionSequence = connectionSequence;
        this.quotas = quotas;
        this.refusals = refusals;
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
        InetAddress peer = peerAddress(socket);
        Optional<ConnectionQuotas.Refusal> refusal = quotas.tryAcquire(peer);
        if (refusal.isPresent()) {
            refusals.refused(socket.remoteAddress(), refusal.get());
            socket.close();
            return;
        }
        String id = socket.localAddress() + "-" + socket.remoteAddress() + "-"
                + connectionSequence.incrementAndGet();
        new KafkaConnection(socket, router, options, id, () -> quotas.release(peer)).start();
    }

    /** The peer's IP address; its text form is a literal, so no name lookup happens. */
    private static InetAddress peerAddress(NetSocket socket) {
        String host = socket.remoteAddress().hostAddress();
        try {
            return InetAddress.getByName(host == null ? "0.0.0.0" : host);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Peer address " + host + " is not an IP literal", e);
        }
    }
}
