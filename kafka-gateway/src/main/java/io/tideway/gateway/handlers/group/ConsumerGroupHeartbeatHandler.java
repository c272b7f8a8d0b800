package io.tideway.gateway.handlers.group;

import io.tideway.broker.GroupCoordinator;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.Objects;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;

/**
 * ConsumerGroupHeartbeat (API key 68), v0-v1: the KIP-848 consumer group protocol (join,
 * heartbeat, leave, server-side assignment). In v0 the coordinator generates the member id of a
 * joining member that sends none; from v1 the client always sends its own.
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class ConsumerGroupHeartbeatHandler implements ApiHandler {

    private final GroupCoordinator groups;

    /** @param groups the node's group coordinator */
    public ConsumerGroupHeartbeatHandler(GroupCoordinator groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CONSUMER_GROUP_HEARTBEAT;
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
        return groups.consumerGroupHeartbeat(GroupContexts.of(context),
                        ((ConsumerGroupHeartbeatRequest) request).data())
                .map(data -> Reply.of(new ConsumerGroupHeartbeatResponse(data)));
    }
}
