package io.tideway.gateway.handlers.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;

/**
 * Validates manual replica assignments (CreateTopics and CreatePartitions) the way Kafka's
 * controller does, with its messages: every assignment must be non-empty, name only registered
 * brokers, name each broker once and match the other partitions' replication factor.
 *
 * <p>On a single node the only registered broker is this node, so the one valid assignment is
 * {@code [nodeId]} and the replication factor is 1.
 *
 * <p>Thread contract: stateless static helper.
 */
final class ReplicaAssignments {

    private ReplicaAssignments() {
    }

    /**
     * Checks one partition's broker list.
     *
     * @param brokerIds the replicas the client asked for
     * @param nodeId this node, the only registered broker
     * @param replicationFactor the factor the other partitions have, when known
     * @throws InvalidReplicaAssignmentException naming what is wrong
     */
    static void validate(List<Integer> brokerIds, int nodeId, OptionalInt replicationFactor) {
        if (brokerIds.isEmpty()) {
            throw new InvalidReplicaAssignmentException(
                    "The manual partition assignment includes an empty replica list.");
        }
        List<Integer> sorted = new ArrayList<>(brokerIds);
        sorted.sort(Integer::compare);
        Integer previous = null;
        for (Integer brokerId : sorted) {
            if (brokerId == null || brokerId != nodeId) {
                throw new InvalidReplicaAssignmentException("The manual partition assignment "
                        + "includes broker " + brokerId + ", but no such broker is registered.");
            }
            if (brokerId.equals(previous)) {
                throw new InvalidReplicaAssignmentException("The manual partition assignment "
                        + "includes the broker " + previous + " more than once.");
            }
            previous = brokerId;
        }
        if (replicationFactor.isPresent() && sorted.size() != replicationFactor.getAsInt()) {
            throw new InvalidReplicaAssignmentException("The manual partition assignment includes "
                    + "a partition with " + sorted.size() + " replica(s), but this is not "
                    + "consistent with previous partitions, which have "
                    + replicationFactor.getAsInt() + " replica(s).");
        }
    }
}
