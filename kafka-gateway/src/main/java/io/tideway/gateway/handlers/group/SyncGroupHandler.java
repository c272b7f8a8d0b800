package io.tideway.gateway.handlers.group;

import io.tideway.broker.GroupCoordinator;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.Objects;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * SyncGroup (API key 14), v0-v5: the leader hands in the assignment and every member receives its
 * own; followers wait for the leader. Protocol type and name are checked from v5.
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class SyncGroupHandler implements ApiHandler {

    private final GroupCoordinator groups;

    /** @param groups the node's group coordinator */
    public SyncGroupHandler(GroupCoordinator groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SYNC_GROUP;
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
        return groups.syncGroup(GroupContexts.of(context), ((SyncGroupRequest) request).data())
                .map(data -> Reply.of(new SyncGroupResponse(data)));
    }
}
