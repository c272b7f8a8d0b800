package io.tideway.broker.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.Partition.EpochEndOffset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderEpochCacheTest {

  @TempDir
  Path dir;

  @Test
  void aNewLogStartsEpochZeroAtItsStartAndPersistsItInKafkasFormat() throws IOException {
    LeaderEpochCache cache = LeaderEpochCache.load(dir, 0, 0, 0);
    assertThat(cache.entries()).containsExactly(Map.entry(0, 0L));
    assertThat(Files.readString(dir.resolve(LeaderEpochCache.FILE_NAME)))
        .isEqualTo("0\n1\n0 0\n");
    assertThat(cache.endOffsetFor(0, 42)).isEqualTo(new EpochEndOffset(0, 42));
    assertThat(cache.endOffsetFor(1, 42)).isEqualTo(new EpochEndOffset(-1, -1));
    assertThat(cache.endOffsetFor(-1, 42)).isEqualTo(new EpochEndOffset(-1, -1));
  }

  @Test
  void answersForOlderEpochsAsKafka() throws IOException {
    Files.writeString(dir.resolve(LeaderEpochCache.FILE_NAME), "0\n3\n1 10\n3 20\n5 30\n");
    LeaderEpochCache cache = LeaderEpochCache.load(dir, 5, 10, 40);
    assertThat(cache.endOffsetFor(5, 40)).isEqualTo(new EpochEndOffset(5, 40));
    assertThat(cache.endOffsetFor(4, 40)).isEqualTo(new EpochEndOffset(3, 30));
    assertThat(cache.endOffsetFor(3, 40)).isEqualTo(new EpochEndOffset(3, 30));
    assertThat(cache.endOffsetFor(2, 40)).isEqualTo(new EpochEndOffset(1, 20));
    assertThat(cache.endOffsetFor(0, 40)).isEqualTo(new EpochEndOffset(0, 10));
    assertThat(cache.endOffsetFor(6, 40)).isEqualTo(new EpochEndOffset(-1, -1));
  }

  @Test
  void theStartFollowsTheLogStartOffsetAndLostEpochsAreDropped() throws IOException {
    Files.writeString(dir.resolve(LeaderEpochCache.FILE_NAME), "0\n2\n0 0\n1 50\n");
    LeaderEpochCache cache = LeaderEpochCache.load(dir, 1, 0, 40); // the tail past 40 was lost
    assertThat(cache.entries()).containsExactly(Map.entry(0, 0L), Map.entry(1, 40L));
    cache.truncateFromStart(45);
    assertThat(cache.entries()).containsExactly(Map.entry(1, 45L));
    assertThat(LeaderEpochCache.load(dir, 1, 45, 60).entries())
        .containsExactly(Map.entry(1, 45L));
  }

  @Test
  void aDamagedCheckpointStartsAfresh() throws IOException {
    Files.writeString(dir.resolve(LeaderEpochCache.FILE_NAME), "0\n5\n0 x\n");
    assertThat(LeaderEpochCache.load(dir, 0, 7, 9).entries()).containsExactly(Map.entry(0, 7L));
  }
}
