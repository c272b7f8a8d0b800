package io.tideway.broker.internal.partition;

import static io.tideway.broker.internal.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.Partition;
import io.tideway.broker.TopicSpec;
import io.tideway.broker.internal.Batches;
import io.tideway.broker.internal.EngineHarness;
import io.tideway.broker.internal.logdir.LogDirMetaProperties;
import io.tideway.broker.internal.logdir.PartitionDirs;
import io.tideway.broker.internal.logdir.PartitionMetadataFile;
import io.tideway.broker.internal.producer.ProducerSnapshotFile;
import io.tideway.broker.log.CorruptSegmentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged partition files on a broker restart, at the engine level: what can be rebuilt is
 * (producer snapshots, the leader-epoch checkpoint); what cannot is reported with its path, and
 * only the damaged partition (or log directory) goes offline while the rest of the broker serves.
 */
class DamagedPartitionFilesIT {

  private static final TopicPartition VICTIM = new TopicPartition("victim", 0);
  private static final TopicPartition BYSTANDER = new TopicPartition("bystander", 0);

  @TempDir
  Path root;

  private EngineHarness harness;
  private long producerId;

  @BeforeEach
  void setUp() {
    harness = new EngineHarness(root);
    harness.logDirs = List.of(root.resolve("a"), root.resolve("b"));
    harness.start();
    await(harness.engine.topics().create(new TopicSpec("victim", 1, (short) 1,
        Map.of("segment.bytes", "600", "index.interval.bytes", "100")), false));
    await(harness.engine.topics().create(new TopicSpec("bystander", 1, (short) 1, Map.of()),
        false));
    producerId = await(harness.engine.producerIds().nextProducerId());
    for (int sequence = 0; sequence < 40; sequence += 4) {
      append(sequence);
    }
    await(partition(BYSTANDER).append(Batches.plain(3, 1_000), (short) -1));
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private Partition partition(TopicPartition tp) {
    return harness.engine.partitions().get(tp).orElseThrow();
  }

  private long append(int sequence) {
    return await(partition(VICTIM).append(Batches.idempotent(producerId, 0, sequence, 4),
        (short) -1)).baseOffset();
  }

  private Path victimDir() {
    return PartitionDirs.dir(root.resolve("a"), VICTIM);
  }

  private static void flip(Path file, long position) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, position);
      one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
      channel.write(one, position);
    }
  }

  private List<Path> files(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(victimDir())) {
      return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted()
          .toList();
    }
  }

  /** The victim is offline with a cause naming {@code path}; the bystander still serves. */
  private void assertOnlyVictimOffline(String path) {
    assertThat(harness.engine.partitions().get(VICTIM)).isEmpty();
    Throwable cause = harness.engine.partitions().offlineCause(VICTIM).orElseThrow();
    assertThat(cause).hasMessageContaining(path);
    assertThat(Errors.forException(cause)).isEqualTo(Errors.KAFKA_STORAGE_ERROR);
    assertThat(EngineHarness.readAll(partition(BYSTANDER))).containsExactly(0L, 1L, 2L);
    assertThat(await(partition(BYSTANDER).append(Batches.plain(1, 2_000), (short) -1))
        .baseOffset()).isEqualTo(3);
  }

  @Test
  void damagedProducerSnapshotsAreRebuiltFromTheLog() throws IOException {
    harness.stop();
    List<Path> snapshots = files(".snapshot");
    assertThat(snapshots).isNotEmpty();
    for (Path snapshot : snapshots) {
      flip(snapshot, Files.size(snapshot) / 2);
    }
    harness.start();

    // The state came back from the log: the last batch is a duplicate, the next one is in order.
    assertThat(append(36)).isEqualTo(36);
    assertThat(append(40)).isEqualTo(40);
    assertThat(EngineHarness.readAll(partition(VICTIM))).hasSize(44);
  }

  @Test
  void aDamagedLeaderEpochCheckpointStartsAfresh() throws IOException {
    harness.stop();
    Files.writeString(victimDir().resolve(LeaderEpochCache.FILE_NAME), "0\n7\nx y\n");
    harness.start();

    assertThat(await(partition(VICTIM).endOffsetForEpoch(0)))
        .isEqualTo(new Partition.EpochEndOffset(0, 40));
    assertThat(EngineHarness.readAll(partition(VICTIM))).hasSize(40);
  }

  @Test
  void aCorruptSealedSegmentTakesOnlyItsPartitionOffline() throws IOException {
    harness.stop();
    Path sealed = files(".log").get(0);
    flip(sealed, 80); // inside the first batch's records
    Files.delete(victimDir().resolve(sealed.getFileName().toString()
        .replace(".log", ".index"))); // forces the validating rebuild
    harness.start();

    assertOnlyVictimOffline(sealed.toString());
    assertThat(harness.engine.partitions().offlineCause(VICTIM).orElseThrow())
        .isInstanceOf(CorruptSegmentException.class);
  }

  @Test
  void aDamagedLogStartCheckpointKeepsThePartitionOffline() throws IOException {
    await(partition(VICTIM).deleteRecordsBefore(6));
    harness.stop();
    Path checkpoint = victimDir().resolve("log-start-offset.checkpoint");
    flip(checkpoint, 2); // a digit of the offset
    harness.start();

    assertOnlyVictimOffline(checkpoint.toString());
  }

  @Test
  void aPartitionMetadataFileNamingAnotherTopicIdKeepsTheDataAndThePartitionOffline()
      throws IOException {
    harness.stop();
    PartitionMetadataFile.write(victimDir(), Uuid.randomUuid());
    harness.start();

    assertOnlyVictimOffline(victimDir().toString());
    assertThat(files(".log")).isNotEmpty();
  }

  @Test
  void aDamagedMetaPropertiesTakesOnlyItsLogDirectoryOffline() throws IOException {
    harness.stop();
    Path metaProperties = root.resolve("a").resolve(LogDirMetaProperties.NAME);
    Files.writeString(metaProperties, "version=1\nnode.id=1\n"); // the cluster id line is gone
    harness.start();

    assertThat(harness.engine.logDirs().describe().get(0).error())
        .hasMessageContaining(metaProperties.toString());
    assertOnlyVictimOffline("offline log directory");
    assertThat(ProducerSnapshotFile.offsets(victimDir())).isNotEmpty(); // nothing was removed
  }
}
