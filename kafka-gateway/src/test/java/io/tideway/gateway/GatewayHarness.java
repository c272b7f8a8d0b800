package io.tideway.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real Vert.x and listener on 127.0.0.1 with a free port; closed by the test. */
final class GatewayHarness implements AutoCloseable {

    final Vertx vertx;
    final KafkaGateway gateway;

    private GatewayHarness(Vertx vertx, KafkaGateway gateway) {
        this.vertx = vertx;
        this.gateway = gateway;
    }

    static GatewayHarness start(GatewayOptions options, List<? extends ApiHandler> handlers)
            throws Exception {
        return start(options, handlers, ConnectionQuotas.unlimited());
    }

    static GatewayHarness start(GatewayOptions options, List<? extends ApiHandler> handlers,
            ConnectionQuotas quotas) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            KafkaGateway gateway = await(KafkaGateway.start(vertx, options,
                    ApiRegistry.create(handlers), quotas));
            return new GatewayHarness(vertx, gateway);
        } catch (Exception e) {
            await(vertx.close());
            throw e;
        }
    }

    static GatewayHarness start(List<? extends ApiHandler> handlers) throws Exception {
        return start(GatewayOptions.defaults("127.0.0.1", 0), handlers);
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int port() {
        return gateway.port();
    }

    WireClient connect() throws java.io.IOException {
        return new WireClient(port());
    }

    @Override
    public void close() {
        try {
            await(gateway.close());
            await(vertx.close());
        } catch (Exception e) {
            throw new IllegalStateException("Harness did not stop cleanly", e);
        }
    }
}
