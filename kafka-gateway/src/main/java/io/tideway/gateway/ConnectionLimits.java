package io.tideway.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How many client connections the broker accepts, as Apache Kafka's {@code max.connections},
 * {@code max.connections.per.ip} and {@code max.connections.per.ip.overrides} define it: a
 * broker-wide cap over every listener, a cap per client address, and per-address exceptions to
 * the latter. A connection beyond a cap is closed as soon as it is accepted.
 *
 * <p>Thread-safe: immutable value.
 *
 * @param maxConnections {@code max.connections}: open connections over all listeners
 * @param maxConnectionsPerIp {@code max.connections.per.ip}: open connections from one address
 * @param perIpOverrides {@code max.connections.per.ip.overrides}: the cap of specific addresses
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerIp,
        Map<InetAddress, Integer> perIpOverrides) {

    /** Kafka's default for both caps: no limit. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /** Validates ranges: every cap is at least 0; 0 per address needs overrides (as Kafka). */
    public ConnectionLimits {
        Objects.requireNonNull(perIpOverrides, "perIpOverrides");
        if (maxConnections < 0) {
            throw new IllegalArgumentException("max.connections must be >= 0, got "
                    + maxConnections);
        }
        if (maxConnectionsPerIp < 0) {
            throw new IllegalArgumentException("max.connections.per.ip must be >= 0, got "
                    + maxConnectionsPerIp);
        }
        if (maxConnectionsPerIp == 0 && perIpOverrides.isEmpty()) {
            throw new IllegalArgumentException("max.connections.per.ip can be 0 only when"
                    + " max.connections.per.ip.overrides names the addresses allowed to connect");
        }
        perIpOverrides.forEach((address, cap) -> {
            if (cap < 0) {
                throw new IllegalArgumentException("max.connections.per.ip.overrides: the cap of "
                        + address.getHostAddress() + " must be >= 0, got " + cap);
            }
        });
        perIpOverrides = Map.copyOf(perIpOverrides);
    }

    /** No limit at all. */
    public static ConnectionLimits unlimited() {
        return new ConnectionLimits(UNLIMITED, UNLIMITED, Map.of());
    }

    /** The cap for connections from {@code address}. */
    public int maxConnectionsFrom(InetAddress address) {
        return perIpOverrides.getOrDefault(address, maxConnectionsPerIp);
    }

    /**
     * Parses {@code max.connections.per.ip.overrides}: comma-separated {@code host:count} entries,
     * where host is a name or an address (IPv6 too: the count follows the last colon), for
     * example {@code "hostName:100,127.0.0.1:200"}. Blank means none.
     *
     * @return host to count, in the order given
     * @throws IllegalArgumentException naming the entry that is not {@code host:count} with a
     *     count of at least 0, or a host given twice
     */
    public static Map<String, Integer> parseOverrides(String value) {
        Map<String, Integer> overrides = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return overrides;
        }
        for (String raw : value.split(",")) {
            String entry = raw.trim();
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("'" + entry + "' is not host:count");
            }
            String host = entry.substring(0, colon).trim();
            int count;
            try {
                count = Integer.parseInt(entry.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + entry + "': the count is not an integer");
            }
            if (count < 0) {
                throw new IllegalArgumentException("'" + entry + "': the count must be >= 0");
            }
            if (overrides.put(host, count) != null) {
                throw new IllegalArgumentException("'" + host + "' appears twice");
            }
        }
        return overrides;
    }

    /**
     * Builds the limits, resolving the override hosts to addresses as Kafka does (a name maps to
     * the first address it resolves to). Resolving a name may block on DNS: call at start-up,
     * never on an event loop.
     *
     * @throws IllegalArgumentException when a host cannot be resolved or a value is out of range
     */
    public static ConnectionLimits resolve(int maxConnections, int maxConnectionsPerIp,
            Map<String, Integer> overrides) {
        Map<InetAddress, Integer> byAddress = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> entry : overrides.entrySet()) {
            try {
                byAddress.put(InetAddress.getByName(stripBrackets(entry.getKey())),
                        entry.getValue());
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("max.connections.per.ip.overrides: cannot"
                        + " resolve host '" + entry.getKey() + "'", e);
            }
        }
        return new ConnectionLimits(maxConnections, maxConnectionsPerIp, byAddress);
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host;
    }
}
