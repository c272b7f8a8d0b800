package io.tideway.gateway.handlers.admin;

import io.tideway.broker.ClusterIdentity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.Node;

/**
 * Who this node is and where clients reach it: the engine's {@link ClusterIdentity} plus the
 * advertised endpoints, read through a supplier because the port is known only once the listener
 * has bound.
 *
 * <p>Tideway is one node that is also its own controller, so the controller id is this node's id
 * and every partition's only replica and leader is this node.
 *
 * <p>Thread contract: immutable apart from the supplier, which must be thread-safe; each call of
 * {@link #brokers()} reads it once, so a request sees one consistent list.
 */
final class NodeEndpoints {

    private final Supplier<ClusterIdentity> identity;
    private final Supplier<List<Node>> advertised;

    NodeEndpoints(Supplier<ClusterIdentity> identity, Supplier<List<Node>> advertised) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.advertised = Objects.requireNonNull(advertised, "advertised");
    }

    /** This node's id. */
    int nodeId() {
        return identity.get().nodeId();
    }

    /** The cluster id. */
    String clusterId() {
        return identity.get().clusterId();
    }

    /**
     * The advertised endpoints, at most one per node id (the first wins) and without empty
     * ({@link Node#isEmpty()}) entries; empty before the listener has bound.
     */
    List<Node> brokers() {
        List<Node> supplied = advertised.get();
        if (supplied == null || supplied.isEmpty()) {
            return List.of();
        }
        Set<Integer> seen = new LinkedHashSet<>();
        List<Node> nodes = new ArrayList<>(supplied.size());
        for (Node node : supplied) {
            if (node != null && !node.isEmpty() && seen.add(node.id())) {
                nodes.add(node);
            }
        }
        return List.copyOf(nodes);
    }

    /** This node's endpoint in {@code brokers}, if it is advertised there. */
    Optional<Node> self(List<Node> brokers) {
        int nodeId = nodeId();
        return brokers.stream().filter(node -> node.id() == nodeId).findFirst();
    }
}
