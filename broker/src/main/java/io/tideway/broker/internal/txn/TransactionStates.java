package io.tideway.broker.internal.txn;

import io.tideway.metadata.MetadataException;
import io.tideway.metadata.MetadataFormatException;
import io.tideway.metadata.store.TransactionStateStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's access to the transactional ids' stored states, shared by the request path
 * ({@link TransactionCoordinatorService}) and the background work ({@link TransactionMaintenance}):
 * loads and saves snapshots in the {@link TransactionStateStore}, serialises the changes of each
 * transactional id, and finishes decided transactions (markers first, then the completed state).
 *
 * <p>The stored states are cached in memory (Kafka's coordinator keeps them all in memory too), so
 * that the frequent requests that change nothing (a produce's implicit add of a partition already
 * in the transaction) cost no metadata read. The store stays the source of truth: this node is the
 * only writer, every change is stored before the cache takes it, a failed (possibly ambiguous)
 * write drops the entry, and only reads made under the id's serialiser fill the cache, so a read
 * racing a change can never put an older state back.
 *
 * <p>Thread-safe and non-blocking. Futures complete on metadata store threads or on the threads of
 * the marker writer. A store failure other than a corrupt record fails with the retriable
 * {@link CoordinatorNotAvailableException}, as Kafka answers when its transaction log cannot be
 * written.
 */
final class TransactionStates {

  private static final Logger log = LoggerFactory.getLogger(TransactionStates.class);

  private final TransactionStateStore store;
  private final TransactionMarkerWriter markers;
  private final TransactionStateMachine machine;
  private final Clock clock;
  private final KeyedSerializer serializer = new KeyedSerializer();
  private final ConcurrentHashMap<String, TransactionSnapshot> cache = new ConcurrentHashMap<>();

  TransactionStates(TransactionStateStore store, TransactionMarkerWriter markers,
      TransactionStateMachine machine, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.markers = Objects.requireNonNull(markers, "markers");
    this.machine = Objects.requireNonNull(machine, "machine");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  TransactionStateMachine machine() {
    return machine;
  }

  Clock clock() {
    return clock;
  }

  /** Runs {@code operation} once every earlier change of {@code transactionalId} is finished. */
  <T> Future<T> serialized(String transactionalId, Supplier<Future<T>> operation) {
    return serializer.submit(transactionalId, operation);
  }

  /** A read outside the serialiser (describe, verify): the cached state, else the stored one. */
  Future<Optional<TransactionSnapshot>> load(String transactionalId) {
    TransactionSnapshot cached = cache.get(transactionalId);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    return fromStore(store.get(transactionalId))
        .map(record -> record.map(TransactionSnapshot::fromRecord));
  }

  /** A read under the id's serialiser, before a change: fills the cache. */
  Future<Optional<TransactionSnapshot>> loadForChange(String transactionalId) {
    return load(transactionalId).onSuccess(current -> current.ifPresent(
        snapshot -> cache.putIfAbsent(transactionalId, snapshot)));
  }

  /** Every stored state, ordered by transactional id. */
  Future<List<TransactionSnapshot>> loadAll() {
    return fromStore(store.getAll())
        .map(records -> records.stream().map(TransactionSnapshot::fromRecord).toList());
  }

  /** Stores a new state (under the id's serialiser). */
  Future<Void> save(TransactionSnapshot snapshot) {
    String id = snapshot.transactionalId();
    return fromStore(store.put(snapshot.toRecord()))
        .onSuccess(ignored -> cache.put(id, snapshot))
        .onFailure(ignored -> cache.remove(id));
  }

  /** Removes a transactional id's state (under its serialiser). */
  Future<Void> delete(String transactionalId) {
    return fromStore(store.delete(transactionalId))
        .onComplete(ignored -> cache.remove(transactionalId));
  }

  /**
   * Writes the markers of a decided transaction, then stores it as complete. Run it serialised
   * on the transactional id; a failure leaves the transaction in doubt for a later retry.
   *
   * @param decided an in-doubt state, already stored
   * @return the completed state
   */
  Future<TransactionSnapshot> finish(TransactionSnapshot decided) {
    boolean commit = decided.state() == TransactionState.PREPARE_COMMIT;
    return markers.writeMarkers(decided.producerId(), decided.epoch(), commit,
            decided.partitions())
        .compose(ignored -> {
          TransactionSnapshot completed = machine.complete(decided, clock.millis());
          return save(completed).map(completed);
        })
        .onFailure(error -> log.atWarn()
            .setMessage("Transaction markers not all written; the transaction stays in doubt")
            .addKeyValue("transactionalId", decided.transactionalId())
            .addKeyValue("producerId", decided.producerId())
            .addKeyValue("epoch", decided.epoch()).addKeyValue("commit", commit)
            .addKeyValue("reason", error.toString()).log());
  }

  /**
   * Loads a state again under the serialiser and finishes it if it is still in doubt.
   *
   * @return whether this call completed it
   */
  Future<Boolean> finishIfInDoubt(String transactionalId) {
    return loadForChange(transactionalId).compose(current -> {
      if (current.isEmpty() || !current.get().state().inDoubt()) {
        return Future.succeededFuture(false);
      }
      return finish(current.get()).map(true);
    });
  }

  private static <T> Future<T> fromStore(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage).recover(error -> Future.failedFuture(mapped(error)));
  }

  private static Throwable mapped(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (cause instanceof MetadataException && !(cause instanceof MetadataFormatException)) {
      return new CoordinatorNotAvailableException("The transaction state store is unavailable: "
          + cause.getMessage(), cause);
    }
    return cause;
  }
}
