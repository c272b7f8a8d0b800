package io.tideway.broker.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.broker.log.BatchHeader;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.junit.jupiter.api.Test;

class ProducerStateManagerTest {

  private static final long PID = 42;
  private static final short TRANSACTIONAL = 0x10;
  private final ProducerStateManager state =
      new ProducerStateManager(new TopicPartition("t", 0), 1000);
  private long logEnd;

  /** A batch header as a producer sends it (base offset 0, count records). */
  static BatchHeader batch(long producerId, int epoch, int baseSeq, int count) {
    return batch(producerId, epoch, baseSeq, count, (short) 0);
  }

  /** A transactional batch (attributes bit 4). */
  static BatchHeader txnBatch(long producerId, int epoch, int baseSeq, int count) {
    return batch(producerId, epoch, baseSeq, count, TRANSACTIONAL);
  }

  static BatchHeader batch(long producerId, int epoch, int baseSeq, int count, short attributes) {
    return new BatchHeader(0, 100, -1, (byte) 2, 0, attributes, count - 1, 1000, 1000 + count,
        producerId, (short) epoch, baseSeq, count);
  }

  /** Checks and commits an append at the log end, as the partition does. */
  private ProducerAppend append(BatchHeader... batches) {
    ProducerAppend check = state.check(List.of(batches), logEnd);
    if (!check.isDuplicate()) {
      state.commit(check, -1, 5000);
      for (BatchHeader header : batches) {
        logEnd += header.recordCount();
      }
    }
    return check;
  }

  @Test
  void inSequenceBatchesAreRecordedWithTheirOffsets() {
    append(batch(PID, 0, 0, 3));
    append(batch(PID, 0, 3, 2));
    ProducerEntry entry = state.entry(PID).orElseThrow();
    assertThat(entry.epoch()).isEqualTo((short) 0);
    assertThat(entry.lastSeq()).isEqualTo(4);
    assertThat(entry.batches()).containsExactly(new BatchMetadata(0, 2, 0, 2, 1003),
        new BatchMetadata(3, 4, 3, 4, 1002));
    assertThat(entry.lastTimestamp()).isEqualTo(5000);
  }

  @Test
  void eachOfTheLastFiveBatchesIsADuplicateWithItsOriginalOffsets() {
    for (int i = 0; i < 7; i++) {
      append(batch(PID, 0, i * 2, 2));
    }
    for (int i = 2; i < 7; i++) {
      ProducerAppend retry = state.check(List.of(batch(PID, 0, i * 2, 2)), logEnd);
      assertThat(retry.isDuplicate()).isTrue();
      assertThat(retry.duplicate().firstOffset()).isEqualTo(i * 2L);
      assertThat(retry.duplicate().lastOffset()).isEqualTo(i * 2L + 1);
    }
    // Older than the last five: no longer recognised, and out of sequence.
    assertThatThrownBy(() -> state.check(List.of(batch(PID, 0, 2, 2)), logEnd))
        .isInstanceOf(OutOfOrderSequenceException.class)
        .hasMessageContaining("2 (incoming seq. number), 13 (current end sequence number)");
  }

  @Test
  void aGapIsOutOfOrder() {
    append(batch(PID, 0, 0, 1));
    assertThatThrownBy(() -> state.check(List.of(batch(PID, 0, 2, 1)), logEnd))
        .isInstanceOf(OutOfOrderSequenceException.class)
        .hasMessageContaining("producer 42").hasMessageContaining("t-0");
  }

  @Test
  void anOlderEpochIsFencedAndANewEpochMustStartAtZero() {
    append(batch(PID, 3, 0, 1));
    assertThatThrownBy(() -> state.check(List.of(batch(PID, 2, 1, 1)), logEnd))
        .isInstanceOf(InvalidProducerEpochException.class)
        .hasMessageContaining("is 2, which is smaller than the last seen epoch 3");
    assertThatThrownBy(() -> state.check(List.of(batch(PID, 4, 5, 1)), logEnd))
        .isInstanceOf(OutOfOrderSequenceException.class)
        .hasMessageContaining("Invalid sequence number for new epoch");
    append(batch(PID, 4, 0, 1));
    assertThat(state.entry(PID).orElseThrow().epoch()).isEqualTo((short) 4);
    assertThat(state.entry(PID).orElseThrow().batches()).hasSize(1);
  }

  @Test
  void sequencesWrapFromMaxIntToZero() {
    append(batch(PID, 0, Integer.MAX_VALUE - 1, 2));
    assertThat(state.entry(PID).orElseThrow().lastSeq()).isEqualTo(Integer.MAX_VALUE);
    append(batch(PID, 0, 0, 3));
    assertThat(state.entry(PID).orElseThrow().lastSeq()).isEqualTo(2);
    // A batch spanning the wrap: last sequence = 1 after MAX-1, MAX, 0, 1.
    ProducerStateManager other = new ProducerStateManager(new TopicPartition("t", 1), 1000);
    other.commit(other.check(List.of(batch(7, 0, Integer.MAX_VALUE - 1, 4)), 0), -1, 0);
    assertThat(other.entry(7).orElseThrow().lastSeq()).isEqualTo(1);
    assertThat(other.check(List.of(batch(7, 0, Integer.MAX_VALUE - 1, 4)), 4).isDuplicate())
        .isTrue();
  }

  @Test
  void anUnknownProducerIsAcceptedWithAnySequence() {
    ProducerAppend check = append(batch(PID, 5, 1234, 1));
    assertThat(check.updates()).hasSize(1);
    assertThat(state.entry(PID).orElseThrow().lastSeq()).isEqualTo(1234);
  }

  @Test
  void nonIdempotentBatchesAreNotTracked() {
    assertThat(append(batch(-1, -1, -1, 5))).isEqualTo(ProducerAppend.NONE);
    assertThat(state.size()).isZero();
  }

  @Test
  void severalBatchesOfOneProducerInOneAppendMustFollowEachOther() {
    ProducerAppend check = append(batch(PID, 0, 0, 2), batch(PID, 0, 2, 3));
    assertThat(check.updates()).extracting(update -> update.batch().firstOffset())
        .containsExactly(0L, 2L);
    assertThatThrownBy(() -> state.check(List.of(batch(PID, 0, 5, 1), batch(PID, 0, 9, 1)),
        logEnd)).isInstanceOf(OutOfOrderSequenceException.class);
    assertThat(state.entry(PID).orElseThrow().lastSeq()).isEqualTo(4);
  }

  @Test
  void controlAndSequencelessBatchesAreRefusedAndTransactionalOnesSequenced() {
    assertThatThrownBy(() -> state.check(List.of(batch(PID, 0, 0, 1, (short) 0x20)), 0))
        .isInstanceOf(InvalidRecordException.class).hasMessageContaining("control records");
    // Whether the partition is in the transaction is the coordinator's check; the producer
    // state sequences a transactional batch like any idempotent batch.
    assertThat(state.check(List.of(txnBatch(PID, 0, 0, 1)), 0).updates()).hasSize(1);
    assertThatThrownBy(() -> state.check(List.of(batch(PID, 0, -1, 1)), 0))
        .isInstanceOf(InvalidRecordException.class).hasMessageContaining("Invalid sequence");
  }

  @Test
  void logAppendTimeReplacesTheBatchTimestamp() {
    state.commit(state.check(List.of(batch(PID, 0, 0, 1)), 0), 777, 5000);
    assertThat(state.entry(PID).orElseThrow().batches().get(0).timestamp()).isEqualTo(777);
  }

  @Test
  void idleProducersExpire() {
    state.commit(state.check(List.of(batch(PID, 0, 0, 1)), 0), -1, 5000);
    state.commit(state.check(List.of(batch(7, 0, 0, 1)), 1), -1, 5500);
    assertThat(state.removeExpired(5999)).isZero();
    assertThat(state.removeExpired(6000)).isEqualTo(1);
    assertThat(state.entry(PID)).isEmpty();
    assertThat(state.entry(7)).isPresent();
  }

  @Test
  void replayRebuildsWithoutChecks() {
    BatchHeader first = new BatchHeader(10, 100, 0, (byte) 2, 0, (short) 0, 1, 1, 2000, PID,
        (short) 1, 0, 2);
    BatchHeader bumped = new BatchHeader(12, 100, 0, (byte) 2, 0, (short) 0, 0, 1, 3000, PID,
        (short) 2, 0, 1);
    state.replay(first);
    state.replay(bumped);
    ProducerEntry entry = state.entry(PID).orElseThrow();
    assertThat(entry.epoch()).isEqualTo((short) 2);
    assertThat(entry.batches()).containsExactly(new BatchMetadata(0, 0, 12, 12, 3000));
    assertThat(entry.lastTimestamp()).isEqualTo(3000);
  }

  /** Appends a marker at the log end, as the partition does after {@code checkMarker}. */
  private Optional<CompletedTxn> marker(long producerId, int epoch, int coordinatorEpoch,
      boolean commit) {
    state.checkMarker(producerId, (short) epoch, coordinatorEpoch, logEnd);
    return state.completeMarker(producerId, (short) epoch, coordinatorEpoch, commit, logEnd++,
        6000);
  }

  @Test
  void aTransactionalBatchOpensTheTransactionAndItsMarkerClosesIt() {
    append(batch(7, 0, 0, 2));
    append(txnBatch(PID, 0, 0, 3));
    append(txnBatch(PID, 0, 3, 1));
    ProducerEntry open = state.entry(PID).orElseThrow();
    assertThat(open.currentTxnFirstOffset()).isEqualTo(2);
    assertThat(state.firstUnstableOffset()).hasValue(2);
    assertThat(state.ongoingTransactions()).isEqualTo(1);

    assertThat(marker(PID, 0, 3, false)).hasValue(new CompletedTxn(PID, 2, 6, true));
    ProducerEntry closed = state.entry(PID).orElseThrow();
    assertThat(closed.currentTxnFirstOffset()).isEqualTo(-1);
    assertThat(closed.coordinatorEpoch()).isEqualTo(3);
    assertThat(closed.lastSeq()).as("same epoch: the sequence goes on").isEqualTo(3);
    assertThat(state.ongoingTransactions()).isZero();
    // Completed, but its marker is not below the high watermark yet.
    assertThat(state.firstUnstableOffset()).hasValue(2);
    state.onHighWatermarkUpdated(6);
    assertThat(state.firstUnstableOffset()).hasValue(2);
    state.onHighWatermarkUpdated(7);
    assertThat(state.firstUnstableOffset()).isEmpty();
  }

  @Test
  void aMarkerWithoutAnOngoingTransactionCompletesNothing() {
    assertThat(marker(PID, 2, 1, true)).isEmpty();
    assertThat(state.entry(PID).orElseThrow().epoch()).isEqualTo((short) 2);
    assertThat(state.firstUnstableOffset()).isEmpty();
  }

  @Test
  void aNonTransactionalBatchInsideATransactionIsAnInvalidTxnState() {
    append(txnBatch(PID, 0, 0, 1));
    assertThatThrownBy(() -> state.check(List.of(batch(PID, 0, 1, 1)), logEnd))
        .isInstanceOf(InvalidTxnStateException.class)
        .hasMessageContaining("Expected transactional write from producer 42 at offset 1");
    assertThatThrownBy(() -> state.check(List.of(txnBatch(7, 0, 0, 1), batch(7, 0, 1, 1)),
        logEnd)).as("within one request too").isInstanceOf(InvalidTxnStateException.class);
    marker(PID, 0, 0, true);
    assertThat(append(batch(PID, 0, 1, 1)).updates()).hasSize(1);
  }

  @Test
  void markersFromOlderEpochsOrZombieCoordinatorsAreRefused() {
    append(txnBatch(PID, 3, 0, 1));
    marker(PID, 3, 5, true);
    assertThatThrownBy(() -> state.checkMarker(PID, (short) 2, 5, 9))
        .isInstanceOf(InvalidProducerEpochException.class)
        .hasMessageContaining("Epoch of producer 42 at offset 9 in t-0 is 2, which is smaller "
            + "than the last seen epoch 3");
    assertThatThrownBy(() -> state.checkMarker(PID, (short) 3, 4, 9))
        .isInstanceOf(TransactionCoordinatorFencedException.class)
        .hasMessageContaining("Invalid coordinator epoch for producerId 42 at offset 9 in "
            + "partition t-0: 4 (zombie), 5 (current)");
    state.checkMarker(PID, (short) 3, 5, 9);
    state.checkMarker(PID, (short) 4, 6, 9);
    state.checkMarker(99, (short) 0, 0, 9); // unknown producer: nothing to check against
  }

  @Test
  void aMarkerBumpingTheEpochStartsTheNextTransactionAtSequenceZero() {
    append(txnBatch(PID, 0, 0, 2));
    marker(PID, 1, 0, false); // KIP-890: the coordinator ends the transaction with epoch + 1
    ProducerEntry bumped = state.entry(PID).orElseThrow();
    assertThat(bumped.epoch()).isEqualTo((short) 1);
    assertThat(bumped.batches()).isEmpty();
    assertThatThrownBy(() -> state.check(List.of(txnBatch(PID, 1, 2, 1)), logEnd))
        .isInstanceOf(OutOfOrderSequenceException.class);
    assertThatThrownBy(() -> state.check(List.of(txnBatch(PID, 0, 2, 1)), logEnd))
        .as("a zombie of the old epoch").isInstanceOf(InvalidProducerEpochException.class);
    assertThat(append(txnBatch(PID, 1, 0, 1)).updates()).hasSize(1);
    assertThat(state.entry(PID).orElseThrow().currentTxnFirstOffset()).isEqualTo(3);
  }

  @Test
  void theLastStableOffsetOfACompletedTransactionIsTheOldestStillOngoing() {
    append(txnBatch(1, 0, 0, 1));
    append(txnBatch(2, 0, 0, 1));
    CompletedTxn second = marker(2, 0, 0, false).orElseThrow();
    assertThat(state.lastStableOffsetAfter(second)).isZero();
    CompletedTxn first = marker(1, 0, 0, false).orElseThrow();
    assertThat(state.lastStableOffsetAfter(first)).isEqualTo(first.lastOffset() + 1);
  }

  @Test
  void producersWithAnOngoingTransactionNeverExpire() {
    state.commit(state.check(List.of(txnBatch(PID, 0, 0, 1)), 0), -1, 5000);
    state.commit(state.check(List.of(batch(7, 0, 0, 1)), 1), -1, 5000);
    assertThat(state.removeExpired(1_000_000)).isEqualTo(1);
    assertThat(state.entry(PID)).isPresent();
  }

  @Test
  void loadingEntriesRestoresTheOngoingTransactions() {
    state.load(List.of(new ProducerEntry(PID, (short) 1, List.of(), 10, 2, 40),
        new ProducerEntry(7, (short) 0, List.of(), 10, -1, -1),
        new ProducerEntry(8, (short) 0, List.of(), 10, -1, 30)));
    assertThat(state.firstUnstableOffset()).hasValue(30);
    assertThat(state.ongoingTransactions()).isEqualTo(2);
    logEnd = 50;
    assertThat(marker(8, 0, 0, true)).hasValue(new CompletedTxn(8, 30, 50, false));
    state.onHighWatermarkUpdated(51);
    assertThat(state.firstUnstableOffset()).hasValue(40);
  }

  @Test
  void replayOfTransactionalBatchesAndMarkersRebuildsTheTransactions() {
    state.replay(new BatchHeader(10, 100, 0, (byte) 2, 0, TRANSACTIONAL, 1, 1, 2000, PID,
        (short) 1, 0, 2));
    assertThat(state.firstUnstableOffset()).hasValue(10);
    assertThat(state.completeMarker(PID, (short) 1, 3, false, 12, 2100))
        .hasValue(new CompletedTxn(PID, 10, 12, true));
    assertThat(state.entry(PID).orElseThrow().lastTimestamp()).isEqualTo(2100);
  }
}
