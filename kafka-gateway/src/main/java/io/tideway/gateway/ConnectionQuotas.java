package io.tideway.gateway;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts the open client connections of a broker, over all its listeners, and admits a new one
 * only while it stays within the {@link ConnectionLimits}. Share one instance between every
 * {@link KafkaGateway} of the broker: {@code max.connections} is broker-wide.
 *
 * <p>Invariant: {@link #connections()} equals the number of admissions not yet released, and so
 * does the sum of {@link #connectionsFrom} over all addresses; neither exceeds its limit because
 * of an admission (a limit lowered below the current count only stops new admissions).
 *
 * <p>Thread-safe: admissions happen on the accepting event loops, releases on the connections'
 * event loops; one lock guards the counts (accepting a connection is rare next to serving it).
 */
public final class ConnectionQuotas {

    /**
     * Why a connection was refused.
     *
     * @param config the configuration key of the limit that was reached
     * @param limit its value
     * @param open the connections it counts, already open
     */
    public record Refusal(String config, int limit, int open) {
    }

    private final ConnectionLimits limits;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>(); // guarded by this
    private int total; // guarded by this

    /** @param limits the caps to enforce */
    public ConnectionQuotas(ConnectionLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Quotas that admit every connection and only count them. */
    public static ConnectionQuotas unlimited() {
        return new ConnectionQuotas(ConnectionLimits.unlimited());
    }

    /** The limits enforced. */
    public ConnectionLimits limits() {
        return limits;
    }

    /**
     * Admits a connection from {@code address} and counts it, unless a limit is reached.
     *
     * @return empty when admitted (then {@link #release} must follow exactly once), else the
     *     limit that refused it; the per-address limit is checked first, as Kafka does
     */
    public synchronized Optional<Refusal> tryAcquire(InetAddress address) {
        Objects.requireNonNull(address, "address");
        int fromAddress = perAddress.getOrDefault(address, 0);
        int addressLimit = limits.maxConnectionsFrom(address);
        if (fromAddress >= addressLimit) {
            String config = limits.perIpOverrides().containsKey(address)
                    ? "max.connections.per.ip.overrides" : "max.connections.per.ip";
            return Optional.of(new Refusal(config, addressLimit, fromAddress));
        }
        if (total >= limits.maxConnections()) {
            return Optional.of(new Refusal("max.connections", limits.maxConnections(), total));
        }
        perAddress.put(address, fromAddress + 1);
        total++;
        return Optional.empty();
    }

    /**
     * Uncounts a connection admitted from {@code address}.
     *
     * @throws IllegalStateException when no admitted connection from it is open (a double
     *     release), leaving the counts unchanged
     */
    public synchronized void release(InetAddress address) {
        Integer fromAddress = perAddress.get(address);
        if (fromAddress == null) {
            throw new IllegalStateException("No open connection from " + address.getHostAddress()
                    + " to release");
        }
        if (fromAddress == 1) {
            perAddress.remove(address);
        } else {
            perAddress.put(address, fromAddress - 1);
        }
        total--;
    }

    /** Open connections over all listeners. */
    public synchronized int connections() {
        return total;
    }

    /** Open connections from {@code address}. */
    public synchronized int connectionsFrom(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }
}
