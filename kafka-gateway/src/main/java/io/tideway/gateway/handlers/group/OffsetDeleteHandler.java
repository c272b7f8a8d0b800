package io.tideway.gateway.handlers.group;

import io.tideway.broker.GroupCoordinator;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;

/**
 * OffsetDelete (API key 47), v0: deletes some of a group's committed offsets; partitions of
 * topics the active group subscribes to get GROUP_SUBSCRIBED_TO_TOPIC; a negative partition index
 * gets UNKNOWN_TOPIC_OR_PARTITION ({@link NegativeIndexes}).
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class OffsetDeleteHandler implements ApiHandler {

    private final GroupCoordinator groups;

    /** @param groups the node's group coordinator */
    public OffsetDeleteHandler(GroupCoordinator groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_DELETE;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 0;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        Map<String, List<Integer>> negative = new LinkedHashMap<>();
        OffsetDeleteRequestData valid =
                NegativeIndexes.strip(((OffsetDeleteRequest) request).data(), negative);
        return groups.deleteOffsets(GroupContexts.of(context), valid)
                .map(data -> Reply.of(new OffsetDeleteResponse(
                        NegativeIndexes.answer(data, negative))));
    }
}
