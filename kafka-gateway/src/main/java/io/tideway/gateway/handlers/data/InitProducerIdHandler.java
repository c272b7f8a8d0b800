package io.tideway.gateway.handlers.data;

import io.tideway.broker.ProducerIdService;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.Objects;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;

/**
 * InitProducerId (API key 22), v0-v5, following Kafka's {@code KafkaApis} and {@code
 * TransactionCoordinator.handleInitProducerId}:
 *
 * <ol>
 *   <li>A producer id without an epoch or an epoch without a producer id (v3+): {@code
 *       INVALID_REQUEST}.
 *   <li>No transactional id (idempotent producer): a fresh producer id from {@link
 *       ProducerIdService} with epoch 0, whatever id and epoch the request carries (Kafka ignores
 *       them here too). Allocation failures keep their Kafka error code.
 *   <li>An empty transactional id: {@code INVALID_REQUEST}; a transaction timeout outside {@code
 *       (0, transaction.max.timeout.ms]}: {@code INVALID_TRANSACTION_TIMEOUT}.
 *   <li>Any other transactional id: {@code NOT_COORDINATOR}, what a Kafka broker answers when it
 *       does not own the id's {@code __transaction_state} partition. Tideway has no transaction
 *       coordinator yet, so it owns none; the client looks the coordinator up again with
 *       FindCoordinator.
 * </ol>
 *
 * <p>v6 (KIP-939 two-phase commit) is not served: it needs the transaction coordinator.
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class InitProducerIdHandler implements ApiHandler {

    private final ProducerIdService producerIds;
    private final int transactionMaxTimeoutMs;

    /**
     * @param producerIds allocates producer ids
     * @param transactionMaxTimeoutMs Kafka's {@code transaction.max.timeout.ms}
     */
    public InitProducerIdHandler(ProducerIdService producerIds, int transactionMaxTimeoutMs) {
        this.producerIds = Objects.requireNonNull(producerIds, "producerIds");
        if (transactionMaxTimeoutMs < 1) {
            throw new IllegalArgumentException(
                    "transactionMaxTimeoutMs must be >= 1, got " + transactionMaxTimeoutMs);
        }
        this.transactionMaxTimeoutMs = transactionMaxTimeoutMs;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INIT_PRODUCER_ID;
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
        InitProducerIdRequestData data = ((InitProducerIdRequest) request).data();
        boolean noId = data.producerId() == RecordBatch.NO_PRODUCER_ID;
        boolean noEpoch = data.producerEpoch() == RecordBatch.NO_PRODUCER_EPOCH;
        if (noId != noEpoch) {
            return error(Errors.INVALID_REQUEST);
        }
        String transactionalId = data.transactionalId();
        if (transactionalId == null) {
            return Async.call(producerIds::nextProducerId)
                    .map(producerId -> Reply.of(new InitProducerIdResponse(
                            new InitProducerIdResponseData()
                                    .setErrorCode(Errors.NONE.code())
                                    .setProducerId(producerId)
                                    .setProducerEpoch((short) 0))))
                    .recover(failure -> error(
                            Failures.toError(ApiKeys.INIT_PRODUCER_ID, "producer-id", failure)));
        }
        if (transactionalId.isEmpty()) {
            return error(Errors.INVALID_REQUEST);
        }
        int timeoutMs = data.transactionTimeoutMs();
        if (timeoutMs <= 0 || timeoutMs > transactionMaxTimeoutMs) {
            return error(Errors.INVALID_TRANSACTION_TIMEOUT);
        }
        return error(Errors.NOT_COORDINATOR);
    }

    private static Future<Reply> error(Errors error) {
        return Future.succeededFuture(Reply.of(new InitProducerIdResponse(
                new InitProducerIdResponseData()
                        .setErrorCode(error.code())
                        .setProducerId(RecordBatch.NO_PRODUCER_ID)
                        .setProducerEpoch(RecordBatch.NO_PRODUCER_EPOCH))));
    }
}
