package io.tideway.gateway.handlers.data;

import io.tideway.broker.ProducerIdService;
import io.tideway.broker.txn.TransactionCoordinator;
import io.tideway.gateway.ApiHandler;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InitProducerId (API key 22), accepting v0-v6 and advertising v0-v5 as Kafka 4.4.0 does (v6,
 * KIP-939 two-phase commit, is unstable there), following Kafka's {@code KafkaApis} and {@code
 * TransactionCoordinator.handleInitProducerId}:
 *
 * <ol>
 *   <li>A producer id without an epoch or an epoch without a producer id (v3+): {@code
 *       INVALID_REQUEST}.
 *   <li>No transactional id (idempotent producer): a fresh producer id from {@link
 *       ProducerIdService} with epoch 0, whatever id and epoch the request carries (Kafka ignores
 *       them here too). Allocation failures keep their Kafka error code.
 *   <li>An empty transactional id: {@code INVALID_REQUEST}.
 *   <li>v6 {@code enable2Pc}: {@code TRANSACTIONAL_ID_AUTHORIZATION_FAILED}, Kafka's answer while
 *       {@code transaction.two.phase.commit.enable} is off (Tideway has no two-phase commit);
 *       {@code keepPreparedTxn}: {@code UNSUPPORTED_VERSION}, as Kafka 4.x answers it.
 *   <li>A transaction timeout outside {@code (0, transaction.max.timeout.ms]}: {@code
 *       INVALID_TRANSACTION_TIMEOUT}.
 *   <li>Otherwise {@link TransactionCoordinator#initProducerId}: a new producer id, or the
 *       transactional id's producer id with a bumped epoch, fencing older producers. With the
 *       v3+ expected id and epoch (KIP-360) a stale producer gets {@code PRODUCER_FENCED} (v0-v3:
 *       {@code INVALID_PRODUCER_EPOCH}, which they understand); an ongoing transaction being
 *       aborted gives {@code CONCURRENT_TRANSACTIONS}, retried by the client.
 * </ol>
 *
 * <p>Failed responses carry producer id and epoch -1.
 *
 * <p>Thread contract: stateless and thread-safe; {@link #handle} never blocks.
 */
public final class InitProducerIdHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(InitProducerIdHandler.class);
    /** The first version that understands {@code PRODUCER_FENCED} (KIP-588). */
    private static final short FIRST_FENCED_VERSION = 4;

    private final ProducerIdService producerIds;
    private final Supplier<TransactionCoordinator> transactions;
    private final int transactionMaxTimeoutMs;

    /**
     * @param producerIds allocates producer ids for idempotent producers
     * @param transactions the node's transaction coordinator, looked up per request (it may be
     *     wired after the handlers are built)
     * @param transactionMaxTimeoutMs Kafka's {@code transaction.max.timeout.ms}
     */
    public InitProducerIdHandler(ProducerIdService producerIds,
            Supplier<TransactionCoordinator> transactions, int transactionMaxTimeoutMs) {
        this.producerIds = Objects.requireNonNull(producerIds, "producerIds");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
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
    public short advertisedMaxVersion() {
        return 5;
    }

    @Override
    public short maxVersion() {
        return 6;
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
        if (data.enable2Pc() || data.keepPreparedTxn()) {
            log.atDebug().setMessage("Refusing two-phase commit (KIP-939), which is not supported")
                    .addKeyValue("transactionalId", transactionalId)
                    .addKeyValue("enable2Pc", data.enable2Pc())
                    .addKeyValue("keepPreparedTxn", data.keepPreparedTxn())
                    .log();
            return error(data.enable2Pc() ? Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
                    : Errors.UNSUPPORTED_VERSION);
        }
        int timeoutMs = data.transactionTimeoutMs();
        if (timeoutMs <= 0 || timeoutMs > transactionMaxTimeoutMs) {
            return error(Errors.INVALID_TRANSACTION_TIMEOUT);
        }
        short version = request.version();
        return Async.call(() -> transactions.get().initProducerId(transactionalId, timeoutMs,
                        data.producerId(), data.producerEpoch()))
                .map(granted -> Reply.of(new InitProducerIdResponse(
                        new InitProducerIdResponseData()
                                .setErrorCode(Errors.NONE.code())
                                .setProducerId(granted.producerId())
                                .setProducerEpoch(granted.epoch()))))
                .recover(failure -> {
                    Errors error = Failures.toError(ApiKeys.INIT_PRODUCER_ID, transactionalId,
                            failure);
                    return error(error == Errors.PRODUCER_FENCED && version < FIRST_FENCED_VERSION
                            ? Errors.INVALID_PRODUCER_EPOCH : error);
                });
    }

    private static Future<Reply> error(Errors error) {
        return Future.succeededFuture(Reply.of(new InitProducerIdResponse(
                new InitProducerIdResponseData()
                        .setErrorCode(error.code())
                        .setProducerId(RecordBatch.NO_PRODUCER_ID)
                        .setProducerEpoch(RecordBatch.NO_PRODUCER_EPOCH))));
    }
}
