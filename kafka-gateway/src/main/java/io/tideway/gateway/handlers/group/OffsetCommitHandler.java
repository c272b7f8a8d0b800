package io.tideway.gateway.handlers.group;

import io.tideway.broker.GroupCoordinator;
import io.tideway.broker.TopicInfo;
import io.tideway.broker.TopicService;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;

/**
 * OffsetCommit (API key 8), v2-v10: stores a group's positions in one metadata transaction.
 * From v10 topics are named by id: an unknown id gets UNKNOWN_TOPIC_ID for its partitions and the
 * rest of the request is committed; by name (v2-v9) any topic is accepted, known or not, as in
 * Kafka. A negative partition index gets UNKNOWN_TOPIC_OR_PARTITION. Generation fencing and
 * metadata size follow Kafka (see {@link GroupCoordinator}).
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class OffsetCommitHandler implements ApiHandler {

    private final GroupCoordinator groups;
    private final TopicService topics;

    /**
     * @param groups the node's group coordinator
     * @param topics the topic catalogue, to resolve v10 topic ids
     */
    public OffsetCommitHandler(GroupCoordinator groups, TopicService topics) {
        this.groups = Objects.requireNonNull(groups, "groups");
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_COMMIT;
    }

    @Override
    public short minVersion() {
        return 2;
    }

    @Override
    public short maxVersion() {
        return 10;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        OffsetCommitRequestData data = ((OffsetCommitRequest) request).data();
        boolean useIds = OffsetCommitResponse.useTopicIds(context.apiVersion());
        OffsetCommitResponseData refused = new OffsetCommitResponseData();
        List<OffsetCommitRequestData.OffsetCommitRequestTopic> accepted = new ArrayList<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : data.topics()) {
            String name = topic.name();
            if (useIds) {
                Optional<TopicInfo> info = topics.byId(topic.topicId());
                if (info.isEmpty()) {
                    refused.topics().add(refuse(topic, topic.partitions(),
                            Errors.UNKNOWN_TOPIC_ID));
                    continue;
                }
                name = info.get().name();
            }
            // A negative index names no partition; the group store cannot key it either.
            List<OffsetCommitRequestData.OffsetCommitRequestPartition> negative =
                    topic.partitions().stream().filter(p -> p.partitionIndex() < 0).toList();
            if (!negative.isEmpty()) {
                refused.topics().add(refuse(topic, negative, Errors.UNKNOWN_TOPIC_OR_PARTITION));
            }
            if (negative.size() < topic.partitions().size()) {
                var copy = topic.duplicate().setName(name);
                accepted.add(copy.setPartitions(copy.partitions().stream()
                        .filter(p -> p.partitionIndex() >= 0).toList()));
            }
        }
        return groups.commitOffsets(GroupContexts.of(context), data.duplicate().setTopics(accepted))
                .map(response -> {
                    response.topics().addAll(refused.topics());
                    return Reply.of(new OffsetCommitResponse(response));
                });
    }

    private static OffsetCommitResponseData.OffsetCommitResponseTopic refuse(
            OffsetCommitRequestData.OffsetCommitRequestTopic topic,
            List<OffsetCommitRequestData.OffsetCommitRequestPartition> partitions, Errors error) {
        var result = new OffsetCommitResponseData.OffsetCommitResponseTopic()
                .setTopicId(topic.topicId()).setName(topic.name());
        partitions.forEach(p -> result.partitions().add(
                new OffsetCommitResponseData.OffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code())));
        return result;
    }
}
