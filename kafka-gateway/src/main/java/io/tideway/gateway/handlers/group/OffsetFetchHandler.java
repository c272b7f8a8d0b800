package io.tideway.gateway.handlers.group;

import io.tideway.broker.GroupCoordinator;
import io.tideway.broker.TopicInfo;
import io.tideway.broker.TopicService;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;

/**
 * OffsetFetch (API key 9), v1-v10: committed offsets of one group (v1-v7) or of a batch of groups
 * (v8+), for named partitions or, with null topics (v2+), all of them. Partitions without a
 * commit answer offset -1, and so do negative indexes ({@link NegativeIndexes}). With {@code require_stable} (v7+, KIP-447) a partition with a pending
 * transactional commit is answered UNSTABLE_OFFSET_COMMIT, and the client retries. From v10 topics are named by id: an unknown id
 * gets UNKNOWN_TOPIC_ID, and topics without a known id are left out of "all offsets" answers.
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class OffsetFetchHandler implements ApiHandler {

    private final GroupCoordinator groups;
    private final TopicService topics;

    /**
     * @param groups the node's group coordinator
     * @param topics the topic catalogue, to resolve v10 topic ids
     */
    public OffsetFetchHandler(GroupCoordinator groups, TopicService topics) {
        this.groups = Objects.requireNonNull(groups, "groups");
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FETCH;
    }

    @Override
    public short minVersion() {
        return 1;
    }

    @Override
    public short maxVersion() {
        return 10;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        OffsetFetchRequest fetch = (OffsetFetchRequest) request;
        boolean useIds = OffsetFetchRequest.useTopicIds(context.apiVersion());
        List<Future<OffsetFetchResponseData.OffsetFetchResponseGroup>> each = new ArrayList<>();
        for (OffsetFetchRequestData.OffsetFetchRequestGroup group : fetch.groups()) {
            each.add(useIds ? fetchById(context, group, fetch.requireStable())
                    : fetchByName(context, group, fetch.requireStable()));
        }
        return Future.all(each).map(all -> {
            List<OffsetFetchResponseData.OffsetFetchResponseGroup> results = new ArrayList<>();
            each.forEach(future -> results.add(future.result()));
            return Reply.of(new OffsetFetchResponse.Builder(results).build(context.apiVersion()));
        });
    }

    /** Fetches a group's offsets by topic name; negative indexes are answered here. */
    private Future<OffsetFetchResponseData.OffsetFetchResponseGroup> fetchByName(
            RequestContext context, OffsetFetchRequestData.OffsetFetchRequestGroup group,
            boolean requireStable) {
        Map<String, List<Integer>> negative = new LinkedHashMap<>();
        OffsetFetchRequestData.OffsetFetchRequestGroup valid =
                NegativeIndexes.strip(group, negative);
        return groups.fetchOffsets(GroupContexts.of(context), valid, requireStable)
                .map(response -> NegativeIndexes.answer(response, negative));
    }

    private Future<OffsetFetchResponseData.OffsetFetchResponseGroup> fetchById(
            RequestContext context, OffsetFetchRequestData.OffsetFetchRequestGroup group,
            boolean requireStable) {
        List<OffsetFetchResponseData.OffsetFetchResponseTopics> unknown = new ArrayList<>();
        OffsetFetchRequestData.OffsetFetchRequestGroup byName = group.duplicate();
        if (group.topics() != null) {
            List<OffsetFetchRequestData.OffsetFetchRequestTopics> known = new ArrayList<>();
            for (OffsetFetchRequestData.OffsetFetchRequestTopics topic : group.topics()) {
                Optional<TopicInfo> info = topics.byId(topic.topicId());
                if (info.isPresent()) {
                    known.add(topic.duplicate().setName(info.get().name()));
                } else {
                    var result = new OffsetFetchResponseData.OffsetFetchResponseTopics()
                            .setTopicId(topic.topicId()).setName("");
                    topic.partitionIndexes().forEach(p -> result.partitions().add(
                            new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                                    .setPartitionIndex(p)
                                    .setCommittedOffset(OffsetFetchResponse.INVALID_OFFSET)
                                    .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())));
                    unknown.add(result);
                }
            }
            byName.setTopics(known);
        }
        return fetchByName(context, byName, requireStable)
                .map(response -> {
                    List<OffsetFetchResponseData.OffsetFetchResponseTopics> withIds =
                            new ArrayList<>();
                    for (var topic : response.topics()) {
                        Optional<Uuid> id = topics.byName(topic.name()).map(TopicInfo::id);
                        if (id.isPresent()) {
                            withIds.add(topic.setTopicId(id.get()));
                        } else if (group.topics() != null) {
                            withIds.add(topic);
                        }
                    }
                    withIds.addAll(unknown);
                    return response.setTopics(withIds);
                });
    }
}
