package io.tideway.gateway.internal;

import io.tideway.gateway.ApiHandler;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * What to do with one received frame, as decided by {@link RequestRouter}.
 *
 * <p>Thread-safe: immutable values.
 */
public sealed interface Routing permits Routing.Dispatch, Routing.Refuse, Routing.Reject {

    /**
     * Call a handler.
     *
     * @param handler the handler serving the key
     * @param header the request header
     * @param request the decoded body
     * @param responseVersion the version to encode the response at
     */
    record Dispatch(ApiHandler handler, RequestHeader header, AbstractRequest request,
            short responseVersion) implements Routing {
    }

    /**
     * Answer with the API's error response for {@code error} without calling a handler (the
     * request parsed, but no handler serves this key at this version).
     *
     * @param header the request header
     * @param request the decoded body
     * @param error the error to answer with, {@code UNSUPPORTED_VERSION}
     * @param response the API's error response for {@code error}, already built (never null)
     */
    record Refuse(RequestHeader header, AbstractRequest request, ApiException error,
            AbstractResponse response) implements Routing {
    }

    /**
     * The frame cannot be answered: close the connection, as Apache Kafka does.
     *
     * @param reason a short static description for the log line
     * @param apiKey the API key id read from the frame, -1 when the frame is too short
     * @param apiVersion the API version read from the frame, -1 when the frame is too short
     * @param cause the parser's exception, or null
     */
    record Reject(String reason, short apiKey, short apiVersion, RuntimeException cause)
            implements Routing {
    }
}
