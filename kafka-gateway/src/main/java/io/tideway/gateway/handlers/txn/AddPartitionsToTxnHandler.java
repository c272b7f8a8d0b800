package io.tideway.gateway.handlers.txn;

import io.tideway.broker.txn.TransactionCoordinator;
import io.tideway.broker.txn.TransactionCoordinator.AddMode;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.tideway.gateway.handlers.data.PartitionResolver;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResultCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;

/**
 * AddPartitionsToTxn (API key 24), v0-v5, following Kafka's {@code
 * KafkaApis.handleAddPartitionsToTxnRequest}:
 *
 * <ul>
 *   <li>v0-v3 (clients): one transaction, its partitions are added ({@link AddMode#ADD}); the
 *       results are per topic. Partitions of internal topics ({@code __consumer_offsets}, ...) get
 *       {@code TOPIC_AUTHORIZATION_FAILED}: clients add those with AddOffsetsToTxn.
 *   <li>v4+ (brokers, KIP-890): a batch of transactions, each answered on its own; {@code
 *       verifyOnly} transactions are only checked ({@link AddMode#VERIFY}: a partition not in the
 *       transaction gets the coordinator's error, typically {@code INVALID_TXN_STATE}).
 *   <li>A transaction naming an unknown topic or partition is not attempted: those partitions get
 *       {@code UNKNOWN_TOPIC_OR_PARTITION} (or {@code TOPIC_AUTHORIZATION_FAILED}, above) and the
 *       others {@code OPERATION_NOT_ATTEMPTED}.
 *   <li>An empty transactional id: {@code INVALID_REQUEST} for its partitions, as Kafka's
 *       coordinator answers.
 *   <li>Coordinator errors ({@code CONCURRENT_TRANSACTIONS}, {@code INVALID_PRODUCER_EPOCH},
 *       {@code PRODUCER_FENCED}, {@code INVALID_TXN_STATE}, {@code COORDINATOR_LOAD_IN_PROGRESS},
 *       ...) apply to every partition of the transaction when the coordinator fails the call, or
 *       per partition as it answers; v0-v1 get {@code INVALID_PRODUCER_EPOCH} for {@code
 *       PRODUCER_FENCED}. A failure of the whole request (the gateway's error response) is the
 *       top-level error code from v4 and every partition's before, as Kafka encodes it.
 * </ul>
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks. The transactions
 * of a v4+ batch are served concurrently and the response is assembled once all have answered.
 */
public final class AddPartitionsToTxnHandler implements ApiHandler {

    /** The first version that understands {@code PRODUCER_FENCED}. */
    private static final int FIRST_FENCED_VERSION = 2;
    /** The first (broker-only) batched version. */
    private static final short FIRST_BATCHED_VERSION = 4;

    private final Supplier<TransactionCoordinator> coordinator;
    private final PartitionResolver resolver;

    /**
     * @param coordinator the node's transaction coordinator, looked up per request
     * @param resolver the topic catalogue
     */
    public AddPartitionsToTxnHandler(Supplier<TransactionCoordinator> coordinator,
            PartitionResolver resolver) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ADD_PARTITIONS_TO_TXN;
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
        AddPartitionsToTxnRequest add = (AddPartitionsToTxnRequest) request;
        short version = add.version();
        AddPartitionsToTxnRequest normalized = version < FIRST_BATCHED_VERSION
                ? add.normalizeRequest() : add;
        Map<String, List<TopicPartition>> byTransaction = normalized.partitionsByTransaction();
        List<Future<AddPartitionsToTxnResult>> results = new ArrayList<>();
        for (AddPartitionsToTxnTransaction transaction : normalized.data().transactions()) {
            results.add(serve(transaction, byTransaction.getOrDefault(
                    transaction.transactionalId(), List.of()), version));
        }
        return Future.join(results).map(joined -> {
            AddPartitionsToTxnResponseData data = new AddPartitionsToTxnResponseData();
            if (version < FIRST_BATCHED_VERSION) {
                results.forEach(result -> data.setResultsByTopicV3AndBelow(
                        result.result().topicResults()));
            } else {
                AddPartitionsToTxnResultCollection collection =
                        new AddPartitionsToTxnResultCollection(results.size());
                results.forEach(result -> collection.add(result.result()));
                data.setResultsByTransaction(collection);
            }
            return Reply.of(new AddPartitionsToTxnResponse(data));
        });
    }

    /** One transaction's result; never fails. */
    private Future<AddPartitionsToTxnResult> serve(AddPartitionsToTxnTransaction transaction,
            List<TopicPartition> partitions, short version) {
        String transactionalId = transaction.transactionalId();
        Set<TopicPartition> requested = new LinkedHashSet<>(partitions);
        if (transactionalId.isEmpty()) {
            return Future.succeededFuture(allFailed(transactionalId, requested,
                    Errors.INVALID_REQUEST));
        }
        Map<TopicPartition, Errors> refused = new LinkedHashMap<>();
        for (TopicPartition partition : requested) {
            if (version < FIRST_BATCHED_VERSION && Topic.isInternal(partition.topic())) {
                refused.put(partition, Errors.TOPIC_AUTHORIZATION_FAILED);
            } else if (!resolver.exists(partition)) {
                refused.put(partition, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            }
        }
        if (!refused.isEmpty()) {
            Map<TopicPartition, Errors> errors = new LinkedHashMap<>(refused);
            requested.forEach(partition -> errors.putIfAbsent(partition,
                    Errors.OPERATION_NOT_ATTEMPTED));
            return Future.succeededFuture(AddPartitionsToTxnResponse.resultForTransaction(
                    transactionalId, errors));
        }
        AddMode mode = transaction.verifyOnly() ? AddMode.VERIFY : AddMode.ADD;
        return CoordinatorCalls.call(() -> coordinator.get().addPartitions(transactionalId,
                        transaction.producerId(), transaction.producerEpoch(), requested, mode))
                .map(answered -> {
                    Map<TopicPartition, Errors> errors = CoordinatorCalls.perPartition(
                            apiKey(), transactionalId, requested, answered);
                    errors.replaceAll((partition, error) -> CoordinatorCalls.beforeFencedError(
                            error, version, FIRST_FENCED_VERSION));
                    return AddPartitionsToTxnResponse.resultForTransaction(transactionalId,
                            errors);
                })
                .otherwise(failure -> allFailed(transactionalId, requested,
                        CoordinatorCalls.beforeFencedError(CoordinatorCalls.error(apiKey(),
                                transactionalId, failure), version, FIRST_FENCED_VERSION)));
    }

    private static AddPartitionsToTxnResult allFailed(String transactionalId,
            Set<TopicPartition> partitions, Errors error) {
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        partitions.forEach(partition -> errors.put(partition, error));
        return AddPartitionsToTxnResponse.resultForTransaction(transactionalId, errors);
    }
}
