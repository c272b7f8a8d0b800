package io.tideway.gateway;

import io.vertx.core.Future;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * Serves one Kafka API key: the gateway decodes the request, calls {@link #handle} and writes the
 * {@link Reply} back in request order.
 *
 * <p>Thread contract: one instance serves every connection on every event loop, so an
 * implementation must be thread-safe (ideally stateless, delegating to the broker). {@link
 * #handle} is called on the requesting connection's event-loop context and must not block it; the
 * returned future may complete on any thread.
 *
 * <p>Invariants checked by {@link ApiRegistry}: {@code advertisedMinVersion() <= minVersion() <=
 * advertisedMaxVersion() <= maxVersion()}, {@code minVersion() >= apiKey().oldestVersion()} and
 * {@code maxVersion() <= apiKey().latestVersion(true)}, i.e. kafka-clients can parse every
 * accepted version.
 */
public interface ApiHandler {

    /** The API key this handler serves. */
    ApiKeys apiKey();

    /** The lowest request version this handler accepts. */
    short minVersion();

    /** The highest request version this handler accepts. */
    short maxVersion();

    /**
     * The highest version advertised in ApiVersions, by default {@link #maxVersion()}.
     *
     * <p>A handler may accept a version it does not advertise: Kafka 4.4.0 marks InitProducerId
     * v6 (KIP-939 two-phase commit) unstable and leaves it out of ApiVersions, so clients never
     * pick it, yet a client that sends it anyway gets Kafka's answer rather than a closed
     * connection.
     */
    default short advertisedMaxVersion() {
        return maxVersion();
    }

    /**
     * The lowest version advertised in ApiVersions, by default {@link #minVersion()}.
     *
     * <p>A handler may advertise versions it does not accept, as Apache Kafka does for Produce
     * (advertised from v0 because librdkafka only enables compression when it sees Produce v0,
     * but v0-v2 are rejected). Requests below {@link #minVersion()} never reach {@link #handle}.
     */
    default short advertisedMinVersion() {
        return minVersion();
    }

    /** Whether {@code version} lies in {@code [minVersion(), maxVersion()]}. */
    default boolean accepts(short version) {
        return version >= minVersion() && version <= maxVersion();
    }

    /**
     * Serves one request.
     *
     * @param context who asked, on which connection, and at which version the reply is encoded
     * @param request the decoded request, of the concrete class for {@link #apiKey()} (for example
     *     {@code ProduceRequest})
     * @return the reply; a failed future (or a thrown exception) is answered with the API's error
     *     response for that exception ({@code UNKNOWN_SERVER_ERROR} unless it is a Kafka {@code
     *     ApiException}) and the connection stays open
     */
    Future<Reply> handle(RequestContext context, AbstractRequest request);
}
