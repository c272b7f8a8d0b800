package io.tideway.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * How one Kafka listener binds and protects itself.
 *
 * <p>Thread-safe: immutable value.
 *
 * @param listenerName the listener name reported to handlers, for example {@code PLAINTEXT}
 * @param host the interface to bind; {@code 0.0.0.0} for all
 * @param port the port to bind; 0 picks a free one (see {@link KafkaGateway#port()})
 * @param maxRequestBytes {@code socket.request.max.bytes}: a larger frame closes its connection
 * @param maxInFlightRequests per connection: reading pauses while this many requests await their
 *     response, and resumes when one leaves
 * @param idleTimeout close connections idle this long ({@code connections.max.idle.ms});
 *     {@link Duration#ZERO} never closes them
 * @param instances how many event loops accept connections on this listener (1 when {@code port}
 *     is 0)
 */
public record GatewayOptions(
        String listenerName,
        String host,
        int port,
        int maxRequestBytes,
        int maxInFlightRequests,
        Duration idleTimeout,
        int instances) {

    /** Kafka's default {@code socket.request.max.bytes}: 100 MiB. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 104_857_600;
    /** Default in-flight request budget per connection. */
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 100;
    /** Kafka's default {@code connections.max.idle.ms}: 10 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

    /** Validates ranges. */
    public GatewayOptions {
        Objects.requireNonNull(listenerName, "listenerName");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be >= 1, got " + maxRequestBytes);
        }
        if (maxInFlightRequests < 1) {
            throw new IllegalArgumentException(
                    "maxInFlightRequests must be >= 1, got " + maxInFlightRequests);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative, got " + idleTimeout);
        }
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be >= 1, got " + instances);
        }
    }

    /** A {@code PLAINTEXT} listener on {@code host:port} with Kafka's defaults and one instance. */
    public static GatewayOptions defaults(String host, int port) {
        return new GatewayOptions("PLAINTEXT", host, port, DEFAULT_MAX_REQUEST_BYTES,
                DEFAULT_MAX_IN_FLIGHT_REQUESTS, DEFAULT_IDLE_TIMEOUT, 1);
    }

    /** A copy with another request size limit. */
    public GatewayOptions withMaxRequestBytes(int bytes) {
        return new GatewayOptions(listenerName, host, port, bytes, maxInFlightRequests, idleTimeout,
                instances);
    }

    /** A copy with another in-flight budget. */
    public GatewayOptions withMaxInFlightRequests(int requests) {
        return new GatewayOptions(listenerName, host, port, maxRequestBytes, requests, idleTimeout,
                instances);
    }

    /** A copy with another accepting-instance count. */
    public GatewayOptions withInstances(int count) {
        return new GatewayOptions(listenerName, host, port, maxRequestBytes, maxInFlightRequests,
                idleTimeout, count);
    }
}
