package io.tideway.broker.internal.logdir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDirScannerTest {

  @TempDir
  Path root;

  private final Uuid ordersId = Uuid.randomUuid();

  private Path partitionDir(Path logDir, String topic, int partition, Uuid id)
      throws IOException {
    Path dir = Files.createDirectories(logDir.resolve(topic + "-" + partition));
    Files.writeString(dir.resolve("00000000000000000000.log"), "");
    if (id != null) {
      PartitionMetadataFile.write(dir, id);
    }
    return dir;
  }

  @Test
  void findsKnownPartitionsRemovesStrayAndHalfDeletedDirectoriesAndKeepsAnotherIncarnation() throws IOException {
    Path a = Files.createDirectories(root.resolve("a"));
    Path b = Files.createDirectories(root.resolve("b"));
    partitionDir(a, "orders", 0, ordersId);
    partitionDir(b, "orders", 1, null); // no marker yet: adopted
    Path deletedTopic = partitionDir(a, "gone", 0, Uuid.randomUuid());
    Path beyondCount = partitionDir(b, "orders", 5, ordersId);
    Path olderIncarnation = partitionDir(b, "orders", 2, Uuid.randomUuid());
    Path halfDeleted = Files.createDirectories(a.resolve(
        PartitionDirs.deletedName(new TopicPartition("x", 0))));
    Path metadata = Files.createDirectories(a.resolve("metadata"));
    List<LogDirs.LogDir> dirs = List.of(new LogDirs.LogDir(a, null, null),
        new LogDirs.LogDir(b, null, null));

    LogDirScanner.Result result = LogDirScanner.scan(dirs,
        Map.of("orders", new LogDirScanner.KnownTopic(ordersId, 3)));

    assertThat(result.partitions()).containsOnlyKeys(new TopicPartition("orders", 0),
        new TopicPartition("orders", 1));
    assertThat(result.partitions().get(new TopicPartition("orders", 1)).path()).isEqualTo(b);
    assertThat(result.removed()).isEqualTo(3);
    assertThat(deletedTopic).doesNotExist();
    assertThat(beyondCount).doesNotExist();
    // Another topic id may be an older incarnation or a flipped bit: kept, partition offline.
    assertThat(olderIncarnation).exists();
    assertThat(result.unusable()).containsOnlyKeys(new TopicPartition("orders", 2));
    assertThat(result.unusable().get(new TopicPartition("orders", 2)))
        .hasMessageContaining(olderIncarnation.toString())
        .hasMessageContaining("older incarnation").hasMessageContaining("damaged file");
    assertThat(halfDeleted).doesNotExist();
    assertThat(metadata).exists();
  }

  @Test
  void aPartitionFoundTwiceOrWithAnUnreadableMarkerIsUnusable() throws IOException {
    Path a = Files.createDirectories(root.resolve("a"));
    Path b = Files.createDirectories(root.resolve("b"));
    partitionDir(a, "orders", 0, ordersId);
    partitionDir(b, "orders", 0, ordersId);
    Path broken = partitionDir(a, "orders", 1, null);
    Files.writeString(broken.resolve(PartitionMetadataFile.NAME), "nonsense");
    LogDirScanner.Result result = LogDirScanner.scan(List.of(new LogDirs.LogDir(a, null, null),
        new LogDirs.LogDir(b, null, null)),
        Map.of("orders", new LogDirScanner.KnownTopic(ordersId, 2)));
    assertThat(result.partitions()).isEmpty();
    assertThat(result.unusable()).containsOnlyKeys(new TopicPartition("orders", 0),
        new TopicPartition("orders", 1));
    assertThat(result.unusable().get(new TopicPartition("orders", 0)))
        .hasMessageContaining("has a directory in both");
    assertThat(broken).exists();
  }

  @Test
  void newPartitionsGoToTheDirectoryWithTheFewest() {
    LogDirs dirs = new LogDirs(List.of(new LogDirs.LogDir(root.resolve("a"), null, null),
        new LogDirs.LogDir(root.resolve("b"), null, null),
        new LogDirs.LogDir(root.resolve("c"), null, new IOException("disk gone"))));
    dirs.assign(new TopicPartition("t", 0), dirs.dirs().get(0), () -> 10);
    assertThat(dirs.place(new TopicPartition("t", 1)).path()).isEqualTo(root.resolve("b"));
    assertThat(dirs.place(new TopicPartition("t", 2)).path()).isEqualTo(root.resolve("a"));
    assertThat(dirs.place(new TopicPartition("t", 3)).path()).isEqualTo(root.resolve("b"));
    assertThat(dirs.place(new TopicPartition("t", 1)).path()).isEqualTo(root.resolve("b"));
    assertThat(dirs.describe()).hasSize(3);
    assertThat(dirs.describe().get(0).partitions()).hasSize(2);
    assertThat(dirs.describe().get(2).error()).hasMessage("disk gone");
    dirs.remove(new TopicPartition("t", 0));
    assertThat(dirs.dirOf(new TopicPartition("t", 0))).isEmpty();
  }
}
