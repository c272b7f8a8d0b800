package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSegmentTest {

  @TempDir
  Path dir;

  @Test
  void appendTracksSizeOffsetsTimestampsAndSparseIndexEntries() throws Exception {
    try (LogSegment segment = LogSegment.create(dir, 50, 4096, 0, FileWrites.DIRECT)) {
      int batchSize = 0;
      for (int i = 0; i < 10; i++) {
        batchSize = SegmentTestSupport.append(segment, TestRecords.simple(1_000 + i, 2), 100)
            .get(0).sizeInBytes();
      }
      assertThat(segment.nextOffset()).isEqualTo(70);
      assertThat(segment.size()).isEqualTo(10 * batchSize);
      assertThat(segment.maxTimestamp()).isEqualTo(1_009);
      assertThat(segment.offsetOfMaxTimestamp()).isEqualTo(69);
      // An entry whenever more than 100 bytes were appended since the last one.
      int expected = 0;
      int since = 0;
      for (int i = 0; i < 10; i++) {
        if (since > 100) {
          expected++;
          since = 0;
        }
        since += batchSize;
      }
      assertThat(segment.offsetIndex().entries()).isEqualTo(expected);
      assertThat(segment.timeIndex().entries()).isEqualTo(expected);
      assertThat(segment.info()).isEqualTo(new SegmentInfo(50, 69, segment.size(), 1_009, false,
          LogFileNames.logFile(dir, 50)));
    }
  }

  @Test
  void rollsWhenFullOldOrItsIndexIsFull() throws Exception {
    LogConfig config = LogConfig.from(Map.of("segment.bytes", 1000, "segment.ms", 100));
    try (LogSegment segment = LogSegment.create(dir, 0, 4096, 0, FileWrites.DIRECT)) {
      assertThat(segment.shouldRoll(5_000, 0, 1_000_000, config)).isFalse(); // empty never rolls
      int size = SegmentTestSupport.append(segment, TestRecords.simple(500, 1), 0).get(0)
          .sizeInBytes();
      assertThat(segment.shouldRoll(1000 - size, 1, 600, config)).isFalse();
      assertThat(segment.shouldRoll(1000 - size + 1, 1, 600, config)).isTrue();
      assertThat(segment.shouldRoll(10, 1, 601, config)).isTrue(); // 101 ms after the first batch
      assertThat(segment.isExpiredForRoll(601, config)).isTrue();
      assertThat(segment.shouldRoll(10, Integer.MAX_VALUE + 1L, 600, config)).isTrue();
    }
    try (LogSegment segment = LogSegment.create(dir, 100, 3 * OffsetIndex.ENTRY_SIZE, 0, FileWrites.DIRECT)) {
      LogConfig big = LogConfig.defaults();
      for (int i = 0; i < 3; i++) {
        SegmentTestSupport.append(segment, TestRecords.simple(1, 1), 0);
      }
      // The time index holds 2 entries of 12 bytes; one is reserved for sealing: full after one.
      assertThat(segment.timeIndex().isFull()).isTrue();
      assertThat(segment.shouldRoll(10, 103, 1, big)).isTrue();
    }
  }

  @Test
  void sealTrimsIndexesAddsTheMaxTimestampEntryAndForbidsAppends() throws Exception {
    try (LogSegment segment = LogSegment.create(dir, 0, 4096, 0, FileWrites.DIRECT)) {
      SegmentTestSupport.append(segment, TestRecords.simple(10, 3), 1 << 20);
      SegmentTestSupport.append(segment, TestRecords.simple(30, 3), 1 << 20);
      segment.seal();
      assertThat(segment.isSealed()).isTrue();
      assertThat(segment.timeIndex().lastEntry()).isEqualTo(new TimeIndex.TimestampOffset(30, 5));
      assertThat(Files.size(LogFileNames.indexFile(dir, 0))).isZero();
      assertThat(Files.size(LogFileNames.timeIndexFile(dir, 0))).isEqualTo(TimeIndex.ENTRY_SIZE);
      assertThatThrownBy(() -> SegmentTestSupport.append(segment, TestRecords.simple(1, 1), 0))
          .isInstanceOf(IllegalStateException.class);

      segment.reactivate(4096);
      SegmentTestSupport.append(segment, TestRecords.simple(40, 1), 0);
      assertThat(segment.nextOffset()).isEqualTo(7);
    }
  }

  @Test
  void restoresASealedSegmentFromItsIndexesAlone() throws Exception {
    int size;
    try (LogSegment segment = LogSegment.create(dir, 0, 4096, 0, FileWrites.DIRECT)) {
      for (int i = 0; i < 5; i++) {
        SegmentTestSupport.append(segment, TestRecords.simple(100 * i, 2), 50);
      }
      segment.seal();
      size = segment.size();
    }
    try (LogSegment reopened = LogSegment.open(dir, 0, 4096, false, 0, FileWrites.DIRECT)) {
      reopened.restoreSealed(10);
      assertThat(reopened.info()).isEqualTo(new SegmentInfo(0, 9, size, 400, true,
          LogFileNames.logFile(dir, 0)));
      assertThatThrownBy(() -> reopened.restoreSealed(3))
          .isInstanceOf(CorruptIndexException.class);
    }
  }

  @Test
  void markDeletedRenamesFilesAndCloseAndDeleteRemovesThem() throws Exception {
    LogSegment segment = LogSegment.create(dir, 0, 4096, 0, FileWrites.DIRECT);
    SegmentTestSupport.append(segment, TestRecords.simple(1, 1), 0);
    segment.markDeleted();
    assertThat(segment.isDeleted()).isTrue();
    assertThat(dir.resolve("00000000000000000000.log.deleted")).exists();
    assertThat(dir.resolve("00000000000000000000.index.deleted")).exists();
    assertThat(dir.resolve("00000000000000000000.timeindex.deleted")).exists();
    assertThat(LogFileNames.logFile(dir, 0)).doesNotExist();
    segment.closeAndDelete();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void refusesToCreateOverANonEmptyLogFile() throws Exception {
    Files.write(LogFileNames.logFile(dir, 7), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> LogSegment.create(dir, 7, 4096, 0, FileWrites.DIRECT))
        .isInstanceOf(KafkaStorageException.class).hasMessageContaining("non-empty");
  }
}
