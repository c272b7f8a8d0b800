package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetIndexTest {

  @TempDir
  Path dir;

  private OffsetIndex open(int maxBytes, boolean writable) throws Exception {
    return OffsetIndex.open(dir.resolve("00000000000000000100.index"), 100, maxBytes, writable, FileWrites.DIRECT);
  }

  @Test
  void looksUpTheLastEntryAtOrBelowTheTarget() throws Exception {
    try (OffsetIndex index = open(1024, true)) {
      index.append(110, 500);
      index.append(120, 1000);
      index.append(135, 1700);

      assertThat(index.lookup(100)).isEqualTo(new OffsetIndex.OffsetPosition(100, 0));
      assertThat(index.lookup(109)).isEqualTo(new OffsetIndex.OffsetPosition(100, 0));
      assertThat(index.lookup(110)).isEqualTo(new OffsetIndex.OffsetPosition(110, 500));
      assertThat(index.lookup(134)).isEqualTo(new OffsetIndex.OffsetPosition(120, 1000));
      assertThat(index.lookup(10_000)).isEqualTo(new OffsetIndex.OffsetPosition(135, 1700));
      assertThat(index.lookup(5)).isEqualTo(new OffsetIndex.OffsetPosition(100, 0));
      assertThat(index.lastEntry()).isEqualTo(new OffsetIndex.OffsetPosition(135, 1700));
    }
  }

  @Test
  void refusesOutOfOrderEntriesAndReportsFullness() throws Exception {
    try (OffsetIndex index = open(3 * OffsetIndex.ENTRY_SIZE + 5, true)) {
      index.append(101, 10);
      assertThatThrownBy(() -> index.append(101, 20)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> index.append(102, 10)).isInstanceOf(IllegalStateException.class);
      index.append(102, 20);
      assertThat(index.isFull()).isFalse();
      index.append(103, 30);
      assertThat(index.isFull()).isTrue();
      assertThatThrownBy(() -> index.append(104, 40)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void truncationDropsEntriesAtOrAboveTheOffset() throws Exception {
    try (OffsetIndex index = open(1024, true)) {
      index.append(110, 500);
      index.append(120, 1000);
      index.append(130, 1500);
      index.truncateTo(120);
      assertThat(index.entries()).isEqualTo(1);
      assertThat(index.lastEntry().offset()).isEqualTo(110);
      index.append(115, 700);
      index.reset();
      assertThat(index.entries()).isZero();
    }
  }

  @Test
  void trimmedFileReopensWithItsEntriesAndCanBeMadeWritableAgain() throws Exception {
    Path file;
    try (OffsetIndex index = open(1024, true)) {
      index.append(110, 500);
      index.append(120, 1000);
      file = index.path();
      assertThat(Files.size(file)).isEqualTo(1024);
      index.trim();
      assertThat(Files.size(file)).isEqualTo(2L * OffsetIndex.ENTRY_SIZE);
    }
    try (OffsetIndex index = open(1024, false)) {
      assertThat(index.entries()).isEqualTo(2);
      assertThat(index.lookup(125).position()).isEqualTo(1000);
      index.makeWritable(1024);
      index.append(130, 1500);
      assertThat(index.entries()).isEqualTo(3);
    }
  }

  @Test
  void sanityCheckFindsDisorderAndEntriesOutsideTheSegment() throws Exception {
    try (OffsetIndex index = open(1024, true)) {
      index.append(110, 500);
      index.append(120, 1000);
      index.sanityCheck(2000, 200);
      assertThatThrownBy(() -> index.sanityCheck(900, 200))
          .isInstanceOf(CorruptIndexException.class).hasMessageContaining("beyond the segment");
      assertThatThrownBy(() -> index.sanityCheck(2000, 115))
          .isInstanceOf(CorruptIndexException.class);
    }
    // A crash can leave zeros after the last real entry: (0, 0) repeats are out of order.
    Path file = dir.resolve("00000000000000000100.index");
    try (OffsetIndex index = OffsetIndex.open(file, 100, 1024, false, FileWrites.DIRECT)) {
      assertThatThrownBy(() -> index.sanityCheck(2000, 200))
          .isInstanceOf(CorruptIndexException.class).hasMessageContaining("not greater");
    }
  }

  @Test
  void aFileWhoseLengthIsNotAMultipleOfTheEntrySizeIsCorrupt() throws Exception {
    Path file = dir.resolve("00000000000000000100.index");
    Files.write(file, new byte[13]);
    assertThatThrownBy(() -> OffsetIndex.open(file, 100, 1024, true, FileWrites.DIRECT))
        .isInstanceOf(CorruptIndexException.class).hasMessageContaining("multiple");
  }
}
