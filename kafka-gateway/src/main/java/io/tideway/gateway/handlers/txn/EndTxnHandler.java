package io.tideway.gateway.handlers.txn;

import io.tideway.broker.txn.TransactionCoordinator;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.EndTxnRequest;
import org.apache.kafka.common.requests.EndTxnResponse;

/**
 * EndTxn (API key 26), v0-v5, following Kafka's {@code KafkaApis.handleEndTxnRequest}: commits
 * or aborts the producer's transaction ({@link TransactionCoordinator#endTransaction}).
 *
 * <ul>
 *   <li>v5+ comes from transaction version 2 clients (KIP-890): the coordinator bumps the epoch
 *       at the end of the transaction and the response carries the producer id and epoch to use
 *       next. v0-v4 are transaction version 1; the epoch stays.
 *   <li>Errors: an empty transactional id is {@code INVALID_REQUEST}; the coordinator's errors
 *       keep their codes ({@code CONCURRENT_TRANSACTIONS}, {@code INVALID_TXN_STATE}, {@code
 *       INVALID_PRODUCER_EPOCH}, {@code PRODUCER_FENCED}, {@code INVALID_PRODUCER_ID_MAPPING},
 *       {@code COORDINATOR_LOAD_IN_PROGRESS}, ...), except that v0-v1 get {@code
 *       INVALID_PRODUCER_EPOCH} for {@code PRODUCER_FENCED}; a failed response carries producer
 *       id and epoch -1.
 * </ul>
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class EndTxnHandler implements ApiHandler {

    private static final int FIRST_FENCED_VERSION = 2;
    /** The first version sent by transaction version 2 clients. */
    private static final short FIRST_V2_VERSION =
            EndTxnRequest.LAST_STABLE_VERSION_BEFORE_TRANSACTION_V2 + 1;

    private final Supplier<TransactionCoordinator> coordinator;

    /** @param coordinator the node's transaction coordinator, looked up per request */
    public EndTxnHandler(Supplier<TransactionCoordinator> coordinator) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.END_TXN;
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
        EndTxnRequestData data = ((EndTxnRequest) request).data();
        short version = request.version();
        if (data.transactionalId().isEmpty()) {
            return Future.succeededFuture(failed(Errors.INVALID_REQUEST));
        }
        short clientTransactionVersion = (short) (version >= FIRST_V2_VERSION ? 2 : 1);
        return CoordinatorCalls.call(() -> coordinator.get().endTransaction(
                        data.transactionalId(), data.producerId(), data.producerEpoch(),
                        data.committed(), clientTransactionVersion))
                .map(next -> Reply.of(new EndTxnResponse(new EndTxnResponseData()
                        .setErrorCode(Errors.NONE.code())
                        .setProducerId(next.producerId())
                        .setProducerEpoch(next.epoch()))))
                .otherwise(failure -> failed(CoordinatorCalls.beforeFencedError(
                        CoordinatorCalls.error(apiKey(), data.transactionalId(), failure),
                        version, FIRST_FENCED_VERSION)));
    }

    private static Reply failed(Errors error) {
        return Reply.of(new EndTxnResponse(new EndTxnResponseData()
                .setErrorCode(error.code())
                .setProducerId(RecordBatch.NO_PRODUCER_ID)
                .setProducerEpoch(RecordBatch.NO_PRODUCER_EPOCH)));
    }
}
