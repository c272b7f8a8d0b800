package io.tideway.broker.internal.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.broker.internal.txn.TransactionStateMachine.EndOutcome;
import io.tideway.broker.internal.txn.TransactionStateMachine.InitOutcome;
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

    private final TransactionStateMachine machine = new TransactionStateMachine(900_000);
    private final AtomicLong ids = new AtomicLong(1000);

    private TransactionSnapshot init(Optional<TransactionSnapshot> current) {
        InitOutcome outcome = machine.initProducerId(current, "tx", 60_000, -1, (short) -1, 10, ids::getAndIncrement);
        assertThat(outcome.abortOngoing()).isFalse();
        return outcome.next();
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
        assertThatThrownBy(() -> machine.addPartitions(second, first.producerId(), first.epoch(), Set.of(A0), 11))
                .isInstanceOf(ProducerFencedException.class).hasMessageContaining("epoch 0");
    }

    @Test
    void exhaustedEpochAllocatesANewProducerId() {
        TransactionSnapshot old = new TransactionSnapshot("tx", 7, TransactionStateMachine.MAX_EPOCH,
                TransactionState.COMPLETE_COMMIT, 60_000, -1, 0, Set.of());
        TransactionSnapshot next = init(Optional.of(old));
        assertThat(next.producerId()).isEqualTo(1000);
        assertThat(next.epoch()).isZero();
    }

    @Test
    void commitGoesThroughPrepareToComplete() {
        TransactionSnapshot txn = init(Optional.empty());
        TransactionSnapshot ongoing = machine.addPartitions(txn, txn.producerId(), txn.epoch(), Set.of(A0), 20);
        ongoing = machine.addPartitions(ongoing, txn.producerId(), txn.epoch(), Set.of(B1), 30);
        assertThat(ongoing.state()).isEqualTo(TransactionState.ONGOING);
        assertThat(ongoing.startTimestamp()).isEqualTo(20);
        assertThat(ongoing.partitions()).containsExactly(A0, B1);
        EndOutcome end = machine.endTransaction(ongoing, txn.producerId(), txn.epoch(), true, 40);
        assertThat(end.writeMarkers()).isTrue();
        assertThat(end.next().state()).isEqualTo(TransactionState.PREPARE_COMMIT);
        assertThat(end.next().state().inDoubt()).isTrue();
        TransactionSnapshot done = machine.complete(end.next(), 50);
        assertThat(done.state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(done.partitions()).isEmpty();
        assertThat(done.startTimestamp()).isEqualTo(-1);
        assertThat(machine.endTransaction(done, txn.producerId(), txn.epoch(), true, 60).writeMarkers()).isFalse();
        assertThatThrownBy(() -> machine.endTransaction(done, txn.producerId(), txn.epoch(), false, 60))
                .isInstanceOf(InvalidTxnStateException.class).hasMessageContaining("COMPLETE_COMMIT");
    }

    @Test
    void requestsDuringCompletionAreToldToRetry() {
        TransactionSnapshot txn = init(Optional.empty());
        TransactionSnapshot ongoing = machine.addPartitions(txn, txn.producerId(), txn.epoch(), Set.of(A0), 20);
        TransactionSnapshot preparing = machine.endTransaction(ongoing, txn.producerId(), txn.epoch(), false, 30).next();
        assertThatThrownBy(() -> machine.endTransaction(preparing, txn.producerId(), txn.epoch(), false, 31))
                .isInstanceOf(ConcurrentTransactionsException.class);
        assertThatThrownBy(() -> machine.addPartitions(preparing, txn.producerId(), txn.epoch(), Set.of(B1), 31))
                .isInstanceOf(ConcurrentTransactionsException.class);
        assertThatThrownBy(() -> init(Optional.of(preparing))).isInstanceOf(ConcurrentTransactionsException.class);
        assertThatThrownBy(() -> machine.endTransaction(preparing, txn.producerId(), txn.epoch(), true, 31))
                .isInstanceOf(InvalidTxnStateException.class);
    }

    @Test
    void initDuringAnOngoingTransactionAbortsItUnderTheNewEpoch() {
        TransactionSnapshot txn = init(Optional.empty());
        TransactionSnapshot ongoing = machine.addPartitions(txn, txn.producerId(), txn.epoch(), Set.of(A0), 20);
        InitOutcome fence = machine.initProducerId(Optional.of(ongoing), "tx", 60_000, -1, (short) -1, 30, ids::getAndIncrement);
        assertThat(fence.abortOngoing()).isTrue();
        assertThat(fence.next().state()).isEqualTo(TransactionState.PREPARE_ABORT);
        assertThat(fence.next().epoch()).isEqualTo((short) 1);
        assertThat(fence.next().partitions()).containsExactly(A0);
        TransactionSnapshot aborted = machine.complete(fence.next(), 40);
        assertThat(init(Optional.of(aborted)).epoch()).isEqualTo((short) 2);
    }

    @Test
    void wrongProducerIdOrEpochIsRefused() {
        TransactionSnapshot txn = init(Optional.empty());
        assertThatThrownBy(() -> machine.addPartitions(txn, 999, txn.epoch(), Set.of(A0), 20))
                .isInstanceOf(InvalidPidMappingException.class);
        assertThatThrownBy(() -> machine.initProducerId(Optional.of(txn), "tx", 1000, 999, (short) 0, 20, ids::getAndIncrement))
                .isInstanceOf(ProducerFencedException.class);
        assertThatThrownBy(() -> machine.endTransaction(txn, txn.producerId(), txn.epoch(), true, 20))
                .isInstanceOf(InvalidTxnStateException.class).hasMessageContaining("EMPTY");
    }

    @Test
    void timeoutsAreCheckedAndTimedOutTransactionsAbortUnderANewEpoch() {
        assertThatThrownBy(() -> machine.initProducerId(Optional.empty(), "tx", 900_001, -1, (short) -1, 0, ids::getAndIncrement))
                .isInstanceOf(InvalidTxnTimeoutException.class).hasMessageContaining("transaction.max.timeout.ms");
        TransactionSnapshot txn = init(Optional.empty());
        TransactionSnapshot ongoing = machine.addPartitions(txn, txn.producerId(), txn.epoch(), Set.of(A0), 100);
        assertThat(TransactionStateMachine.timedOut(ongoing, 100 + 60_000)).isFalse();
        assertThat(TransactionStateMachine.timedOut(ongoing, 100 + 60_001)).isTrue();
        TransactionSnapshot aborting = machine.abortTimedOut(ongoing, 60_200);
        assertThat(aborting.state()).isEqualTo(TransactionState.PREPARE_ABORT);
        assertThat(aborting.epoch()).isEqualTo((short) 1);
        assertThatThrownBy(() -> machine.endTransaction(aborting, txn.producerId(), txn.epoch(), true, 60_300))
                .isInstanceOf(ProducerFencedException.class);
    }

    @Test
    void verifyReportsPartitionsOutsideTheTransaction() {
        TransactionSnapshot txn = init(Optional.empty());
        TransactionSnapshot ongoing = machine.addPartitions(txn, txn.producerId(), txn.epoch(), Set.of(A0), 20);
        assertThat(machine.verifyPartitions(Optional.of(ongoing), txn.producerId(), txn.epoch(), Set.of(A0)))
                .containsEntry(A0, Errors.NONE);
        assertThat(machine.verifyPartitions(Optional.of(ongoing), txn.producerId(), txn.epoch(), Set.of(B1)))
                .containsEntry(B1, Errors.INVALID_TXN_STATE);
        assertThat(machine.verifyPartitions(Optional.of(ongoing), txn.producerId(), (short) 5, Set.of(A0)))
                .containsEntry(A0, Errors.PRODUCER_FENCED);
        assertThat(machine.verifyPartitions(Optional.empty(), 1, (short) 0, Set.of(A0)))
                .containsEntry(A0, Errors.INVALID_PRODUCER_ID_MAPPING);
    }

    @Test
    void snapshotsRoundTripThroughTheStoredRecord() {
        TransactionSnapshot txn = init(Optional.empty());
        TransactionSnapshot ongoing = machine.addPartitions(txn, txn.producerId(), txn.epoch(), Set.of(B1, A0), 20);
        assertThat(TransactionSnapshot.fromRecord(ongoing.toRecord())).isEqualTo(ongoing);
        assertThatThrownBy(() -> TransactionState.parse("PREPARE_EPOCH_FENCE"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PREPARE_EPOCH_FENCE");
        assertThatThrownBy(() -> new TransactionSnapshot("tx", 1, (short) 0, TransactionState.EMPTY, 1, 5, 0, Set.of(A0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no partitions");
    }
}
