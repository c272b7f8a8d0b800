package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentReaderTest {

  @TempDir
  Path dir;

  private LogSegment segment;
  private final SegmentReader reader = new SegmentReader();
  private final List<Integer> positions = new ArrayList<>();
  private final List<BatchHeader> headers = new ArrayList<>();

  /** Ten batches of 3 records (offsets 100..129), timestamps 1000, 1100, ... with a dip. */
  @BeforeEach
  void fill() throws Exception {
    segment = LogSegment.create(dir, 100, 4096, 0, FileWrites.DIRECT);
    long[] timestamps = {1000, 1100, 1200, 900, 1300, 1400, 1500, 1600, 1700, 1800};
    for (long timestamp : timestamps) {
      positions.add(segment.size());
      headers.add(SegmentTestSupport.append(segment,
          TestRecords.batch(Compression.gzip().build(), timestamp, 3, 40), 150).get(0));
    }
  }

  @AfterEach
  void close() throws Exception {
    segment.close();
  }

  @Test
  void findsTheBatchContainingAnyOffset() throws Exception {
    for (long offset = 100; offset < 130; offset++) {
      SegmentReader.Located located = reader.findBatch(segment, offset);
      int batch = (int) (offset - 100) / 3;
      assertThat(located.position()).isEqualTo(positions.get(batch));
      assertThat(located.header().baseOffset()).isEqualTo(100 + 3L * batch);
    }
    assertThat(reader.findBatch(segment, 130)).isNull();
  }

  @Test
  void readsWholeBatchesUpToMaxBytes() throws Exception {
    int size = headers.get(0).sizeInBytes();
    FetchSlice slice = reader.read(segment, 104, 3 * size + 10, false, Long.MAX_VALUE);
    assertThat(slice.firstOffset()).isEqualTo(103);
    assertThat(slice.lastOffset()).isEqualTo(111);
    assertThat(slice.position()).isEqualTo(positions.get(1).longValue());
    assertThat(slice.sizeInBytes()).isEqualTo(positions.get(4) - positions.get(1));
    assertThat(TestRecords.records(slice.toMemoryRecords())).hasSize(9);
  }

  @Test
  void returnsTheFirstBatchEvenWhenLargerOnlyWithMinOneBatch() throws Exception {
    FetchSlice none = reader.read(segment, 100, 10, false, Long.MAX_VALUE);
    assertThat(none.isEmpty()).isTrue();
    FetchSlice one = reader.read(segment, 100, 10, true, Long.MAX_VALUE);
    assertThat(one.sizeInBytes()).isEqualTo(headers.get(0).sizeInBytes());
    assertThat(one.lastOffset()).isEqualTo(102);
  }

  @Test
  void stopsBeforeBatchesReachingTheUpperBound() throws Exception {
    FetchSlice slice = reader.read(segment, 100, 1 << 20, false, 108);
    assertThat(slice.lastOffset()).isEqualTo(105);
    assertThat(reader.read(segment, 106, 1 << 20, true, 108).isEmpty()).isTrue();
    assertThat(reader.read(segment, 200, 1 << 20, true, Long.MAX_VALUE)).isNull();
  }

  @Test
  void findsTheFirstRecordReachingATimestamp() throws Exception {
    // Batch 3 dips to 900..902; the first record with timestamp >= 1101 is in batch 1 (1100..1102).
    assertThat(reader.findByTimestamp(segment, 1101, 100))
        .isEqualTo(new TimestampAndOffset(1101, 104));
    assertThat(reader.findByTimestamp(segment, 0, 100))
        .isEqualTo(new TimestampAndOffset(1000, 100));
    assertThat(reader.findByTimestamp(segment, 1302, 100))
        .isEqualTo(new TimestampAndOffset(1302, 114));
    assertThat(reader.findByTimestamp(segment, 1000, 110))
        .isEqualTo(new TimestampAndOffset(1300, 112));
    assertThat(reader.findByTimestamp(segment, 1803, 100)).isNull();
    assertThat(reader.maxTimestampRecord(segment)).isEqualTo(new TimestampAndOffset(1802, 129));
  }

  @Test
  void aDamagedHeaderIsReportedAsACorruptSegment() throws Exception {
    segment.channel().write(ByteBuffer.allocate(4).putInt(0, 1 << 30), 8);
    assertThatThrownBy(() -> reader.findBatch(segment, 101))
        .isInstanceOf(CorruptSegmentException.class)
        .hasMessageContaining(segment.logPath().toString())
        .hasMessageContaining("impossible size");
  }
}
