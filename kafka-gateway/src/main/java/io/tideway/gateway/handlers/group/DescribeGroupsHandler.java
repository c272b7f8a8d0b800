package io.tideway.gateway.handlers.group;

import io.tideway.broker.GroupCoordinator;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.EnumSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * DescribeGroups (API key 15), v0-v6: state, protocol and members of classic groups (metadata and
 * assignments while Stable); a missing group is Dead, or GROUP_ID_NOT_FOUND from v6. Authorized
 * operations, when asked for, are every group operation (no authorizer yet, like Kafka without
 * one).
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class DescribeGroupsHandler implements ApiHandler {

    /** Kafka's supported operations on a group resource. */
    private static final int GROUP_OPERATIONS = Utils.to32BitField(EnumSet.of(AclOperation.READ,
            AclOperation.DESCRIBE, AclOperation.DELETE).stream().map(AclOperation::code)
            .collect(Collectors.toSet()));

    private final GroupCoordinator groups;

    /** @param groups the node's group coordinator */
    public DescribeGroupsHandler(GroupCoordinator groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_GROUPS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 6;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        DescribeGroupsRequestData data = ((DescribeGroupsRequest) request).data();
        int operations = data.includeAuthorizedOperations() ? GROUP_OPERATIONS : Integer.MIN_VALUE;
        return groups.describeGroups(GroupContexts.of(context), data.groups())
                .map(described -> {
                    described.forEach(group -> group.setAuthorizedOperations(operations));
                    return Reply.of(new DescribeGroupsResponse(
                            new DescribeGroupsResponseData().setGroups(described)));
                });
    }
}
