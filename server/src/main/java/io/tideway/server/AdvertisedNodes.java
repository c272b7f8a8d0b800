package io.tideway.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.Node;

/**
 * This node's endpoint as clients are told it in Metadata, DescribeCluster and
 * FindCoordinator-like responses: the {@code advertised.listeners} entry of the listener, else the
 * bound listener with its actual port. A wildcard bind address ({@code PLAINTEXT://:9092}, {@code
 * 0.0.0.0}) advertises the machine's canonical host name, as Apache Kafka does.
 *
 * <p>The handlers are built before the listener binds (a configured port 0 is only known after),
 * so this supplier is handed to them empty and {@link #publish published} once bound.
 *
 * <p>Thread-safe: the list is published through a volatile field and is immutable.
 */
final class AdvertisedNodes implements Supplier<List<Node>> {

    private final int nodeId;
    private final String rack;
    private volatile List<Node> nodes = List.of();

    AdvertisedNodes(int nodeId, String rack) {
        this.nodeId = nodeId;
        this.rack = rack;
    }

    /** The advertised nodes; empty until {@link #publish}. */
    @Override
    public List<Node> get() {
        return nodes;
    }

    /**
     * Computes and publishes the advertised endpoint of {@code bound}.
     *
     * @param bound the listener as bound (actual port)
     * @param advertised the configured {@code advertised.listeners}, or empty
     * @return the endpoint published
     */
    Endpoint publish(Endpoint bound, List<Endpoint> advertised) {
        Endpoint endpoint = advertisedEndpoint(bound, advertised);
        nodes = List.of(new Node(nodeId, endpoint.host(), endpoint.port(), rack));
        return endpoint;
    }

    /** The endpoint clients are given for the listener {@code bound}. */
    static Endpoint advertisedEndpoint(Endpoint bound, List<Endpoint> advertised) {
        Optional<Endpoint> configured = advertised.stream()
                .filter(e -> e.listenerName().equals(bound.listenerName()))
                .findFirst();
        if (configured.isPresent()) {
            return configured.get();
        }
        return bound.isWildcard() ? new Endpoint(bound.listenerName(), canonicalHostName(),
                bound.port()) : bound;
    }

    private static String canonicalHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            // Kafka fails here too; a name clients cannot resolve is worse than the loopback.
            return InetAddress.getLoopbackAddress().getHostAddress();
        }
    }
}
