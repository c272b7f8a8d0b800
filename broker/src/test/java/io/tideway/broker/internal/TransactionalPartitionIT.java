package io.tideway.broker.internal;

import static io.tideway.broker.internal.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tideway.broker.Partition;
import io.tideway.broker.Partition.AbortedTxn;
import io.tideway.broker.Partition.ProducerView;
import io.tideway.broker.TopicSpec;
import io.tideway.broker.internal.partition.LocalPartition;
import io.tideway.broker.log.SegmentInfo;
import io.tideway.broker.log.TimestampAndOffset;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions on a real partition: the last stable offset, markers and their checks,
 * {@code read_committed} reads and ListOffsets, DescribeProducers, and the state after clean and
 * unclean restarts.
 */
class TransactionalPartitionIT {

  private static final int MAX = 1 << 20;
  /** Record timestamps near now, so that segment.ms does not roll every batch. */
  private static final long NOW = System.currentTimeMillis();

  @TempDir
  Path root;

  private EngineHarness harness;

  @BeforeEach
  void setUp() {
    harness = new EngineHarness(root);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private LocalPartition create(Map<String, String> configs) {
    harness.start();
    await(harness.engine.topics().create(new TopicSpec("txn", 1, (short) 1, configs), false));
    return partition();
  }

  private LocalPartition partition() {
    return (LocalPartition) harness.engine.partitions().get(new TopicPartition("txn", 0))
        .orElseThrow();
  }

  private static MemoryRecords transactional(long producerId, int epoch, int baseSequence,
      int count, long timestamp) {
    SimpleRecord[] records = new SimpleRecord[count];
    for (int i = 0; i < count; i++) {
      records[i] = new SimpleRecord(timestamp, null, ("v" + i).getBytes(StandardCharsets.UTF_8));
    }
    return MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, (short) epoch,
        baseSequence, records);
  }

  private static MemoryRecords transactional(long producerId, int epoch, int baseSequence,
      int count) {
    return transactional(producerId, epoch, baseSequence, count, NOW);
  }

  private static long append(LocalPartition partition, MemoryRecords records) {
    return await(partition.append(records, (short) 1)).baseOffset();
  }

  private static long marker(LocalPartition partition, long producerId, int epoch,
      int coordinatorEpoch, boolean commit) {
    return await(partition.appendTxnMarker(producerId, (short) epoch, coordinatorEpoch, commit));
  }

  private static Partition.ReadResult readCommitted(LocalPartition partition, long offset) {
    return await(partition.read(offset, MAX, true, IsolationLevel.READ_COMMITTED));
  }

  private static void assertFails(Future<?> future, Class<? extends Throwable> type,
      String message) {
    assertThat(future.toCompletionStage().toCompletableFuture()).failsWithin(EngineHarness.WAIT)
        .withThrowableThat().havingCause().isInstanceOf(type).withMessageContaining(message);
  }

  @Test
  void theLastStableOffsetWaitsForMarkersAndReadCommittedReportsTheAborts() {
    LocalPartition partition = create(Map.of());
    append(partition, Batches.plain(2, NOW));
    append(partition, transactional(7, 0, 0, 3));
    append(partition, transactional(8, 0, 0, 2));
    assertThat(partition.highWatermark()).isEqualTo(7);
    assertThat(partition.lastStableOffset()).isEqualTo(2);

    assertThat(marker(partition, 7, 0, 0, true)).isEqualTo(7);
    assertThat(partition.lastStableOffset()).isEqualTo(5);
    assertThat(marker(partition, 8, 0, 0, false)).isEqualTo(8);
    assertThat(partition.lastStableOffset()).isEqualTo(9).isEqualTo(partition.highWatermark());

    Partition.ReadResult all = readCommitted(partition, 0);
    assertThat(all.slice().lastOffset()).isEqualTo(8);
    assertThat(all.lastStableOffset()).isEqualTo(9);
    assertThat(all.abortedTransactions()).containsExactly(new AbortedTxn(8, 5));
    assertThat(readCommitted(partition, 9).abortedTransactions()).isEmpty();
    assertThat(await(partition.read(0, MAX, true)).abortedTransactions())
        .as("read_uncommitted reports none").isEmpty();
    // Transaction version 1: the same epoch goes on with the next sequence.
    assertThat(append(partition, transactional(7, 0, 3, 1))).isEqualTo(9);
    assertThat(partition.lastStableOffset()).isEqualTo(9);
  }

  @Test
  void readCommittedReturnsWholeBatchesBelowTheLastStableOffset() {
    LocalPartition partition = create(Map.of());
    append(partition, Batches.plain(2, NOW));
    append(partition, transactional(7, 0, 0, 3));
    append(partition, Batches.plain(2, NOW));

    Partition.ReadResult committed = readCommitted(partition, 0);
    assertThat(committed.slice().lastOffset()).isEqualTo(1);
    assertThat(committed.lastStableOffset()).isEqualTo(2);
    assertThat(committed.highWatermark()).isEqualTo(7);
    assertThat(readCommitted(partition, 2).slice().isEmpty()).isTrue();
    assertThat(readCommitted(partition, 5).slice().isEmpty()).isTrue();
    assertThat(await(partition.read(0, MAX, true)).slice().lastOffset()).isEqualTo(6);
  }

  @Test
  void listOffsetsUnderReadCommittedAnswersTheLastStableOffsetAndNothingPastIt() {
    LocalPartition partition = create(Map.of());
    append(partition, Batches.plain(2, NOW));
    append(partition, transactional(7, 0, 0, 3, NOW + 1000));

    assertThat(lookUp(partition, ListOffsetsRequest.LATEST_TIMESTAMP, true)).hasValue(2L);
    assertThat(lookUp(partition, ListOffsetsRequest.LATEST_TIMESTAMP, false)).hasValue(5L);
    assertThat(lookUp(partition, ListOffsetsRequest.EARLIEST_TIMESTAMP, true)).hasValue(0L);
    assertThat(lookUp(partition, NOW, true)).hasValue(0L);
    assertThat(lookUp(partition, NOW + 1000, true)).isEmpty();
    assertThat(lookUp(partition, NOW + 1000, false)).hasValue(2L);
    assertThat(lookUp(partition, ListOffsetsRequest.MAX_TIMESTAMP, true)).isEmpty();

    marker(partition, 7, 0, 0, true);
    assertThat(lookUp(partition, ListOffsetsRequest.LATEST_TIMESTAMP, true)).hasValue(6L);
    assertThat(lookUp(partition, NOW + 1000, true)).hasValue(2L);
  }

  private static Optional<Long> lookUp(LocalPartition partition, long timestamp,
      boolean committed) {
    return await(partition.offsetForTimestamp(timestamp, committed
        ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED))
        .map(TimestampAndOffset::offset);
  }

  @Test
  void describeProducersShowsSequencesEpochsAndOngoingTransactions() {
    LocalPartition partition = create(Map.of());
    append(partition, Batches.idempotent(3, 1, 0, 2));
    append(partition, transactional(7, 0, 0, 3, NOW + 1234));
    assertThat(await(partition.activeProducers()))
        .extracting(ProducerView::producerId, ProducerView::producerEpoch,
            ProducerView::lastSequence, ProducerView::coordinatorEpoch,
            ProducerView::currentTxnStartOffset)
        .containsExactlyInAnyOrder(tuple(3L, 1, 1, -1, -1L), tuple(7L, 0, 2, -1, 2L));
    assertThat(await(partition.activeProducers()))
        .filteredOn(view -> view.producerId() == 7).singleElement()
        .extracting(ProducerView::lastTimestamp).isEqualTo(NOW + 1234);

    // KIP-890: the marker bumps the epoch, which drops the retained sequences.
    marker(partition, 7, 1, 4, false);
    assertThat(await(partition.activeProducers()))
        .filteredOn(view -> view.producerId() == 7).singleElement()
        .extracting(ProducerView::producerEpoch, ProducerView::lastSequence,
            ProducerView::coordinatorEpoch, ProducerView::currentTxnStartOffset)
        .containsExactly(1, -1, 4, -1L);
  }

  @Test
  void staleEpochsZombieCoordinatorsAndNonTransactionalWritesInATransactionAreRefused() {
    LocalPartition partition = create(Map.of());
    append(partition, transactional(7, 0, 0, 3));
    assertThat(marker(partition, 7, 1, 5, true)).isEqualTo(3);
    // The next transaction starts at sequence 0 under the bumped epoch.
    assertThat(append(partition, transactional(7, 1, 0, 1))).isEqualTo(4);

    assertFails(partition.append(transactional(7, 0, 3, 1), (short) 1),
        InvalidProducerEpochException.class, "smaller than the last seen epoch 1");
    assertFails(partition.append(Batches.idempotent(7, 1, 1, 1), (short) 1),
        InvalidTxnStateException.class, "Expected transactional write from producer 7");
    assertFails(partition.appendTxnMarker(7, (short) 0, 5, false),
        InvalidProducerEpochException.class, "is 0, which is smaller than the last seen epoch 1");
    assertFails(partition.appendTxnMarker(7, (short) 1, 4, false),
        TransactionCoordinatorFencedException.class, "4 (zombie), 5 (current)");
    assertThat(partition.logEndOffset()).isEqualTo(5);
    assertThat(partition.lastStableOffset()).isEqualTo(4);

    assertThat(marker(partition, 7, 2, 5, false)).isEqualTo(5);
    assertThat(partition.lastStableOffset()).isEqualTo(6);
    assertThat(readCommitted(partition, 0).abortedTransactions())
        .containsExactly(new AbortedTxn(7, 4));
  }

  @Test
  void aMarkerWithoutATransactionIsAppendedAndChangesNoStableOffset() {
    LocalPartition partition = create(Map.of());
    append(partition, Batches.plain(1, NOW));
    assertThat(marker(partition, 9, 0, 0, false)).isEqualTo(1);
    assertThat(partition.lastStableOffset()).isEqualTo(2);
    assertThat(readCommitted(partition, 0).abortedTransactions()).isEmpty();
  }

  @Test
  void aCompletedTransactionHoldsTheStableOffsetUntilItsMarkerIsDurable() {
    GatedFsync fsync = new GatedFsync();
    harness.fsync = fsync;
    LocalPartition partition = create(Map.of("log.flush.policy", "group-commit"));
    await(partition.append(transactional(7, 0, 0, 3), (short) -1));
    assertThat(partition.highWatermark()).isEqualTo(3);
    assertThat(partition.lastStableOffset()).isZero();

    fsync.close();
    Future<Long> commit = partition.appendTxnMarker(7, (short) 0, 0, true);
    assertThat(readCommitted(partition, 0).slice().isEmpty()).isTrue();
    assertThat(commit.isComplete()).isFalse();
    assertThat(partition.lastStableOffset()).isZero();

    fsync.open();
    assertThat(await(commit)).isEqualTo(3);
    assertThat(partition.highWatermark()).isEqualTo(4);
    assertThat(partition.lastStableOffset()).isEqualTo(4);
    assertThat(readCommitted(partition, 0).slice().lastOffset()).isEqualTo(3);
  }

  @Test
  void listenersWakeWhenOnlyTheLastStableOffsetMoves() {
    LocalPartition partition = create(Map.of());
    append(partition, transactional(7, 0, 0, 3));
    append(partition, Batches.plain(2, NOW));
    AtomicInteger calls = new AtomicInteger();
    Partition.Registration registration = partition.onHighWatermarkAdvance(calls::incrementAndGet);
    assertThat(await(partition.deleteRecordsBefore(4))).isEqualTo(4);
    assertThat(partition.highWatermark()).isEqualTo(5);
    assertThat(partition.lastStableOffset()).isEqualTo(4);
    assertThat(calls).hasValue(1);
    registration.close();
  }

  /**
   * Over three small segments: an abort in a sealed segment, a commit, an abort in the active
   * one, and two transactions still ongoing.
   */
  private LocalPartition writeScenario() {
    LocalPartition partition = create(Map.of("segment.bytes", "300"));
    append(partition, transactional(7, 0, 0, 3));
    append(partition, transactional(8, 0, 0, 2));
    marker(partition, 7, 0, 0, false);
    append(partition, Batches.plain(3, NOW));
    marker(partition, 8, 0, 0, true);
    append(partition, transactional(7, 0, 3, 2));
    marker(partition, 7, 0, 0, false);
    append(partition, transactional(9, 0, 0, 2));
    append(partition, transactional(8, 0, 2, 1));
    assertThat(await(partition.segments())).extracting(SegmentInfo::baseOffset)
        .containsExactly(0L, 6L, 12L);
    return partition;
  }

  private record TxnState(long lastStableOffset, List<AbortedTxn> aborted,
      List<Long> ongoing) {
  }

  /** The stable offset, every aborted transaction a read_committed consumer meets, the ongoing. */
  private static TxnState txnState(LocalPartition partition) {
    List<Long> ongoing = await(partition.activeProducers()).stream()
        .filter(view -> view.currentTxnStartOffset() >= 0)
        .map(ProducerView::currentTxnStartOffset).sorted().toList();
    List<AbortedTxn> aborted = new ArrayList<>();
    long next = partition.logStartOffset();
    while (true) {
      Partition.ReadResult result = readCommitted(partition, next);
      if (result.slice().isEmpty()) {
        break;
      }
      result.abortedTransactions().stream().filter(txn -> !aborted.contains(txn))
          .forEach(aborted::add);
      next = result.slice().lastOffset() + 1;
    }
    return new TxnState(partition.lastStableOffset(), aborted, ongoing);
  }

  @Test
  void transactionStateSurvivesACleanRestart() {
    TxnState before = txnState(writeScenario());
    assertThat(before.aborted()).containsExactly(new AbortedTxn(7, 0), new AbortedTxn(7, 10));
    assertThat(before.ongoing()).containsExactly(13L, 15L);
    assertThat(before.lastStableOffset()).isEqualTo(13);
    harness.restart();
    assertThat(txnState(partition())).isEqualTo(before);
  }

  @Test
  void transactionStateAndIndexesAreRebuiltAfterACrash() throws IOException {
    TxnState before = txnState(writeScenario());
    long lso = before.lastStableOffset();
    harness.stop();
    // As if the process died: no clean-shutdown marker, no closing snapshot, and the active
    // segment's .txnindex lost its last write.
    Path dir = harness.logDirs.get(0).resolve("txn-0");
    Files.delete(dir.resolve(".clean-shutdown"));
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(file -> file.toString().endsWith(".snapshot")).max(Path::compareTo)
          .ifPresent(TransactionalPartitionIT::deleteQuietly);
    }
    harness.start();
    LocalPartition partition = partition();
    assertThat(txnState(partition)).isEqualTo(before);
    Partition.ReadResult tail = readCommitted(partition, lso);
    assertThat(tail.slice().isEmpty()).isTrue();
    // The rebuilt state goes on: ending the ongoing transactions frees the stable offset.
    marker(partition, 9, 0, 0, false);
    marker(partition, 8, 0, 0, true);
    assertThat(partition.lastStableOffset()).isEqualTo(partition.highWatermark());
    assertThat(readCommitted(partition, 13).abortedTransactions())
        .containsExactly(new AbortedTxn(9, 13));
  }

  @Test
  void aDamagedTransactionIndexIsRebuiltFromTheLog() throws IOException {
    TxnState before = txnState(writeScenario());
    harness.stop();
    Path index = harness.logDirs.get(0).resolve("txn-0").resolve("00000000000000000000.txnindex");
    assertThat(Files.size(index)).isEqualTo(34);
    Files.write(index, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
    harness.start();
    assertThat(txnState(partition())).isEqualTo(before);
    assertThat(Files.size(index)).isEqualTo(34);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
