package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeIndexTest {

  @TempDir
  Path dir;

  private TimeIndex open(int maxBytes) throws Exception {
    return TimeIndex.open(dir.resolve("00000000000000000100.timeindex"), 100, maxBytes, true, FileWrites.DIRECT);
  }

  @Test
  void keepsOnlyIncreasingTimestampsAndFindsTheLastEntryBefore() throws Exception {
    try (TimeIndex index = open(1200)) {
      assertThat(index.lastEntry())
          .isEqualTo(new TimeIndex.TimestampOffset(RecordBatch.NO_TIMESTAMP, 100));
      index.maybeAppend(1_000, 104, false);
      index.maybeAppend(1_000, 108, false); // not above: ignored
      index.maybeAppend(900, 109, false); // older: ignored
      index.maybeAppend(2_000, 112, false);
      index.maybeAppend(3_000, 120, false);
      assertThat(index.entries()).isEqualTo(3);

      assertThat(index.lastEntryBefore(1_000)).isNull();
      assertThat(index.lastEntryBefore(1_001)).isEqualTo(new TimeIndex.TimestampOffset(1_000, 104));
      assertThat(index.lastEntryBefore(3_000)).isEqualTo(new TimeIndex.TimestampOffset(2_000, 112));
      assertThat(index.lastEntryBefore(Long.MAX_VALUE).offset()).isEqualTo(120);
      assertThat(index.lastEntry()).isEqualTo(new TimeIndex.TimestampOffset(3_000, 120));
    }
  }

  @Test
  void refusesOffsetsGoingBack() throws Exception {
    try (TimeIndex index = open(1200)) {
      index.maybeAppend(1_000, 110, false);
      assertThatThrownBy(() -> index.maybeAppend(2_000, 105, false))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void reservesTheLastSlotForTheSealingEntry() throws Exception {
    try (TimeIndex index = open(3 * TimeIndex.ENTRY_SIZE)) {
      index.maybeAppend(1_000, 101, false);
      index.maybeAppend(2_000, 102, false);
      assertThat(index.isFull()).isTrue();
      assertThatThrownBy(() -> index.maybeAppend(3_000, 103, false))
          .isInstanceOf(IllegalStateException.class);
      index.maybeAppend(3_000, 103, true);
      assertThat(index.entries()).isEqualTo(3);
      // Even a completely full index takes the sealing entry (the file grows by one entry).
      index.maybeAppend(4_000, 104, true);
      assertThat(index.lastEntry()).isEqualTo(new TimeIndex.TimestampOffset(4_000, 104));
    }
  }

  @Test
  void truncationAndTrimming() throws Exception {
    Path file;
    try (TimeIndex index = open(1200)) {
      index.maybeAppend(1_000, 104, false);
      index.maybeAppend(2_000, 112, false);
      index.maybeAppend(3_000, 120, false);
      index.truncateTo(112);
      assertThat(index.lastEntry()).isEqualTo(new TimeIndex.TimestampOffset(1_000, 104));
      index.trim();
      file = index.path();
    }
    assertThat(Files.size(file)).isEqualTo(TimeIndex.ENTRY_SIZE);
  }

  @Test
  void sanityCheckFindsDisorder() throws Exception {
    try (TimeIndex index = open(1200)) {
      index.maybeAppend(1_000, 104, false);
      index.maybeAppend(2_000, 112, false);
      index.sanityCheck(200);
      assertThatThrownBy(() -> index.sanityCheck(110))
          .isInstanceOf(CorruptIndexException.class).hasMessageContaining("beyond the segment end");
    }
    Path file = dir.resolve("00000000000000000100.timeindex");
    try (TimeIndex index = TimeIndex.open(file, 100, 1200, false, FileWrites.DIRECT)) {
      assertThatThrownBy(() -> index.sanityCheck(200))
          .isInstanceOf(CorruptIndexException.class).hasMessageContaining("not above");
    }
  }
}
