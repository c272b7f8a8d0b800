package io.tideway.gateway.handlers.txn;

import io.tideway.broker.txn.TransactionCoordinator;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AddOffsetsToTxnRequest;
import org.apache.kafka.common.requests.AddOffsetsToTxnResponse;

/**
 * AddOffsetsToTxn (API key 25), v0-v4, following Kafka's {@code
 * KafkaApis.handleAddOffsetsToTxnRequest}: adds the {@code __consumer_offsets} partition that
 * stands for the group ({@link TransactionCoordinator#offsetsPartitionFor}) to the transaction,
 * so that the producer may then send TxnOffsetCommit to the group coordinator. Transaction
 * version 2 clients skip this API (TxnOffsetCommit v5+ adds the partition implicitly).
 *
 * <p>Errors: an empty transactional id is {@code INVALID_REQUEST}; the coordinator's errors keep
 * their codes ({@code CONCURRENT_TRANSACTIONS}, {@code INVALID_PRODUCER_EPOCH}, {@code
 * PRODUCER_FENCED}, {@code INVALID_PRODUCER_ID_MAPPING}, {@code INVALID_TXN_STATE}, {@code
 * COORDINATOR_LOAD_IN_PROGRESS}, ...), except that v0-v1 get {@code INVALID_PRODUCER_EPOCH} for
 * {@code PRODUCER_FENCED}.
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class AddOffsetsToTxnHandler implements ApiHandler {

    private static final int FIRST_FENCED_VERSION = 2;

    private final Supplier<TransactionCoordinator> coordinator;

    /** @param coordinator the node's transaction coordinator, looked up per request */
    public AddOffsetsToTxnHandler(Supplier<TransactionCoordinator> coordinator) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ADD_OFFSETS_TO_TXN;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public Future<Reply> handle(RequestContext context, AbstractRequest request) {
        AddOffsetsToTxnRequestData data = ((AddOffsetsToTxnRequest) request).data();
        short version = request.version();
        if (data.transactionalId().isEmpty()) {
            return Future.succeededFuture(reply(Errors.INVALID_REQUEST));
        }
        return CoordinatorCalls.call(() -> coordinator.get().addOffsets(data.transactionalId(),
                        data.producerId(), data.producerEpoch(), data.groupId()))
                .map(added -> reply(Errors.NONE))
                .otherwise(failure -> reply(CoordinatorCalls.beforeFencedError(
                        CoordinatorCalls.error(apiKey(), data.transactionalId(), failure),
                        version, FIRST_FENCED_VERSION)));
    }

    private static Reply reply(Errors error) {
        return Reply.of(new AddOffsetsToTxnResponse(new AddOffsetsToTxnResponseData()
                .setErrorCode(error.code())));
    }
}
