package io.tideway.gateway.handlers.data;

import io.tideway.broker.Broker;
import io.tideway.broker.ConfigEntryView;
import io.tideway.broker.Partition;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;

/**
 * DeleteRecords (API key 21), v0-v2: moves each partition's log start offset (the low watermark)
 * up to the requested offset with {@link Partition#deleteRecordsBefore}, following Kafka's {@code
 * ReplicaManager.deleteRecords} and {@code Partition.deleteRecordsOnLeader}:
 *
 * <ul>
 *   <li>Unknown topic or partition, offline partition, partition not open: {@code
 *       UNKNOWN_TOPIC_OR_PARTITION}, {@code KAFKA_STORAGE_ERROR}, {@code NOT_LEADER_OR_FOLLOWER}.
 *   <li>A topic whose effective {@code cleanup.policy} lacks {@code delete} (compacted only):
 *       {@code POLICY_VIOLATION}.
 *   <li>Offset -1 means the high watermark; any other negative offset, or one past the high
 *       watermark, is {@code OFFSET_OUT_OF_RANGE}.
 *   <li>The request's {@code timeout_ms} bounds the wait: partitions still pending then get
 *       {@code REQUEST_TIMED_OUT} (the deletion itself still happens).
 * </ul>
 *
 * <p>A partition listed twice is answered once, with its last offset, as Kafka's request map does.
 * Failed partitions report low watermark -1.
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class DeleteRecordsHandler implements ApiHandler {

    private static final long INVALID_LOW_WATERMARK = DeleteRecordsResponse.INVALID_LOW_WATERMARK;

    private final Broker broker;
    private final Vertx vertx;
    private final PartitionResolver resolver;

    /** @param broker the engine; @param vertx for request timeouts */
    public DeleteRecordsHandler(Broker broker, Vertx vertx) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.resolver = new PartitionResolver(broker);
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_RECORDS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        DeleteRecordsRequestData data = ((DeleteRecordsRequest) request).data();
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (DeleteRecordsTopic topic : data.topics()) {
            for (DeleteRecordsPartition partition : topic.partitions()) {
                offsets.put(new TopicPartition(topic.name(), partition.partitionIndex()),
                        partition.offset());
            }
        }
        Deadline deadline = Deadline.after(vertx, data.timeoutMs());
        Map<String, Future<Boolean>> deletable = new HashMap<>();
        Map<TopicPartition, Future<DeleteRecordsPartitionResult>> answers = new LinkedHashMap<>();
        offsets.forEach((partition, offset) -> answers.put(partition, deadline.bound(
                delete(partition, offset, deletable),
                () -> result(partition, Errors.REQUEST_TIMED_OUT, INVALID_LOW_WATERMARK))));
        return Future.join(new ArrayList<>(answers.values())).transform(joined -> {
            deadline.cancel();
            DeleteRecordsResponseData response = new DeleteRecordsResponseData();
            answers.forEach((partition, answer) -> {
                DeleteRecordsTopicResult topic = response.topics().find(partition.topic());
                if (topic == null) {
                    topic = new DeleteRecordsTopicResult().setName(partition.topic());
                    response.topics().add(topic);
                }
                topic.partitions().add(answer.succeeded() ? answer.result()
                        : result(partition, Errors.UNKNOWN_SERVER_ERROR, INVALID_LOW_WATERMARK));
            });
            return Future.succeededFuture(Reply.of(new DeleteRecordsResponse(response)));
        });
    }

    private Future<DeleteRecordsPartitionResult> delete(TopicPartition partition, long offset,
            Map<String, Future<Boolean>> deletable) {
        PartitionResolver.Lookup lookup = resolver.lookup(partition);
        if (!lookup.found()) {
            return Future.succeededFuture(result(partition, lookup.error(), INVALID_LOW_WATERMARK));
        }
        Partition target = lookup.partition();
        Future<Boolean> deletePolicy =
                deletable.computeIfAbsent(partition.topic(), this::deletePolicy);
        return deletePolicy.transform(policy -> {
            if (policy.failed()) {
                return Future.succeededFuture(result(partition, Failures.toError(
                        ApiKeys.DELETE_RECORDS, partition, policy.cause()), INVALID_LOW_WATERMARK));
            }
            if (!policy.result()) {
                return Future.succeededFuture(
                        result(partition, Errors.POLICY_VIOLATION, INVALID_LOW_WATERMARK));
            }
            if (offset < 0 && offset != DeleteRecordsRequest.HIGH_WATERMARK) {
                return Future.succeededFuture(
                        result(partition, Errors.OFFSET_OUT_OF_RANGE, INVALID_LOW_WATERMARK));
            }
            return Async.call(() -> target.deleteRecordsBefore(offset))
                    .map(lowWatermark -> result(partition, Errors.NONE, lowWatermark))
                    .otherwise(failure -> result(partition, Failures.toError(
                            ApiKeys.DELETE_RECORDS, partition, failure), INVALID_LOW_WATERMARK));
        });
    }

    /** Whether the topic's effective {@code cleanup.policy} includes {@code delete}. */
    private Future<Boolean> deletePolicy(String topic) {
        return Async.call(() -> broker.topics().describeConfigs(topic)).map(entries -> {
            for (ConfigEntryView entry : entries) {
                if (TopicConfig.CLEANUP_POLICY_CONFIG.equals(entry.name())
                        && entry.value() != null) {
                    return Arrays.stream(entry.value().split(","))
                            .map(String::trim)
                            .anyMatch(TopicConfig.CLEANUP_POLICY_DELETE::equals);
                }
            }
            return true; // Kafka's default policy is delete
        });
    }

    private static DeleteRecordsPartitionResult result(TopicPartition partition, Errors error,
            long lowWatermark) {
        return new DeleteRecordsPartitionResult()
                .setPartitionIndex(partition.partition())
                .setErrorCode(error.code())
                .setLowWatermark(lowWatermark);
    }
}
