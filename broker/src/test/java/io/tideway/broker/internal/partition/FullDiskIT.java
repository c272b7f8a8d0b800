package io.tideway.broker.internal.partition;

import static io.tideway.broker.internal.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.Partition;
import io.tideway.broker.TopicSpec;
import io.tideway.broker.internal.Batches;
import io.tideway.broker.internal.EngineHarness;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log directory on a small real file system (a 4 MiB tmpfs; skipped where it cannot be
 * mounted) filling up under {@code acks=-1} produce: the append that hits "No space left on
 * device" fails with KAFKA_STORAGE_ERROR and leaves nothing behind, every partition of the
 * directory refuses appends while reads go on, and once space is freed appends resume without a
 * restart; a restart then finds exactly the acknowledged records.
 */
class FullDiskIT {

  private static final long FS_BYTES = 4L << 20;
  private static final int FILLER_BYTES = 2 << 20;

  @TempDir
  Path root;

  private EngineHarness harness;
  private SmallFilesystem filesystem;

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (harness != null) {
        harness.close();
      }
    } finally {
      if (filesystem != null) {
        filesystem.close();
      }
    }
  }

  private static Throwable failure(Future<?> future) throws Exception {
    try {
      future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  private static List<String> values(Partition partition) {
    List<String> values = new ArrayList<>();
    long next = partition.logStartOffset();
    while (next < partition.highWatermark()) {
      Partition.ReadResult result = await(partition.read(next, 1 << 20, true));
      values.addAll(Batches.values(result.slice().toMemoryRecords()));
      next = result.slice().lastOffset() + 1;
    }
    return values;
  }

  @Test
  void aFullDiskFailsProduceWithAStorageErrorUntilSpaceReturns() throws Exception {
    filesystem = SmallFilesystem.mount(root.resolve("small"), FS_BYTES);
    Path logDir = filesystem.path().resolve("data");
    harness = new EngineHarness(root);
    harness.logDirs = List.of(logDir);
    harness.start();
    await(harness.engine.topics().create(new TopicSpec("fill", 1, (short) 1,
        Map.of("log.flush.policy", "group-commit", "segment.bytes", "1048576")), false));
    await(harness.engine.topics().create(new TopicSpec("other", 1, (short) 1, Map.of()),
        false));
    Partition fill = harness.engine.partitions().get(new TopicPartition("fill", 0))
        .orElseThrow();
    Partition other = harness.engine.partitions().get(new TopicPartition("other", 0))
        .orElseThrow();
    assertThat(failure(other.append(Batches.plain(1, 1, "o"), (short) -1))).isNull();
    Path filler = Files.write(filesystem.path().resolve("filler"), new byte[FILLER_BYTES]);

    List<String> acknowledged = new ArrayList<>();
    String big = "x".repeat(16 * 1024);
    Throwable full = null;
    for (int i = 0; full == null && i < 1000; i++) {
      String prefix = "b" + i + "-" + big + "-";
      full = failure(fill.append(Batches.plain(2, i, prefix), (short) -1));
      if (full == null) {
        acknowledged.add(prefix + "0");
        acknowledged.add(prefix + "1");
      }
    }
    assertThat(full).as("the disk filled up").isNotNull();
    assertThat(Errors.forException(full)).isEqualTo(Errors.KAFKA_STORAGE_ERROR);
    assertThat(full).hasMessageContaining("No space left on device");
    assertThat(acknowledged).isNotEmpty();

    // Reads go on; every partition of the directory refuses appends; nothing half-written.
    assertThat(values(fill)).isEqualTo(acknowledged);
    Throwable refused = failure(other.append(Batches.plain(1, 2, "o"), (short) -1));
    assertThat(Errors.forException(refused)).isEqualTo(Errors.KAFKA_STORAGE_ERROR);
    assertThat(refused).hasMessageContaining("refuses appends");
    assertThat(harness.engine.logDirs().describe().get(0).usableBytes()).isLessThan(1 << 20);

    Files.delete(filler); // space returns: appends resume, no restart
    String prefix = "after-";
    assertThat(failure(fill.append(Batches.plain(2, 5000, prefix), (short) -1))).isNull();
    acknowledged.add(prefix + "0");
    acknowledged.add(prefix + "1");
    assertThat(failure(other.append(Batches.plain(1, 3, "o"), (short) -1))).isNull();
    assertThat(values(fill)).isEqualTo(acknowledged);

    harness.restart();
    fill = harness.engine.partitions().get(new TopicPartition("fill", 0)).orElseThrow();
    assertThat(values(fill)).isEqualTo(acknowledged);
  }
}
