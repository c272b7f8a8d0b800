package io.tideway.gateway.handlers.txn;

import io.tideway.broker.txn.TransactionCoordinator;
import io.tideway.broker.txn.TransactionDescription;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TopicData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TransactionState;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.DescribeTransactionsRequest;
import org.apache.kafka.common.requests.DescribeTransactionsResponse;

/**
 * DescribeTransactions (API key 65), v0, following Kafka's {@code
 * TransactionCoordinator.handleDescribeTransactions}: one state per requested transactional id,
 * in request order, with producer id and epoch, Kafka's state name ({@code Ongoing}, {@code
 * CompleteCommit}, ...), timeout, start time and the partitions in the transaction (grouped by
 * topic, sorted).
 *
 * <p>Errors per id: an empty id, an unknown one, or one being expired ({@code Dead}) gets {@code
 * TRANSACTIONAL_ID_NOT_FOUND}; a coordinator failure its code (for example {@code
 * COORDINATOR_LOAD_IN_PROGRESS} while it recovers).
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class DescribeTransactionsHandler implements ApiHandler {

    private static final String DEAD = "Dead";

    private final Supplier<TransactionCoordinator> coordinator;

    /** @param coordinator the node's transaction coordinator, looked up per request */
    public DescribeTransactionsHandler(Supplier<TransactionCoordinator> coordinator) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_TRANSACTIONS;
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
        List<String> ids = ((DescribeTransactionsRequest) request).data().transactionalIds();
        List<Future<TransactionState>> states = new ArrayList<>(ids.size());
        for (String id : ids) {
            states.add(describe(id));
        }
        return Future.join(states).map(joined -> {
            DescribeTransactionsResponseData data = new DescribeTransactionsResponseData();
            states.forEach(state -> data.transactionStates().add(state.result()));
            return Reply.of(new DescribeTransactionsResponse(data));
        });
    }

    /** One id's state; never fails. */
    private Future<TransactionState> describe(String transactionalId) {
        if (transactionalId.isEmpty()) {
            return Future.succeededFuture(error(transactionalId,
                    Errors.TRANSACTIONAL_ID_NOT_FOUND));
        }
        return CoordinatorCalls.call(() -> coordinator.get().describe(transactionalId))
                .map(found -> state(transactionalId, found))
                .otherwise(failure -> error(transactionalId,
                        CoordinatorCalls.error(apiKey(), transactionalId, failure)));
    }

    private static TransactionState state(String transactionalId,
            Optional<TransactionDescription> found) {
        if (found == null || found.isEmpty() || DEAD.equals(found.get().state())) {
            return error(transactionalId, Errors.TRANSACTIONAL_ID_NOT_FOUND);
        }
        TransactionDescription description = found.get();
        TransactionState state = new TransactionState()
                .setErrorCode(Errors.NONE.code())
                .setTransactionalId(transactionalId)
                .setTransactionState(description.state())
                .setTransactionTimeoutMs(description.timeoutMs())
                .setTransactionStartTimeMs(description.startTimestamp())
                .setProducerId(description.producerId())
                .setProducerEpoch(description.producerEpoch());
        description.partitions().stream()
                .sorted(Comparator.comparing(TopicPartition::topic)
                        .thenComparingInt(TopicPartition::partition))
                .forEach(partition -> {
                    TopicData topic = state.topics().find(partition.topic());
                    if (topic == null) {
                        topic = new TopicData().setTopic(partition.topic());
                        state.topics().add(topic);
                    }
                    topic.partitions().add(partition.partition());
                });
        return state;
    }

    private static TransactionState error(String transactionalId, Errors error) {
        return new TransactionState().setTransactionalId(transactionalId)
                .setErrorCode(error.code());
    }
}
