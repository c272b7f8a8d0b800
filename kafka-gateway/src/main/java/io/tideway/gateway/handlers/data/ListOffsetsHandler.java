package io.tideway.gateway.handlers.data;

import io.tideway.broker.Broker;
import io.tideway.broker.Partition;
import io.tideway.broker.log.TimestampAndOffset;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;

/**
 * ListOffsets (API key 2), v1-v11 (Kafka 4 dropped v0), following Kafka's {@code
 * ReplicaManager.fetchOffset} and {@code Partition.fetchOffsetForTimestamp}:
 *
 * <ul>
 *   <li>-1 (latest): the last offset a consumer may read, the high watermark ({@code
 *       READ_UNCOMMITTED}) or the last stable offset ({@code READ_COMMITTED}, v2+); for a replica
 *       or debugging request ({@code replica_id != -1}) the log end offset. The isolation level
 *       also goes to the engine's lookups ({@link Partition#offsetForTimestamp(long,
 *       IsolationLevel)}).
 *   <li>-2 (earliest), -4 (earliest local), -3 (max timestamp), -5 (latest tiered), -6 (earliest
 *       pending upload) and timestamps: {@link Partition#offsetForTimestamp}. Except for -2 and -4,
 *       an answer at or beyond the last readable offset is withheld (offset and timestamp -1),
 *       as Kafka does; so is an empty one.
 *   <li>Leader epoch (v4+): the current epoch for -1, as Kafka answers; otherwise the epoch the
 *       returned offset was written in ({@link EpochForOffset}).
 *   <li>A partition listed twice: {@code INVALID_REQUEST}; {@code current_leader_epoch}
 *       mismatch: {@code FENCED_LEADER_EPOCH} / {@code UNKNOWN_LEADER_EPOCH}; unknown, offline or
 *       unopened partitions as {@link PartitionResolver} says.
 * </ul>
 *
 * <p>{@code timeout_ms} (v10+) bounds remote-storage lookups in Kafka; every lookup here is local,
 * so it is not needed.
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class ListOffsetsHandler implements ApiHandler {

    private final PartitionResolver resolver;

    /** @param broker the engine */
    public ListOffsetsHandler(Broker broker) {
        this.resolver = new PartitionResolver(Objects.requireNonNull(broker, "broker"));
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_OFFSETS;
    }

    @Override
    public short minVersion() {
        return 1;
    }

    @Override
    public short maxVersion() {
        return 11;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        ListOffsetsRequest listOffsets = (ListOffsetsRequest) request;
        Set<TopicPartition> duplicates = listOffsets.duplicatePartitions();
        boolean fromClient = listOffsets.replicaId() == ListOffsetsRequest.CONSUMER_REPLICA_ID;
        // Kafka ignores the isolation level of replica and debugging requests.
        Query query = new Query(fromClient, listOffsets.version(), fromClient
                ? IsolationLevels.of(listOffsets.data().isolationLevel())
                : IsolationLevel.READ_UNCOMMITTED);
        List<ListOffsetsTopic> topics = listOffsets.topics();
        List<List<Future<ListOffsetsPartitionResponse>>> answers = new ArrayList<>();
        List<Future<ListOffsetsPartitionResponse>> all = new ArrayList<>();
        for (ListOffsetsTopic topic : topics) {
            List<Future<ListOffsetsPartitionResponse>> partitions = new ArrayList<>();
            for (ListOffsetsPartition partition : topic.partitions()) {
                TopicPartition key = new TopicPartition(topic.name(), partition.partitionIndex());
                Future<ListOffsetsPartitionResponse> answer = duplicates.contains(key)
                        ? Future.succeededFuture(error(partition, Errors.INVALID_REQUEST))
                        : offset(key, partition, query);
                partitions.add(answer);
                all.add(answer);
            }
            answers.add(partitions);
        }
        return Future.join(all).transform(joined -> {
            List<ListOffsetsTopicResponse> responses = new ArrayList<>(topics.size());
            for (int i = 0; i < topics.size(); i++) {
                List<ListOffsetsPartitionResponse> partitions = new ArrayList<>();
                for (Future<ListOffsetsPartitionResponse> answer : answers.get(i)) {
                    partitions.add(answer.result());
                }
                responses.add(new ListOffsetsTopicResponse().setName(topics.get(i).name())
                        .setPartitions(partitions));
            }
            return Future.succeededFuture(Reply.of(new ListOffsetsResponse(
                    new ListOffsetsResponseData().setTopics(responses))));
        });
    }

    private Future<ListOffsetsPartitionResponse> offset(TopicPartition key,
            ListOffsetsPartition request, Query query) {
        PartitionResolver.Lookup lookup = resolver.lookup(key);
        if (!lookup.found()) {
            return Future.succeededFuture(error(request, lookup.error()));
        }
        Partition partition = lookup.partition();
        Errors epochError = LeaderEpochs.check(request.currentLeaderEpoch(),
                partition.leaderEpoch());
        if (epochError != Errors.NONE) {
            return Future.succeededFuture(error(request, epochError));
        }
        // Kafka's lastFetchableOffset.
        long lastReadable = !query.fromClient() ? partition.logEndOffset()
                : query.isolation() == IsolationLevel.READ_COMMITTED
                        ? partition.lastStableOffset() : partition.highWatermark();
        long timestamp = request.timestamp();
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            // Kafka answers the latest offset with the current leader epoch.
            ListOffsetsPartitionResponse latest = found(request,
                    new TimestampAndOffset(ListOffsetsResponse.UNKNOWN_TIMESTAMP, lastReadable));
            return Future.succeededFuture(query.version() >= 4
                    ? latest.setLeaderEpoch(partition.leaderEpoch()) : latest);
        }
        boolean bounded = timestamp != ListOffsetsRequest.EARLIEST_TIMESTAMP
                && timestamp != ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP;
        Future<Optional<TimestampAndOffset>> found =
                Async.call(() -> partition.offsetForTimestamp(timestamp, query.isolation()))
                        .map(answer -> answer.filter(at -> !bounded || at.offset() < lastReadable));
        return found.compose(answer -> answer.isEmpty()
                        ? Future.succeededFuture(error(request, Errors.NONE))
                        : withEpoch(partition, request, answer.get(), query))
                .otherwise(failure -> error(request,
                        Failures.toError(ApiKeys.LIST_OFFSETS, key, failure)));
    }

    private static Future<ListOffsetsPartitionResponse> withEpoch(Partition partition,
            ListOffsetsPartition request, TimestampAndOffset answer, Query query) {
        ListOffsetsPartitionResponse response = found(request, answer);
        if (query.version() < 4 || answer.offset() < 0) {
            return Future.succeededFuture(response);
        }
        return EpochForOffset.of(partition, answer.offset()).map(response::setLeaderEpoch);
    }

    private static ListOffsetsPartitionResponse found(ListOffsetsPartition request,
            TimestampAndOffset answer) {
        return new ListOffsetsPartitionResponse()
                .setPartitionIndex(request.partitionIndex())
                .setErrorCode(Errors.NONE.code())
                .setTimestamp(answer.timestamp())
                .setOffset(answer.offset());
    }

    private static ListOffsetsPartitionResponse error(ListOffsetsPartition request, Errors error) {
        return new ListOffsetsPartitionResponse()
                .setPartitionIndex(request.partitionIndex())
                .setErrorCode(error.code())
                .setTimestamp(ListOffsetsResponse.UNKNOWN_TIMESTAMP)
                .setOffset(ListOffsetsResponse.UNKNOWN_OFFSET);
    }

    /**
     * What applies to every partition of one request.
     *
     * @param fromClient whether a consumer asked ({@code replica_id == -1}), which bounds answers
     *     by the high watermark rather than the log end
     * @param version the request version
     * @param isolation the isolation level (v2+; {@code READ_UNCOMMITTED} before and for
     *     replicas)
     */
    private record Query(boolean fromClient, short version, IsolationLevel isolation) {
    }
}
