package io.tideway.gateway.handlers.data;

import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.tideway.gateway.ResponsePart;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

/**
 * Calls a handler the way the gateway does (on a connection's event-loop context, with a request
 * that went through the wire codec at its version) and decodes what it answered, whether a
 * response message or encoded parts with file regions.
 */
public final class HandlerCalls {

    private HandlerCalls() {
    }

    /** {@code request} serialized and parsed back at its version, as the gateway hands it over. */
    @SuppressWarnings("unchecked")
    public static <R extends AbstractRequest> R wire(R request) {
        ByteBuffer bytes = request.serialize().buffer();
        return (R) AbstractRequest.parseRequest(request.apiKey(), request.version(),
                new ByteBufferAccessor(bytes)).request;
    }

    /** The request a client would send with {@code data} at {@code version}. */
    @SuppressWarnings("unchecked")
    public static <R extends AbstractRequest> R fromData(ApiKeys api, ApiMessage data,
            short version) {
        ByteBuffer bytes = MessageUtil.toByteBufferAccessor(data, version).buffer();
        return (R) AbstractRequest.parseRequest(api, version, new ByteBufferAccessor(bytes))
                .request;
    }

    public static RequestContext context(Context eventLoop, ApiKeys api, short version,
            String clientId, boolean zeroCopy) {
        RequestHeader header = new RequestHeader(api, version, clientId, 42);
        return new RequestContext(header, "conn-1", SocketAddress.inetSocketAddress(1234,
                "127.0.0.1"), "PLAINTEXT", KafkaPrincipal.ANONYMOUS, ClientInformation.EMPTY,
                eventLoop, version, zeroCopy);
    }

    /** Starts the call on the context's event loop; the future is the handler's. */
    public static Future<Reply> start(ApiHandler handler, RequestContext context,
            AbstractRequest request) {
        Promise<Reply> promise = Promise.promise();
        context.eventLoop().runOnContext(v -> {
            try {
                handler.handle(context, request).onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }

    public static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Decodes a reply at {@code version} as a client would. */
    public static AbstractResponse decode(Reply reply, ApiKeys api, short version) {
        ByteBuffer body;
        if (reply.response().isPresent()) {
            body = MessageUtil.toByteBufferAccessor(reply.response().get().data(), version)
                    .buffer();
        } else {
            body = concat(reply);
        }
        return AbstractResponse.parseResponse(api, new ByteBufferAccessor(body), version);
    }

    /** The bytes of a parts reply, file regions read from their channels. */
    public static ByteBuffer concat(Reply reply) {
        long total = 0;
        for (ResponsePart part : reply.parts()) {
            total += part.length();
        }
        ByteBuffer body = ByteBuffer.allocate(Math.toIntExact(total));
        for (ResponsePart part : reply.parts()) {
            if (part instanceof ResponsePart.Bytes bytes) {
                body.put(bytes.buffer().duplicate());
            } else if (part instanceof ResponsePart.ChannelRegion region) {
                ByteBuffer view = body.slice(body.position(), (int) region.length());
                try {
                    long at = region.position();
                    while (view.hasRemaining()) {
                        int read = region.channel().read(view, at);
                        if (read < 0) {
                            throw new IOException("Region beyond the end of the file");
                        }
                        at += read;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                body.position(body.position() + (int) region.length());
            } else {
                throw new IllegalStateException("Unexpected part " + part);
            }
        }
        return body.flip();
    }
}
