package io.tideway.broker.internal.txn;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction coordinator's background work: recovery after a start (every transaction left
 * in doubt is finished, then the coordinator answers requests), and two Vert.x periodic timers as
 * in Kafka: every {@code transaction.abort.timed.out.transaction.cleanup.interval.ms} ongoing
 * transactions past their timeout are aborted under a fencing epoch and in-doubt transactions
 * (markers failed) are retried (or, while recovery has not succeeded, recovery is retried); every
 * {@code transaction.remove.expired.transaction.cleanup.interval.ms} idle transactional ids unused
 * for {@code transactional.id.expiration.ms} are removed.
 *
 * <p>Each action re-reads the state under the transactional id's serialiser and acts only if it
 * still applies, so it never races a request. A pass does not start while the previous one of its
 * kind is running.
 *
 * <p>Thread-safe; the timers' handlers run on a Vert.x event loop and only start asynchronous
 * work. {@link #stop()} cancels the timers (passes in progress finish).
 */
public final class TransactionMaintenance {

  private static final Logger log = LoggerFactory.getLogger(TransactionMaintenance.class);

  private final Vertx vertx;
  private final TransactionCoordinatorService coordinator;
  private final TransactionStates states;
  private final TransactionSettings settings;
  private Future<Integer> recovery; // guarded by this
  private final AtomicBoolean abortPassRunning = new AtomicBoolean();
  private final AtomicBoolean expiryPassRunning = new AtomicBoolean();
  private final List<Long> timers = new ArrayList<>(); // guarded by this
  private volatile boolean stopped;

  /**
   * The background work of one coordinator; nothing runs before {@link #recover} or
   * {@link #start}.
   *
   * @param vertx the timers' Vert.x
   * @param coordinator the coordinator
   * @param settings the intervals and the expiration
   */
  public TransactionMaintenance(Vertx vertx, TransactionCoordinatorService coordinator,
      TransactionSettings settings) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.states = coordinator.states();
  }

  /**
   * Finishes every in-doubt transaction (decided before a restart, markers possibly missing), then
   * lets the coordinator answer requests. A transaction whose markers fail again stays in doubt
   * and is retried by the timer, so one offline partition does not keep the coordinator loading.
   * A call while recovery runs returns the same future.
   *
   * @return the number of transactions completed; fails if the states could not be read (the
   *     timer retries)
   */
  public synchronized Future<Integer> recover() {
    Future<Integer> running = recovery;
    if (running != null && !running.isComplete()) {
      return running;
    }
    long started = System.nanoTime();
    Future<Integer> attempt = states.loadAll()
        .compose(all -> finishInDoubt(all))
        .onSuccess(completed -> {
          coordinator.markLoaded();
          log.atInfo().setMessage("Transaction coordinator loaded")
              .addKeyValue("inDoubtCompleted", completed)
              .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000).log();
        })
        .onFailure(error -> log.atWarn()
            .setMessage("Transaction coordinator recovery failed; retrying on the next pass")
            .addKeyValue("reason", error.toString()).log());
    recovery = attempt;
    return attempt;
  }

  /** Starts the periodic timers. */
  public synchronized void start() {
    if (stopped || !timers.isEmpty()) {
      return;
    }
    timers.add(vertx.setPeriodic(settings.abortTimedOutIntervalMs(), id -> abortPass()));
    timers.add(vertx.setPeriodic(settings.removeExpiredIntervalMs(), id -> expiryPass()));
  }

  /** Cancels the timers; idempotent. */
  public synchronized void stop() {
    stopped = true;
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }

  /**
   * Aborts every transaction ongoing past its timeout, under a fencing epoch.
   *
   * @return the number of transactions aborted (markers written)
   */
  public Future<Integer> abortTimedOut() {
    return states.loadAll().compose(this::abortTimedOut);
  }

  /**
   * Finishes every transaction left in doubt by a failed marker write.
   *
   * @return the number of transactions completed
   */
  public Future<Integer> retryInDoubt() {
    return states.loadAll().compose(all -> finishInDoubt(all));
  }

  /**
   * Removes every idle transactional id unused for {@code transactional.id.expiration.ms}.
   *
   * @return the number of transactional ids removed
   */
  public Future<Integer> removeExpired() {
    long now = states.clock().millis();
    return states.loadAll().compose(all -> count(all.stream()
        .filter(txn -> TransactionStateMachine.expired(txn, now,
            settings.transactionalIdExpirationMs()))
        .map(txn -> states.serialized(txn.transactionalId(), () -> removeIfExpired(txn)))
        .toList()));
  }

  private void abortPass() {
    if (stopped || !abortPassRunning.compareAndSet(false, true)) {
      return;
    }
    Future<?> pass = coordinator.loaded() ? states.loadAll().compose(all -> abortTimedOut(all)
        .compose(ignored -> finishInDoubt(all))) : recover();
    pass.onComplete(ignored -> abortPassRunning.set(false))
        .onFailure(error -> log.atWarn().setMessage("Transaction timeout pass failed")
            .addKeyValue("reason", error.toString()).log());
  }

  private void expiryPass() {
    if (stopped || !coordinator.loaded() || !expiryPassRunning.compareAndSet(false, true)) {
      return;
    }
    removeExpired().onComplete(ignored -> expiryPassRunning.set(false))
        .onFailure(error -> log.atWarn().setMessage("Transactional id expiry pass failed")
            .addKeyValue("reason", error.toString()).log());
  }

  private Future<Integer> abortTimedOut(List<TransactionSnapshot> all) {
    long now = states.clock().millis();
    return count(all.stream().filter(txn -> TransactionStateMachine.timedOut(txn, now))
        .map(txn -> states.serialized(txn.transactionalId(), () -> abortIfTimedOut(txn)))
        .toList());
  }

  private Future<Boolean> abortIfTimedOut(TransactionSnapshot seen) {
    return states.loadForChange(seen.transactionalId()).compose(current -> {
      long now = states.clock().millis();
      if (current.isEmpty() || !TransactionStateMachine.timedOut(current.get(), now)) {
        return Future.succeededFuture(false);
      }
      TransactionSnapshot aborting = states.machine().abortTimedOut(current.get(), now);
      log.atInfo().setMessage("Aborting a timed-out transaction")
          .addKeyValue("transactionalId", aborting.transactionalId())
          .addKeyValue("producerId", aborting.producerId())
          .addKeyValue("timeoutMs", aborting.timeoutMs()).log();
      return states.save(aborting).compose(ignored -> states.finish(aborting)).map(true);
    });
  }

  private Future<Boolean> removeIfExpired(TransactionSnapshot seen) {
    return states.loadForChange(seen.transactionalId()).compose(current -> {
      if (current.isEmpty() || !TransactionStateMachine.expired(current.get(),
          states.clock().millis(), settings.transactionalIdExpirationMs())) {
        return Future.succeededFuture(false);
      }
      log.atInfo().setMessage("Removing an expired transactional id")
          .addKeyValue("transactionalId", seen.transactionalId())
          .addKeyValue("producerId", current.get().producerId()).log();
      return states.delete(seen.transactionalId()).map(true);
    });
  }

  private Future<Integer> finishInDoubt(List<TransactionSnapshot> all) {
    return count(all.stream().filter(txn -> txn.state().inDoubt())
        .map(txn -> states.serialized(txn.transactionalId(),
            () -> states.finishIfInDoubt(txn.transactionalId())))
        .toList());
  }

  /** How many actions succeeded with true; a failed action is logged and counts as not done. */
  private static Future<Integer> count(List<Future<Boolean>> actions) {
    return Future.join(actions).transform(ignored -> {
      int done = 0;
      for (Future<Boolean> action : actions) {
        if (action.failed()) {
          log.atWarn().setMessage("Transaction maintenance action failed; retried on a later pass")
              .addKeyValue("reason", action.cause().toString()).log();
        } else if (action.result()) {
          done++;
        }
      }
      return Future.succeededFuture(done);
    });
  }
}
