package io.tideway.gateway.handlers.group;

import io.tideway.broker.GroupCoordinator;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.Objects;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * Heartbeat (API key 12), v0-v4: keeps a classic member's session alive and tells it when a
 * rebalance began (REBALANCE_IN_PROGRESS).
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class HeartbeatHandler implements ApiHandler {

    private final GroupCoordinator groups;

    /** @param groups the node's group coordinator */
    public HeartbeatHandler(GroupCoordinator groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.HEARTBEAT;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        return groups.heartbeat(GroupContexts.of(context), ((HeartbeatRequest) request).data())
                .map(data -> Reply.of(new HeartbeatResponse(data)));
    }
}
