package io.tideway.gateway.internal;

import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.ApiRegistry;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Decodes one frame and decides how to serve it, following Apache Kafka's broker:
 *
 * <ol>
 *   <li>Unknown API key, unparsable header: {@link Routing.Reject} (Kafka closes the connection).
 *   <li>ApiVersions at a version the registry does not serve: dispatched to the ApiVersions handler
 *       as an unparsed v0 request flagged unsupported, answered at v0 (KIP-511).
 *   <li>A version kafka-clients cannot parse, or a body that does not parse (truncated fields,
 *       absurd array lengths): {@link Routing.Reject}.
 *   <li>A parsable request for a key no handler serves, or at a version its handler does not
 *       accept: {@link Routing.Refuse} with UNSUPPORTED_VERSION (Kafka closes here too; answering
 *       is kinder to clients and costs nothing since the request parsed), or {@link
 *       Routing.Reject} when there is no error response to send (an {@code acks=0} Produce, or
 *       one kafka-clients cannot build for the request).
 *   <li>Otherwise {@link Routing.Dispatch}.
 * </ol>
 *
 * <p>Never throws for any input bytes. Thread-safe: stateless apart from the immutable registry.
 */
public final class RequestRouter {

    private final ApiRegistry registry;
    private final ApiHandler apiVersionsHandler;

    /** @param registry the handlers to route to */
    public RequestRouter(ApiRegistry registry) {
        this.registry = registry;
        this.apiVersionsHandler = registry.handler(ApiKeys.API_VERSIONS).orElseThrow();
    }

    /** Routes one frame (the bytes after the size prefix); consumes the buffer. */
    public Routing route(ByteBuffer frame) {
        if (frame.remaining() < 4) {
            return new Routing.Reject("frame too short for a request header", (short) -1,
                    (short) -1, null);
        }
        short keyId = frame.getShort(frame.position());
        short version = frame.getShort(frame.position() + 2);
        if (!ApiKeys.hasId(keyId)) {
            return new Routing.Reject("unknown API key", keyId, version, null);
        }
        RequestHeader header;
        try {
            header = RequestHeader.parse(frame);
        } catch (RuntimeException e) {
            return new Routing.Reject("malformed request header", keyId, version, e);
        }
        ApiKeys key = header.apiKey();
        if (key == ApiKeys.API_VERSIONS && !registry.accepts(key, version)) {
            ApiVersionsRequest unsupported =
                    new ApiVersionsRequest(new ApiVersionsRequestData(), (short) 0, version);
            return new Routing.Dispatch(apiVersionsHandler, header, unsupported, (short) 0);
        }
        if (version < key.oldestVersion() || version > key.latestVersion(true)) {
            return new Routing.Reject("API version not supported by the codec", keyId, version,
                    null);
        }
        AbstractRequest request;
        try {
            request = AbstractRequest.parseRequest(key, version, new ByteBufferAccessor(frame))
                    .request;
        } catch (RuntimeException e) {
            return new Routing.Reject("malformed request body", keyId, version, e);
        }
        Optional<ApiHandler> handler = registry.handler(key);
        if (handler.isEmpty()) {
            return refuse(header, request, new UnsupportedVersionException(
                    "API " + key.name + " is not supported by this broker"));
        }
        if (!handler.get().accepts(version)) {
            return refuse(header, request, new UnsupportedVersionException(
                    "API " + key.name + " v" + version + " is not supported; this broker accepts v"
                            + handler.get().minVersion() + "-v" + handler.get().maxVersion()));
        }
        return new Routing.Dispatch(handler.get(), header, request, version);
    }

    /**
     * Refuses with the API's error response; rejects when there is none to send: a Produce with
     * {@code acks=0} (its client reads no response and only notices a closed connection, as
     * Kafka does it) or a request kafka-clients cannot build one for (DescribeUserScramCredentials
     * with a null user list, which its error response dereferences). Kafka closes in both cases.
     */
    private static Routing refuse(RequestHeader header, AbstractRequest request,
            UnsupportedVersionException error) {
        AbstractResponse response;
        try {
            response = request.getErrorResponse(error);
        } catch (RuntimeException e) {
            return new Routing.Reject("unsupported request whose error response cannot be built",
                    header.apiKey().id, header.apiVersion(), e);
        }
        if (response == null) {
            return new Routing.Reject("unsupported request that expects no response",
                    header.apiKey().id, header.apiVersion(), null);
        }
        return new Routing.Refuse(header, request, error, response);
    }
}
