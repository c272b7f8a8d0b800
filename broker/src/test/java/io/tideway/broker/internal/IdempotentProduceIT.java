package io.tideway.broker.internal;

import static io.tideway.broker.internal.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.Partition;
import io.tideway.broker.TopicSpec;
import io.tideway.broker.internal.producer.ProducerSnapshotFile;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdempotentProduceIT {

  @TempDir
  Path root;

  private EngineHarness harness;
  private long producerId;

  @BeforeEach
  void setUp() {
    harness = new EngineHarness(root);
    harness.start();
    await(harness.engine.topics().create(new TopicSpec("p", 1, (short) 1,
        Map.of("segment.bytes", "400")), false));
    producerId = await(harness.engine.producerIds().nextProducerId());
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private Partition partition() {
    return harness.engine.partitions().get(new TopicPartition("p", 0)).orElseThrow();
  }

  private long append(int epoch, int sequence, int count) {
    return await(partition().append(Batches.idempotent(producerId, epoch, sequence, count),
        (short) -1)).baseOffset();
  }

  private static void assertFails(Future<?> future, Class<? extends Throwable> type,
      String message) {
    assertThat(future.toCompletionStage().toCompletableFuture()).failsWithin(EngineHarness.WAIT)
        .withThrowableThat().havingCause().isInstanceOf(type).withMessageContaining(message);
  }

  private Future<Partition.ProduceResult> appendFuture(int epoch, int sequence, int count) {
    return partition().append(Batches.idempotent(producerId, epoch, sequence, count), (short) 1);
  }

  /** Seven batches of two records: sequences 0..13 at offsets 0..13. */
  private void appendSevenBatches() {
    for (int i = 0; i < 7; i++) {
      assertThat(append(0, i * 2, 2)).isEqualTo(i * 2L);
    }
  }

  /** Retries of each of the last five batches answer their offsets and append nothing. */
  private void assertLastFiveAreDuplicates() {
    long end = partition().logEndOffset();
    for (int i = 2; i < 7; i++) {
      assertThat(append(0, i * 2, 2)).isEqualTo(i * 2L);
    }
    assertThat(partition().logEndOffset()).isEqualTo(end);
    assertFails(appendFuture(0, 2, 2), OutOfOrderSequenceException.class, "2 (incoming seq");
  }

  @Test
  void retriesOfTheLastFiveBatchesAreAnsweredWithTheirOriginalOffsets() {
    appendSevenBatches();
    assertLastFiveAreDuplicates();
    assertThat(EngineHarness.readAll(partition()))
        .containsExactlyElementsOf(LongStream.range(0, 14).boxed().toList());
  }

  @Test
  void aGapAnOldEpochAndANewEpochNotStartingAtZeroAreRefused() {
    appendSevenBatches();
    assertFails(appendFuture(0, 15, 1), OutOfOrderSequenceException.class,
        "15 (incoming seq. number), 13 (current end sequence number)");
    assertThat(append(1, 0, 1)).isEqualTo(14);
    assertFails(appendFuture(0, 14, 1), InvalidProducerEpochException.class,
        "smaller than the last seen epoch 1");
    assertFails(appendFuture(2, 3, 1), OutOfOrderSequenceException.class, "new epoch");
    assertThat(append(2, 0, 1)).isEqualTo(15);
    assertThat(partition().logEndOffset()).isEqualTo(16);
  }

  @Test
  void sequencesWrapAroundAndAnUnknownProducerMayStartAnywhere() {
    assertThat(append(0, Integer.MAX_VALUE - 1, 2)).isZero();
    assertThat(append(0, 0, 3)).isEqualTo(2);
    assertThat(append(0, Integer.MAX_VALUE - 1, 2)).isEqualTo(0); // a retry across the wrap
    assertThat(append(0, 3, 1)).isEqualTo(5);
  }

  @Test
  void stateSurvivesACleanRestart() {
    appendSevenBatches();
    harness.restart();
    assertThat(snapshots()).contains(14L);
    assertLastFiveAreDuplicates();
    assertThat(append(0, 14, 1)).isEqualTo(14);
  }

  @Test
  void stateIsRebuiltAfterACrashFromAnOlderSnapshotOrFromTheLogAlone() throws IOException {
    appendSevenBatches();
    harness.stop(); // waits for the snapshots taken at rolls, then writes the closing one
    assertThat(snapshots()).as("a snapshot taken at a roll and the closing one").hasSize(2);
    simulateCrash();
    harness.start();
    assertLastFiveAreDuplicates();

    harness.stop();
    simulateCrash();
    ProducerSnapshotFile.deleteIf(partitionDir(), offset -> true);
    harness.start();
    assertLastFiveAreDuplicates();
    assertThat(append(0, 14, 1)).isEqualTo(14);
  }

  /** As if the process died: no clean-shutdown marker, and the closing snapshot never written. */
  private void simulateCrash() throws IOException {
    Files.deleteIfExists(partitionDir().resolve(".clean-shutdown"));
    List<Long> offsets = ProducerSnapshotFile.offsets(partitionDir());
    long newest = offsets.get(offsets.size() - 1);
    Files.delete(ProducerSnapshotFile.path(partitionDir(), newest));
  }

  private Path partitionDir() {
    return harness.logDirs.get(0).resolve("p-0");
  }

  private List<Long> snapshots() {
    try {
      return ProducerSnapshotFile.offsets(partitionDir());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
