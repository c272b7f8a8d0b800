package io.tideway.gateway.handlers.group;

import io.tideway.broker.GroupCoordinator;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.EnumSet;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;
import org.apache.kafka.common.utils.Utils;

/**
 * ConsumerGroupDescribe (API key 69), v0-v1: epochs, assignor and members (subscriptions, current
 * and target assignments) of KIP-848 consumer groups; classic and unknown groups get
 * GROUP_ID_NOT_FOUND (Admin then falls back to DescribeGroups). Authorized operations, when asked
 * for, are every group operation (no authorizer yet, like Kafka without one).
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class ConsumerGroupDescribeHandler implements ApiHandler {

    /** Kafka's supported operations on a group resource. */
    private static final int GROUP_OPERATIONS = Utils.to32BitField(EnumSet.of(AclOperation.READ,
            AclOperation.DESCRIBE, AclOperation.DELETE).stream().map(AclOperation::code)
            .collect(Collectors.toSet()));

    private final GroupCoordinator groups;

    /** @param groups the node's group coordinator */
    public ConsumerGroupDescribeHandler(GroupCoordinator groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CONSUMER_GROUP_DESCRIBE;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        ConsumerGroupDescribeRequestData data = ((ConsumerGroupDescribeRequest) request).data();
        int operations = data.includeAuthorizedOperations() ? GROUP_OPERATIONS : Integer.MIN_VALUE;
        return groups.consumerGroupDescribe(GroupContexts.of(context), data.groupIds())
                .map(described -> {
                    described.forEach(group -> {
                        if (group.errorCode() == 0) {
                            group.setAuthorizedOperations(operations);
                        }
                    });
                    return Reply.of(new ConsumerGroupDescribeResponse(
                            new ConsumerGroupDescribeResponseData().setGroups(described)));
                });
    }
}
