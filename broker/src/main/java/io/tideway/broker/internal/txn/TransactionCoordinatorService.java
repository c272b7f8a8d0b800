package io.tideway.broker.internal.txn;

import io.tideway.broker.ProducerIdService;
import io.tideway.broker.internal.txn.TransactionStateMachine.EndOutcome;
import io.tideway.broker.internal.txn.TransactionStateMachine.InitOutcome;
import io.tideway.metadata.store.TransactionStateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ConcurrentTransactionsException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction coordinator: drives {@link TransactionStateMachine} for each request, persists
 * every new state in the metadata store ({@link TransactionStateStore}) before acting on it, and
 * writes the markers of decided transactions through a {@link TransactionMarkerWriter}. Because the
 * decision ({@code PREPARE_*}) is durable before any marker is written, {@link #recover} can finish
 * every in-doubt transaction after a restart; {@link #abortTimedOut} aborts transactions past their
 * timeout (call it periodically).
 *
 * <p>Thread-safe: the changes of one transactional id run one at a time ({@link KeyedSerializer});
 * futures complete on the metadata store's or the marker writer's threads, so event-loop callers
 * hop back to their context. An EndTxn is answered once its markers are written and the completed
 * state is stored (Kafka answers after the decision and writes markers afterwards; answering later
 * is slower but never lets a client see an unfinished commit).
 */
public final class TransactionCoordinatorService {

    private static final Logger log = LoggerFactory.getLogger(TransactionCoordinatorService.class);

    /**
     * A producer id and epoch handed to a transactional producer.
     *
     * @param producerId the producer id
     * @param epoch the epoch
     */
    public record ProducerIdAndEpoch(long producerId, short epoch) {
    }

    private final TransactionStateStore store;
    private final ProducerIdService producerIds;
    private final TransactionMarkerWriter markers;
    private final TransactionStateMachine machine;
    private final Clock clock;
    private final KeyedSerializer serializer = new KeyedSerializer();

    /**
     * @param store the persisted state
     * @param producerIds the producer-id allocator
     * @param markers writes transaction markers to partitions
     * @param machine the transitions (carries {@code transaction.max.timeout.ms})
     * @param clock the clock for timeouts and timestamps
     */
    public TransactionCoordinatorService(TransactionStateStore store, ProducerIdService producerIds,
            TransactionMarkerWriter markers, TransactionStateMachine machine, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.producerIds = Objects.requireNonNull(producerIds, "producerIds");
        this.markers = Objects.requireNonNull(markers, "markers");
        this.machine = Objects.requireNonNull(machine, "machine");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * InitProducerId with a transactional id. When a transaction of the id is ongoing it is
     * aborted under a bumped epoch and the call fails with {@link ConcurrentTransactionsException}
     * once the abort is complete, so that the client retries and gets the next epoch.
     *
     * @param transactionalId the transactional id
     * @param timeoutMs the requested transaction timeout
     * @param expectedProducerId the producer id the client holds, -1 for none
     * @param expectedEpoch the epoch the client holds, -1 for none
     * @return the producer id and epoch to use
     */
    public CompletableFuture<ProducerIdAndEpoch> initProducerId(String transactionalId, int timeoutMs,
            long expectedProducerId, short expectedEpoch) {
        return serializer.submit(transactionalId, () -> load(transactionalId).thenCompose(current -> {
            CompletableFuture<Long> newId = TransactionStateMachine.needsNewProducerId(current)
                    ? producerIds.nextProducerId().toCompletionStage().toCompletableFuture()
                    : CompletableFuture.completedFuture(-1L);
            return newId.thenCompose(id -> {
                InitOutcome outcome = machine.initProducerId(current, transactionalId, timeoutMs, expectedProducerId,
                        expectedEpoch, clock.millis(), () -> id);
                TransactionSnapshot next = outcome.next();
                if (outcome.abortOngoing()) {
                    log.atInfo().setMessage("Aborting the ongoing transaction of a re-initialised transactional id")
                            .addKeyValue("transactionalId", transactionalId).addKeyValue("producerId", next.producerId())
                            .addKeyValue("epoch", next.epoch()).log();
                    return save(next).thenCompose(ignored -> finish(next)).thenApply(ignored -> {
                        throw new ConcurrentTransactionsException("The ongoing transaction of " + transactionalId
                                + " was aborted; retry InitProducerId");
                    });
                }
                return save(next).thenApply(ignored -> new ProducerIdAndEpoch(next.producerId(), next.epoch()));
            });
        }));
    }

    /**
     * AddPartitionsToTxn (and AddOffsetsToTxn with the group's offsets partition).
     *
     * @param transactionalId the transactional id
     * @param producerId the producer id
     * @param epoch the epoch
     * @param partitions the partitions to add
     * @return completes once the partitions are durably part of the transaction
     */
    public CompletableFuture<Void> addPartitions(String transactionalId, long producerId, short epoch,
            Set<TopicPartition> partitions) {
        return serializer.submit(transactionalId, () -> load(transactionalId).thenCompose(current -> {
            TransactionSnapshot txn = current.orElseThrow(() -> unknown(transactionalId, producerId));
            TransactionSnapshot next = machine.addPartitions(txn, producerId, epoch, partitions, clock.millis());
            return next == txn ? CompletableFuture.completedFuture(null) : save(next);
        }));
    }

    /**
     * Verify-only AddPartitionsToTxn, and the check a transactional produce needs.
     *
     * @param transactionalId the transactional id
     * @param producerId the producer id
     * @param epoch the epoch
     * @param partitions the partitions to check
     * @return the error per partition, {@link Errors#NONE} for those in the transaction
     */
    public CompletableFuture<Map<TopicPartition, Errors>> verifyPartitions(String transactionalId, long producerId,
            short epoch, Set<TopicPartition> partitions) {
        return load(transactionalId).thenApply(current -> machine.verifyPartitions(current, producerId, epoch, partitions));
    }

    /**
     * EndTxn: commits or aborts, writes the markers and stores the completed state.
     *
     * @param transactionalId the transactional id
     * @param producerId the producer id
     * @param epoch the epoch
     * @param commit true to commit
     * @return completes once the transaction is complete
     */
    public CompletableFuture<Void> endTransaction(String transactionalId, long producerId, short epoch, boolean commit) {
        return serializer.submit(transactionalId, () -> load(transactionalId).thenCompose(current -> {
            TransactionSnapshot txn = current.orElseThrow(() -> unknown(transactionalId, producerId));
            EndOutcome outcome = machine.endTransaction(txn, producerId, epoch, commit, clock.millis());
            if (!outcome.writeMarkers()) {
                return CompletableFuture.completedFuture(null);
            }
            return save(outcome.next()).thenCompose(ignored -> finish(outcome.next()));
        }));
    }

    /**
     * @param transactionalId a transactional id
     * @return its state, empty when unknown
     */
    public CompletableFuture<Optional<TransactionSnapshot>> describe(String transactionalId) {
        return load(transactionalId);
    }

    /** @return every transactional id's state, ordered by id */
    public CompletableFuture<List<TransactionSnapshot>> list() {
        return store.getAll().thenApply(records -> records.stream().map(TransactionSnapshot::fromRecord).toList());
    }

    /**
     * Aborts every transaction ongoing past its timeout, under a bumped epoch (fencing its
     * producer).
     *
     * @return the number of transactions aborted
     */
    public CompletableFuture<Integer> abortTimedOut() {
        return list().thenCompose(all -> {
            List<CompletableFuture<Boolean>> aborts = new ArrayList<>();
            for (TransactionSnapshot candidate : all) {
                if (TransactionStateMachine.timedOut(candidate, clock.millis())) {
                    aborts.add(serializer.submit(candidate.transactionalId(), () -> abortIfStillTimedOut(candidate)));
                }
            }
            return count(aborts);
        });
    }

    /**
     * Completes every in-doubt transaction (decided before a restart, markers possibly missing).
     * Call once on start-up, before serving requests.
     *
     * @return the number of transactions completed
     */
    public CompletableFuture<Integer> recover() {
        return list().thenCompose(all -> {
            List<CompletableFuture<Boolean>> completions = new ArrayList<>();
            for (TransactionSnapshot txn : all) {
                if (txn.state().inDoubt()) {
                    log.atInfo().setMessage("Completing an in-doubt transaction")
                            .addKeyValue("transactionalId", txn.transactionalId()).addKeyValue("state", txn.state())
                            .addKeyValue("partitions", txn.partitions().size()).log();
                    completions.add(serializer.submit(txn.transactionalId(), () -> finish(txn).thenApply(ignored -> true)));
                }
            }
            return count(completions);
        });
    }

    private CompletableFuture<Boolean> abortIfStillTimedOut(TransactionSnapshot seen) {
        return load(seen.transactionalId()).thenCompose(current -> {
            if (current.isEmpty() || !TransactionStateMachine.timedOut(current.get(), clock.millis())) {
                return CompletableFuture.completedFuture(false);
            }
            TransactionSnapshot aborting = machine.abortTimedOut(current.get(), clock.millis());
            log.atInfo().setMessage("Aborting a timed-out transaction")
                    .addKeyValue("transactionalId", aborting.transactionalId())
                    .addKeyValue("timeoutMs", aborting.timeoutMs()).log();
            return save(aborting).thenCompose(ignored -> finish(aborting)).thenApply(ignored -> true);
        });
    }

    /** Writes the markers of a decided transaction, then stores it as complete. */
    private CompletableFuture<Void> finish(TransactionSnapshot decided) {
        boolean commit = decided.state() == TransactionState.PREPARE_COMMIT;
        return markers.writeMarkers(decided.producerId(), decided.epoch(), commit, decided.partitions())
                .thenCompose(ignored -> save(machine.complete(decided, clock.millis())));
    }

    private CompletableFuture<Optional<TransactionSnapshot>> load(String transactionalId) {
        return store.get(transactionalId).thenApply(record -> record.map(TransactionSnapshot::fromRecord));
    }

    private CompletableFuture<Void> save(TransactionSnapshot snapshot) {
        return store.put(snapshot.toRecord());
    }

    private static InvalidPidMappingException unknown(String transactionalId, long producerId) {
        return new InvalidPidMappingException("Transactional id " + transactionalId + " is unknown (producer id "
                + producerId + ")");
    }

    private static CompletableFuture<Integer> count(List<CompletableFuture<Boolean>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> (int) futures.stream().filter(CompletableFuture::join).count());
    }
}
