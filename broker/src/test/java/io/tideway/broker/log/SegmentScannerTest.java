package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentScannerTest {

  @TempDir
  Path dir;

  private FileChannel write(MemoryRecords... batches) throws Exception {
    FileChannel channel = FileChannel.open(dir.resolve("s.log"), StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    long offset = 0;
    for (MemoryRecords batch : batches) {
      ByteBuffer bytes = TestRecords.copy(batch);
      bytes.putLong(0, offset);
      offset += bytes.getInt(BatchHeader.LAST_OFFSET_DELTA_OFFSET) + 1;
      channel.write(bytes, channel.size());
    }
    return channel;
  }

  @Test
  void validatesEveryBatchAndReportsPositions() throws Exception {
    try (FileChannel channel = write(TestRecords.simple(1, 2),
        TestRecords.batch(Compression.lz4().build(), 2, 3, 50), TestRecords.simple(3, 1))) {
      List<Integer> positions = new ArrayList<>();
      SegmentScanner.Result result = new SegmentScanner(channel).scan(0, (int) channel.size(), 0,
          (position, header) -> positions.add(position));
      assertThat(result.isClean()).isTrue();
      assertThat(result.batches()).isEqualTo(3);
      assertThat(result.nextOffset()).isEqualTo(6);
      assertThat(result.validEnd()).isEqualTo((int) channel.size());
      assertThat(positions).hasSize(3).startsWith(0);
    }
  }

  @Test
  void stopsAtATornTail() throws Exception {
    try (FileChannel channel = write(TestRecords.simple(1, 2), TestRecords.simple(2, 2))) {
      int full = (int) channel.size();
      int first = TestRecords.simple(1, 2).sizeInBytes();
      channel.truncate(full - 5);
      SegmentScanner.Result result =
          new SegmentScanner(channel).scan(0, full - 5, 0, (position, header) -> { });
      assertThat(result.validEnd()).isEqualTo(first);
      assertThat(result.nextOffset()).isEqualTo(2);
      assertThat(result.problem()).contains("only");
    }
  }

  @Test
  void stopsAtACrcMismatchOrAnOffsetDiscontinuity() throws Exception {
    try (FileChannel channel = write(TestRecords.simple(1, 2), TestRecords.simple(2, 2))) {
      int first = TestRecords.simple(1, 2).sizeInBytes();
      int size = (int) channel.size();
      channel.write(ByteBuffer.wrap(new byte[] {42}), size - 1);
      SegmentScanner.Result crc =
          new SegmentScanner(channel).scan(0, size, 0, (position, header) -> { });
      assertThat(crc.validEnd()).isEqualTo(first);
      assertThat(crc.problem()).contains("CRC32C mismatch").contains("byte " + first);

      SegmentScanner.Result offsets =
          new SegmentScanner(channel).scan(0, size, 5, (position, header) -> { });
      assertThat(offsets.validEnd()).isZero();
      assertThat(offsets.problem()).contains("where 5 was expected");
    }
  }

  @Test
  void checksBatchesLargerThanItsWindowByStreaming() throws Exception {
    MemoryRecords big = TestRecords.batch(Compression.NONE, 1, 3, 600_000);
    try (FileChannel channel = write(TestRecords.simple(1, 1), big, TestRecords.simple(2, 1))) {
      int size = (int) channel.size();
      SegmentScanner.Result clean =
          new SegmentScanner(channel).scan(0, size, 0, (position, header) -> { });
      assertThat(clean.isClean()).isTrue();
      assertThat(clean.nextOffset()).isEqualTo(5);

      int bigStart = TestRecords.simple(1, 1).sizeInBytes();
      channel.write(ByteBuffer.wrap(new byte[] {1}), bigStart + 1_500_000);
      SegmentScanner.Result damaged =
          new SegmentScanner(channel).scan(0, size, 0, (position, header) -> { });
      assertThat(damaged.validEnd()).isEqualTo(bigStart);
      assertThat(damaged.problem()).contains("CRC32C mismatch");
    }
  }
}
