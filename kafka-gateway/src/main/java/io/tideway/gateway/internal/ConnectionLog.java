package io.tideway.gateway.internal;

import io.vertx.core.net.SocketAddress;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The log lines of one connection: static messages, context as key-values, every line naming the
 * peer and the connection. Logged under {@link KafkaConnection}'s logger.
 *
 * <p>Thread contract: immutable; used from the connection's event loop.
 */
final class ConnectionLog {

    private static final Logger log = LoggerFactory.getLogger(KafkaConnection.class);

    private final SocketAddress remote;
    private final String connectionId;

    ConnectionLog(SocketAddress remote, String connectionId) {
        this.remote = remote;
        this.connectionId = connectionId;
    }

    private LoggingEventBuilder tag(LoggingEventBuilder event) {
        return event.addKeyValue("remote", remote).addKeyValue("connection", connectionId);
    }

    void opened() {
        tag(log.atDebug().setMessage("Connection opened")).log();
    }

    void closed() {
        tag(log.atDebug().setMessage("Connection closed")).log();
    }

    void invalidFrame(String reason, int size, int maxRequestBytes) {
        tag(log.atWarn().setMessage("Closing connection: invalid frame"))
                .addKeyValue("reason", reason)
                .addKeyValue("size", size)
                .addKeyValue("maxRequestBytes", maxRequestBytes)
                .log();
    }

    void rejected(Routing.Reject reject) {
        LoggingEventBuilder event = tag(log.atWarn()
                .setMessage("Closing connection: request cannot be answered"))
                .addKeyValue("reason", reject.reason())
                .addKeyValue("apiKey", reject.apiKey())
                .addKeyValue("apiVersion", reject.apiVersion());
        if (reject.cause() != null) {
            event = event.addKeyValue("error", reject.cause().getMessage());
        }
        event.log();
    }

    void refused(RequestHeader header) {
        tag(log.atInfo().setMessage("Answering UNSUPPORTED_VERSION"))
                .addKeyValue("apiKey", header.apiKey())
                .addKeyValue("apiVersion", header.apiVersion())
                .addKeyValue("clientId", header.clientId())
                .log();
    }

    void handlerFailed(RequestHeader header, Throwable cause) {
        tag(log.atError().setMessage("Request handler failed; answering UNKNOWN_SERVER_ERROR"))
                .addKeyValue("apiKey", header.apiKey())
                .addKeyValue("apiVersion", header.apiVersion())
                .addKeyValue("correlationId", header.correlationId())
                .setCause(cause)
                .log();
    }

    void unanswerableFailure(RequestHeader header, Throwable cause) {
        tag(log.atWarn().setMessage("Closing connection: acks=0 produce failed and cannot be"
                + " answered"))
                .addKeyValue("correlationId", header.correlationId())
                .addKeyValue("error", String.valueOf(cause))
                .log();
    }

    void noErrorResponse(RequestHeader header, RuntimeException e) {
        tag(log.atError().setMessage("Closing connection: no error response for failed request"))
                .addKeyValue("apiKey", header.apiKey())
                .setCause(e)
                .log();
    }

    void encodeFailed(RequestHeader header, short version, RuntimeException e) {
        tag(log.atError().setMessage("Closing connection: response cannot be encoded"))
                .addKeyValue("apiKey", header.apiKey())
                .addKeyValue("apiVersion", version)
                .setCause(e)
                .log();
    }

    void ioFailed(String what, Throwable error) {
        tag(log.atDebug().setMessage("Closing connection: I/O failed"))
                .addKeyValue("during", what)
                .addKeyValue("error", error.toString())
                .log();
    }
}
