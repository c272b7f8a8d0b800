package io.tideway.broker.internal;

import static io.tideway.broker.internal.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.Partition;
import io.tideway.broker.TopicSpec;
import io.tideway.broker.internal.partition.LocalPartition;
import io.tideway.broker.internal.txn.AbortedTransaction;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactional appends, markers and the last stable offset on a real partition. */
class TransactionalPartitionIT {

  @TempDir
  Path root;

  private EngineHarness harness;
  private LocalPartition partition;

  @BeforeEach
  void setUp() {
    harness = new EngineHarness(root);
    harness.start();
    await(harness.engine.topics().create(new TopicSpec("txn", 1, (short) 1, Map.of()), false));
    partition = (LocalPartition) harness.engine.partitions().get(new TopicPartition("txn", 0))
        .orElseThrow();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private static MemoryRecords transactional(long producerId, int baseSequence, int count) {
    SimpleRecord[] records = new SimpleRecord[count];
    for (int i = 0; i < count; i++) {
      records[i] = new SimpleRecord(("v" + i).getBytes());
    }
    return MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, (short) 0,
        baseSequence, records);
  }

  @Test
  void lastStableOffsetWaitsForMarkersAndAbortsAreReported() {
    await(partition.append(Batches.plain(2, 1000), (short) 1));
    await(partition.append(transactional(7, 0, 3), (short) 1));
    await(partition.append(transactional(8, 0, 2), (short) 1));
    Partition.ReadResult open = await(partition.read(0, 1 << 20, true));
    assertThat(open.highWatermark()).isEqualTo(7);
    assertThat(open.lastStableOffset()).isEqualTo(2);

    assertThat(await(partition.appendTxnMarker(7, (short) 0, 0, true))).isEqualTo(7);
    assertThat(await(partition.read(0, 1 << 20, true)).lastStableOffset()).isEqualTo(5);
    assertThat(await(partition.appendTxnMarker(8, (short) 0, 0, false))).isEqualTo(8);
    Partition.ReadResult done = await(partition.read(0, 1 << 20, true));
    assertThat(done.lastStableOffset()).isEqualTo(9).isEqualTo(done.highWatermark());
    assertThat(await(partition.abortedTransactions(0, 9)))
        .containsExactly(new AbortedTransaction(8, 5, 8, 9));
    assertThat(await(partition.abortedTransactions(9, 20))).isEmpty();
    // The producer keeps its sequence across the transaction.
    await(partition.append(transactional(7, 3, 1), (short) 1));
    assertThat(await(partition.read(0, 1 << 20, true)).lastStableOffset()).isEqualTo(9);
  }
}
