package io.tideway.broker.internal;

import static io.tideway.broker.internal.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tideway.broker.Partition;
import io.tideway.broker.Partition.EpochEndOffset;
import io.tideway.broker.TopicInfo;
import io.tideway.broker.TopicSpec;
import io.tideway.broker.internal.partition.LocalPartition;
import io.tideway.broker.log.SegmentInfo;
import io.tideway.broker.log.TimestampAndOffset;
import io.tideway.metadata.store.PartitionId;
import io.tideway.metadata.store.SegmentIndexStore;
import io.tideway.metadata.store.SegmentRecord;
import io.tideway.metadata.store.SegmentState;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidRequiredAcksException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionIT {

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

  private LocalPartition create(String topic, Map<String, String> configs) {
    await(harness.engine.topics().create(new TopicSpec(topic, 1, (short) 1, configs), false));
    return (LocalPartition) harness.engine.partitions().get(new TopicPartition(topic, 0))
        .orElseThrow();
  }

  private static void assertFails(Future<?> future, Class<? extends Throwable> type,
      String message) {
    assertThat(future.toCompletionStage().toCompletableFuture()).failsWithin(EngineHarness.WAIT)
        .withThrowableThat().havingCause().isInstanceOf(type).withMessageContaining(message);
  }

  @Test
  void acksAllUnderGroupCommitWaitsForTheFsyncAndSoDoesTheHighWatermark() {
    GatedFsync fsync = new GatedFsync();
    harness.fsync = fsync;
    harness.start();
    LocalPartition partition = create("durable", Map.of("log.flush.policy", "group-commit"));
    fsync.close();

    assertThat(await(partition.append(Batches.plain(2, 1000), (short) 1)).baseOffset()).isZero();
    Future<Partition.ProduceResult> acksAll = partition.append(Batches.plain(1, 1000), (short) -1);
    Partition.ReadResult beforeFsync = await(partition.read(0, 1 << 20, true));
    assertThat(acksAll.isComplete()).isFalse();
    assertThat(partition.logEndOffset()).isEqualTo(3);
    assertThat(partition.highWatermark()).isZero();
    assertThat(beforeFsync.slice().isEmpty()).isTrue();
    assertThat(beforeFsync.highWatermark()).isZero();

    fsync.open();
    assertThat(await(acksAll).baseOffset()).isEqualTo(2);
    assertThat(partition.highWatermark()).isEqualTo(3);
    assertThat(EngineHarness.readAll(partition)).containsExactly(0L, 1L, 2L);
  }

  @Test
  void highWatermarkListenersAreCalledAfterItMovesUntilClosed() {
    harness.start();
    LocalPartition partition = create("hw", Map.of());
    AtomicInteger calls = new AtomicInteger();
    Partition.Registration registration = partition.onHighWatermarkAdvance(calls::incrementAndGet);
    await(partition.append(Batches.plain(1, 1000), (short) 1));
    assertThat(calls).hasValue(1);
    assertThat(partition.highWatermark()).isEqualTo(1);
    registration.close();
    registration.close();
    await(partition.append(Batches.plain(1, 1000), (short) 0));
    assertThat(calls).hasValue(1);
    assertFails(partition.append(Batches.plain(1, 1000), (short) 2),
        InvalidRequiredAcksException.class, "Invalid required acks 2");
  }

  @Test
  void answersListOffsetsForEverySpecialTimestamp() {
    harness.start();
    LocalPartition partition = create("ts", Map.of());
    await(partition.append(Batches.plain(2, 1000), (short) 1));
    await(partition.append(Batches.plain(2, 3000), (short) 1));
    await(partition.append(Batches.plain(1, 2000), (short) 1));

    assertThat(lookup(partition, -1)).contains(new TimestampAndOffset(-1, 5));
    assertThat(lookup(partition, -2)).contains(new TimestampAndOffset(-1, 0));
    assertThat(lookup(partition, -4)).contains(new TimestampAndOffset(-1, 0));
    assertThat(lookup(partition, -3)).contains(new TimestampAndOffset(3000, 2));
    assertThat(lookup(partition, -5)).isEmpty();
    assertThat(lookup(partition, -6)).isEmpty();
    assertThat(lookup(partition, 1500)).contains(new TimestampAndOffset(3000, 2));
    assertThat(lookup(partition, 2500)).contains(new TimestampAndOffset(3000, 2));
    assertThat(lookup(partition, 9999)).isEmpty();
    assertThat(await(partition.deleteRecordsBefore(3))).isEqualTo(3);
    assertThat(lookup(partition, -2)).contains(new TimestampAndOffset(-1, 3));
    assertThat(lookup(partition, 0)).contains(new TimestampAndOffset(3000, 3));
  }

  private static Optional<TimestampAndOffset> lookup(Partition partition, long timestamp) {
    return await(partition.offsetForTimestamp(timestamp));
  }

  @Test
  void deleteRecordsRunsInOrderWithQueuedAppends() {
    harness.start();
    LocalPartition partition = create("del", Map.of());
    List<String> completions = Collections.synchronizedList(new ArrayList<>());
    Future<Partition.ProduceResult> first = partition.append(Batches.plain(2, 1000), (short) 1)
        .onSuccess(result -> completions.add("append@" + result.baseOffset()));
    Future<Long> delete = partition.deleteRecordsBefore(2)
        .onSuccess(start -> completions.add("delete@" + start));
    Future<Partition.ProduceResult> second = partition.append(Batches.plain(1, 1000), (short) 1)
        .onSuccess(result -> completions.add("append@" + result.baseOffset()));
    await(Future.all(first, delete, second));
    assertThat(completions).containsExactly("append@0", "delete@2", "append@2");
    assertThat(await(second).logStartOffset()).isEqualTo(2);
    assertThat(partition.logStartOffset()).isEqualTo(2);
    assertThat(EngineHarness.readAll(partition)).containsExactly(2L);

    assertFails(partition.deleteRecordsBefore(10), OffsetOutOfRangeException.class,
        "past the high watermark 3");
    assertFails(partition.deleteRecordsBefore(-7), OffsetOutOfRangeException.class,
        "is not valid");
    assertThat(await(partition.deleteRecordsBefore(-1))).isEqualTo(3);
    assertThat(await(partition.deleteRecordsBefore(1))).isEqualTo(3);
    assertFails(partition.read(0, 100, true), OffsetOutOfRangeException.class, "out of range");
    assertFails(partition.read(4, 100, true), OffsetOutOfRangeException.class, "out of range");
  }

  @Test
  void answersOffsetForLeaderEpochAndStampsTheEpochOnBatches() {
    harness.start();
    LocalPartition partition = create("epochs", Map.of());
    await(partition.append(Batches.plain(4, 1000), (short) 1));
    assertThat(partition.leaderEpoch()).isZero();
    assertThat(await(partition.endOffsetForEpoch(0))).isEqualTo(new EpochEndOffset(0, 4));
    assertThat(await(partition.endOffsetForEpoch(1))).isEqualTo(new EpochEndOffset(-1, -1));
    assertThat(await(partition.endOffsetForEpoch(-1))).isEqualTo(new EpochEndOffset(-1, -1));
    RecordBatch batch = await(partition.read(0, 1 << 20, true)).slice().toMemoryRecords()
        .batches().iterator().next();
    assertThat(batch.partitionLeaderEpoch()).isZero();
  }

  @Test
  void theSegmentIndexFollowsRollsAndDeletions() {
    harness.start();
    LocalPartition partition = create("idx", Map.of("segment.bytes", "300"));
    for (int i = 0; i < 10; i++) {
      await(partition.append(Batches.plain(2, 1000), (short) 1));
    }
    List<SegmentInfo> segments = await(partition.segments());
    assertThat(segments.size()).isGreaterThan(3);
    await(partition.segmentIndexDrained());
    TopicInfo topic = harness.engine.topics().byName("idx").orElseThrow();
    PartitionId id = new PartitionId(new UUID(topic.id().getMostSignificantBits(),
        topic.id().getLeastSignificantBits()), 0);
    SegmentIndexStore index = new SegmentIndexStore(harness.store, harness.layout);
    List<SegmentRecord> rows = index.list(id).join();
    assertThat(rows).extracting(SegmentRecord::baseOffset)
        .containsExactlyElementsOf(segments.stream().map(SegmentInfo::baseOffset).toList());
    assertThat(rows.subList(0, rows.size() - 1)).allMatch(row ->
        row.state() == SegmentState.SEALED && row.endOffset() > row.baseOffset());
    assertThat(rows.get(rows.size() - 1).state()).isEqualTo(SegmentState.ACTIVE);

    long cut = segments.get(2).baseOffset();
    await(partition.deleteRecordsBefore(cut));
    await(partition.segmentIndexDrained());
    assertThat(index.list(id).join()).extracting(SegmentRecord::baseOffset).first()
        .isEqualTo(cut);
  }

  @Test
  void theRetentionTimerRollsAndDeletesExpiredSegmentsButSparesCompactedTopics() {
    MutableClock clock = new MutableClock(System.currentTimeMillis());
    harness.clock = clock;
    harness.retentionCheckInterval = Duration.ofMillis(50);
    harness.start();
    Map<String, String> configs = Map.of("segment.bytes", "300", "retention.ms", "60000",
        "segment.ms", "3600000");
    LocalPartition expiring = create("expiring", configs);
    LocalPartition compacted = create("compacted", Map.of("segment.bytes", "300",
        "retention.ms", "60000", "segment.ms", "3600000", "cleanup.policy", "compact"));
    for (int i = 0; i < 6; i++) {
      await(expiring.append(Batches.plain(2, clock.millis()), (short) 1));
      await(compacted.append(Batches.plain(2, clock.millis()), (short) 1));
    }
    assertThat(await(expiring.segments()).size()).isGreaterThan(1);

    clock.advance(Duration.ofHours(2));

    await().atMost(EngineHarness.WAIT).untilAsserted(() -> {
      List<SegmentInfo> left = await(expiring.segments());
      assertThat(left).hasSize(1);
      assertThat(left.get(0).sizeInBytes()).isZero();
      assertThat(expiring.logStartOffset()).isEqualTo(12);
    });
    assertThat(expiring.logEndOffset()).isEqualTo(12);
    await(harness.engine.retention().runOnce());
    assertThat(compacted.logStartOffset()).isZero();
    assertThat(EngineHarness.readAll(compacted)).hasSize(12);
  }
}
