package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchSliceTest {

  @TempDir
  Path dir;

  @Test
  void copiesAndTransfersExactlyItsRegion() throws Exception {
    Path file = dir.resolve("s.log");
    MemoryRecords a = TestRecords.simple(1, 2);
    MemoryRecords b = TestRecords.simple(2, 3);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      channel.write(TestRecords.copy(a), 0);
      channel.write(TestRecords.copy(b), a.sizeInBytes());
      FetchSlice slice = new FetchSlice(0, 2, file, channel, a.sizeInBytes(), b.sizeInBytes());

      assertThat(slice.read()).isEqualTo(TestRecords.copy(b));
      ByteBuffer target = ByteBuffer.allocate(b.sizeInBytes() + 4).position(4);
      slice.readInto(target);
      assertThat(target.position()).isEqualTo(b.sizeInBytes() + 4);
      assertThat(TestRecords.records(slice.toMemoryRecords())).hasSize(3);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThat(slice.transferTo(Channels.newChannel(out))).isEqualTo(b.sizeInBytes());
      assertThat(ByteBuffer.wrap(out.toByteArray())).isEqualTo(TestRecords.copy(b));
      assertThatThrownBy(() -> slice.readInto(ByteBuffer.allocate(3)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void anEmptySliceHasNoFileAndNoRecords() {
    FetchSlice empty = FetchSlice.empty(42);
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.firstOffset()).isEqualTo(42);
    assertThat(empty.lastOffset()).isEqualTo(41);
    assertThat(empty.file()).isNull();
    assertThat(empty.toMemoryRecords().sizeInBytes()).isZero();
    assertThat(empty).hasToString("FetchSlice[empty at 42]");
  }

  @Test
  void readingAClosedSegmentIsAStorageError() throws Exception {
    Path file = dir.resolve("s.log");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    channel.write(TestRecords.copy(TestRecords.simple(1, 1)), 0);
    FetchSlice slice = new FetchSlice(0, 0, file, channel, 0, (int) channel.size());
    channel.close();
    assertThatThrownBy(slice::read).isInstanceOf(KafkaStorageException.class)
        .hasMessageContaining(file.toString());
  }
}
