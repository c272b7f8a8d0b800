package io.tideway.broker.internal.txn;

import io.tideway.broker.ProducerIdService;
import io.tideway.broker.internal.txn.TransactionStateMachine.EndOutcome;
import io.tideway.broker.internal.txn.TransactionStateMachine.InitOutcome;
import io.tideway.broker.txn.ProducerIdAndEpoch;
import io.tideway.broker.txn.TransactionCoordinator;
import io.tideway.broker.txn.TransactionDescription;
import io.tideway.metadata.store.TransactionStateStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ConcurrentTransactionsException;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction coordinator of this node: each request loads the transactional id's state from
 * the metadata store, applies {@link TransactionStateMachine}, stores the new state before acting
 * on it, and for a decision writes the markers through a {@link TransactionMarkerWriter} before
 * storing the completed state. Because the decision ({@code PREPARE_*}) is durable first, a failed
 * marker write or a crash leaves the transaction in doubt, and {@link TransactionMaintenance}
 * finishes it (requests for it meanwhile get {@code CONCURRENT_TRANSACTIONS}).
 *
 * <p>EndTxn is answered once the markers are written and the completed state stored, so that a
 * client that saw its commit succeed reads it back at once (Kafka answers after the decision). If
 * the markers fail it is answered as soon as the decision is durable, as Kafka does: the decision
 * stands and is retried.
 *
 * <p>Until {@link #markLoaded()} (after recovery) every request fails with
 * {@link CoordinatorLoadInProgressException}; after {@link #close()} with
 * {@link CoordinatorNotAvailableException}.
 *
 * <p>Thread-safe and non-blocking: the changes of one transactional id run one at a time; futures
 * complete on metadata store or partition-owner threads, so callers hop back to their context.
 */
public final class TransactionCoordinatorService implements TransactionCoordinator {

  private static final Logger log = LoggerFactory.getLogger(TransactionCoordinatorService.class);

  private enum Phase { LOADING, ACTIVE, CLOSED }

  private final TransactionStates states;
  private final ProducerIdService producerIds;
  private final TransactionStateMachine machine;
  private final Clock clock;
  private volatile Phase phase = Phase.LOADING;

  /**
   * A coordinator, loading until {@link #markLoaded()}.
   *
   * @param store the persisted states
   * @param producerIds the producer-id allocator (shared with idempotent producers)
   * @param markers writes transaction markers to partitions
   * @param maxTimeoutMs {@code transaction.max.timeout.ms}
   * @param clock the clock of timeouts and timestamps
   */
  public TransactionCoordinatorService(TransactionStateStore store, ProducerIdService producerIds,
      TransactionMarkerWriter markers, int maxTimeoutMs, Clock clock) {
    this.machine = new TransactionStateMachine(maxTimeoutMs);
    this.states = new TransactionStates(store, markers, machine, clock);
    this.producerIds = Objects.requireNonNull(producerIds, "producerIds");
    this.clock = clock;
  }

  /** The shared state access, for {@link TransactionMaintenance}. */
  TransactionStates states() {
    return states;
  }

  /** Starts answering requests (recovery has run). */
  public void markLoaded() {
    if (phase == Phase.LOADING) {
      phase = Phase.ACTIVE;
    }
  }

  /** Whether requests are answered (recovery has run and the coordinator is not closed). */
  public boolean loaded() {
    return phase == Phase.ACTIVE;
  }

  /** Stops answering requests; operations in progress finish. Idempotent. */
  public void close() {
    phase = Phase.CLOSED;
  }

  @Override
  public Future<ProducerIdAndEpoch> initProducerId(String transactionalId,
      int transactionTimeoutMs, long expectedProducerId, short expectedEpoch) {
    return admit(transactionalId, () -> {
      if ((expectedProducerId == -1) != (expectedEpoch == -1) || expectedProducerId < -1
          || expectedEpoch < -1) {
        throw new InvalidRequestException("Expected producer id " + expectedProducerId
            + " and epoch " + expectedEpoch + " must both be -1 or both be valid");
      }
      // Checked before loading, as Kafka does, so that a refused request allocates nothing.
      machine.checkTimeout(transactionTimeoutMs);
      return states.serialized(transactionalId, () -> states.loadForChange(transactionalId)
          .compose(current -> allocate(TransactionStateMachine.initNeedsProducerId(current))
              .compose(spare -> init(current, transactionalId, transactionTimeoutMs,
                  expectedProducerId, expectedEpoch, spare))));
    });
  }

  private Future<ProducerIdAndEpoch> init(Optional<TransactionSnapshot> current,
      String transactionalId, int timeoutMs, long expectedProducerId, short expectedEpoch,
      long spare) {
    InitOutcome outcome = machine.initProducerId(current, transactionalId, timeoutMs,
        expectedProducerId, expectedEpoch, clock.millis(), () -> spare);
    TransactionSnapshot next = outcome.next();
    if (!outcome.abortOngoing()) {
      return states.save(next).map(new ProducerIdAndEpoch(next.producerId(), next.epoch()));
    }
    log.atInfo().setMessage("Fencing the producer of an ongoing transaction and aborting it")
        .addKeyValue("transactionalId", transactionalId)
        .addKeyValue("producerId", next.producerId()).addKeyValue("epoch", next.epoch()).log();
    // Once the fence is durable the answer is "retry", whether or not the abort markers are
    // written yet: the retry gets a new epoch once the abort is complete.
    return states.save(next).compose(ignored -> states.finish(next)
        .transform(ignored2 -> Future.failedFuture(new ConcurrentTransactionsException(
            "The ongoing transaction of " + transactionalId + " is being aborted; retry"))));
  }

  @Override
  public Future<Map<TopicPartition, Errors>> addPartitions(String transactionalId,
      long producerId, short producerEpoch, Set<TopicPartition> partitions, AddMode mode) {
    Objects.requireNonNull(partitions, "partitions");
    Objects.requireNonNull(mode, "mode");
    return admit(transactionalId, () -> {
      if (mode == AddMode.VERIFY) {
        return states.load(transactionalId).map(current -> machine.verifyPartitions(current,
            producerId, producerEpoch, partitions));
      }
      // AddPartitionsToTxn v0-v3 comes from transaction-version-1 clients; produce v12+ from 2.
      short version = mode == AddMode.ADD_FOR_PRODUCE ? (short) 2 : (short) 1;
      return add(transactionalId, producerId, producerEpoch, partitions, txn -> version)
          .map(ignored -> partitions.stream()
              .collect(Collectors.toMap(Function.identity(), partition -> Errors.NONE)));
    });
  }

  @Override
  public Future<Void> addOffsets(String transactionalId, long producerId, short producerEpoch,
      String groupId) {
    return admit(transactionalId, () -> {
      if (groupId == null) {
        throw new InvalidRequestException("AddOffsetsToTxn needs a group id");
      }
      // The request carries no transaction version: keep the one the transaction has.
      return add(transactionalId, producerId, producerEpoch,
          Set.of(TransactionCoordinator.offsetsPartitionFor(groupId)),
          TransactionSnapshot::clientTransactionVersion);
    });
  }

  private Future<Void> add(String transactionalId, long producerId, short producerEpoch,
      Set<TopicPartition> partitions, Function<TransactionSnapshot, Short> version) {
    return states.serialized(transactionalId, () -> states.loadForChange(transactionalId)
        .compose(current -> {
          TransactionSnapshot txn = current.orElseThrow(() -> unknown(transactionalId, producerId));
          TransactionSnapshot next = machine.addPartitions(txn, producerId, producerEpoch,
              partitions, version.apply(txn), clock.millis());
          return next == txn ? Future.succeededFuture() : states.save(next);
        }));
  }

  @Override
  public Future<ProducerIdAndEpoch> endTransaction(String transactionalId, long producerId,
      short producerEpoch, boolean commit, short clientTransactionVersion) {
    return admit(transactionalId, () -> {
      if (clientTransactionVersion < 0 || clientTransactionVersion > 2) {
        throw new InvalidRequestException("Unknown client transaction version "
            + clientTransactionVersion);
      }
      return states.serialized(transactionalId, () -> states.loadForChange(transactionalId)
          .compose(current -> {
            TransactionSnapshot txn = current.orElseThrow(
                () -> unknown(transactionalId, producerId));
            return allocate(TransactionStateMachine.endNeedsProducerId(txn,
                clientTransactionVersion)).compose(spare -> end(machine.endTransaction(txn,
                    producerId, producerEpoch, commit, clientTransactionVersion, clock.millis(),
                    () -> spare)));
          }));
    });
  }

  private Future<ProducerIdAndEpoch> end(EndOutcome outcome) {
    if (!outcome.writeMarkers()) {
      return Future.succeededFuture(outcome.answer());
    }
    TransactionSnapshot decided = outcome.next();
    // Once the decision is durable the answer is success: failed markers are retried.
    return states.save(decided).compose(ignored -> states.finish(decided)
        .transform(ignored2 -> Future.succeededFuture(outcome.answer())));
  }

  @Override
  public Future<Optional<TransactionDescription>> describe(String transactionalId) {
    return admit(transactionalId, () -> states.load(transactionalId)
        .map(current -> current.map(TransactionSnapshot::describe)));
  }

  @Override
  public Future<List<TransactionDescription>> list() {
    return admit(() -> states.loadAll()
        .map(all -> all.stream().map(TransactionSnapshot::describe).toList()));
  }

  /** {@link #admit(Supplier)} for a request about one transactional id, which must be set. */
  private <T> Future<T> admit(String transactionalId, Supplier<Future<T>> request) {
    return admit(() -> {
      if (transactionalId == null || transactionalId.isEmpty()) {
        throw new InvalidRequestException("The transactional id must be set and not empty");
      }
      return request.get();
    });
  }

  /** Runs a request once the coordinator is loaded. A request that throws fails alone. */
  private <T> Future<T> admit(Supplier<Future<T>> request) {
    Phase now = phase;
    if (now == Phase.LOADING) {
      return Future.failedFuture(new CoordinatorLoadInProgressException(
          "The transaction coordinator is completing in-doubt transactions after a start"));
    }
    if (now == Phase.CLOSED) {
      return Future.failedFuture(new CoordinatorNotAvailableException(
          "The transaction coordinator is shut down"));
    }
    try {
      return request.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Long> allocate(boolean needed) {
    return needed ? producerIds.nextProducerId() : Future.succeededFuture(-1L);
  }

  private static InvalidPidMappingException unknown(String transactionalId, long producerId) {
    return new InvalidPidMappingException("Transactional id " + transactionalId
        + " has no producer id mapping (request producer id " + producerId + ")");
  }
}
