package io.tideway.gateway.handlers.admin;

import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.network.ClientInformation;
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
 * Shared plumbing of the admin handler tests: a Vert.x instance for request contexts, a fresh
 * {@link FakeBroker} per test, and {@link #call}, which sends the request through the wire codec
 * at its version (as the gateway would decode it) and parses the response back from its encoding
 * at that version, so that every test also proves the response is encodable there.
 */
abstract class AdminHandlerTestBase {

    static final Node SELF = new Node(FakeBroker.NODE_ID, "broker.example", 9092, FakeBroker.RACK);

    private static Vertx vertx;

    final FakeBroker broker = new FakeBroker();
    volatile List<Node> advertised = List.of(SELF);
    final NodeEndpoints endpoints = new NodeEndpoints(broker::identity, () -> advertised);

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        await(vertx.close());
    }

    static Vertx vertx() {
        return vertx;
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Serves {@code request} with {@code handler} and returns the response as a client parses it. */
    static <R extends AbstractResponse> R call(ApiHandler handler, AbstractRequest request)
            throws Exception {
        short version = request.version();
        return serve(handler, AbstractRequest.parseRequest(request.apiKey(), version,
                new ByteBufferAccessor(encode(request.data(), version))).request);
    }

    /**
     * Like {@link #call} but hands {@code request} to the handler as built, for field values a
     * real client cannot encode at that version (defensive paths).
     */
    @SuppressWarnings("unchecked")
    static <R extends AbstractResponse> R serve(ApiHandler handler, AbstractRequest decoded)
            throws Exception {
        short version = decoded.version();
        RequestHeader header = new RequestHeader(decoded.apiKey(), version, "admin-test", 7);
        RequestContext context = new RequestContext(header, "conn-1",
                SocketAddress.inetSocketAddress(40000, "127.0.0.1"), "PLAINTEXT",
                KafkaPrincipal.ANONYMOUS, ClientInformation.EMPTY, vertx.getOrCreateContext(),
                version, true);
        Reply reply = await(handler.handle(context, decoded));
        AbstractResponse response = reply.response().orElseThrow();
        return (R) AbstractResponse.parseResponse(decoded.apiKey(),
                new ByteBufferAccessor(encode(response.data(), version)), version);
    }

    /** The error response the gateway would send when the handler fails the whole request. */
    static Throwable failure(ApiHandler handler, AbstractRequest request) {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "t", 1);
        RequestContext context = new RequestContext(header, "conn-1",
                SocketAddress.inetSocketAddress(40000, "127.0.0.1"), "PLAINTEXT",
                KafkaPrincipal.ANONYMOUS, ClientInformation.EMPTY, vertx.getOrCreateContext(),
                request.version(), true);
        try {
            Future<Reply> reply = handler.handle(context, request);
            return reply.toCompletionStage().toCompletableFuture()
                    .handle((ok, error) -> error).get(10, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static ByteBuffer encode(ApiMessage message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer buffer = ByteBuffer.allocate(message.size(cache, version));
        message.write(new ByteBufferAccessor(buffer), cache, version);
        return buffer.flip();
    }

    /** Every version in {@code [min, max]}. */
    static List<Short> versions(short min, short max) {
        List<Short> versions = new ArrayList<>();
        for (short v = min; v <= max; v++) {
            versions.add(v);
        }
        return versions;
    }
}
