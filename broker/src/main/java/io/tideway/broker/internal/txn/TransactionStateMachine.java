package io.tideway.broker.internal.txn;

import io.tideway.broker.txn.ProducerIdAndEpoch;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ConcurrentTransactionsException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidTxnTimeoutException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.protocol.Errors;

/**
 * The transaction coordinator's transitions, with Kafka's rules for both transaction versions:
 * version 1 bumps the epoch on InitProducerId and when a transaction is fenced; version 2 (KIP-890,
 * EndTxn v5+) also bumps it at the end of every transaction, returns the new epoch (or a new
 * producer id once the epoch is exhausted) and recognises retried EndTxn requests by the previous
 * epoch. Each method takes the current {@link TransactionSnapshot} and a request and returns the
 * next snapshot, or throws the Kafka {@code ApiException} the request must be answered with. No
 * I/O: the caller persists the result and writes markers.
 *
 * <p>Immutable and thread-safe. The caller serialises the transitions of one transactional id.
 */
public final class TransactionStateMachine {

  /** Epochs at or above this value are exhausted: the producer id is replaced, as in Kafka. */
  static final short MAX_EPOCH = Short.MAX_VALUE - 1;

  private final int maxTimeoutMs;

  /**
   * A state machine.
   *
   * @param maxTimeoutMs the broker's {@code transaction.max.timeout.ms}
   */
  public TransactionStateMachine(int maxTimeoutMs) {
    if (maxTimeoutMs <= 0) {
      throw new IllegalArgumentException("transaction.max.timeout.ms must be positive, got "
          + maxTimeoutMs);
    }
    this.maxTimeoutMs = maxTimeoutMs;
  }

  /**
   * The outcome of InitProducerId.
   *
   * @param next the snapshot to persist
   * @param abortOngoing true when an ongoing transaction was fenced: {@code next} is
   *     {@code PREPARE_ABORT} under a fencing epoch, the caller writes the abort markers and
   *     answers {@link Errors#CONCURRENT_TRANSACTIONS} so that the client retries
   */
  public record InitOutcome(TransactionSnapshot next, boolean abortOngoing) {
  }

  /**
   * The outcome of EndTxn.
   *
   * @param next the in-doubt snapshot to persist, or the current one for a retry
   * @param writeMarkers false when the request retries a transaction that is already complete
   * @param answer the producer id and epoch the client uses next
   */
  public record EndOutcome(TransactionSnapshot next, boolean writeMarkers,
      ProducerIdAndEpoch answer) {
  }

  /**
   * Whether an epoch is exhausted.
   *
   * @param epoch an epoch
   * @return whether it is at or above {@link #MAX_EPOCH}
   */
  static boolean exhausted(short epoch) {
    return epoch >= MAX_EPOCH;
  }

  /**
   * Whether a client transaction version bumps the epoch per transaction.
   *
   * @param clientTransactionVersion 0, 1 or 2
   * @return whether it is 2 or more (KIP-890 part 2)
   */
  static boolean bumpsEpochPerTransaction(short clientTransactionVersion) {
    return clientTransactionVersion >= 2;
  }

  /**
   * Whether {@link #initProducerId} may need a fresh producer id (new transactional id or exhausted
   * epoch), so that the caller can allocate one before calling it.
   *
   * @param current the stored state, empty for a new transactional id
   * @return whether to allocate
   */
  public static boolean initNeedsProducerId(Optional<TransactionSnapshot> current) {
    return current.isEmpty() || (current.get().state().idle() && exhausted(current.get().epoch()));
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
   * @param newProducerId a fresh producer id, when {@link #initNeedsProducerId} said so
   * @return the outcome
   */
  public InitOutcome initProducerId(Optional<TransactionSnapshot> current, String transactionalId,
      int timeoutMs, long expectedProducerId, short expectedEpoch, long now,
      LongSupplier newProducerId) {
    checkTimeout(timeoutMs);
    if (current.isEmpty()) {
      long id = fresh(newProducerId, transactionalId);
      return new InitOutcome(new TransactionSnapshot(transactionalId, id, (short) 0,
          TransactionState.EMPTY, timeoutMs, -1, now, Set.of(), id, -1, (short) -1, (short) 0),
          false);
    }
    TransactionSnapshot txn = current.get();
    boolean expected = expectedProducerId != -1;
    // KIP-360: the expected producer id is the current one, or the one an epoch overflow replaced.
    if (expected && expectedProducerId != txn.producerId()
        && !(expectedProducerId == txn.previousProducerId() && exhausted(expectedEpoch))) {
      throw fenced(txn, expectedProducerId, expectedEpoch);
    }
    if (txn.state().inDoubt()) {
      throw completing(txn);
    }
    if (txn.state() == TransactionState.ONGOING) {
      return new InitOutcome(fence(txn, now), true);
    }
    if (exhausted(txn.epoch()) && (!expected || expectedEpoch == txn.epoch())) {
      return new InitOutcome(txn.change().producerId(fresh(newProducerId, transactionalId))
          .epoch((short) 0).lastEpoch(expected ? txn.epoch() : -1).timeoutMs(timeoutMs)
          .idle(TransactionState.EMPTY).build(now), false);
    }
    TransactionSnapshot.Change next = txn.change().timeoutMs(timeoutMs);
    if (!expected) {
      next.epoch(bump(txn.epoch())).lastEpoch((short) -1);
    } else if (expectedEpoch == txn.epoch()) {
      next.epoch(bump(txn.epoch())).lastEpoch(txn.epoch());
    } else if (expectedEpoch != txn.lastEpoch()) {
      throw fenced(txn, expectedProducerId, expectedEpoch);
    }
    // else: a retry of an InitProducerId that succeeded; the client gets the same epoch again.
    return new InitOutcome(next.idle(TransactionState.EMPTY).build(now), false);
  }

  /**
   * AddPartitionsToTxn, AddOffsetsToTxn (the group's offsets partition) and the implicit add of a
   * transaction-version-2 produce.
   *
   * @param txn the stored state
   * @param producerId the request's producer id
   * @param epoch the request's epoch
   * @param partitions the partitions to add
   * @param clientTransactionVersion the client's transaction version to record
   * @param now the current time
   * @return the next snapshot ({@code ONGOING}), the current one when nothing is new
   */
  public TransactionSnapshot addPartitions(TransactionSnapshot txn, long producerId, short epoch,
      Set<TopicPartition> partitions, short clientTransactionVersion, long now) {
    checkProducer(txn, producerId, epoch);
    if (txn.state().inDoubt()) {
      throw completing(txn);
    }
    if (partitions.isEmpty()
        || txn.state() == TransactionState.ONGOING && txn.partitions().containsAll(partitions)) {
      return txn;
    }
    Set<TopicPartition> all = new HashSet<>(txn.partitions());
    all.addAll(partitions);
    long start = txn.state() == TransactionState.ONGOING ? txn.startTimestamp() : now;
    return txn.change().state(TransactionState.ONGOING).partitions(all).startTimestamp(start)
        .clientTransactionVersion(clientTransactionVersion).build(now);
  }

  /**
   * The verify-only form of AddPartitionsToTxn (v4+, and the produce-path check of KIP-890 part
   * 1): which of the partitions are not in the transaction.
   *
   * @param txn the stored state, empty for an unknown transactional id
   * @param producerId the producer id
   * @param epoch the epoch
   * @param partitions the partitions to check
   * @return {@link Errors#NONE} for those in the transaction, else
   *     {@link Errors#TRANSACTION_ABORTABLE} (Kafka's answer; front ends of older produce versions
   *     map it to {@code INVALID_TXN_STATE})
   */
  public Map<TopicPartition, Errors> verifyPartitions(Optional<TransactionSnapshot> txn,
      long producerId, short epoch, Set<TopicPartition> partitions) {
    TransactionSnapshot state = txn.orElseThrow(() -> new InvalidPidMappingException(
        "No transaction state for producer id " + producerId));
    checkProducer(state, producerId, epoch);
    if (state.state().inDoubt()) {
      throw completing(state);
    }
    Map<TopicPartition, Errors> result = new LinkedHashMap<>();
    for (TopicPartition partition : partitions) {
      result.put(partition, state.partitions().contains(partition) ? Errors.NONE
          : Errors.TRANSACTION_ABORTABLE);
    }
    return result;
  }

  /**
   * Whether {@link #endTransaction} may need a fresh producer id (a transaction-version-2 end with
   * an exhausted epoch).
   *
   * @param txn the stored state
   * @param clientTransactionVersion the EndTxn request's transaction version
   * @return whether to allocate
   */
  public static boolean endNeedsProducerId(TransactionSnapshot txn,
      short clientTransactionVersion) {
    return bumpsEpochPerTransaction(clientTransactionVersion) && exhausted(txn.epoch());
  }

  /**
   * EndTxn: decide commit or abort, under the rules of the client's transaction version.
   *
   * @param txn the stored state
   * @param producerId the request's producer id
   * @param epoch the request's epoch
   * @param commit true to commit, false to abort
   * @param clientTransactionVersion 2 for EndTxn v5+, else 1 (or 0)
   * @param now the current time
   * @param newProducerId a fresh producer id, when {@link #endNeedsProducerId} said so
   * @return the outcome
   */
  public EndOutcome endTransaction(TransactionSnapshot txn, long producerId, short epoch,
      boolean commit, short clientTransactionVersion, long now, LongSupplier newProducerId) {
    EndTransactionRules.Request request = new EndTransactionRules.Request(producerId, epoch, commit,
        clientTransactionVersion, now);
    return bumpsEpochPerTransaction(clientTransactionVersion)
        ? EndTransactionRules.endPerTransactionEpoch(txn, request, newProducerId)
        : EndTransactionRules.endWithStableEpoch(txn, request);
  }

  /**
   * Completes an in-doubt transaction once every marker is written. A transaction-version-2
   * transaction whose epoch was exhausted moves to its next producer id at epoch 0.
   *
   * @param txn the in-doubt state
   * @param now the current time
   * @return the {@code COMPLETE_*} snapshot
   */
  public TransactionSnapshot complete(TransactionSnapshot txn, long now) {
    TransactionState next = switch (txn.state()) {
      case PREPARE_COMMIT -> TransactionState.COMPLETE_COMMIT;
      case PREPARE_ABORT -> TransactionState.COMPLETE_ABORT;
      default -> throw new IllegalStateException("Transaction " + txn.transactionalId()
          + " in state " + txn.state() + " has no markers to complete");
    };
    ProducerIdAndEpoch after = EndTransactionRules.afterCompletion(txn);
    return txn.change().producerId(after.producerId()).epoch(after.epoch()).idle(next).build(now);
  }

  /**
   * Whether a transaction is ongoing past its timeout.
   *
   * @param txn a stored state
   * @param now the current time
   * @return whether the coordinator must abort it
   */
  public static boolean timedOut(TransactionSnapshot txn, long now) {
    return txn.state() == TransactionState.ONGOING
        && txn.startTimestamp() + txn.timeoutMs() < now;
  }

  /**
   * Whether an idle transactional id has been unused long enough to be removed.
   *
   * @param txn a stored state
   * @param now the current time
   * @param expirationMs {@code transactional.id.expiration.ms}
   * @return whether to remove it
   */
  public static boolean expired(TransactionSnapshot txn, long now, long expirationMs) {
    return txn.state().idle() && txn.lastUpdateTimestamp() <= now - expirationMs;
  }

  /**
   * Aborts a timed-out transaction under a fencing epoch, so that the late producer is fenced.
   *
   * @param txn an ongoing state
   * @param now the current time
   * @return the {@code PREPARE_ABORT} snapshot
   */
  public TransactionSnapshot abortTimedOut(TransactionSnapshot txn, long now) {
    if (txn.state() != TransactionState.ONGOING) {
      throw new IllegalStateException("Transaction " + txn.transactionalId() + " is "
          + txn.state() + ", not ONGOING");
    }
    return fence(txn, now);
  }

  /**
   * Kafka's epoch fence: bump the epoch once (never past {@code Short.MAX_VALUE}) so that the
   * current producer is fenced, then abort with the transaction-version-2 rules of a node whose
   * finalized {@code transaction.version} is 2, which bump it again: the fencing epoch is never
   * handed out, so no EndTxn of the fenced producer can pass for a retry of this abort.
   */
  private static TransactionSnapshot fence(TransactionSnapshot txn, long now) {
    short fencing = txn.epoch() == Short.MAX_VALUE ? txn.epoch() : bump(txn.epoch());
    short aborting = fencing == Short.MAX_VALUE ? fencing : bump(fencing);
    return txn.change().state(TransactionState.PREPARE_ABORT).epoch(aborting).lastEpoch(fencing)
        .nextProducerId(-1).clientTransactionVersion((short) 2).build(now);
  }

  /** A producer id the caller allocated because {@link #initNeedsProducerId} asked for one. */
  private static long fresh(LongSupplier newProducerId, String transactionalId) {
    long id = newProducerId.getAsLong();
    if (id < 0) {
      throw new IllegalStateException("No producer id was allocated for transactional id "
          + transactionalId);
    }
    return id;
  }

  /**
   * Checks a requested transaction timeout.
   *
   * @param timeoutMs the requested timeout
   * @throws InvalidTxnTimeoutException unless it is within 1 to {@code transaction.max.timeout.ms}
   */
  void checkTimeout(int timeoutMs) {
    if (timeoutMs <= 0 || timeoutMs > maxTimeoutMs) {
      throw new InvalidTxnTimeoutException("Transaction timeout " + timeoutMs
          + " ms is not within 1 to " + maxTimeoutMs + " ms (transaction.max.timeout.ms)");
    }
  }

  /** The checks of AddPartitionsToTxn and its verify form, in Kafka's order. */
  static void checkProducer(TransactionSnapshot txn, long producerId, short epoch) {
    if (txn.producerId() != producerId) {
      throw new InvalidPidMappingException("Producer id " + producerId
          + " does not own transactional id " + txn.transactionalId() + " (producer id "
          + txn.producerId() + " does)");
    }
    if (txn.epoch() != epoch) {
      throw fenced(txn, producerId, epoch);
    }
  }

  static ProducerFencedException fenced(TransactionSnapshot txn, long producerId, short epoch) {
    return new ProducerFencedException("Producer " + producerId + " epoch " + epoch
        + " is fenced: transactional id " + txn.transactionalId() + " belongs to producer "
        + txn.producerId() + " epoch " + txn.epoch());
  }

  static ConcurrentTransactionsException completing(TransactionSnapshot txn) {
    return new ConcurrentTransactionsException("Transaction " + txn.transactionalId()
        + " is completing (" + txn.state() + "); retry");
  }

  static short bump(short epoch) {
    return (short) (epoch + 1);
  }
}
