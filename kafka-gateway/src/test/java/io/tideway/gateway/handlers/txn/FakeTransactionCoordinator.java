package io.tideway.gateway.handlers.txn;

import io.tideway.broker.txn.ProducerIdAndEpoch;
import io.tideway.broker.txn.TransactionCoordinator;
import io.tideway.broker.txn.TransactionDescription;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ConcurrentTransactionsException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.protocol.Errors;

/**
 * An in-memory {@link TransactionCoordinator} for handler tests that follows the interface's
 * Javadoc in small: producer ids from a counter, epoch bumps and fencing on InitProducerId, an
 * ongoing transaction aborted (with one {@code CONCURRENT_TRANSACTIONS}) by a new
 * InitProducerId, partitions added, verified or added for produce, offsets partitions added,
 * EndTxn moving to {@code CompleteCommit}/{@code CompleteAbort} (and bumping the epoch under
 * transaction version 2; a retried EndTxn succeeds again), describe and an id-ordered list. No
 * markers are written: the handlers under test never see them.
 *
 * <p>Failures are the coordinator's Kafka exceptions: {@code InvalidPidMappingException} for an
 * unknown id or another producer id, {@code ProducerFencedException} for an older epoch, {@code
 * InvalidTxnStateException} for an EndTxn that does not fit the state.
 *
 * <p>Test knobs: {@link #failWith} fails every call, {@link #answerFor} overrides one
 * partition's answer, {@link #answerConcurrently} answers {@code CONCURRENT_TRANSACTIONS} to
 * the next few addPartitions calls, {@link #holdNextAdd} delays the next addPartitions answer;
 * {@link #addCalls()} records what the handlers asked.
 *
 * <p>Thread-safe: every method synchronizes on the instance; futures complete at once (a held
 * answer when the test releases it).
 */
public final class FakeTransactionCoordinator implements TransactionCoordinator {

    /**
     * One addPartitions call as the handler made it.
     *
     * @param transactionalId the id
     * @param producerId the producer id
     * @param epoch the epoch
     * @param partitions the partitions
     * @param mode the mode
     */
    public record AddCall(String transactionalId, long producerId, short epoch,
            Set<TopicPartition> partitions, AddMode mode) {
    }

    private final LongSupplier clock;
    private final Map<String, Txn> transactions = new TreeMap<>();
    private final Map<TopicPartition, Errors> answers = new LinkedHashMap<>();
    private final List<AddCall> addCalls = new ArrayList<>();
    private final AtomicInteger concurrentAnswers = new AtomicInteger();
    private long nextProducerId = 5000;
    private RuntimeException failure;
    private Promise<Void> heldAdd;

    /** @param clock wall-clock milliseconds for start and update timestamps */
    public FakeTransactionCoordinator(LongSupplier clock) {
        this.clock = clock;
    }

    /** Every later call fails with {@code failure} (null: succeed again). */
    public synchronized void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** addPartitions answers {@code error} for {@code partition}, whatever the state. */
    public synchronized void answerFor(TopicPartition partition, Errors error) {
        answers.put(partition, error);
    }

    /** The next {@code calls} addPartitions calls answer CONCURRENT_TRANSACTIONS everywhere. */
    public void answerConcurrently(int calls) {
        concurrentAnswers.set(calls);
    }

    /**
     * The next addPartitions call is applied at once but answered only when the test completes
     * the returned promise (a coordinator whose store is slow).
     */
    public synchronized Promise<Void> holdNextAdd() {
        heldAdd = Promise.promise();
        return heldAdd;
    }

    /** The addPartitions calls so far, in order. */
    public synchronized List<AddCall> addCalls() {
        return List.copyOf(addCalls);
    }

    /** Puts a transactional id in {@code state} directly (for describe and list tests). */
    public synchronized void put(TransactionDescription description) {
        Txn txn = new Txn(description.producerId(), description.producerEpoch(),
                description.timeoutMs());
        txn.state = description.state();
        txn.partitions.addAll(description.partitions());
        txn.startTimestamp = description.startTimestamp();
        txn.lastUpdate = description.lastUpdateTimestamp();
        transactions.put(description.transactionalId(), txn);
    }

    @Override
    public synchronized Future<ProducerIdAndEpoch> initProducerId(String transactionalId,
            int transactionTimeoutMs, long expectedProducerId, short expectedEpoch) {
        return run(() -> {
            Txn txn = transactions.get(transactionalId);
            if (txn == null) {
                txn = new Txn(nextProducerId++, (short) 0, transactionTimeoutMs);
                transactions.put(transactionalId, txn);
                return new ProducerIdAndEpoch(txn.producerId, txn.epoch);
            }
            if (expectedProducerId >= 0 && (expectedProducerId != txn.producerId
                    || expectedEpoch != txn.epoch)) {
                throw new ProducerFencedException("Producer " + expectedProducerId + " epoch "
                        + expectedEpoch + " is not the current one");
            }
            if (txn.state.equals("Ongoing")) {
                txn.complete(false, (short) 1, clock.getAsLong());
                throw new ConcurrentTransactionsException("Aborting the ongoing transaction of "
                        + transactionalId);
            }
            txn.epoch++;
            txn.timeoutMs = transactionTimeoutMs;
            txn.state = "Empty";
            txn.lastUpdate = clock.getAsLong();
            return new ProducerIdAndEpoch(txn.producerId, txn.epoch);
        });
    }

    @Override
    public synchronized Future<Map<TopicPartition, Errors>> addPartitions(String transactionalId,
            long producerId, short producerEpoch, Set<TopicPartition> partitions, AddMode mode) {
        addCalls.add(new AddCall(transactionalId, producerId, producerEpoch, Set.copyOf(partitions),
                mode));
        Promise<Void> hold = heldAdd;
        heldAdd = null;
        Future<Map<TopicPartition, Errors>> answer = add(transactionalId, producerId, producerEpoch,
                partitions, mode);
        return hold == null ? answer : hold.future().compose(released -> answer);
    }

    private Future<Map<TopicPartition, Errors>> add(String transactionalId, long producerId,
            short producerEpoch, Set<TopicPartition> partitions, AddMode mode) {
        return run(() -> {
            Map<TopicPartition, Errors> result = new LinkedHashMap<>();
            if (concurrentAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                partitions.forEach(p -> result.put(p, Errors.CONCURRENT_TRANSACTIONS));
                return result;
            }
            Txn txn = current(transactionalId, producerId, producerEpoch);
            for (TopicPartition partition : partitions) {
                Errors error = answers.get(partition);
                if (error == null && mode == AddMode.VERIFY) {
                    error = txn.state.equals("Ongoing") && txn.partitions.contains(partition)
                            ? Errors.NONE : Errors.INVALID_TXN_STATE;
                }
                result.put(partition, error == null ? Errors.NONE : error);
            }
            if (mode != AddMode.VERIFY) {
                result.forEach((partition, error) -> {
                    if (error == Errors.NONE) {
                        txn.add(partition, clock.getAsLong());
                    }
                });
            }
            return result;
        });
    }

    @Override
    public synchronized Future<Void> addOffsets(String transactionalId, long producerId,
            short producerEpoch, String groupId) {
        return run(() -> {
            current(transactionalId, producerId, producerEpoch)
                    .add(TransactionCoordinator.offsetsPartitionFor(groupId), clock.getAsLong());
            return null;
        });
    }

    @Override
    public synchronized Future<ProducerIdAndEpoch> endTransaction(String transactionalId,
            long producerId, short producerEpoch, boolean commit,
            short clientTransactionVersion) {
        return run(() -> {
            Txn txn = transactions.get(transactionalId);
            if (txn == null || txn.producerId != producerId) {
                throw new InvalidPidMappingException("Unknown producer " + producerId);
            }
            String completed = commit ? "CompleteCommit" : "CompleteAbort";
            boolean retry = txn.state.equals(completed) && (clientTransactionVersion < 2
                    ? producerEpoch == txn.epoch : producerEpoch == txn.epoch - 1);
            if (retry) {
                return new ProducerIdAndEpoch(txn.producerId, txn.epoch);
            }
            if (producerEpoch < txn.epoch) {
                throw new ProducerFencedException("Epoch " + producerEpoch + " is fenced");
            }
            if (!txn.state.equals("Ongoing")) {
                throw new InvalidTxnStateException("Cannot end a transaction in state "
                        + txn.state);
            }
            txn.complete(commit, clientTransactionVersion, clock.getAsLong());
            return new ProducerIdAndEpoch(txn.producerId, txn.epoch);
        });
    }

    @Override
    public synchronized Future<Optional<TransactionDescription>> describe(
            String transactionalId) {
        return run(() -> Optional.ofNullable(transactions.get(transactionalId))
                .map(txn -> txn.describe(transactionalId)));
    }

    @Override
    public synchronized Future<List<TransactionDescription>> list() {
        return run(() -> {
            List<TransactionDescription> all = new ArrayList<>();
            transactions.forEach((id, txn) -> all.add(txn.describe(id)));
            return all;
        });
    }

    /** The transaction of an id whose producer id and epoch are current. */
    private Txn current(String transactionalId, long producerId, short producerEpoch) {
        Txn txn = transactions.get(transactionalId);
        if (txn == null || txn.producerId != producerId) {
            throw new InvalidPidMappingException("Transactional id " + transactionalId
                    + " has no producer " + producerId);
        }
        if (producerEpoch != txn.epoch) {
            throw new ProducerFencedException("Epoch " + producerEpoch + " is not current ("
                    + txn.epoch + ")");
        }
        return txn;
    }

    private <T> Future<T> run(Callable<T> body) {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        try {
            return Future.succeededFuture(body.call());
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    /** One transactional id's state; guarded by the coordinator's monitor. */
    private static final class Txn {
        final long producerId;
        final Set<TopicPartition> partitions = new LinkedHashSet<>();
        short epoch;
        int timeoutMs;
        String state = "Empty";
        long startTimestamp = -1;
        long lastUpdate;

        Txn(long producerId, short epoch, int timeoutMs) {
            this.producerId = producerId;
            this.epoch = epoch;
            this.timeoutMs = timeoutMs;
        }

        void add(TopicPartition partition, long now) {
            if (!state.equals("Ongoing")) {
                state = "Ongoing";
                partitions.clear();
                startTimestamp = now;
            }
            partitions.add(partition);
            lastUpdate = now;
        }

        void complete(boolean commit, short clientTransactionVersion, long now) {
            state = commit ? "CompleteCommit" : "CompleteAbort";
            partitions.clear();
            if (clientTransactionVersion >= 2) {
                epoch++;
            }
            lastUpdate = now;
        }

        TransactionDescription describe(String id) {
            return new TransactionDescription(id, producerId, epoch, state, timeoutMs,
                    startTimestamp, lastUpdate, partitions);
        }
    }
}
