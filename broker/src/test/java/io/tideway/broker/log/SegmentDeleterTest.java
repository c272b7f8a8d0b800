package io.tideway.broker.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentDeleterTest {

  @TempDir
  Path dir;

  @Test
  void deletesAfterTheDelayAndKeepsChannelsOpenUntilThen() throws Exception {
    SegmentDeleter deleter = new SegmentDeleter();
    LogSegment first = LogSegment.create(dir, 0, 1024, 0, FileWrites.DIRECT);
    LogSegment second = LogSegment.create(dir, 10, 1024, 0, FileWrites.DIRECT);
    deleter.schedule(first, 1_000, 500);
    deleter.schedule(second, 1_200, 500);
    assertThat(deleter.pendingCount()).isEqualTo(2);
    assertThat(dir.resolve("00000000000000000000.log.deleted")).exists();
    assertThat(first.channel().isOpen()).isTrue();

    deleter.purgeExpired(1_499);
    assertThat(deleter.pendingCount()).isEqualTo(2);
    deleter.purgeExpired(1_500);
    assertThat(deleter.pendingCount()).isEqualTo(1);
    assertThat(first.channel().isOpen()).isFalse();
    assertThat(dir.resolve("00000000000000000000.log.deleted")).doesNotExist();

    deleter.purgeAll();
    assertThat(dir.resolve("00000000000000000010.log.deleted")).doesNotExist();
  }

  @Test
  void aZeroDelayDeletesAtOnceAndAbandonLeavesFilesForTheNextOpen() throws Exception {
    SegmentDeleter deleter = new SegmentDeleter();
    LogSegment now = LogSegment.create(dir, 0, 1024, 0, FileWrites.DIRECT);
    deleter.schedule(now, 0, 0);
    assertThat(deleter.pendingCount()).isZero();
    assertThat(dir.resolve("00000000000000000000.log.deleted")).doesNotExist();

    LogSegment later = LogSegment.create(dir, 5, 1024, 0, FileWrites.DIRECT);
    deleter.schedule(later, 0, 1_000);
    deleter.abandon();
    assertThat(later.channel().isOpen()).isFalse();
    assertThat(dir.resolve("00000000000000000005.log.deleted")).exists();
  }
}
