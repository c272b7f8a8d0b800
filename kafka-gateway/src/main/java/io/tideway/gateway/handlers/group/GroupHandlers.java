package io.tideway.gateway.handlers.group;

import io.tideway.broker.Broker;
import io.tideway.gateway.ApiHandler;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.Node;

/**
 * Builds the consumer group handlers of one node: FindCoordinator, JoinGroup, SyncGroup,
 * Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch, DescribeGroups, ListGroups, DeleteGroups,
 * OffsetDelete, and the KIP-848 ConsumerGroupHeartbeat and ConsumerGroupDescribe, all over
 * {@link Broker#groups()}.
 *
 * <p>Thread contract: stateless factory; the handlers it returns are thread-safe.
 */
public final class GroupHandlers {

    private GroupHandlers() {
    }

    /**
     * @param broker the engine whose coordinator the handlers serve
     * @param advertisedNodes this node's advertised endpoint(s), for FindCoordinator
     */
    public static List<ApiHandler> create(Broker broker, Supplier<List<Node>> advertisedNodes) {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(advertisedNodes, "advertisedNodes");
        var groups = broker.groups();
        return List.of(
                new FindCoordinatorHandler(broker::identity, advertisedNodes),
                new JoinGroupHandler(groups),
                new SyncGroupHandler(groups),
                new HeartbeatHandler(groups),
                new LeaveGroupHandler(groups),
                new OffsetCommitHandler(groups, broker.topics()),
                new OffsetFetchHandler(groups, broker.topics()),
                new DescribeGroupsHandler(groups),
                new ListGroupsHandler(groups),
                new DeleteGroupsHandler(groups),
                new OffsetDeleteHandler(groups),
                new ConsumerGroupHeartbeatHandler(groups),
                new ConsumerGroupDescribeHandler(groups));
    }
}
