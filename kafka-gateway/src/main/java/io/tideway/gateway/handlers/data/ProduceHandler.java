package io.tideway.gateway.handlers.data;

import io.tideway.broker.Broker;
import io.tideway.broker.Partition;
import io.tideway.broker.TopicInfo;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.ProduceResponse.PartitionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produce (API key 0), accepting v3-v13 and advertising from v0 as Kafka 4 does for librdkafka
 * (which only enables compression when it sees Produce v0). Requests below v3 never reach this
 * handler: kafka-clients 4.4 cannot parse them and the gateway closes the connection, which is
 * also what Kafka 4 does.
 *
 * <p>Checks, in Kafka's order (first failure wins for a partition; other partitions go on):
 *
 * <ol>
 *   <li>Transactional batches without a transactional id: the whole request fails with {@code
 *       TRANSACTIONAL_ID_AUTHORIZATION_FAILED}; transactional batches of more than one producer:
 *       {@code INVALID_PRODUCER_ID_MAPPING}. The handler answers every partition with the error
 *       itself (kafka-clients' error response assumes every partition carries records).
 *   <li>v13 topic id unknown: {@code UNKNOWN_TOPIC_ID}; unknown topic or partition: {@code
 *       UNKNOWN_TOPIC_OR_PARTITION}. Produce never creates topics (Kafka creates them on
 *       Metadata only).
 *   <li>Records: exactly one magic v2 batch ({@code INVALID_RECORD}, {@code CORRUPT_MESSAGE}).
 *   <li>Transactional batches: a partition that is not open gets {@link PartitionResolver}'s
 *       error; the others must be part of the producer's transaction, which {@link
 *       TransactionVerifier} checks with the transaction coordinator (v3-v11) or adds them to
 *       (v12+, KIP-890). Refused partitions get the coordinator's error as Kafka translates it for
 *       producers (for example {@code INVALID_TXN_STATE} "Partition was not added to the
 *       transaction", {@code INVALID_PRODUCER_EPOCH}, or {@code NOT_ENOUGH_REPLICAS} when the
 *       verification could not complete). Requests without transactional batches never call
 *       the coordinator. A producer's transactional requests start their appends in arrival
 *       order ({@link ProducerAppendOrder}), whatever order their verifications finish in.
 *   <li>{@code acks} other than -1, 0, 1: {@code INVALID_REQUIRED_ACKS}.
 *   <li>Internal topics only accept the admin client ({@code INVALID_TOPIC_EXCEPTION}); an
 *       offline partition is {@code KAFKA_STORAGE_ERROR}, one not open {@code
 *       NOT_LEADER_OR_FOLLOWER}.
 *   <li>The engine's append errors keep their codes ({@code CORRUPT_MESSAGE}, {@code
 *       MESSAGE_TOO_LARGE}, {@code RECORD_LIST_TOO_LARGE}, {@code INVALID_RECORD}, {@code
 *       INVALID_TIMESTAMP}, {@code OUT_OF_ORDER_SEQUENCE_NUMBER}, {@code INVALID_PRODUCER_EPOCH},
 *       {@code KAFKA_STORAGE_ERROR}, ...); like Kafka, record-validation errors carry the
 *       engine's message and non-storage errors the partition's log start offset.
 * </ol>
 *
 * <p>{@code acks=0} appends like {@code acks=1} and answers nothing ({@link Reply#none()}); if
 * any partition failed the future fails, so the gateway closes the connection, which is how
 * Kafka tells such a producer. {@code acks=-1} waits for the engine's durable append, bounded by
 * the request's {@code timeout_ms}: partitions still waiting then get {@code REQUEST_TIMED_OUT}.
 *
 * <p>Responses carry base offset, log append time (-1 under CreateTime) and log start offset.
 * {@code current_leader} (v10+) stays unset: on a single node {@code NOT_LEADER_OR_FOLLOWER}
 * only happens while a partition is not open, when there is no leader to name.
 *
 * <p>Thread contract: thread-safe; {@link #handle} never blocks. The only state shared between
 * requests is the per-producer append order of transactional requests.
 */
public final class ProduceHandler implements ApiHandler {

    /** The client id Kafka lets write to internal topics. */
    static final String ADMIN_CLIENT_ID = "__admin_client";

    private static final Logger log = LoggerFactory.getLogger(ProduceHandler.class);
    /** Errors Kafka answers without the partition's log start offset. */
    private static final Set<Errors> WITHOUT_LOG_START = EnumSet.of(
            Errors.UNKNOWN_TOPIC_OR_PARTITION, Errors.NOT_LEADER_OR_FOLLOWER,
            Errors.MESSAGE_TOO_LARGE, Errors.RECORD_LIST_TOO_LARGE, Errors.CORRUPT_MESSAGE,
            Errors.KAFKA_STORAGE_ERROR, Errors.UNKNOWN_TOPIC_ID);

    private final Broker broker;
    private final Vertx vertx;
    private final PartitionResolver resolver;
    private final TransactionVerifier verifier;
    private final ProducerAppendOrder appendOrder = new ProducerAppendOrder();

    /**
     * @param broker the engine (its transaction coordinator is looked up per transactional
     *     request)
     * @param vertx for request timeouts and verification retries
     */
    public ProduceHandler(Broker broker, Vertx vertx) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.resolver = new PartitionResolver(broker);
        this.verifier = new TransactionVerifier(broker::transactions, vertx);
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
    }

    @Override
    public short advertisedMinVersion() {
        return 0;
    }

    @Override
    public short minVersion() {
        return 3;
    }

    @Override
    public short maxVersion() {
        return 13;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        ProduceRequest produce = (ProduceRequest) request;
        if (ProduceValidation.hasTransactionalRecords(produce)
                && produce.transactionalId() == null) {
            return failAll(context, produce, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
                    .exception());
        }
        Map<TopicIdPartition, PartitionResponse> answers = new LinkedHashMap<>();
        Map<TopicIdPartition, MemoryRecords> valid = new LinkedHashMap<>();
        List<TopicIdPartition> requestOrder = collect(produce, answers, valid);
        ProduceValidation.TransactionalBatches transactional;
        try {
            transactional = ProduceValidation.transactional(valid);
        } catch (ApiException e) {
            return failAll(context, produce, e);
        }
        if (transactional.isEmpty()) {
            return appendAll(context, produce, answers, valid, requestOrder);
        }
        return appendOrder.inArrivalOrder(transactional.producerId(),
                verify(produce, transactional, answers, valid), context.eventLoop(),
                () -> appendAll(context, produce, answers, valid, requestOrder));
    }

    /**
     * Verifies the transactional partitions that are open; refused and unopened ones move from
     * {@code valid} to {@code answers}.
     */
    private Future<Void> verify(ProduceRequest produce,
            ProduceValidation.TransactionalBatches transactional,
            Map<TopicIdPartition, PartitionResponse> answers,
            Map<TopicIdPartition, MemoryRecords> valid) {
        Set<TopicIdPartition> open = new LinkedHashSet<>();
        for (TopicIdPartition partition : transactional.partitions()) {
            PartitionResolver.Lookup lookup = resolver.lookup(partition.topicPartition());
            if (lookup.found()) {
                open.add(partition);
            } else {
                valid.remove(partition);
                answers.put(partition, new PartitionResponse(lookup.error()));
            }
        }
        if (open.isEmpty()) {
            return Future.succeededFuture();
        }
        ProduceValidation.TransactionalBatches openBatches =
                new ProduceValidation.TransactionalBatches(open, transactional.producerId(),
                        transactional.producerEpoch());
        return verifier.verify(produce.transactionalId(), openBatches, produce.version())
                .map(refused -> {
                    refused.forEach((partition, response) -> {
                        valid.remove(partition);
                        answers.put(partition, response);
                    });
                    return null;
                });
    }

    /** Appends the valid partitions and answers, in request order. */
    private Future<Reply> appendAll(RequestContext context, ProduceRequest produce,
            Map<TopicIdPartition, PartitionResponse> answers,
            Map<TopicIdPartition, MemoryRecords> valid, List<TopicIdPartition> requestOrder) {
        short acks = produce.acks();
        if (!ProduceValidation.validAcks(acks)) {
            valid.keySet().forEach(partition ->
                    answers.put(partition, new PartitionResponse(Errors.INVALID_REQUIRED_ACKS)));
            valid.clear();
        }
        long timeoutMs = acks == -1 && !valid.isEmpty() ? produce.timeout() : 0;
        Deadline deadline = Deadline.after(vertx, timeoutMs);
        Map<TopicIdPartition, Future<PartitionResponse>> appends = new LinkedHashMap<>();
        valid.forEach((partition, records) -> appends.put(partition,
                deadline.bound(append(context, partition, records, acks),
                        () -> new PartitionResponse(Errors.REQUEST_TIMED_OUT))));
        return Future.join(new ArrayList<>(appends.values())).transform(joined -> {
            deadline.cancel();
            appends.forEach((partition, append) -> answers.put(partition, append.succeeded()
                    ? append.result() : new PartitionResponse(Errors.UNKNOWN_SERVER_ERROR)));
            Map<TopicIdPartition, PartitionResponse> ordered = new LinkedHashMap<>();
            requestOrder.forEach(partition -> ordered.put(partition, answers.get(partition)));
            return respond(context, produce, ordered);
        });
    }

    /**
     * Resolves topics and validates records; failures go to {@code answers}.
     *
     * @return every partition once, in request order
     */
    private List<TopicIdPartition> collect(ProduceRequest produce,
            Map<TopicIdPartition, PartitionResponse> answers,
            Map<TopicIdPartition, MemoryRecords> valid) {
        short version = produce.version();
        List<TopicIdPartition> requestOrder = new ArrayList<>();
        for (TopicProduceData topic : produce.data().topicData()) {
            String name = version >= 13
                    ? broker.topics().byId(topic.topicId()).map(TopicInfo::name).orElse("")
                    : topic.name();
            Uuid topicId = version >= 13 ? topic.topicId() : Uuid.ZERO_UUID;
            for (PartitionProduceData data : topic.partitionData()) {
                TopicIdPartition partition = new TopicIdPartition(topicId, data.index(), name);
                // A partition listed twice: the last entry wins, as in Kafka's request maps.
                if (answers.remove(partition) == null && valid.remove(partition) == null) {
                    requestOrder.add(partition);
                }
                Errors error;
                if (version >= 13 && name.isEmpty()) {
                    error = Errors.UNKNOWN_TOPIC_ID;
                } else if (!resolver.exists(partition.topicPartition())) {
                    error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                } else {
                    error = ProduceValidation.records(version, data.records());
                }
                if (error == Errors.NONE) {
                    valid.put(partition, (MemoryRecords) data.records());
                } else {
                    answers.put(partition, new PartitionResponse(error));
                }
            }
        }
        return requestOrder;
    }

    private Future<PartitionResponse> append(RequestContext context, TopicIdPartition partition,
            MemoryRecords records, short acks) {
        Optional<TopicInfo> topic = broker.topics().byName(partition.topic());
        if (topic.isPresent() && topic.get().internal()
                && !ADMIN_CLIENT_ID.equals(context.clientId())) {
            return Future.succeededFuture(new PartitionResponse(Errors.INVALID_TOPIC_EXCEPTION));
        }
        PartitionResolver.Lookup lookup = resolver.lookup(partition.topicPartition());
        if (!lookup.found()) {
            return Future.succeededFuture(new PartitionResponse(lookup.error()));
        }
        Partition target = lookup.partition();
        // acks=0 still waits for the append so that a failure can close the connection.
        short engineAcks = acks == 0 ? 1 : acks;
        return Async.call(() -> target.append(records, engineAcks))
                .map(result -> new PartitionResponse(Errors.NONE, result.baseOffset(),
                        result.logAppendTime(), result.logStartOffset()))
                .otherwise(failure -> failed(target, partition, failure));
    }

    private static PartitionResponse failed(Partition target, TopicIdPartition partition,
            Throwable failure) {
        Throwable cause = Failures.unwrap(failure);
        Errors error = Failures.toError(ApiKeys.PRODUCE, partition, cause);
        long logStartOffset = WITHOUT_LOG_START.contains(error) ? -1L : target.logStartOffset();
        String message = cause instanceof InvalidRecordException
                || cause instanceof InvalidTimestampException ? cause.getMessage() : null;
        return new PartitionResponse(error, ProduceResponse.INVALID_OFFSET,
                RecordBatch.NO_TIMESTAMP, logStartOffset, List.of(), message);
    }

    /**
     * Fails the whole request with {@code error}: every partition is answered with it, as Kafka's
     * {@code ProduceRequest.getErrorResponse} does, which itself cannot be used here because it
     * assumes every partition carries records (the field is nullable). {@code acks=0}: the
     * future fails and the connection closes.
     */
    private static Future<Reply> failAll(RequestContext context, ProduceRequest produce,
            ApiException error) {
        ApiError apiError = ApiError.fromThrowable(error);
        Map<TopicIdPartition, PartitionResponse> answers = new LinkedHashMap<>();
        for (TopicProduceData topic : produce.data().topicData()) {
            Uuid topicId = produce.version() >= 13 ? topic.topicId() : Uuid.ZERO_UUID;
            for (PartitionProduceData data : topic.partitionData()) {
                answers.put(new TopicIdPartition(topicId, data.index(), topic.name()),
                        new PartitionResponse(apiError.error(), ProduceResponse.INVALID_OFFSET,
                                RecordBatch.NO_TIMESTAMP, ProduceResponse.INVALID_OFFSET,
                                List.of(), apiError.message()));
            }
        }
        return respond(context, produce, answers);
    }

    private static Future<Reply> respond(RequestContext context, ProduceRequest produce,
            Map<TopicIdPartition, PartitionResponse> answers) {
        List<String> failures = new ArrayList<>();
        answers.forEach((partition, answer) -> {
            if (answer.error != Errors.NONE) {
                failures.add(partition.topicPartition() + ": " + answer.error.name());
                log.atDebug().setMessage("Produce failed for a partition")
                        .addKeyValue("connection", context.connectionId())
                        .addKeyValue("correlationId", context.correlationId())
                        .addKeyValue("clientId", context.clientId())
                        .addKeyValue("partition", partition)
                        .addKeyValue("error", answer.error.name())
                        .log();
            }
        });
        if (produce.acks() != 0) {
            return Future.succeededFuture(Reply.of(new ProduceResponse(answers)));
        }
        if (failures.isEmpty()) {
            return Future.succeededFuture(Reply.none());
        }
        Errors first = answers.values().stream().map(answer -> answer.error)
                .filter(error -> error != Errors.NONE).findFirst().orElseThrow();
        return Future.failedFuture(first.exception(
                "acks=0 produce failed and cannot be answered: " + String.join(", ", failures)));
    }
}
