package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogTest {

  @TempDir
  Path root;

  private final ManualClock clock = new ManualClock(1_000_000);
  private final RecordingListener listener = new RecordingListener();
  private LogDirFlusher flusher;
  private PartitionLog log;
  private Path dir;

  @BeforeEach
  void setUp() {
    flusher = new LogDirFlusher(root, new CountingFsync());
    dir = root.resolve("topic-0");
  }

  @AfterEach
  void tearDown() {
    if (log != null) {
      log.close();
    }
    flusher.close();
  }

  private PartitionLog open(Map<String, ?> overrides) {
    Map<String, Object> props = new HashMap<>(Map.of("file.delete.delay.ms", 0L));
    props.putAll(overrides);
    log = PartitionLog.open(dir, LogConfig.from(props), flusher, listener, clock);
    return log;
  }

  private PartitionLog reopen() {
    LogConfig config = log.config();
    log.close();
    log = PartitionLog.open(dir, config, flusher, listener, clock);
    return log;
  }

  private List<TestRecords.Rec> readAll() {
    List<TestRecords.Rec> out = new ArrayList<>();
    long offset = log.logStartOffset();
    while (offset < log.logEndOffset()) {
      FetchSlice slice = log.read(offset, 1 << 20, true);
      for (TestRecords.Rec rec : TestRecords.records(slice.toMemoryRecords())) {
        if (rec.offset() >= offset) {
          out.add(rec);
        }
      }
      offset = slice.lastOffset() + 1;
    }
    return out;
  }

  @Test
  void appendAssignsOffsetsAndReadsBackTheSameRecords() {
    open(Map.of());
    LogAppendResult first = log.append(TestRecords.batch(Compression.NONE, clock.millis(), 3, 10));
    LogAppendResult second = log.append(TestRecords.concat(
        TestRecords.batch(Compression.gzip().build(), clock.millis() + 50, 2, 10),
        TestRecords.batch(Compression.lz4().build(), clock.millis() + 20, 4, 10)));

    assertThat(first.firstOffset()).isZero();
    assertThat(first.lastOffset()).isEqualTo(2);
    assertThat(first.logEndOffset()).isEqualTo(3);
    assertThat(first.logAppendTime()).isEqualTo(-1);
    assertThat(first.recordCount()).isEqualTo(3);
    assertThat(first.durable()).isCompleted(); // log.flush.policy=none
    assertThat(second.firstOffset()).isEqualTo(3);
    assertThat(second.lastOffset()).isEqualTo(8);
    assertThat(second.maxTimestamp()).isEqualTo(clock.millis() + 51);
    assertThat(second.offsetOfMaxTimestamp()).isEqualTo(4);
    assertThat(log.logEndOffset()).isEqualTo(9);

    List<TestRecords.Rec> records = readAll();
    assertThat(records).extracting(TestRecords.Rec::offset)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(records.get(3).value()).startsWith("v0");
    assertThat(records.get(3).timestamp()).isEqualTo(clock.millis() + 50);
  }

  @Test
  void stampsTheLeaderEpochWhenGiven() {
    open(Map.of());
    log.append(TestRecords.simple(1, 1));
    log.append(TestRecords.simple(1, 1), 5);
    MemoryRecords stored = log.read(0, 1 << 20, true).toMemoryRecords();
    List<Integer> epochs = new ArrayList<>();
    for (MutableRecordBatch batch : stored.batches()) {
      batch.ensureValid();
      epochs.add(batch.partitionLeaderEpoch());
    }
    assertThat(epochs).containsExactly(-1, 5);
  }

  @Test
  void readsStartAtTheContainingBatchAndRespectMaxBytesAndTheLogEnd() {
    open(Map.of());
    int size = log.append(TestRecords.simple(1, 5)).sizeInBytes();
    log.append(TestRecords.simple(2, 5));

    FetchSlice inside = log.read(3, size, false);
    assertThat(inside.firstOffset()).isZero();
    assertThat(inside.lastOffset()).isEqualTo(4);
    assertThat(inside.file()).isEqualTo(LogFileNames.logFile(dir, 0));
    assertThat(inside.channel().isOpen()).isTrue();

    assertThat(log.read(0, size - 1, false).isEmpty()).isTrue();
    assertThat(log.read(0, size - 1, true).sizeInBytes()).isEqualTo(size);
    assertThat(log.read(0, 1 << 20, false, 5).lastOffset()).isEqualTo(4);
    assertThat(log.read(10, 100, true).isEmpty()).isTrue();
    assertThatThrownBy(() -> log.read(11, 100, true))
        .isInstanceOf(OffsetOutOfRangeException.class).hasMessageContaining("[0, 10)");
    assertThatThrownBy(() -> log.read(-1, 100, true))
        .isInstanceOf(OffsetOutOfRangeException.class);
  }

  @Test
  void rollsBySizeAndNeverReadsAcrossSegments() {
    open(Map.of("segment.bytes", 1024));
    for (int i = 0; i < 20; i++) {
      log.append(TestRecords.batch(Compression.NONE, clock.millis(), 2, 100));
    }
    List<SegmentInfo> segments = log.segments();
    assertThat(segments).hasSizeGreaterThan(3);
    for (int i = 0; i < segments.size() - 1; i++) {
      assertThat(segments.get(i).sealed()).isTrue();
      assertThat(segments.get(i).sizeInBytes()).isLessThanOrEqualTo(1024);
      assertThat(segments.get(i + 1).baseOffset()).isEqualTo(segments.get(i).nextOffset());
    }
    assertThat(segments.get(segments.size() - 1).sealed()).isFalse();
    FetchSlice slice = log.read(0, 1 << 20, false);
    assertThat(slice.lastOffset()).isEqualTo(segments.get(0).lastOffset());
    assertThat(readAll()).hasSize(40);
    assertThat(listener.events).startsWith("created:0", "sealed:0-" + segments.get(0).lastOffset(),
        "created:" + segments.get(1).baseOffset());

    assertThatThrownBy(() -> log.append(TestRecords.batch(Compression.NONE, 1, 20, 100)))
        .isInstanceOf(RecordBatchTooLargeException.class).hasMessageContaining("segment.bytes");
  }

  @Test
  void rollsByTimeFromTheFirstBatchTimestampAndOnDemand() {
    open(Map.of("segment.ms", 1000));
    log.append(TestRecords.simple(clock.millis(), 1));
    clock.advance(1000);
    log.append(TestRecords.simple(clock.millis(), 1));
    assertThat(log.segments()).hasSize(1);
    clock.advance(1);
    log.append(TestRecords.simple(clock.millis(), 1));
    assertThat(log.segments()).extracting(SegmentInfo::baseOffset).containsExactly(0L, 2L);

    assertThat(log.rollIfExpired()).isFalse();
    clock.advance(1001);
    assertThat(log.rollIfExpired()).isTrue();
    assertThat(log.roll()).isEqualTo(3); // empty active segment: no roll
    log.append(TestRecords.simple(clock.millis(), 1));
    assertThat(log.roll()).isEqualTo(4);
    assertThat(log.segments()).extracting(SegmentInfo::baseOffset).containsExactly(0L, 2L, 3L, 4L);
  }

  @Test
  void retentionByTimeDeletesOnlyWholeSealedSegmentsAndMovesTheLogStart() throws Exception {
    open(Map.of("retention.ms", 10_000));
    long start = clock.millis();
    for (int i = 0; i < 4; i++) {
      log.append(TestRecords.simple(start + i * 5_000, 2));
      log.roll();
    }
    log.append(TestRecords.simple(start, 2)); // an old timestamp in the active segment
    clock.advance(20_001);

    // Sealed segments' newest timestamps: start, +5s, +10s, +15s; now is start+20.001s, so the
    // first three are more than 10 s old. The active segment is never deleted.
    assertThat(log.deleteOldSegments()).isEqualTo(3);
    assertThat(log.logStartOffset()).isEqualTo(6);
    assertThat(log.segments()).extracting(SegmentInfo::baseOffset).containsExactly(6L, 8L);
    assertThat(LogFileNames.logFile(dir, 0)).doesNotExist();
    assertThat(listener.events).contains("deleted:0:RETENTION_TIME", "deleted:4:RETENTION_TIME");
    assertThatThrownBy(() -> log.read(5, 100, true)).isInstanceOf(OffsetOutOfRangeException.class);

    clock.advance(1_000_000);
    log.deleteOldSegments();
    assertThat(log.segments()).extracting(SegmentInfo::baseOffset).containsExactly(8L);
    assertThat(log.logStartOffset()).isEqualTo(8);
  }

  @Test
  void retentionBySizeKeepsTheNewestSegmentsWithinTheLimit() {
    open(Map.of("retention.ms", -1));
    int size = 0;
    for (int i = 0; i < 5; i++) {
      size = log.append(TestRecords.simple(1, 3)).sizeInBytes();
      log.roll();
    }
    log.updateConfig(log.config().with(Map.of("retention.bytes", 2L * size)));
    assertThat(log.deleteOldSegments()).isEqualTo(3);
    assertThat(log.sizeInBytes()).isEqualTo(2L * size);
    assertThat(log.logStartOffset()).isEqualTo(9);
    assertThat(listener.events).contains("deleted:0:RETENTION_SIZE");
  }

  @Test
  void deletedSegmentsStayReadableThroughHandedOutSlicesUntilTheDelayPasses() {
    open(Map.of("retention.bytes", 0L, "file.delete.delay.ms", 5_000L));
    log.append(TestRecords.simple(1, 3));
    FetchSlice slice = log.read(0, 1 << 20, true);
    log.roll();
    log.deleteOldSegments();
    assertThat(log.logStartOffset()).isEqualTo(3);
    assertThat(dir.resolve("00000000000000000000.log.deleted")).exists();
    assertThat(TestRecords.records(slice.toMemoryRecords())).hasSize(3);

    clock.advance(5_000);
    log.deleteOldSegments();
    assertThat(dir.resolve("00000000000000000000.log.deleted")).doesNotExist();
    assertThat(slice.channel().isOpen()).isFalse();
  }

  @Test
  void deleteRecordsMovesTheLogStartInsideASegmentAndSurvivesReopen() {
    open(Map.of());
    for (int i = 0; i < 3; i++) {
      log.append(TestRecords.simple(1, 4));
      log.roll();
    }
    assertThat(log.deleteRecordsBefore(6)).isEqualTo(6);
    assertThat(log.segments()).extracting(SegmentInfo::baseOffset).containsExactly(4L, 8L, 12L);
    assertThat(listener.events).contains("deleted:0:LOG_START_OFFSET");
    assertThatThrownBy(() -> log.read(5, 100, true)).isInstanceOf(OffsetOutOfRangeException.class);
    assertThat(log.read(6, 1 << 20, true).firstOffset()).isEqualTo(4); // whole batch
    assertThat(log.deleteRecordsBefore(2)).isEqualTo(6);
    assertThatThrownBy(() -> log.deleteRecordsBefore(13))
        .isInstanceOf(OffsetOutOfRangeException.class);

    reopen();
    assertThat(log.logStartOffset()).isEqualTo(6);
    assertThat(readAll()).extracting(TestRecords.Rec::offset)
        .containsExactly(6L, 7L, 8L, 9L, 10L, 11L);
  }

  @Test
  void truncationDropsWholeBatchesAndLaterSegmentsThenAppendsContinue() {
    open(Map.of());
    log.append(TestRecords.simple(10, 3)); // 0-2
    log.append(TestRecords.simple(20, 3)); // 3-5
    log.roll();
    log.append(TestRecords.simple(30, 3)); // 6-8
    log.roll();
    log.append(TestRecords.simple(40, 3)); // 9-11

    assertThat(log.truncateTo(4)).isEqualTo(3);
    assertThat(log.segments()).hasSize(1);
    assertThat(log.segments().get(0).sealed()).isFalse();
    assertThat(listener.events).contains("deleted:9:TRUNCATION", "deleted:6:TRUNCATION",
        "truncated:0-2");
    assertThat(log.maxTimestampAndOffset()).hasValue(new TimestampAndOffset(10, 0));

    LogAppendResult result = log.append(TestRecords.simple(50, 2));
    assertThat(result.firstOffset()).isEqualTo(3);
    reopen();
    assertThat(readAll()).extracting(TestRecords.Rec::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(log.truncateTo(100)).isEqualTo(5);
    assertThatThrownBy(() -> {
      log.deleteRecordsBefore(2);
      log.truncateTo(1);
    }).isInstanceOf(OffsetOutOfRangeException.class);
  }

  @Test
  void truncateFullyRestartsTheLogAtAnyOffset() {
    open(Map.of());
    log.append(TestRecords.simple(1, 3));
    log.truncateFullyAndStartAt(1000);
    assertThat(log.logStartOffset()).isEqualTo(1000);
    assertThat(log.logEndOffset()).isEqualTo(1000);
    assertThat(log.append(TestRecords.simple(1, 1)).firstOffset()).isEqualTo(1000);
    reopen();
    assertThat(log.logStartOffset()).isEqualTo(1000);
    assertThat(log.logEndOffset()).isEqualTo(1001);
  }

  @Test
  void offsetPreservingAppendRejectsGapsAndOverlapsAndWritesBytesUnchanged() {
    open(Map.of());
    log.truncateFullyAndStartAt(500);
    MemoryRecords replicated = TestRecords.concat(TestRecords.withOffsets(500, 7, 3),
        TestRecords.withOffsets(503, 8, 2));
    ByteBuffer original = TestRecords.copy(replicated);
    LogAppendResult result = log.appendPreservingOffsets(replicated);
    assertThat(result.firstOffset()).isEqualTo(500);
    assertThat(result.lastOffset()).isEqualTo(504);
    assertThat(log.read(500, 1 << 20, true).read()).isEqualTo(original);

    assertThatThrownBy(() -> log.appendPreservingOffsets(TestRecords.withOffsets(506, 1, 1)))
        .isInstanceOfSatisfying(UnexpectedAppendOffsetException.class,
            e -> assertThat(e.kind()).isEqualTo(UnexpectedAppendOffsetException.Kind.GAP))
        .hasMessageContaining("expects 505");
    assertThatThrownBy(() -> log.appendPreservingOffsets(TestRecords.withOffsets(503, 1, 3)))
        .isInstanceOfSatisfying(UnexpectedAppendOffsetException.class,
            e -> assertThat(e.kind()).isEqualTo(UnexpectedAppendOffsetException.Kind.OVERLAP));
    assertThat(log.logEndOffset()).isEqualTo(505);
  }

  @Test
  void logAppendTimeStampsBatchesAndKeepsTheirCrcValid() {
    open(Map.of("message.timestamp.type", "LogAppendTime"));
    LogAppendResult result = log.append(TestRecords.batch(Compression.gzip().build(), 5, 3, 10));
    assertThat(result.logAppendTime()).isEqualTo(clock.millis());
    assertThat(result.maxTimestamp()).isEqualTo(clock.millis());

    MemoryRecords stored = log.read(0, 1 << 20, true).toMemoryRecords();
    MutableRecordBatch batch = stored.batches().iterator().next();
    batch.ensureValid();
    assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
    assertThat(TestRecords.records(stored)).extracting(TestRecords.Rec::timestamp)
        .containsOnly(clock.millis());
    assertThat(log.offsetForTimestamp(clock.millis())).hasValue(
        new TimestampAndOffset(clock.millis(), 0));
  }

  @Test
  void looksUpOffsetsByTimestampAcrossSegments() {
    open(Map.of("index.interval.bytes", 0));
    log.append(TestRecords.batch(Compression.NONE, 100, 3, 5)); // 0-2 @100..102
    log.append(TestRecords.batch(Compression.lz4().build(), 300, 3, 5)); // 3-5 @300..302
    log.roll();
    log.append(TestRecords.batch(Compression.NONE, 200, 3, 5)); // 6-8 @200..202
    log.append(TestRecords.batch(Compression.NONE, 500, 3, 5)); // 9-11 @500..502

    assertThat(log.offsetForTimestamp(0)).hasValue(new TimestampAndOffset(100, 0));
    assertThat(log.offsetForTimestamp(101)).hasValue(new TimestampAndOffset(101, 1));
    assertThat(log.offsetForTimestamp(150)).hasValue(new TimestampAndOffset(300, 3));
    assertThat(log.offsetForTimestamp(303)).hasValue(new TimestampAndOffset(500, 9));
    assertThat(log.offsetForTimestamp(503)).isEmpty();
    assertThat(log.maxTimestampAndOffset()).hasValue(new TimestampAndOffset(502, 11));

    log.deleteRecordsBefore(4);
    assertThat(log.offsetForTimestamp(0)).hasValue(new TimestampAndOffset(301, 4));
    reopen();
    assertThat(log.offsetForTimestamp(150)).hasValue(new TimestampAndOffset(301, 4));
    assertThat(log.maxTimestampAndOffset()).hasValue(new TimestampAndOffset(502, 11));
  }

  @Test
  void aRejectedAppendWritesNothing() {
    open(Map.of());
    log.append(TestRecords.simple(1, 2));
    ByteBuffer bad = TestRecords.copy(TestRecords.simple(1, 2));
    bad.put(bad.limit() - 1, (byte) 0x55);
    assertThatThrownBy(() -> log.append(MemoryRecords.readableRecords(bad)))
        .isInstanceOf(CorruptRecordException.class);
    assertThat(log.logEndOffset()).isEqualTo(2);
    assertThat(log.sizeInBytes()).isEqualTo(log.read(0, 1 << 20, true).sizeInBytes());
  }

  @Test
  void readOnlyInputIsCopiedRatherThanRewritten() {
    open(Map.of());
    log.append(TestRecords.simple(1, 2));
    ByteBuffer readOnly = TestRecords.copy(TestRecords.simple(1, 2)).asReadOnlyBuffer();
    LogAppendResult result = log.append(MemoryRecords.readableRecords(readOnly));
    assertThat(result.firstOffset()).isEqualTo(2);
    assertThat(readOnly.getLong(0)).isZero();
  }

  @Test
  void cleanReopenRestoresTheSameStateAndConsumesTheMarker() {
    open(Map.of("segment.bytes", 600, "index.interval.bytes", 100));
    for (int i = 0; i < 12; i++) {
      log.append(TestRecords.batch(Compression.NONE, 1_000 + i, 2, 40));
    }
    List<SegmentInfo> before = log.segments();
    long end = log.logEndOffset();
    log.close();
    assertThat(dir.resolve(".clean-shutdown")).exists();

    log = PartitionLog.open(dir, log.config(), flusher, listener, clock);
    assertThat(dir.resolve(".clean-shutdown")).doesNotExist();
    assertThat(log.segments()).isEqualTo(before);
    assertThat(log.logEndOffset()).isEqualTo(end);
    assertThat(log.maxTimestampAndOffset()).hasValue(new TimestampAndOffset(1_012, 23));
    assertThat(log.append(TestRecords.simple(1, 1)).firstOffset()).isEqualTo(end);
    assertThat(readAll()).hasSize(25);
  }

  @Test
  void closedLogRefusesCalls() {
    open(Map.of());
    log.close();
    assertThatThrownBy(() -> log.append(TestRecords.simple(1, 1)))
        .hasMessageContaining("closed");
    log.close();
    log = null;
  }

  @Test
  void segmentFilesAreNamedAndIndexesTrimmedWhenSealed() throws Exception {
    open(Map.of("segment.index.bytes", 4096, "index.interval.bytes", 0));
    log.append(TestRecords.simple(1, 1));
    log.append(TestRecords.simple(2, 1));
    assertThat(Files.size(LogFileNames.indexFile(dir, 0))).isEqualTo(4096);
    log.roll();
    assertThat(Files.size(LogFileNames.indexFile(dir, 0))).isEqualTo(OffsetIndex.ENTRY_SIZE);
    // One entry: the indexed second batch already holds the max timestamp the sealing entry needs.
    assertThat(Files.size(LogFileNames.timeIndexFile(dir, 0))).isEqualTo(TimeIndex.ENTRY_SIZE);
    assertThat(LogFileNames.logFile(dir, 2)).exists();
  }
}
