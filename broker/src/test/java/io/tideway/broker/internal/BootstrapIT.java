package io.tideway.broker.internal;

import static io.tideway.broker.internal.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.broker.LogDirService;
import io.tideway.broker.Partition;
import io.tideway.broker.TopicInfo;
import io.tideway.broker.TopicSpec;
import io.tideway.broker.internal.logdir.LogDirMetaProperties;
import io.tideway.broker.log.CorruptSegmentException;
import io.tideway.broker.log.SegmentInfo;
import io.tideway.metadata.store.BrokerRegistration;
import io.tideway.metadata.store.BrokerStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InconsistentClusterIdException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapIT {

  @TempDir
  Path root;

  private EngineHarness harness;

  @BeforeEach
  void setUp() {
    harness = new EngineHarness(root);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private Partition partition(String topic, int partition) {
    return harness.engine.partitions().get(new TopicPartition(topic, partition)).orElseThrow();
  }

  @Test
  void startsOnAnEmptyDirectoryAndReopensWithTheSameClusterTopicsAndData() {
    harness.staticEntry("listeners", "PLAINTEXT://127.0.0.1:9092");
    BrokerEngine engine = harness.start();
    String clusterId = engine.identity().clusterId();
    assertThat(clusterId).hasSize(22);
    assertThat(engine.identity().nodeId()).isEqualTo(1);
    assertThat(engine.topics().all()).isEmpty();
    TopicInfo created = await(engine.topics().create(new TopicSpec("orders", 2, (short) 1,
        Map.of("retention.ms", "-1")), false));
    await(partition("orders", 0).append(Batches.plain(3, 1000, "a"), (short) 1));
    await(partition("orders", 1).append(Batches.plain(2, 1000, "b"), (short) -1));
    assertThat(LogDirMetaProperties.NAME).isNotBlank();
    assertThat(Files.exists(harness.logDirs.get(0).resolve(LogDirMetaProperties.NAME))).isTrue();

    engine = harness.restart();

    assertThat(engine.identity().clusterId()).isEqualTo(clusterId);
    assertThat(engine.topics().byName("orders")).contains(created);
    assertThat(engine.topics().byId(created.id())).contains(created);
    Partition p0 = partition("orders", 0);
    assertThat(p0.logEndOffset()).isEqualTo(3);
    assertThat(p0.highWatermark()).isEqualTo(3);
    Partition.ReadResult read = await(p0.read(0, 1 << 20, true));
    assertThat(Batches.values(read.slice().toMemoryRecords())).containsExactly("a0", "a1", "a2");
    assertThat(engine.partitions().get(created.id(), 1).orElseThrow().logEndOffset())
        .isEqualTo(2);
    List<BrokerRegistration> brokers =
        new BrokerStore(harness.store, harness.layout).list().join();
    assertThat(brokers).singleElement().satisfies(registration -> {
      assertThat(registration.host()).isEqualTo("127.0.0.1");
      assertThat(registration.port()).isEqualTo(9092);
      assertThat(registration.epoch()).isEqualTo(2); // registered at each start
    });
  }

  @Test
  void removesTheDirectoriesOfTopicsTheMetadataStoreDoesNotKnow() throws IOException {
    Path ghost = Files.createDirectories(harness.logDirs.get(0).resolve("ghost-0"));
    Files.writeString(ghost.resolve("00000000000000000000.log"), "");
    Path unrelated = Files.createDirectories(harness.logDirs.get(0).resolve("notes"));
    harness.start();
    assertThat(ghost).doesNotExist();
    assertThat(unrelated).exists();
  }

  @Test
  void aCorruptSealedSegmentTakesOnlyItsPartitionOffline() throws IOException {
    harness.start();
    await(harness.engine.topics().create(new TopicSpec("events", 2, (short) 1,
        Map.of("segment.bytes", "300")), false));
    for (int i = 0; i < 6; i++) {
      await(partition("events", 0).append(Batches.plain(2, 1000), (short) 1));
      await(partition("events", 1).append(Batches.plain(2, 1000), (short) 1));
    }
    List<SegmentInfo> segments =
        await(((io.tideway.broker.internal.partition.LocalPartition) partition("events", 0))
            .segments());
    assertThat(segments.size()).isGreaterThan(2);
    harness.stop();
    Path dir = harness.logDirs.get(0).resolve("events-0");
    Files.delete(dir.resolve(".clean-shutdown")); // as after a crash: sealed segments are checked
    try (RandomAccessFile file = new RandomAccessFile(segments.get(0).logFile().toFile(), "rw")) {
      file.seek(segments.get(0).sizeInBytes() - 5);
      file.write(file.read() ^ 0x5a);
    }

    harness.start();

    TopicPartition broken = new TopicPartition("events", 0);
    assertThat(harness.engine.partitions().get(broken)).isEmpty();
    assertThat(harness.engine.partitions().offlineCause(broken)).get()
        .isInstanceOf(CorruptSegmentException.class);
    Partition healthy = partition("events", 1);
    assertThat(healthy.logEndOffset()).isEqualTo(12);
    await(healthy.append(Batches.plain(1, 1000), (short) 1));
    assertThat(harness.engine.partitions().offlineCause(new TopicPartition("events", 1)))
        .isEmpty();
  }

  @Test
  void refusesALogDirectoryOfAnotherCluster() throws IOException {
    LogDirMetaProperties.ensure(harness.logDirs.get(0), "someOtherClusterId0000", 1);
    assertThatThrownBy(harness::start).isInstanceOf(InconsistentClusterIdException.class)
        .hasMessageContaining("someOtherClusterId0000");
  }

  @Test
  void anUnusableLogDirectoryIsReportedOfflineWhileTheOthersServe() throws IOException {
    Path notADirectory = Files.writeString(root.resolve("file"), "x");
    harness.logDirs = List.of(root.resolve("data"), notADirectory);
    harness.start();
    await(harness.engine.topics().create(new TopicSpec("t", 3, (short) 1, Map.of()), false));
    List<LogDirService.LogDirInfo> dirs = harness.engine.logDirs().describe();
    assertThat(dirs).hasSize(2);
    assertThat(dirs.get(0).error()).isNull();
    assertThat(dirs.get(0).partitions()).hasSize(3);
    assertThat(dirs.get(0).totalBytes()).isPositive();
    assertThat(dirs.get(1).error()).isNotNull();
    assertThat(dirs.get(1).partitions()).isEmpty();
  }
}
