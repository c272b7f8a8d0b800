package io.tideway.server;

import java.util.Locale;
import java.util.Objects;

/**
 * One listener address in Kafka's {@code NAME://host:port} form, as in {@code listeners} and
 * {@code advertised.listeners}. An empty host ({@code PLAINTEXT://:9092}) means every interface.
 *
 * <p>Thread-safe: immutable value.
 *
 * @param listenerName the listener name, upper case (for now the security protocol itself)
 * @param host the host or IP literal; empty for every interface
 * @param port 0-65535; 0 binds a free port
 */
public record Endpoint(String listenerName, String host, int port) {

    /** Validates the parts. */
    public Endpoint {
        Objects.requireNonNull(listenerName, "listenerName");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is outside 0-65535");
        }
    }

    /**
     * Parses {@code NAME://host:port}; IPv6 literals go in brackets ({@code
     * PLAINTEXT://[::1]:9092}).
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static Endpoint parse(String text) {
        String trimmed = text.trim();
        int scheme = trimmed.indexOf("://");
        if (scheme <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not of the form NAME://host:port");
        }
        String name = trimmed.substring(0, scheme).toUpperCase(Locale.ROOT);
        String address = trimmed.substring(scheme + 3);
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' has no port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': put IPv6 hosts in brackets");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a port that is not a number");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("'" + text + "' has port " + port
                    + " outside 0-65535");
        }
        return new Endpoint(name, host, port);
    }

    /** The host to bind: {@code 0.0.0.0} for an empty host. */
    public String bindHost() {
        return host.isEmpty() ? "0.0.0.0" : host;
    }

    /** Whether the host names every interface, which clients cannot connect to. */
    public boolean isWildcard() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
    }

    /** The same endpoint on another port (the one actually bound when the port was 0). */
    public Endpoint withPort(int boundPort) {
        return new Endpoint(listenerName, host, boundPort);
    }

    @Override
    public String toString() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return listenerName + "://" + shownHost + ":" + port;
    }
}
