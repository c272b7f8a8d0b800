package io.tideway.broker.internal.txn;

import io.tideway.broker.internal.txn.TransactionStateMachine.EndOutcome;
import io.tideway.broker.txn.ProducerIdAndEpoch;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidTxnStateException;

/**
 * EndTxn's transitions under Kafka's two transaction versions, for {@link TransactionStateMachine}.
 *
 * <p>Version 1 keeps the epoch: the request's epoch must be the current one; a retry of a completed
 * EndTxn (same decision) succeeds again, one that arrives while the markers are being written is
 * told to retry ({@code CONCURRENT_TRANSACTIONS}).
 *
 * <p>Version 2 (KIP-890) bumps the epoch when the transaction is decided: the markers carry the
 * bumped epoch and the client continues with it (or with a new producer id at epoch 0 when the old
 * epoch was exhausted). A retry therefore carries the previous epoch ({@code current - 1}, or the
 * exhausted epoch of the previous producer id); with the current epoch, an abort of an idle
 * transactional id is a new (empty) transaction that is aborted with an epoch bump. The table, as
 * in Kafka's coordinator (PF: PRODUCER_FENCED, ITS: INVALID_TXN_STATE, EB: decided with an epoch
 * bump, NONE: success without change):
 *
 * <pre>
 *                   Abort             Commit
 *                   retry  current    retry  current
 *   Empty           PF     EB         PF     ITS
 *   CompleteAbort   NONE   EB         ITS    ITS
 *   CompleteCommit  ITS    EB         NONE   ITS
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
final class EndTransactionRules {

  private EndTransactionRules() {
  }

  /** An EndTxn request's fields. */
  record Request(long producerId, short epoch, boolean commit, short clientTransactionVersion,
      long now) {

    TransactionState decided() {
      return commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT;
    }

    TransactionState completed() {
      return commit ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT;
    }
  }

  /** EndTxn v0-v4 (transaction version 1). */
  static EndOutcome endWithStableEpoch(TransactionSnapshot txn, Request request) {
    TransactionStateMachine.checkProducer(txn, request.producerId(), request.epoch());
    return switch (txn.state()) {
      case ONGOING -> decided(txn.change().state(request.decided()).nextProducerId(-1)
          .clientTransactionVersion(request.clientTransactionVersion()).build(request.now()));
      case COMPLETE_COMMIT, COMPLETE_ABORT -> {
        if (txn.state() != request.completed()) {
          throw invalidState(txn, request);
        }
        yield unchanged(txn);
      }
      case PREPARE_COMMIT, PREPARE_ABORT -> {
        if (txn.state() != request.decided()) {
          throw invalidState(txn, request);
        }
        throw TransactionStateMachine.completing(txn);
      }
      case EMPTY -> throw invalidState(txn, request);
    };
  }

  /** EndTxn v5+ (transaction version 2): the epoch is bumped per transaction. */
  static EndOutcome endPerTransactionEpoch(TransactionSnapshot txn, Request request,
      LongSupplier newProducerId) {
    short epoch = request.epoch();
    // A retry after the decision bumped the epoch, or after it moved to a new producer id.
    // Kafka only compares the current epoch with the request's + 1. Requiring that the epoch
    // before the bump was the request's too lets only the producer whose EndTxn bumped it pass
    // for a retry: one fenced by another producer's InitProducerId (which forgets the last epoch,
    // then a version-1 transaction keeps the epoch) or by a fence at epoch 32766 (which cannot
    // bump twice) stays fenced.
    boolean retryAfterOverflow = txn.previousProducerId() == request.producerId()
        && epoch == TransactionStateMachine.MAX_EPOCH && txn.epoch() == 0;
    boolean retryAfterBump = txn.epoch() == epoch + 1 && txn.lastEpoch() == epoch;
    boolean retry = retryAfterBump || retryAfterOverflow;
    boolean validEpoch = switch (txn.state()) {
      case ONGOING, EMPTY -> epoch == txn.epoch();
      case PREPARE_COMMIT, PREPARE_ABORT -> retryAfterBump;
      case COMPLETE_COMMIT, COMPLETE_ABORT -> retry || epoch == txn.epoch();
    };
    if (txn.producerId() != request.producerId() && !retryAfterOverflow) {
      throw new InvalidPidMappingException("Producer id " + request.producerId()
          + " does not own transactional id " + txn.transactionalId() + " (producer id "
          + txn.producerId() + " does)");
    }
    if (!validEpoch) {
      throw TransactionStateMachine.fenced(txn, request.producerId(), epoch);
    }
    return switch (txn.state()) {
      case ONGOING -> bumped(txn, request.decided(), false, request, newProducerId);
      case COMPLETE_COMMIT, COMPLETE_ABORT -> {
        if (retry) {
          if (txn.state() != request.completed()) {
            throw invalidState(txn, request);
          }
          yield unchanged(txn);
        }
        if (request.commit()) {
          throw invalidState(txn, request);
        }
        yield bumped(txn, TransactionState.PREPARE_ABORT, true, request, newProducerId);
      }
      case PREPARE_COMMIT, PREPARE_ABORT -> {
        if (txn.state() != request.decided()) {
          throw invalidState(txn, request);
        }
        throw TransactionStateMachine.completing(txn);
      }
      case EMPTY -> {
        if (request.commit()) {
          throw invalidState(txn, request);
        }
        yield bumped(txn, TransactionState.PREPARE_ABORT, true, request, newProducerId);
      }
    };
  }

  /**
   * The producer id and epoch a decided transaction leaves the client with: under version 2 a
   * next producer id (taken because the epoch was exhausted) at epoch 0, else the current ones.
   */
  static ProducerIdAndEpoch afterCompletion(TransactionSnapshot decided) {
    if (TransactionStateMachine.bumpsEpochPerTransaction(decided.clientTransactionVersion())
        && decided.nextProducerId() != -1) {
      return new ProducerIdAndEpoch(decided.nextProducerId(), (short) 0);
    }
    return new ProducerIdAndEpoch(decided.producerId(), decided.epoch());
  }

  /**
   * The decision with the per-transaction epoch bump; an idle transactional id's empty transaction
   * starts now. The epoch never passes {@code Short.MAX_VALUE}: that epoch is only reached by a
   * fence, whose producer id is replaced on the next InitProducerId.
   */
  private static EndOutcome bumped(TransactionSnapshot txn, TransactionState decision,
      boolean emptyTransaction, Request request, LongSupplier newProducerId) {
    long next = -1;
    if (TransactionStateMachine.exhausted(txn.epoch())) {
      next = newProducerId.getAsLong();
      if (next < 0) {
        throw new IllegalStateException("No producer id was allocated for exhausted epoch "
            + txn.epoch() + " of transactional id " + txn.transactionalId());
      }
    }
    short epoch = txn.epoch() == Short.MAX_VALUE ? txn.epoch()
        : TransactionStateMachine.bump(txn.epoch());
    return decided(txn.change().state(decision).epoch(epoch).lastEpoch(txn.epoch())
        .nextProducerId(next).startTimestamp(emptyTransaction ? request.now()
            : txn.startTimestamp())
        .clientTransactionVersion(request.clientTransactionVersion()).build(request.now()));
  }

  private static EndOutcome decided(TransactionSnapshot next) {
    return new EndOutcome(next, true, afterCompletion(next));
  }

  private static EndOutcome unchanged(TransactionSnapshot txn) {
    return new EndOutcome(txn, false, new ProducerIdAndEpoch(txn.producerId(), txn.epoch()));
  }

  private static InvalidTxnStateException invalidState(TransactionSnapshot txn, Request request) {
    return new InvalidTxnStateException("Cannot " + (request.commit() ? "commit" : "abort")
        + " transaction " + txn.transactionalId() + " in state " + txn.state()
        + " with producer epoch " + request.epoch());
  }
}
