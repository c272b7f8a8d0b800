package io.tideway.gateway.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.util.ReferenceCountUtil;
import io.tideway.gateway.GatewayOptions;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

/**
 * One client connection: frames in, routed requests to handlers, responses out in request order.
 *
 * <p>Pipelining: every decoded request is dispatched at once; handlers may finish in any order and
 * the {@link ResponseSequencer} releases responses in arrival order. Backpressure: reading pauses
 * while {@link GatewayOptions#maxInFlightRequests()} requests await their response or while the
 * socket's write queue is full, and resumes when both clear.
 *
 * <p>Reading: the socket's buffers (Netty's, pooled) go straight to the {@link FrameDecoder}, which
 * copies each request into its frame and keeps nothing else, and are released at once. (Vert.x's
 * data handler would first copy every read into a new heap buffer: a second heap copy of every
 * produced byte, which doubled the broker's garbage and its GC frequency at high produce rates.)
 *
 * <p>Failure isolation: an invalid frame or an unanswerable request closes this connection only
 * (with one log line naming the peer and the reason); a failing handler is answered with the API's
 * error response and the connection continues.
 *
 * <p>Thread contract: created in the server's connect handler and confined to that event-loop
 * context; handler completions from other threads hop back onto it.
 */
public final class KafkaConnection {


    /*
     * Socket read sizes. Netty's default adapts up to 64 KiB per read, so a producer's 128 KiB
     * request arrived in three or more reads and was assembled from pieces; reads of up to 512 KiB
     * take most requests whole (one copy into the frame, fewer read calls). The buffer is pooled and
     * released right after the decoder has copied from it.
     */
    private static final AdaptiveRecvByteBufAllocator READ_SIZES =
            new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 512 * 1024); // per-channel handles

    /** A request waiting for its turn to be answered. */
    private record InFlight(RequestHeader header, AbstractRequest request, short responseVersion) {
    }

    private final NetSocket socket;
    private final Context context;
    private final RequestRouter router;
    private final GatewayOptions options;
    private final String connectionId;
    private final SocketAddress remote;
    private final ConnectionLog events;
    private final FrameDecoder decoder;
    private final ResponseSequencer<InFlight, Reply> sequencer;
    private final ResponseWriter writer;
    private final ReadGate readGate;
    private final Runnable onClosed;
    private ClientInformation clientInformation = ClientInformation.EMPTY;
    private boolean closed;

    /**
     * @param socket the accepted socket
     * @param router routes frames to handlers
     * @param options limits of the listener
     * @param connectionId unique id for logs and handlers
     */
    public KafkaConnection(NetSocket socket, RequestRouter router, GatewayOptions options,
            String connectionId) {
        this(socket, router, options, connectionId, () -> { });
    }

    /**
     * @param socket the accepted socket
     * @param router routes frames to handlers
     * @param options limits of the listener
     * @param connectionId unique id for logs and handlers
     * @param onClosed run once, on the connection's context, when the socket has closed
     */
    public KafkaConnection(NetSocket socket, RequestRouter router, GatewayOptions options,
            String connectionId, Runnable onClosed) {
        this.socket = socket;
        this.onClosed = onClosed;
        this.context = Vertx.currentContext();
        this.router = router;
        this.options = options;
        this.connectionId = connectionId;
        this.remote = socket.remoteAddress();
        this.events = new ConnectionLog(remote, connectionId);
        this.decoder = new FrameDecoder(options.maxRequestBytes(), new FrameDecoder.Listener() {
            @Override
            public void onFrame(ByteBuffer frame) {
                KafkaConnection.this.onFrame(frame);
            }

            @Override
            public void onInvalidFrame(String reason, int size) {
                KafkaConnection.this.onInvalidFrame(reason, size);
            }
        });
        this.sequencer = new ResponseSequencer<>(this::send, (inFlight, reply) -> reply.release());
        this.writer = new ResponseWriter(socket);
        ChannelConfig channel = ((NetSocketInternal) socket).channelHandlerContext().channel()
                .config();
        channel.setRecvByteBufAllocator(READ_SIZES);
        this.readGate = new ReadGate(channel, decoder);
        if (context == null) {
            throw new IllegalStateException("A connection must be created on its Vert.x context");
        }
    }

    /** Starts reading. */
    public void start() {
        ((NetSocketInternal) socket).messageHandler(this::onRead);
        socket.drainHandler(v -> readGate.resume(ReadGate.WRITE_QUEUE_FULL));
        socket.closeHandler(v -> onClosed());
        socket.exceptionHandler(this::onSocketError);
        events.opened();
    }

    /** A socket read: decoded (the decoder keeps no reference to it), then released. */
    private void onRead(Object message) {
        try {
            if (message instanceof ByteBuf bytes) {
                decoder.feed(BufferInternal.buffer(bytes.slice())); // readable bytes from 0
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void onFrame(ByteBuffer frame) {
        Routing routing = router.route(frame);
        if (routing instanceof Routing.Reject reject) {
            events.rejected(reject);
            close();
        } else if (routing instanceof Routing.Refuse refuse) {
            events.refused(refuse.header());
            InFlight inFlight = new InFlight(refuse.header(), refuse.request(),
                    refuse.header().apiVersion());
            ResponseSequencer.Slot<InFlight, Reply> slot = admit(inFlight);
            answer(slot, Future.succeededFuture(Reply.of(refuse.response())));
        } else {
            dispatch((Routing.Dispatch) routing);
        }
    }

    private void dispatch(Routing.Dispatch dispatch) {
        RequestContext requestContext = new RequestContext(dispatch.header(), connectionId, remote,
                options.listenerName(), KafkaPrincipal.ANONYMOUS, clientInformation, context,
                dispatch.responseVersion(), !socket.isSsl());
        rememberClientSoftware(dispatch.request());
        ResponseSequencer.Slot<InFlight, Reply> slot = admit(
                new InFlight(dispatch.header(), dispatch.request(), dispatch.responseVersion()));
        Future<Reply> reply;
        try {
            reply = dispatch.handler().handle(requestContext, dispatch.request());
            if (reply == null) {
                throw new IllegalStateException(dispatch.handler().getClass().getName()
                        + " returned a null future");
            }
        } catch (RuntimeException e) {
            reply = Future.failedFuture(e);
        }
        reply.onComplete(result -> onContext(() -> answer(slot, result)));
    }

    /** KIP-511: the client software of a valid ApiVersions request names this connection's client. */
    private void rememberClientSoftware(AbstractRequest request) {
        if (request instanceof ApiVersionsRequest apiVersions
                && !apiVersions.hasUnsupportedRequestVersion() && apiVersions.isValid()
                && request.version() >= 3) {
            clientInformation = new ClientInformation(apiVersions.data().clientSoftwareName(),
                    apiVersions.data().clientSoftwareVersion());
        }
    }

    private ResponseSequencer.Slot<InFlight, Reply> admit(InFlight inFlight) {
        ResponseSequencer.Slot<InFlight, Reply> slot = sequencer.enqueue(inFlight);
        if (sequencer.inFlight() >= options.maxInFlightRequests()) {
            readGate.pause(ReadGate.IN_FLIGHT_BUDGET);
        }
        return slot;
    }

    private void answer(ResponseSequencer.Slot<InFlight, Reply> slot, AsyncResult<Reply> result) {
        if (closed) {
            if (result.succeeded() && result.result() != null) {
                result.result().release();
            }
            return;
        }
        Reply reply;
        if (result.succeeded() && result.result() != null) {
            reply = result.result();
        } else {
            Throwable cause = result.succeeded()
                    ? new IllegalStateException("Handler completed with a null reply")
                    : result.cause();
            if (expectsNoResponse(slot.key().request())) {
                closeUnanswerable(slot.key().header(), cause);
                return;
            }
            try {
                reply = errorReply(slot.key(), cause);
            } catch (RuntimeException e) {
                events.noErrorResponse(slot.key().header(), e);
                close();
                return;
            }
        }
        sequencer.complete(slot, reply);
    }

    /**
     * A Produce with {@code acks=0} never gets a response, so its client cannot be told about an
     * error; like Apache Kafka, close the connection instead, which the client does notice.
     */
    private static boolean expectsNoResponse(AbstractRequest request) {
        return request instanceof ProduceRequest produce && produce.acks() == 0;
    }

    private void closeUnanswerable(RequestHeader header, Throwable cause) {
        events.unanswerableFailure(header, cause);
        close();
    }

    private Reply errorReply(InFlight inFlight, Throwable cause) {
        if (!(cause instanceof ApiException)) {
            events.handlerFailed(inFlight.header(), cause);
        }
        return Reply.of(inFlight.request().getErrorResponse(cause));
    }

    /** Sequencer sink: the reply is next in line. */
    private void send(InFlight inFlight, Reply reply) {
        if (!reply.isNone()) {
            write(inFlight, reply);
        } else {
            reply.release();
        }
        if (sequencer.inFlight() < options.maxInFlightRequests()) {
            readGate.resume(ReadGate.IN_FLIGHT_BUDGET);
        }
    }

    private void write(InFlight inFlight, Reply reply) {
        ByteBuffer prefix;
        try {
            prefix = ResponseEncoder.encodePrefix(inFlight.header(), inFlight.responseVersion(),
                    reply);
        } catch (RuntimeException e) {
            reply.release();
            events.encodeFailed(inFlight.header(), inFlight.responseVersion(), e);
            close();
            return;
        }
        writer.write(prefix, reply.parts()).onComplete(written -> {
            reply.release();
            if (written.failed() && !closed) {
                events.ioFailed("write", written.cause());
                close();
            }
        });
        if (socket.writeQueueFull()) {
            readGate.pause(ReadGate.WRITE_QUEUE_FULL);
        }
    }

    private void onInvalidFrame(String reason, int size) {
        events.invalidFrame(reason, size, options.maxRequestBytes());
        close();
    }

    private void onSocketError(Throwable error) {
        events.ioFailed("socket", error);
        close();
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        release();
        socket.close();
    }

    private void onClosed() {
        if (!closed) {
            release();
        }
        events.closed();
        onClosed.run();
    }

    private void release() {
        closed = true;
        readGate.close();
        decoder.stop();
        sequencer.close();
    }
}
