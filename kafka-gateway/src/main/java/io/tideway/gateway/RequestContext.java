package io.tideway.gateway;

import io.vertx.core.Context;
import io.vertx.core.net.SocketAddress;
import java.util.Objects;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

/**
 * Everything a handler knows about one request besides its body: the header, the connection it
 * arrived on, who sent it and the event-loop context that owns the connection.
 *
 * <p>Thread contract: immutable; safe to pass to any thread. Work touching the connection (there
 * is none in the handler SPI) or partition state owned by this context must hop back to {@link
 * #eventLoop()}.
 *
 * @param header the parsed request header
 * @param connectionId unique per gateway, {@code local-remote-sequence} like Kafka's
 * @param remoteAddress the peer's address
 * @param listenerName the listener the connection arrived on, for example {@code PLAINTEXT}
 * @param principal the authenticated principal; {@link KafkaPrincipal#ANONYMOUS} until SASL exists
 * @param clientInformation client software name and version from the connection's last valid
 *     ApiVersions request (KIP-511), {@code unknown} before that
 * @param eventLoop the Vert.x context owning the connection
 * @param responseVersion the version the response body is encoded at: the request version, except
 *     0 for an ApiVersions request of a version this broker does not support (KIP-511)
 * @param zeroCopySupported whether {@link ResponsePart.ChannelRegion}s can be sent ({@code false}
 *     on TLS connections)
 */
public record RequestContext(
        RequestHeader header,
        String connectionId,
        SocketAddress remoteAddress,
        String listenerName,
        KafkaPrincipal principal,
        ClientInformation clientInformation,
        Context eventLoop,
        short responseVersion,
        boolean zeroCopySupported) {

    /** Validates that no component is null. */
    public RequestContext {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(listenerName, "listenerName");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(clientInformation, "clientInformation");
        Objects.requireNonNull(eventLoop, "eventLoop");
    }

    /** The API key of the request. */
    public ApiKeys apiKey() {
        return header.apiKey();
    }

    /** The request's API version. */
    public short apiVersion() {
        return header.apiVersion();
    }

    /** The request's correlation id, echoed in the response header. */
    public int correlationId() {
        return header.correlationId();
    }

    /** The client id from the header ({@code ""} when the client sent none). */
    public String clientId() {
        return header.clientId();
    }
}
