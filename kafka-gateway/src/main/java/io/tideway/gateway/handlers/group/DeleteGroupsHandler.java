package io.tideway.gateway.handlers.group;

import io.tideway.broker.GroupCoordinator;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.List;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * DeleteGroups (API key 42), v0-v3: deletes groups without members and their committed offsets;
 * GROUP_ID_NOT_FOUND and NON_EMPTY_GROUP per group otherwise.
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class DeleteGroupsHandler implements ApiHandler {

    private final GroupCoordinator groups;

    /** @param groups the node's group coordinator */
    public DeleteGroupsHandler(GroupCoordinator groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_GROUPS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 3;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        List<String> ids = ((DeleteGroupsRequest) request).data().groupsNames();
        return groups.deleteGroups(GroupContexts.of(context), ids)
                .map(results -> Reply.of(new DeleteGroupsResponse(
                        new DeleteGroupsResponseData().setResults(results))));
    }
}
