package io.tideway.broker.internal.logdir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InconsistentClusterIdException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDirFilesTest {

  @TempDir
  Path dir;

  @Test
  void partitionDirectoryNamesRoundTripAndDeletionNamesAreRecognised() {
    TopicPartition partition = new TopicPartition("my-topic.v2_x", 12);
    assertThat(PartitionDirs.name(partition)).isEqualTo("my-topic.v2_x-12");
    assertThat(PartitionDirs.parse("my-topic.v2_x-12")).contains(partition);
    assertThat(PartitionDirs.parse("metadata")).isEmpty();
    assertThat(PartitionDirs.parse("t-01")).isEmpty();
    assertThat(PartitionDirs.parse("t-99999999999")).isEmpty();
    String deleted = PartitionDirs.deletedName(partition);
    assertThat(deleted).startsWith("my-topic.v2_x-12.").endsWith("-delete");
    assertThat(PartitionDirs.isDeleted(deleted)).isTrue();
    assertThat(PartitionDirs.parse(deleted)).isEmpty();
    assertThat(PartitionDirs.isDeleted("t-0")).isFalse();
  }

  @Test
  void deleteRenamesThenRemovesRecursively() throws IOException {
    TopicPartition partition = new TopicPartition("t", 0);
    Path partitionDir = Files.createDirectories(PartitionDirs.dir(dir, partition));
    Files.writeString(partitionDir.resolve("00000000000000000000.log"), "data");
    Path renamed = PartitionDirs.delete(partitionDir, partition);
    assertThat(PartitionDirs.isDeleted(renamed.getFileName().toString())).isTrue();
    assertThat(partitionDir).doesNotExist();
    assertThat(renamed).doesNotExist();
  }

  @Test
  void partitionMetadataRecordsTheTopicId() throws IOException {
    Uuid id = Uuid.randomUuid();
    assertThat(PartitionMetadataFile.read(dir)).isEmpty();
    PartitionMetadataFile.write(dir, id);
    assertThat(Files.readString(dir.resolve(PartitionMetadataFile.NAME)))
        .isEqualTo("version: 0\ntopic_id: " + id + "\n");
    assertThat(PartitionMetadataFile.read(dir)).contains(id);
    Files.writeString(dir.resolve(PartitionMetadataFile.NAME), "garbage");
    assertThatThrownBy(() -> PartitionMetadataFile.read(dir)).isInstanceOf(IOException.class)
        .hasMessageContaining("Malformed");
  }

  @Test
  void metaPropertiesBindsALogDirectoryToOneCluster() throws IOException {
    Path logDir = dir.resolve("logs");
    LogDirMetaProperties.ensure(logDir, "cluster-a", 1);
    assertThat(LogDirMetaProperties.readClusterId(logDir)).contains("cluster-a");
    LogDirMetaProperties.ensure(logDir, "cluster-a", 1);
    assertThatThrownBy(() -> LogDirMetaProperties.ensure(logDir, "cluster-b", 1))
        .isInstanceOf(InconsistentClusterIdException.class)
        .hasMessageContaining("belongs to cluster cluster-a")
        .hasMessageContaining("holds cluster cluster-b");
  }

  @Test
  void aDamagedMetaPropertiesIsReportedNotReplaced() throws IOException {
    Path logDir = dir.resolve("logs");
    LogDirMetaProperties.ensure(logDir, "cluster-a", 1);
    Path file = logDir.resolve(LogDirMetaProperties.NAME);
    Files.writeString(file, Files.readString(file).replace("cluster.id", "cluster.ie"));

    assertThatThrownBy(() -> LogDirMetaProperties.ensure(logDir, "cluster-b", 1))
        .isInstanceOf(IOException.class).hasMessageContaining(file.toString())
        .hasMessageContaining("cluster.id");
    assertThat(Files.readString(file)).contains("cluster.ie"); // left for the operator
  }
}
