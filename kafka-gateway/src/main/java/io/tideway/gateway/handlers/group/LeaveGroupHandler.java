package io.tideway.gateway.handlers.group;

import io.tideway.broker.GroupCoordinator;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.Objects;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * LeaveGroup (API key 13), v0-v5: one member (v0-v2) or a batch of members identified by member
 * id and/or group instance id (v3+, KIP-345). Older versions see the first member's error at
 * the top level, as kafka-clients' {@code LeaveGroupResponse} arranges.
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class LeaveGroupHandler implements ApiHandler {

    private final GroupCoordinator groups;

    /** @param groups the node's group coordinator */
    public LeaveGroupHandler(GroupCoordinator groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LEAVE_GROUP;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 5;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        LeaveGroupRequest leave = (LeaveGroupRequest) request;
        LeaveGroupRequestData normalized = new LeaveGroupRequestData()
                .setGroupId(leave.data().groupId()).setMembers(leave.members());
        return groups.leaveGroup(GroupContexts.of(context), normalized)
                .map(data -> Reply.of(new LeaveGroupResponse(data.members(),
                        Errors.forCode(data.errorCode()), 0, context.apiVersion())));
    }
}
