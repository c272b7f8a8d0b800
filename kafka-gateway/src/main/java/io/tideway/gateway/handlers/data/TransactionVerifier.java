package io.tideway.gateway.handlers.data;

import io.tideway.broker.txn.TransactionCoordinator;
import io.tideway.broker.txn.TransactionCoordinator.AddMode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.ProduceResponse.PartitionResponse;

/**
 * Checks, before a Produce appends transactional batches, that their partitions are part of the
 * producer's transaction (KIP-890), as Kafka's {@code ReplicaManager.handleProduceAppend} and
 * {@code AddPartitionsToTxnManager} do:
 *
 * <ul>
 *   <li>Produce v3-v11 verifies ({@link AddMode#VERIFY}): a partition the client did not add
 *       with AddPartitionsToTxn is refused, so a late or zombie write cannot start a transaction
 *       that nobody will end. Produce v12+ (transaction version 2) adds the partitions implicitly
 *       ({@link AddMode#ADD_FOR_PRODUCE}), and while the coordinator answers {@code
 *       CONCURRENT_TRANSACTIONS} (the previous transaction is still completing) the call is
 *       retried every {@value #RETRY_BACKOFF_MS} ms for up to {@value #RETRY_TIMEOUT_MS} ms
 *       (Kafka's {@code add.partitions.to.txn.retry.backoff.ms} and {@code ...max.ms}), since a
 *       produce is expensive for the client to retry.
 *   <li>The coordinator's errors become what producers expect: {@code PRODUCER_FENCED} is {@code
 *       INVALID_PRODUCER_EPOCH}; {@code TRANSACTION_ABORTABLE} is {@code INVALID_TXN_STATE} before
 *       Produce v11; {@code INVALID_TXN_STATE} says "Partition was not added to the transaction";
 *       retriable coordinator errors ({@code NETWORK_EXCEPTION}, {@code
 *       COORDINATOR_LOAD_IN_PROGRESS}, {@code COORDINATOR_NOT_AVAILABLE}, {@code NOT_COORDINATOR},
 *       and {@code CONCURRENT_TRANSACTIONS} before v12) are {@code NOT_ENOUGH_REPLICAS} "Unable to
 *       verify the partition has been added to the transaction. Underlying error: ...", which old
 *       clients retry without a metadata refresh. A failure of the whole call applies to every
 *       partition.
 * </ul>
 *
 * <p>Only requests with transactional batches get here: the non-transactional produce path never
 * calls the coordinator.
 *
 * <p>Thread contract: stateless and thread-safe; each call's retries run on Vert.x timers and the
 * result may complete on any thread.
 */
final class TransactionVerifier {

    /** Kafka's {@code add.partitions.to.txn.retry.backoff.ms} default. */
    static final long RETRY_BACKOFF_MS = 20;
    /** Kafka's {@code add.partitions.to.txn.retry.backoff.max.ms} default. */
    static final long RETRY_TIMEOUT_MS = 100;
    /** The message Kafka sends with {@code INVALID_TXN_STATE} from a verification. */
    static final String NOT_ADDED_MESSAGE = "Partition was not added to the transaction";
    /** The start of the message Kafka sends when a verification could not complete. */
    static final String UNVERIFIED_MESSAGE =
            "Unable to verify the partition has been added to the transaction. Underlying error: ";

    /** The first Produce version whose clients understand {@code TRANSACTION_ABORTABLE}. */
    private static final short FIRST_ABORTABLE_VERSION = 11;
    private static final short FIRST_V2_VERSION =
            ProduceRequest.LAST_STABLE_VERSION_BEFORE_TRANSACTION_V2 + 1;

    private final Supplier<TransactionCoordinator> coordinator;
    private final Vertx vertx;

    /**
     * @param coordinator the node's transaction coordinator, looked up per call
     * @param vertx for retry timers
     */
    TransactionVerifier(Supplier<TransactionCoordinator> coordinator, Vertx vertx) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    /**
     * Verifies (or adds) {@code partitions}.
     *
     * @param transactionalId the request's transactional id
     * @param batches the transactional partitions and their producer
     * @param version the Produce version
     * @return the responses of the partitions that may not be appended; those absent may be.
     *     Never fails.
     */
    Future<Map<TopicIdPartition, PartitionResponse>> verify(String transactionalId,
            ProduceValidation.TransactionalBatches batches, short version) {
        Map<TopicPartition, TopicIdPartition> keys = new LinkedHashMap<>();
        batches.partitions().forEach(partition -> keys.put(partition.topicPartition(), partition));
        Set<TopicPartition> partitions = new LinkedHashSet<>(keys.keySet());
        AddMode mode = version >= FIRST_V2_VERSION ? AddMode.ADD_FOR_PRODUCE : AddMode.VERIFY;
        Promise<Map<TopicPartition, Errors>> answered = Promise.promise();
        attempt(transactionalId, batches, partitions, mode, System.nanoTime(), answered);
        return answered.future().map(errors -> {
            Map<TopicIdPartition, PartitionResponse> refused = new LinkedHashMap<>();
            errors.forEach((partition, error) -> {
                if (error != Errors.NONE) {
                    refused.put(keys.get(partition), response(error, version));
                }
            });
            return refused;
        });
    }

    private void attempt(String transactionalId, ProduceValidation.TransactionalBatches batches,
            Set<TopicPartition> partitions, AddMode mode, long startNanos,
            Promise<Map<TopicPartition, Errors>> answered) {
        Async.call(() -> coordinator.get().addPartitions(transactionalId, batches.producerId(),
                        batches.producerEpoch(), partitions, mode))
                .map(errors -> complete(transactionalId, partitions, errors))
                .otherwise(failure -> {
                    Errors error = Failures.toError(ApiKeys.PRODUCE, transactionalId, failure);
                    Map<TopicPartition, Errors> all = new LinkedHashMap<>();
                    partitions.forEach(partition -> all.put(partition, error));
                    return all;
                })
                .onSuccess(errors -> {
                    long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
                    if (mode == AddMode.ADD_FOR_PRODUCE
                            && errors.containsValue(Errors.CONCURRENT_TRANSACTIONS)
                            && elapsedMs + RETRY_BACKOFF_MS <= RETRY_TIMEOUT_MS) {
                        vertx.setTimer(RETRY_BACKOFF_MS, id -> attempt(transactionalId, batches,
                                partitions, mode, startNanos, answered));
                    } else {
                        answered.complete(errors);
                    }
                });
    }

    /** The coordinator's answer for every partition; a missing one is a contract breach. */
    private static Map<TopicPartition, Errors> complete(String transactionalId,
            Set<TopicPartition> partitions, Map<TopicPartition, Errors> errors) {
        Map<TopicPartition, Errors> all = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            Errors error = errors == null ? null : errors.get(partition);
            all.put(partition, error != null ? error : Failures.toError(ApiKeys.PRODUCE,
                    partition, new IllegalStateException("The transaction coordinator did not"
                            + " answer for " + partition + " of " + transactionalId)));
        }
        return all;
    }

    /** The produce response of a partition the coordinator refused with {@code error}. */
    static PartitionResponse response(Errors coordinatorError, short version) {
        Errors error = switch (coordinatorError) {
            case PRODUCER_FENCED -> Errors.INVALID_PRODUCER_EPOCH;
            case TRANSACTION_ABORTABLE -> version < FIRST_ABORTABLE_VERSION
                    ? Errors.INVALID_TXN_STATE : Errors.TRANSACTION_ABORTABLE;
            default -> coordinatorError;
        };
        boolean retriable = switch (error) {
            case NETWORK_EXCEPTION, COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE,
                    NOT_COORDINATOR -> true;
            case CONCURRENT_TRANSACTIONS -> version < FIRST_V2_VERSION;
            default -> false;
        };
        if (retriable) {
            return refused(Errors.NOT_ENOUGH_REPLICAS, UNVERIFIED_MESSAGE + error);
        }
        return refused(error, error == Errors.INVALID_TXN_STATE ? NOT_ADDED_MESSAGE : null);
    }

    private static PartitionResponse refused(Errors error, String message) {
        return new PartitionResponse(error, ProduceResponse.INVALID_OFFSET,
                RecordBatch.NO_TIMESTAMP, ProduceResponse.INVALID_OFFSET, List.of(), message);
    }
}
