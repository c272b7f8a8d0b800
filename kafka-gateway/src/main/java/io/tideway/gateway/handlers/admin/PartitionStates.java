package io.tideway.gateway.handlers.admin;

import io.tideway.broker.Partition;
import io.tideway.broker.PartitionService;
import io.tideway.broker.TopicInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * What Metadata and DescribeTopicPartitions report about one partition of this single node, the
 * way Kafka's metadata cache derives it from leader, replicas and broker registrations.
 *
 * <ul>
 *   <li>Open, and this node advertises an endpoint: leader and only replica is this node, at the
 *       partition's leader epoch; no error.
 *   <li>Open, but this node has no advertised endpoint (the listener is not bound yet): no leader,
 *       the replica counts as offline, {@code LISTENER_NOT_FOUND} (Kafka's answer when the leader
 *       is registered without the requested listener; Metadata below v6 turns it into {@code
 *       LEADER_NOT_AVAILABLE}).
 *   <li>Offline (the engine reports a cause, e.g. a storage error): no leader, the replica is
 *       listed as offline, {@code LEADER_NOT_AVAILABLE}, leader epoch 0. This is what Kafka shows
 *       when the only replica's log directory failed.
 *   <li>Not open and no cause (opening or being deleted): no leader, {@code LEADER_NOT_AVAILABLE}.
 * </ul>
 *
 * <p>Thread contract: stateless; reads the engine's non-blocking snapshots.
 */
final class PartitionStates {

    private PartitionStates() {
    }

    /**
     * One partition's state.
     *
     * @param index the partition index
     * @param error {@code NONE} when it has a reachable leader
     * @param leaderId the leader, or {@link MetadataResponse#NO_LEADER_ID}
     * @param leaderEpoch the leader epoch (0 when unknown)
     * @param replicas the assigned replicas
     * @param isr the in-sync replicas
     * @param offlineReplicas replicas that cannot serve it
     */
    record PartitionState(int index, Errors error, int leaderId, int leaderEpoch,
            List<Integer> replicas, List<Integer> isr, List<Integer> offlineReplicas) {
    }

    /**
     * The states of every partition of {@code topic}, in index order.
     *
     * @param selfAdvertised whether this node currently advertises an endpoint
     */
    static List<PartitionState> of(PartitionService partitions, int nodeId, TopicInfo topic,
            boolean selfAdvertised) {
        return range(partitions, nodeId, topic, 0, topic.partitionCount(), selfAdvertised);
    }

    /** The states of partitions {@code [from, to)} of {@code topic}. */
    static List<PartitionState> range(PartitionService partitions, int nodeId, TopicInfo topic,
            int from, int to, boolean selfAdvertised) {
        int start = Math.max(0, from);
        int end = Math.min(topic.partitionCount(), to);
        List<PartitionState> states = new ArrayList<>(Math.max(0, end - start));
        for (int index = start; index < end; index++) {
            states.add(state(partitions, nodeId, topic, index, selfAdvertised));
        }
        return states;
    }

    private static PartitionState state(PartitionService partitions, int nodeId, TopicInfo topic,
            int index, boolean selfAdvertised) {
        List<Integer> self = List.of(nodeId);
        TopicPartition tp = new TopicPartition(topic.name(), index);
        Optional<Partition> open = partitions.get(tp);
        if (open.isPresent()) {
            if (selfAdvertised) {
                return new PartitionState(index, Errors.NONE, nodeId, open.get().leaderEpoch(),
                        self, self, List.of());
            }
            return new PartitionState(index, Errors.LISTENER_NOT_FOUND,
                    MetadataResponse.NO_LEADER_ID, open.get().leaderEpoch(), self, self, self);
        }
        boolean offline = partitions.offlineCause(tp).isPresent();
        return new PartitionState(index, Errors.LEADER_NOT_AVAILABLE, MetadataResponse.NO_LEADER_ID,
                0, self, self, offline ? self : List.of());
    }
}
