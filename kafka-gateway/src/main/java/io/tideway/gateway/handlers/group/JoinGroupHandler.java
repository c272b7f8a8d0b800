package io.tideway.gateway.handlers.group;

import io.tideway.broker.GroupCoordinator;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.Objects;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * JoinGroup (API key 11), v0-v9: the classic protocol's join phase, served by the {@link
 * GroupCoordinator}. The reply may wait up to the group's rebalance timeout (plus the initial
 * rebalance delay for a new group), as in Kafka; MEMBER_ID_REQUIRED from v4 (KIP-394).
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class JoinGroupHandler implements ApiHandler {

    private final GroupCoordinator groups;

    /** @param groups the node's group coordinator */
    public JoinGroupHandler(GroupCoordinator groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.JOIN_GROUP;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 9;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        JoinGroupRequest join = (JoinGroupRequest) request;
        return groups.joinGroup(GroupContexts.of(context), join.data())
                .map(data -> Reply.of(new JoinGroupResponse(data, context.apiVersion())));
    }
}
