package io.tideway.gateway.handlers.group;

import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Shared plumbing of the group handler tests: a Vert.x instance for request contexts, a fresh
 * {@link FakeGroupCoordinator} and {@link FakeTopics} per test, and {@link #call}, which encodes
 * the request data at the given version and decodes it as the gateway would, then encodes the
 * handler's response at that version and parses it back as a client would. Every test thereby
 * proves the request is decodable and the response encodable at that version.
 */
abstract class GroupHandlerTestBase {

    static final String CLIENT_ID = "group-test";

    private static Vertx vertx;

    final FakeGroupCoordinator groups = new FakeGroupCoordinator();
    final FakeTopics topics = new FakeTopics();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Serves {@code data} as a {@code key} request of {@code version}; returns the parsed response. */
    @SuppressWarnings("unchecked")
    static <R extends AbstractResponse> R call(ApiHandler handler, ApiKeys key, ApiMessage data,
            short version) throws Exception {
        Reply reply = await(handler.handle(context(key, version), decode(key, data, version)));
        AbstractResponse response = reply.response().orElseThrow();
        return (R) AbstractResponse.parseResponse(key,
                new ByteBufferAccessor(encode(response.data(), version)), version);
    }

    /** The failure of the handler's future for {@code data} (null when it succeeded). */
    static Throwable failure(ApiHandler handler, ApiKeys key, ApiMessage data, short version)
            throws Exception {
        try {
            await(handler.handle(context(key, version), decode(key, data, version)));
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    static AbstractRequest decode(ApiKeys key, ApiMessage data, short version) {
        return AbstractRequest.parseRequest(key, version,
                new ByteBufferAccessor(encode(data, version))).request;
    }

    private static RequestContext context(ApiKeys key, short version) {
        RequestHeader header = new RequestHeader(key, version, CLIENT_ID, 7);
        return new RequestContext(header, "conn-1",
                SocketAddress.inetSocketAddress(40000, "127.0.0.1"), "PLAINTEXT",
                KafkaPrincipal.ANONYMOUS, ClientInformation.EMPTY, vertx.getOrCreateContext(),
                version, true);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static ByteBuffer encode(ApiMessage message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer buffer = ByteBuffer.allocate(message.size(cache, version));
        message.write(new ByteBufferAccessor(buffer), cache, version);
        return buffer.flip();
    }
}
