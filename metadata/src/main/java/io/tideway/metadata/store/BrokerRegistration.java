package io.tideway.metadata.store;

import java.util.Objects;

/**
 * A broker's registration: where clients reach it and the epoch of this registration.
 * Each registration gets a new epoch, larger than every earlier one in the cluster, so a stale
 * incarnation of a broker can be told apart from the current one. Immutable and thread-safe.
 *
 * @param brokerId the broker id (0 or more)
 * @param host the advertised host
 * @param port the advertised port (1 to 65535)
 * @param rack the rack, or null when none is configured
 * @param epoch the registration epoch (positive)
 */
public record BrokerRegistration(int brokerId, String host, int port, String rack, long epoch) {

    /** Validates the fields. */
    public BrokerRegistration {
        if (brokerId < 0) {
            throw new IllegalArgumentException("Broker id must not be negative, got " + brokerId);
        }
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("Broker " + brokerId + " host must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("Broker " + brokerId + " port must be from 1 to 65535, got " + port);
        }
    }
}
