package io.tideway.gateway.handlers.data;

import io.tideway.broker.Broker;
import io.tideway.broker.Partition;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;

/**
 * OffsetForLeaderEpoch (API key 23), v2-v4: per partition the end offset of the requested leader
 * epoch ({@link Partition#endOffsetForEpoch}), which consumers use to detect log truncation
 * (KIP-320) and followers to find where to truncate.
 *
 * <ul>
 *   <li>Unknown topic or partition, offline partition, partition not open: {@code
 *       UNKNOWN_TOPIC_OR_PARTITION}, {@code KAFKA_STORAGE_ERROR}, {@code NOT_LEADER_OR_FOLLOWER}
 *       (see {@link PartitionResolver}).
 *   <li>{@code current_leader_epoch} older or newer than the partition's: {@code
 *       FENCED_LEADER_EPOCH} or {@code UNKNOWN_LEADER_EPOCH}.
 *   <li>An epoch older than any the log knows: leader epoch and end offset -1 with no error, as
 *       Kafka answers.
 * </ul>
 *
 * <p>{@code replica_id} (v3+) only selects Kafka's authorization rule (cluster action for brokers,
 * topic describe for consumers); Kafka 4 always answers from the leader, and this node leads every
 * partition, so the answer does not depend on it.
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class OffsetForLeaderEpochHandler implements ApiHandler {

    private final PartitionResolver resolver;

    /** @param broker the engine */
    public OffsetForLeaderEpochHandler(Broker broker) {
        this.resolver = new PartitionResolver(Objects.requireNonNull(broker, "broker"));
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public short minVersion() {
        return 2;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        OffsetsForLeaderEpochRequest epochRequest = (OffsetsForLeaderEpochRequest) request;
        List<OffsetForLeaderTopic> topics = new ArrayList<>(epochRequest.data().topics());
        List<List<Future<EpochEndOffset>>> answers = new ArrayList<>();
        List<Future<EpochEndOffset>> all = new ArrayList<>();
        for (OffsetForLeaderTopic topic : topics) {
            List<Future<EpochEndOffset>> partitions = new ArrayList<>();
            for (OffsetForLeaderPartition partition : topic.partitions()) {
                Future<EpochEndOffset> answer = endOffset(topic.topic(), partition);
                partitions.add(answer);
                all.add(answer);
            }
            answers.add(partitions);
        }
        return Future.join(all).transform(joined -> {
            OffsetForLeaderEpochResponseData data = new OffsetForLeaderEpochResponseData();
            for (int i = 0; i < topics.size(); i++) {
                OffsetForLeaderTopicResult result = data.topics().find(topics.get(i).topic());
                if (result == null) {
                    result = new OffsetForLeaderTopicResult().setTopic(topics.get(i).topic());
                    data.topics().add(result);
                }
                for (Future<EpochEndOffset> answer : answers.get(i)) {
                    result.partitions().add(answer.result());
                }
            }
            return Future.succeededFuture(Reply.of(new OffsetsForLeaderEpochResponse(data)));
        });
    }

    private Future<EpochEndOffset> endOffset(String topic, OffsetForLeaderPartition request) {
        TopicPartition partition = new TopicPartition(topic, request.partition());
        PartitionResolver.Lookup lookup = resolver.lookup(partition);
        if (!lookup.found()) {
            return Future.succeededFuture(error(request, lookup.error()));
        }
        Partition target = lookup.partition();
        Errors epochError = LeaderEpochs.check(request.currentLeaderEpoch(), target.leaderEpoch());
        if (epochError != Errors.NONE) {
            return Future.succeededFuture(error(request, epochError));
        }
        return Async.call(() -> target.endOffsetForEpoch(request.leaderEpoch()))
                .map(end -> new EpochEndOffset()
                        .setPartition(request.partition())
                        .setErrorCode(Errors.NONE.code())
                        .setLeaderEpoch(end.leaderEpoch())
                        .setEndOffset(end.endOffset()))
                .otherwise(failure -> error(request, Failures.toError(
                        ApiKeys.OFFSET_FOR_LEADER_EPOCH, partition, failure)));
    }

    private static EpochEndOffset error(OffsetForLeaderPartition request, Errors error) {
        return new EpochEndOffset()
                .setPartition(request.partition())
                .setErrorCode(error.code());
    }
}
