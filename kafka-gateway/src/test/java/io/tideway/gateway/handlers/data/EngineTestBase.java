package io.tideway.gateway.handlers.data;

import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Vert.x per test class and a fresh {@link FakeBroker} per test. Public for the transaction
 * handler tests.
 */
public abstract class EngineTestBase {

    protected static Vertx vertx;

    @TempDir
    protected Path dir;

    protected FakeBroker broker;

    @BeforeAll
    protected static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    protected static void stopVertx() throws Exception {
        HandlerCalls.await(vertx.close());
    }

    @BeforeEach
    protected void createBroker() {
        broker = new FakeBroker(vertx, dir);
    }

    @AfterEach
    protected void closeBroker() {
        broker.close();
    }

    /** Sends {@code data} at {@code version} through the codec to {@code handler}. */
    @SuppressWarnings("unchecked")
    protected <T extends AbstractResponse> T call(ApiHandler handler, ApiMessage data,
            short version)
            throws Exception {
        ApiKeys api = handler.apiKey();
        AbstractRequest request = HandlerCalls.fromData(api, data, version);
        RequestContext context = HandlerCalls.context(vertx.getOrCreateContext(), api, version,
                "client-1", true);
        return (T) HandlerCalls.decode(HandlerCalls.await(HandlerCalls.start(handler, context,
                request)), api, version);
    }
}
