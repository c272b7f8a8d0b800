package io.tideway.gateway.handlers.admin;

import io.tideway.broker.Broker;
import io.tideway.broker.TopicInfo;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.Cursor;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.DescribeTopicPartitionsRequest;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;

/**
 * DescribeTopicPartitions (API key 75), version 0: paginated topic and partition metadata, as
 * Kafka 4.4.0's {@code DescribeTopicPartitionsRequestHandler} answers it.
 *
 * <ul>
 *   <li>Topics are the requested ones (or every topic for an empty list), at or after the cursor's
 *       topic, sorted by name. With an explicit list the cursor's topic must be in it ({@code
 *       INVALID_REQUEST} for the whole request otherwise).
 *   <li>The cursor's topic starts at the cursor's partition, the others at 0. At most {@code
 *       min(responsePartitionLimit, max.request.partition.size.limit)} partitions are returned;
 *       when the limit cuts a topic, or is reached before the next topic, {@code nextCursor} points
 *       where the client continues.
 *   <li>Unknown requested topics: {@code UNKNOWN_TOPIC_OR_PARTITION} ({@code
 *       INVALID_TOPIC_EXCEPTION} for illegal names); they are not listed when every topic was
 *       asked for.
 *   <li>Partitions as in {@link PartitionStates}, with no partition-level error code (Kafka sets
 *       none here) and empty eligible-leader lists; authorized operations: every topic operation.
 * </ul>
 *
 * <p>Thread-safe and stateless; never blocks.
 */
final class DescribeTopicPartitionsHandler implements ApiHandler {

    static final short MIN_VERSION = 0;
    static final short MAX_VERSION = 0;

    /** Kafka's default {@code max.request.partition.size.limit}. */
    static final int DEFAULT_PARTITION_LIMIT = 2000;

    private final Broker broker;
    private final NodeEndpoints endpoints;
    private final int partitionLimit;

    DescribeTopicPartitionsHandler(Broker broker, NodeEndpoints endpoints, int partitionLimit) {
        if (partitionLimit < 1) {
            throw new IllegalArgumentException(
                    "partitionLimit must be >= 1, got " + partitionLimit);
        }
        this.broker = Objects.requireNonNull(broker, "broker");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.partitionLimit = partitionLimit;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_TOPIC_PARTITIONS;
    }

    @Override
    public short minVersion() {
        return MIN_VERSION;
    }

    @Override
    public short maxVersion() {
        return MAX_VERSION;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        DescribeTopicPartitionsRequestData data = ((DescribeTopicPartitionsRequest) request).data();
        boolean allTopics = data.topics().isEmpty();
        DescribeTopicPartitionsRequestData.Cursor cursor = data.cursor();
        String cursorTopic = cursor == null ? "" : cursor.topicName();
        TreeSet<String> names = new TreeSet<>();
        if (allTopics) {
            broker.topics().all().forEach(topic -> names.add(topic.name()));
        } else {
            data.topics().forEach(topic -> names.add(topic.name()));
        }
        names.removeIf(name -> name.compareTo(cursorTopic) < 0);
        if (!allTopics && cursor != null && !names.contains(cursor.topicName())) {
            throw new InvalidRequestException("DescribeTopicPartitionsRequest topic list should "
                    + "contain the cursor topic: " + cursor.topicName());
        }
        int remaining = Math.min(partitionLimit, data.responsePartitionLimit());
        boolean selfAdvertised = endpoints.self(endpoints.brokers()).isPresent();
        DescribeTopicPartitionsResponseData response =
                new DescribeTopicPartitionsResponseData().setThrottleTimeMs(0);
        for (String name : names) {
            if (remaining == 0) {
                // The limit ran out exactly at a topic boundary: continue with this topic.
                response.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(0));
                break;
            }
            if (remaining < 0) {
                continue;
            }
            Optional<TopicInfo> topic = broker.topics().byName(name);
            if (topic.isEmpty()) {
                if (!allTopics) {
                    response.topics().add(missing(name));
                }
                continue;
            }
            int start = name.equals(cursorTopic) ? cursor.partitionIndex() : 0;
            int end = (int) Math.min(topic.get().partitionCount(), (long) start + remaining);
            List<PartitionStates.PartitionState> states = PartitionStates.range(broker.partitions(),
                    endpoints.nodeId(), topic.get(), start, end, selfAdvertised);
            response.topics().add(describe(topic.get(), states));
            if (end < topic.get().partitionCount()) {
                response.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(end));
                break;
            }
            remaining -= states.size();
        }
        return Future.succeededFuture(Reply.of(new DescribeTopicPartitionsResponse(response)));
    }

    private static DescribeTopicPartitionsResponseTopic describe(TopicInfo topic,
            List<PartitionStates.PartitionState> states) {
        List<DescribeTopicPartitionsResponsePartition> partitions = new ArrayList<>(states.size());
        for (PartitionStates.PartitionState state : states) {
            partitions.add(new DescribeTopicPartitionsResponsePartition()
                    .setErrorCode(Errors.NONE.code())
                    .setPartitionIndex(state.index())
                    .setLeaderId(state.leaderId())
                    .setLeaderEpoch(state.leaderEpoch())
                    .setReplicaNodes(state.replicas())
                    .setIsrNodes(state.isr())
                    .setEligibleLeaderReplicas(List.of())
                    .setLastKnownElr(List.of())
                    .setOfflineReplicas(state.offlineReplicas()));
        }
        return new DescribeTopicPartitionsResponseTopic()
                .setErrorCode(Errors.NONE.code())
                .setName(topic.name())
                .setTopicId(topic.id())
                .setIsInternal(topic.internal())
                .setPartitions(partitions)
                .setTopicAuthorizedOperations(AuthorizedOperations.topic());
    }

    private static DescribeTopicPartitionsResponseTopic missing(String name) {
        Errors error = Topic.isValid(name) ? Errors.UNKNOWN_TOPIC_OR_PARTITION
                : Errors.INVALID_TOPIC_EXCEPTION;
        return new DescribeTopicPartitionsResponseTopic()
                .setErrorCode(error.code())
                .setName(name)
                .setTopicId(Uuid.ZERO_UUID)
                .setIsInternal(Topic.isInternal(name))
                .setPartitions(List.of())
                .setTopicAuthorizedOperations(AuthorizedOperations.topic());
    }
}
