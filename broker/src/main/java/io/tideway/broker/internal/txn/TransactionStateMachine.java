package io.tideway.broker.internal.txn;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ConcurrentTransactionsException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.InvalidTxnTimeoutException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.protocol.Errors;

/**
 * The transaction coordinator's transitions, with Kafka's transaction-version-1 semantics (the
 * epoch is bumped by InitProducerId and by a timeout abort, not per transaction): each method takes
 * the current {@link TransactionSnapshot} and a request and returns the next snapshot, or throws the
 * Kafka {@code ApiException} the request must be answered with. No I/O: the caller persists the
 * result and writes markers.
 *
 * <p>Stateless apart from the maximum timeout; immutable and thread-safe. The caller serialises
 * the transitions of one transactional id.
 */
public final class TransactionStateMachine {

    /** Epochs at or above this value make InitProducerId allocate a new producer id, as in Kafka. */
    static final short MAX_EPOCH = Short.MAX_VALUE - 1;

    private final int maxTimeoutMs;

    /** @param maxTimeoutMs the broker's {@code transaction.max.timeout.ms} */
    public TransactionStateMachine(int maxTimeoutMs) {
        if (maxTimeoutMs <= 0) {
            throw new IllegalArgumentException("transaction.max.timeout.ms must be positive, got " + maxTimeoutMs);
        }
        this.maxTimeoutMs = maxTimeoutMs;
    }

    /**
     * The outcome of InitProducerId.
     *
     * @param next the snapshot to persist
     * @param abortOngoing true when an ongoing transaction was fenced: {@code next} is
     *        {@code PREPARE_ABORT} under the bumped epoch, the caller writes the abort markers and
     *        answers {@link Errors#CONCURRENT_TRANSACTIONS} so that the client retries
     */
    public record InitOutcome(TransactionSnapshot next, boolean abortOngoing) {
    }

    /**
     * The outcome of EndTxn.
     *
     * @param next the snapshot to persist (an in-doubt state), or the current one for a retry
     * @param writeMarkers false when the request retries a transaction that is already complete
     */
    public record EndOutcome(TransactionSnapshot next, boolean writeMarkers) {
    }

    /**
     * @param current the stored state, empty for a new transactional id
     * @return whether {@link #initProducerId} will need a fresh producer id (new transactional id
     *         or exhausted epoch), so that the caller can allocate one before calling it
     */
    public static boolean needsNewProducerId(Optional<TransactionSnapshot> current) {
        return current.isEmpty() || (current.get().state().idle() && current.get().epoch() >= MAX_EPOCH);
    }

    /**
     * InitProducerId for a transactional id.
     *
     * @param current the stored state, empty for a new transactional id
     * @param transactionalId the transactional id
     * @param timeoutMs the requested transaction timeout
     * @param expectedProducerId the producer id the client holds (KIP-360), -1 for none
     * @param expectedEpoch the epoch the client holds, -1 for none
     * @param now the current time
     * @param newProducerId allocates a fresh producer id
     * @return the outcome
     */
    public InitOutcome initProducerId(Optional<TransactionSnapshot> current, String transactionalId, int timeoutMs,
            long expectedProducerId, short expectedEpoch, long now, LongSupplier newProducerId) {
        if (timeoutMs <= 0 || timeoutMs > maxTimeoutMs) {
            throw new InvalidTxnTimeoutException("Transaction timeout " + timeoutMs + " ms is not within 1 to "
                    + maxTimeoutMs + " ms (transaction.max.timeout.ms)");
        }
        if (current.isEmpty()) {
            return new InitOutcome(idle(transactionalId, newProducerId.getAsLong(), (short) 0,
                    TransactionState.EMPTY, timeoutMs, now), false);
        }
        TransactionSnapshot txn = current.get();
        if (txn.state().inDoubt()) {
            throw new ConcurrentTransactionsException("Transaction " + transactionalId + " is completing ("
                    + txn.state() + "); retry");
        }
        if (expectedProducerId != -1 && (expectedProducerId != txn.producerId() || expectedEpoch != txn.epoch())) {
            throw new ProducerFencedException("Producer " + expectedProducerId + " epoch " + expectedEpoch
                    + " is not the current owner of transactional id " + transactionalId);
        }
        if (txn.state() == TransactionState.ONGOING) {
            TransactionSnapshot aborting = new TransactionSnapshot(transactionalId, txn.producerId(), bump(txn.epoch()),
                    TransactionState.PREPARE_ABORT, txn.timeoutMs(), txn.startTimestamp(), now, txn.partitions());
            return new InitOutcome(aborting, true);
        }
        if (txn.epoch() >= MAX_EPOCH) {
            return new InitOutcome(idle(transactionalId, newProducerId.getAsLong(), (short) 0,
                    TransactionState.EMPTY, timeoutMs, now), false);
        }
        return new InitOutcome(idle(transactionalId, txn.producerId(), bump(txn.epoch()), TransactionState.EMPTY,
                timeoutMs, now), false);
    }

    /**
     * AddPartitionsToTxn (and AddOffsetsToTxn, which adds the group's offsets partition).
     *
     * @param txn the stored state
     * @param producerId the request's producer id
     * @param epoch the request's epoch
     * @param partitions the partitions to add
     * @param now the current time
     * @return the next snapshot ({@code ONGOING}), the current one when nothing is new
     */
    public TransactionSnapshot addPartitions(TransactionSnapshot txn, long producerId, short epoch,
            Set<TopicPartition> partitions, long now) {
        checkProducer(txn, producerId, epoch);
        if (txn.state().inDoubt()) {
            throw new ConcurrentTransactionsException("Transaction " + txn.transactionalId() + " is completing ("
                    + txn.state() + "); retry");
        }
        if (txn.state() == TransactionState.ONGOING && txn.partitions().containsAll(partitions)) {
            return txn;
        }
        Set<TopicPartition> all = new HashSet<>(txn.partitions());
        all.addAll(partitions);
        long start = txn.state() == TransactionState.ONGOING ? txn.startTimestamp() : now;
        return new TransactionSnapshot(txn.transactionalId(), txn.producerId(), txn.epoch(), TransactionState.ONGOING,
                txn.timeoutMs(), start, now, all);
    }

    /**
     * The verify-only form of AddPartitionsToTxn (v4+, and the produce-path check): which of the
     * partitions are not in the ongoing transaction.
     *
     * @param txn the stored state, empty for an unknown transactional id
     * @param producerId the producer id
     * @param epoch the epoch
     * @param partitions the partitions to check
     * @return the error per partition, {@link Errors#NONE} for those in the transaction
     */
    public Map<TopicPartition, Errors> verifyPartitions(Optional<TransactionSnapshot> txn, long producerId, short epoch,
            Set<TopicPartition> partitions) {
        Map<TopicPartition, Errors> result = new LinkedHashMap<>();
        Errors producerError = txn.map(t -> producerError(t, producerId, epoch)).orElse(Errors.INVALID_PRODUCER_ID_MAPPING);
        for (TopicPartition partition : partitions) {
            if (producerError != Errors.NONE) {
                result.put(partition, producerError);
            } else {
                boolean added = txn.get().state() == TransactionState.ONGOING && txn.get().partitions().contains(partition);
                result.put(partition, added ? Errors.NONE : Errors.INVALID_TXN_STATE);
            }
        }
        return result;
    }

    /**
     * EndTxn: decide commit or abort.
     *
     * @param txn the stored state
     * @param producerId the request's producer id
     * @param epoch the request's epoch
     * @param commit true to commit, false to abort
     * @param now the current time
     * @return the outcome
     */
    public EndOutcome endTransaction(TransactionSnapshot txn, long producerId, short epoch, boolean commit, long now) {
        checkProducer(txn, producerId, epoch);
        TransactionState wanted = commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT;
        TransactionState done = commit ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT;
        switch (txn.state()) {
            case ONGOING:
                return new EndOutcome(new TransactionSnapshot(txn.transactionalId(), txn.producerId(), txn.epoch(), wanted,
                        txn.timeoutMs(), txn.startTimestamp(), now, txn.partitions()), true);
            case PREPARE_COMMIT:
            case PREPARE_ABORT:
                if (txn.state() == wanted) {
                    throw new ConcurrentTransactionsException("Transaction " + txn.transactionalId()
                            + " is already completing (" + txn.state() + "); retry");
                }
                break;
            case COMPLETE_COMMIT:
            case COMPLETE_ABORT:
                if (txn.state() == done) {
                    return new EndOutcome(txn, false);
                }
                break;
            default:
                break;
        }
        throw new InvalidTxnStateException("Cannot " + (commit ? "commit" : "abort") + " transaction "
                + txn.transactionalId() + " in state " + txn.state());
    }

    /**
     * Completes an in-doubt transaction once every marker is written.
     *
     * @param txn the in-doubt state
     * @param now the current time
     * @return the {@code COMPLETE_*} snapshot
     */
    public TransactionSnapshot complete(TransactionSnapshot txn, long now) {
        TransactionState next = switch (txn.state()) {
            case PREPARE_COMMIT -> TransactionState.COMPLETE_COMMIT;
            case PREPARE_ABORT -> TransactionState.COMPLETE_ABORT;
            default -> throw new IllegalStateException("Transaction " + txn.transactionalId() + " in state "
                    + txn.state() + " has no markers to complete");
        };
        return idle(txn.transactionalId(), txn.producerId(), txn.epoch(), next, txn.timeoutMs(), now);
    }

    /**
     * @param txn a stored state
     * @param now the current time
     * @return whether the transaction is ongoing past its timeout
     */
    public static boolean timedOut(TransactionSnapshot txn, long now) {
        return txn.state() == TransactionState.ONGOING && now - txn.startTimestamp() > txn.timeoutMs();
    }

    /**
     * Aborts a timed-out transaction, bumping the epoch so that the late producer is fenced.
     *
     * @param txn an ongoing state
     * @param now the current time
     * @return the {@code PREPARE_ABORT} snapshot under the bumped epoch
     */
    public TransactionSnapshot abortTimedOut(TransactionSnapshot txn, long now) {
        if (txn.state() != TransactionState.ONGOING) {
            throw new IllegalStateException("Transaction " + txn.transactionalId() + " is " + txn.state()
                    + ", not ONGOING");
        }
        return new TransactionSnapshot(txn.transactionalId(), txn.producerId(), bump(txn.epoch()),
                TransactionState.PREPARE_ABORT, txn.timeoutMs(), txn.startTimestamp(), now, txn.partitions());
    }

    private static void checkProducer(TransactionSnapshot txn, long producerId, short epoch) {
        Errors error = producerError(txn, producerId, epoch);
        if (error == Errors.INVALID_PRODUCER_ID_MAPPING) {
            throw new InvalidPidMappingException("Producer id " + producerId + " does not own transactional id "
                    + txn.transactionalId());
        }
        if (error == Errors.PRODUCER_FENCED) {
            throw new ProducerFencedException("Producer " + producerId + " epoch " + epoch
                    + " is fenced by epoch " + txn.epoch() + " of transactional id " + txn.transactionalId());
        }
    }

    private static Errors producerError(TransactionSnapshot txn, long producerId, short epoch) {
        if (txn.producerId() != producerId) {
            return Errors.INVALID_PRODUCER_ID_MAPPING;
        }
        return epoch == txn.epoch() ? Errors.NONE : Errors.PRODUCER_FENCED;
    }

    private static TransactionSnapshot idle(String id, long producerId, short epoch, TransactionState state,
            int timeoutMs, long now) {
        return new TransactionSnapshot(id, producerId, epoch, state, timeoutMs, -1, now, Set.of());
    }

    private static short bump(short epoch) {
        return (short) (epoch + 1);
    }
}
