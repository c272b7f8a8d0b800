package io.tideway.broker.internal.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.broker.internal.txn.TransactionStateMachine.EndOutcome;
import io.tideway.broker.internal.txn.TransactionStateMachine.InitOutcome;
import io.tideway.broker.txn.ProducerIdAndEpoch;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ConcurrentTransactionsException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.InvalidTxnTimeoutException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class TransactionStateMachineTest {

  private static final TopicPartition A0 = new TopicPartition("a", 0);
  private static final TopicPartition B1 = new TopicPartition("b", 1);
  private static final short TV1 = 1;
  private static final short TV2 = 2;

  private final TransactionStateMachine machine = new TransactionStateMachine(900_000);
  private final AtomicLong ids = new AtomicLong(1000);

  private TransactionSnapshot init(Optional<TransactionSnapshot> current) {
    InitOutcome outcome = machine.initProducerId(current, "tx", 60_000, -1, (short) -1, 10,
        ids::getAndIncrement);
    assertThat(outcome.abortOngoing()).isFalse();
    return outcome.next();
  }

  private TransactionSnapshot ongoing(TransactionSnapshot txn, short version) {
    return machine.addPartitions(txn, txn.producerId(), txn.epoch(), Set.of(A0), version, 20);
  }

  private EndOutcome end(TransactionSnapshot txn, long producerId, short epoch, boolean commit,
      short version) {
    return machine.endTransaction(txn, producerId, epoch, commit, version, 30,
        ids::getAndIncrement);
  }

  private static TransactionSnapshot idleAt(long producerId, short epoch,
      TransactionState state) {
    return new TransactionSnapshot("tx", producerId, epoch, state, 60_000, -1, 0, Set.of(),
        producerId, -1, (short) -1, TV2);
  }

  @Test
  void newTransactionalIdGetsAFreshProducerIdAtEpochZero() {
    TransactionSnapshot txn = init(Optional.empty());
    assertThat(txn.producerId()).isEqualTo(1000);
    assertThat(txn.epoch()).isZero();
    assertThat(txn.state()).isEqualTo(TransactionState.EMPTY);
  }

  @Test
  void reinitBumpsTheEpochAndFencesTheOldProducer() {
    TransactionSnapshot first = init(Optional.empty());
    TransactionSnapshot second = init(Optional.of(first));
    assertThat(second.producerId()).isEqualTo(first.producerId());
    assertThat(second.epoch()).isEqualTo((short) 1);
    assertThatThrownBy(() -> machine.addPartitions(second, first.producerId(), first.epoch(),
        Set.of(A0), TV1, 11)).isInstanceOf(ProducerFencedException.class)
        .hasMessageContaining("epoch 0");
  }

  @Test
  void expectedEpochBumpsOnceAndARetryGetsTheSameEpoch() {
    TransactionSnapshot txn = init(Optional.empty());
    TransactionSnapshot bumped = machine.initProducerId(Optional.of(txn), "tx", 60_000,
        txn.producerId(), (short) 0, 20, ids::getAndIncrement).next();
    assertThat(bumped.epoch()).isEqualTo((short) 1);
    assertThat(bumped.lastEpoch()).isEqualTo((short) 0);
    TransactionSnapshot retried = machine.initProducerId(Optional.of(bumped), "tx", 60_000,
        txn.producerId(), (short) 0, 30, ids::getAndIncrement).next();
    assertThat(retried.epoch()).isEqualTo((short) 1);
    assertThatThrownBy(() -> machine.initProducerId(Optional.of(bumped), "tx", 60_000,
        txn.producerId(), (short) 5, 30, ids::getAndIncrement))
        .isInstanceOf(ProducerFencedException.class);
    assertThatThrownBy(() -> machine.initProducerId(Optional.of(bumped), "tx", 60_000, 999,
        (short) 1, 30, ids::getAndIncrement)).isInstanceOf(ProducerFencedException.class);
  }

  @Test
  void exhaustedEpochAllocatesANewProducerId() {
    TransactionSnapshot old = idleAt(7, TransactionStateMachine.MAX_EPOCH,
        TransactionState.COMPLETE_COMMIT);
    TransactionSnapshot next = init(Optional.of(old));
    assertThat(next.producerId()).isEqualTo(1000);
    assertThat(next.epoch()).isZero();
    assertThat(next.previousProducerId()).isEqualTo(7);
    TransactionSnapshot expected = machine.initProducerId(Optional.of(old), "tx", 60_000, 7,
        TransactionStateMachine.MAX_EPOCH, 20, ids::getAndIncrement).next();
    assertThat(expected.lastEpoch()).isEqualTo(TransactionStateMachine.MAX_EPOCH);
    // The client that asked for the rotation retries with its old producer id and epoch.
    TransactionSnapshot retried = machine.initProducerId(Optional.of(expected), "tx", 60_000, 7,
        TransactionStateMachine.MAX_EPOCH, 30, ids::getAndIncrement).next();
    assertThat(retried.producerId()).isEqualTo(expected.producerId());
    assertThat(retried.epoch()).isZero();
  }

  @Test
  void commitGoesThroughPrepareToComplete() {
    TransactionSnapshot txn = init(Optional.empty());
    TransactionSnapshot ongoing = ongoing(txn, TV1);
    ongoing = machine.addPartitions(ongoing, txn.producerId(), txn.epoch(), Set.of(B1), TV1, 30);
    assertThat(ongoing.state()).isEqualTo(TransactionState.ONGOING);
    assertThat(ongoing.startTimestamp()).isEqualTo(20);
    assertThat(ongoing.partitions()).containsExactly(A0, B1);
    EndOutcome end = end(ongoing, txn.producerId(), txn.epoch(), true, TV1);
    assertThat(end.writeMarkers()).isTrue();
    assertThat(end.next().state()).isEqualTo(TransactionState.PREPARE_COMMIT);
    assertThat(end.next().epoch()).isZero();
    assertThat(end.answer()).isEqualTo(new ProducerIdAndEpoch(txn.producerId(), (short) 0));
    TransactionSnapshot done = machine.complete(end.next(), 50);
    assertThat(done.state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
    assertThat(done.partitions()).isEmpty();
    assertThat(done.startTimestamp()).isEqualTo(-1);
    assertThat(end(done, txn.producerId(), txn.epoch(), true, TV1).writeMarkers()).isFalse();
    assertThatThrownBy(() -> end(done, txn.producerId(), txn.epoch(), false, TV1))
        .isInstanceOf(InvalidTxnStateException.class).hasMessageContaining("COMPLETE_COMMIT");
  }

  @Test
  void requestsDuringCompletionAreToldToRetry() {
    TransactionSnapshot txn = init(Optional.empty());
    TransactionSnapshot preparing = end(ongoing(txn, TV1), txn.producerId(), txn.epoch(), false,
        TV1).next();
    assertThatThrownBy(() -> end(preparing, txn.producerId(), txn.epoch(), false, TV1))
        .isInstanceOf(ConcurrentTransactionsException.class);
    assertThatThrownBy(() -> machine.addPartitions(preparing, txn.producerId(), txn.epoch(),
        Set.of(B1), TV1, 31)).isInstanceOf(ConcurrentTransactionsException.class);
    assertThatThrownBy(() -> init(Optional.of(preparing)))
        .isInstanceOf(ConcurrentTransactionsException.class);
    assertThatThrownBy(() -> machine.verifyPartitions(Optional.of(preparing), txn.producerId(),
        txn.epoch(), Set.of(A0))).isInstanceOf(ConcurrentTransactionsException.class);
    assertThatThrownBy(() -> end(preparing, txn.producerId(), txn.epoch(), true, TV1))
        .isInstanceOf(InvalidTxnStateException.class);
  }

  @Test
  void initDuringAnOngoingTransactionFencesAndAbortsIt() {
    TransactionSnapshot txn = init(Optional.empty());
    InitOutcome fence = machine.initProducerId(Optional.of(ongoing(txn, TV1)), "tx", 60_000, -1,
        (short) -1, 30, ids::getAndIncrement);
    assertThat(fence.abortOngoing()).isTrue();
    assertThat(fence.next().state()).isEqualTo(TransactionState.PREPARE_ABORT);
    // Fenced once, and bumped again by the abort: the fencing epoch is never handed out.
    assertThat(fence.next().epoch()).isEqualTo((short) 2);
    assertThat(fence.next().lastEpoch()).isEqualTo((short) 1);
    assertThat(fence.next().partitions()).containsExactly(A0);
    TransactionSnapshot aborted = machine.complete(fence.next(), 40);
    assertThat(aborted.epoch()).isEqualTo((short) 2);
    assertThat(init(Optional.of(aborted)).epoch()).isEqualTo((short) 3);
    assertThatThrownBy(() -> end(aborted, txn.producerId(), txn.epoch(), false, TV2))
        .isInstanceOf(ProducerFencedException.class);
  }

  @Test
  void wrongProducerIdOrEpochIsRefused() {
    TransactionSnapshot txn = init(Optional.empty());
    assertThatThrownBy(() -> machine.addPartitions(txn, 999, txn.epoch(), Set.of(A0), TV1, 20))
        .isInstanceOf(InvalidPidMappingException.class);
    assertThatThrownBy(() -> end(txn, 999, txn.epoch(), true, TV2))
        .isInstanceOf(InvalidPidMappingException.class);
    assertThatThrownBy(() -> end(txn, txn.producerId(), (short) 3, true, TV1))
        .isInstanceOf(ProducerFencedException.class);
    assertThatThrownBy(() -> end(txn, txn.producerId(), txn.epoch(), true, TV1))
        .isInstanceOf(InvalidTxnStateException.class).hasMessageContaining("EMPTY");
  }

  @Test
  void timeoutsAreCheckedAndTimedOutTransactionsAbortUnderAFencingEpoch() {
    assertThatThrownBy(() -> machine.initProducerId(Optional.empty(), "tx", 900_001, -1,
        (short) -1, 0, ids::getAndIncrement)).isInstanceOf(InvalidTxnTimeoutException.class)
        .hasMessageContaining("transaction.max.timeout.ms");
    assertThatThrownBy(() -> machine.checkTimeout(0))
        .isInstanceOf(InvalidTxnTimeoutException.class);
    TransactionSnapshot txn = init(Optional.empty());
    TransactionSnapshot ongoing = machine.addPartitions(txn, txn.producerId(), txn.epoch(),
        Set.of(A0), TV1, 100);
    assertThat(TransactionStateMachine.timedOut(ongoing, 100 + 60_000)).isFalse();
    assertThat(TransactionStateMachine.timedOut(ongoing, 100 + 60_001)).isTrue();
    TransactionSnapshot aborting = machine.abortTimedOut(ongoing, 60_200);
    assertThat(aborting.state()).isEqualTo(TransactionState.PREPARE_ABORT);
    assertThat(aborting.epoch()).isEqualTo((short) 2);
    assertThatThrownBy(() -> end(aborting, txn.producerId(), txn.epoch(), true, TV1))
        .isInstanceOf(ProducerFencedException.class);
  }

  @Test
  void idleIdsExpireAfterTheExpirationSinceTheirLastUpdate() {
    TransactionSnapshot txn = init(Optional.empty());
    assertThat(TransactionStateMachine.expired(txn, 10 + 999, 1000)).isFalse();
    assertThat(TransactionStateMachine.expired(txn, 10 + 1000, 1000)).isTrue();
    TransactionSnapshot ongoing = ongoing(txn, TV1);
    assertThat(TransactionStateMachine.expired(ongoing, Long.MAX_VALUE, 1000)).isFalse();
  }

  @Test
  void verifyReportsPartitionsOutsideTheTransaction() {
    TransactionSnapshot txn = init(Optional.empty());
    TransactionSnapshot ongoing = ongoing(txn, TV1);
    assertThat(machine.verifyPartitions(Optional.of(ongoing), txn.producerId(), txn.epoch(),
        Set.of(A0, B1))).containsEntry(A0, Errors.NONE)
        .containsEntry(B1, Errors.TRANSACTION_ABORTABLE);
    assertThatThrownBy(() -> machine.verifyPartitions(Optional.of(ongoing), txn.producerId(),
        (short) 5, Set.of(A0))).isInstanceOf(ProducerFencedException.class);
    assertThatThrownBy(() -> machine.verifyPartitions(Optional.empty(), 1, (short) 0,
        Set.of(A0))).isInstanceOf(InvalidPidMappingException.class);
  }

  @Test
  void versionTwoBumpsTheEpochPerTransactionAndMarkersCarryIt() {
    TransactionSnapshot txn = init(Optional.empty());
    TransactionSnapshot ongoing = ongoing(txn, TV2);
    assertThat(ongoing.clientTransactionVersion()).isEqualTo(TV2);
    EndOutcome end = end(ongoing, txn.producerId(), (short) 0, true, TV2);
    assertThat(end.next().state()).isEqualTo(TransactionState.PREPARE_COMMIT);
    assertThat(end.next().epoch()).isEqualTo((short) 1);
    assertThat(end.next().lastEpoch()).isZero();
    assertThat(end.answer()).isEqualTo(new ProducerIdAndEpoch(txn.producerId(), (short) 1));
    TransactionSnapshot done = machine.complete(end.next(), 40);
    assertThat(done.epoch()).isEqualTo((short) 1);
    // The old epoch now fences the next transaction's requests.
    assertThatThrownBy(() -> machine.addPartitions(done, txn.producerId(), (short) 0, Set.of(A0),
        TV2, 50)).isInstanceOf(ProducerFencedException.class);
  }

  @Test
  void versionTwoRetriesWithThePreviousEpochSucceedWithTheCurrentOne() {
    TransactionSnapshot txn = init(Optional.empty());
    EndOutcome end = end(ongoing(txn, TV2), txn.producerId(), (short) 0, false, TV2);
    assertThatThrownBy(() -> end(end.next(), txn.producerId(), (short) 0, false, TV2))
        .isInstanceOf(ConcurrentTransactionsException.class);
    TransactionSnapshot done = machine.complete(end.next(), 40);
    EndOutcome retry = end(done, txn.producerId(), (short) 0, false, TV2);
    assertThat(retry.writeMarkers()).isFalse();
    assertThat(retry.answer()).isEqualTo(new ProducerIdAndEpoch(txn.producerId(), (short) 1));
    assertThatThrownBy(() -> end(done, txn.producerId(), (short) 0, true, TV2))
        .isInstanceOf(InvalidTxnStateException.class);
    assertThatThrownBy(() -> end(done, txn.producerId(), (short) 1, true, TV2))
        .isInstanceOf(InvalidTxnStateException.class);
    // An abort with the current epoch aborts a new, empty transaction with an epoch bump.
    EndOutcome emptyAbort = end(done, txn.producerId(), (short) 1, false, TV2);
    assertThat(emptyAbort.writeMarkers()).isTrue();
    assertThat(emptyAbort.next().partitions()).isEmpty();
    assertThat(emptyAbort.answer().epoch()).isEqualTo((short) 2);
  }

  @Test
  void versionTwoOnAnIdleIdAbortsEmptyTransactionsAndRefusesCommitsAndOldEpochs() {
    TransactionSnapshot txn = init(Optional.empty());
    assertThatThrownBy(() -> end(txn, txn.producerId(), (short) 0, true, TV2))
        .isInstanceOf(InvalidTxnStateException.class);
    EndOutcome abort = end(txn, txn.producerId(), (short) 0, false, TV2);
    assertThat(abort.next().startTimestamp()).isEqualTo(30);
    TransactionSnapshot bumped = init(Optional.of(txn));
    assertThatThrownBy(() -> end(bumped, txn.producerId(), (short) 0, false, TV2))
        .isInstanceOf(ProducerFencedException.class);
  }

  @Test
  void versionTwoMovesToANewProducerIdWhenTheEpochIsExhausted() {
    short last = TransactionStateMachine.MAX_EPOCH;
    TransactionSnapshot txn = ongoing(idleAt(7, last, TransactionState.EMPTY), TV2);
    assertThat(TransactionStateMachine.endNeedsProducerId(txn, TV2)).isTrue();
    assertThat(TransactionStateMachine.endNeedsProducerId(txn, TV1)).isFalse();
    EndOutcome end = end(txn, 7, last, true, TV2);
    assertThat(end.next().epoch()).isEqualTo(Short.MAX_VALUE);
    assertThat(end.next().nextProducerId()).isEqualTo(1000);
    assertThat(end.answer()).isEqualTo(new ProducerIdAndEpoch(1000, (short) 0));
    TransactionSnapshot done = machine.complete(end.next(), 40);
    assertThat(done.producerId()).isEqualTo(1000);
    assertThat(done.epoch()).isZero();
    assertThat(done.previousProducerId()).isEqualTo(7);
    // A retry with the old producer id and its last epoch is recognised.
    EndOutcome retry = end(done, 7, last, true, TV2);
    assertThat(retry.writeMarkers()).isFalse();
    assertThat(retry.answer()).isEqualTo(new ProducerIdAndEpoch(1000, (short) 0));
    assertThatThrownBy(() -> end(done, 7, (short) 3, true, TV2))
        .isInstanceOf(InvalidPidMappingException.class);
  }

  @Test
  void snapshotsRoundTripThroughTheStoredRecordAndDescribeWithKafkaNames() {
    TransactionSnapshot txn = init(Optional.empty());
    TransactionSnapshot ongoing = machine.addPartitions(txn, txn.producerId(), txn.epoch(),
        Set.of(B1, A0), TV2, 20);
    TransactionSnapshot preparing = end(ongoing, txn.producerId(), txn.epoch(), true, TV2).next();
    assertThat(TransactionSnapshot.fromRecord(ongoing.toRecord())).isEqualTo(ongoing);
    assertThat(TransactionSnapshot.fromRecord(preparing.toRecord())).isEqualTo(preparing);
    assertThat(preparing.describe().state()).isEqualTo("PrepareCommit");
    assertThat(preparing.describe().partitions()).containsExactlyInAnyOrder(A0, B1);
    assertThat(txn.describe().state()).isEqualTo("Empty");
    assertThatThrownBy(() -> TransactionState.parse("PREPARE_EPOCH_FENCE"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PREPARE_EPOCH_FENCE");
    assertThatThrownBy(() -> new TransactionSnapshot("tx", 1, (short) 0, TransactionState.EMPTY,
        1, 5, 0, Set.of(A0), 1, -1, (short) -1, TV1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no partitions");
  }
}
