package io.tideway.gateway.handlers.txn;

import org.apache.kafka.common.protocol.Errors;

/**
 * The error codes a TxnOffsetCommit answers when the transaction or group coordinator fails it,
 * as Kafka's group coordinator service translates them ({@code
 * GroupCoordinatorService.handleOperationException}) for clients that only know the group
 * coordinator's errors.
 *
 * <ul>
 *   <li>The implicit add of transaction version 2 first maps {@code PRODUCER_FENCED} to {@code
 *       INVALID_PRODUCER_EPOCH}, which producers handle there (Kafka's {@code
 *       AddPartitionsToTxnManager}).
 *   <li>{@code NETWORK_EXCEPTION} becomes {@code COORDINATOR_LOAD_IN_PROGRESS} (retried without a
 *       new coordinator lookup); {@code UNKNOWN_TOPIC_OR_PARTITION}, {@code NOT_ENOUGH_REPLICAS}
 *       and {@code REQUEST_TIMED_OUT} become {@code COORDINATOR_NOT_AVAILABLE}; {@code
 *       NOT_LEADER_OR_FOLLOWER} and {@code KAFKA_STORAGE_ERROR} become {@code NOT_COORDINATOR};
 *       {@code MESSAGE_TOO_LARGE}, {@code RECORD_LIST_TOO_LARGE} and {@code INVALID_FETCH_SIZE}
 *       become {@code UNKNOWN_SERVER_ERROR}. Everything else keeps its code.
 * </ul>
 *
 * <p>Thread contract: stateless.
 */
final class TxnOffsetCommitErrors {

    private TxnOffsetCommitErrors() {
    }

    /** The answer when adding the group's offsets partition to the transaction failed. */
    static Errors forImplicitAdd(Errors error) {
        return forCommit(error == Errors.PRODUCER_FENCED ? Errors.INVALID_PRODUCER_EPOCH : error);
    }

    /** The answer when the commit itself failed. */
    static Errors forCommit(Errors error) {
        return switch (error) {
            case NETWORK_EXCEPTION -> Errors.COORDINATOR_LOAD_IN_PROGRESS;
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, REQUEST_TIMED_OUT ->
                    Errors.COORDINATOR_NOT_AVAILABLE;
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR -> Errors.NOT_COORDINATOR;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE ->
                    Errors.UNKNOWN_SERVER_ERROR;
            default -> error;
        };
    }
}
