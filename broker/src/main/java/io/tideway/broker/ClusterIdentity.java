package io.tideway.broker;

/**
 * Who this node is: the cluster id kept in the metadata store, this node's id and rack, and the
 * controller the clients are told about (this node: Tideway has no separate controller quorum).
 *
 * <p>Immutable and thread-safe.
 *
 * @param clusterId the cluster id (22-character base64 UUID, as Kafka's)
 * @param nodeId this broker's {@code node.id}
 * @param rack this broker's rack, or null
 */
public record ClusterIdentity(String clusterId, int nodeId, String rack) {
}
