package io.tideway.broker.internal;

import static io.tideway.broker.internal.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.Broker;
import io.tideway.broker.BrokerBootstrap;
import io.tideway.broker.Partition;
import io.tideway.broker.TopicSpec;
import io.tideway.broker.txn.ProducerIdAndEpoch;
import io.tideway.broker.txn.TransactionCoordinator;
import io.tideway.broker.txn.TransactionCoordinator.AddMode;
import io.tideway.broker.txn.TransactionDescription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transaction coordinator inside a real engine (started by {@link BrokerBootstrap} over a
 * temporary directory): its markers land in the partitions, and its state survives a restart.
 */
class TransactionCoordinatorIT {

  private static final TopicPartition ORDERS = new TopicPartition("orders", 0);

  @TempDir
  Path root;

  private EngineHarness harness;
  private Broker broker;

  @BeforeEach
  void setUp() {
    harness = new EngineHarness(root);
    broker = start();
    await(broker.topics().create(new TopicSpec("orders", 1, (short) 1, Map.of()), false));
  }

  @AfterEach
  void tearDown() {
    if (broker != null) {
      await(broker.close());
    }
    harness.close();
  }

  private Broker start() {
    return await(BrokerBootstrap.start(harness.vertx, harness.settings(), harness.store,
        harness.layout));
  }

  private Partition orders() {
    return broker.partitions().get(ORDERS).orElseThrow();
  }

  private static MemoryRecords transactional(ProducerIdAndEpoch producer, int sequence,
      String value) {
    return MemoryRecords.withTransactionalRecords(Compression.NONE, producer.producerId(),
        producer.epoch(), sequence, new SimpleRecord(value.getBytes(StandardCharsets.UTF_8)));
  }

  /** Every batch from the log start up to the last stable offset. */
  private List<RecordBatch> committedBatches() {
    Partition.ReadResult read = await(orders().read(0, 1 << 20, true,
        IsolationLevel.READ_COMMITTED));
    List<RecordBatch> batches = new ArrayList<>();
    read.slice().toMemoryRecords().batches().forEach(batches::add);
    return batches;
  }

  private static ControlRecordType control(RecordBatch batch) {
    return ControlRecordType.parse(batch.iterator().next().key());
  }

  @Test
  void aCommittedTransactionsMarkerLandsAndTheStateSurvivesARestart() {
    TransactionCoordinator coordinator = broker.transactions();
    ProducerIdAndEpoch producer = await(coordinator.initProducerId("orders-tx", 60_000, -1,
        (short) -1));
    assertThat(await(coordinator.addPartitions("orders-tx", producer.producerId(),
        producer.epoch(), Set.of(ORDERS), AddMode.ADD))).containsEntry(ORDERS, Errors.NONE);
    await(orders().append(transactional(producer, 0, "first"), (short) -1));
    assertThat(orders().lastStableOffset()).isZero();

    ProducerIdAndEpoch next = await(coordinator.endTransaction("orders-tx",
        producer.producerId(), producer.epoch(), true, (short) 2));
    assertThat(next).isEqualTo(new ProducerIdAndEpoch(producer.producerId(), (short) 1));
    List<RecordBatch> batches = committedBatches();
    assertThat(batches).hasSize(2);
    assertThat(batches.get(1).isControlBatch()).isTrue();
    assertThat(control(batches.get(1))).isEqualTo(ControlRecordType.COMMIT);
    assertThat(batches.get(1).producerEpoch()).isEqualTo((short) 1);
    assertThat(orders().lastStableOffset()).isEqualTo(orders().highWatermark()).isEqualTo(2);

    // A second transaction is left ongoing across a restart.
    await(coordinator.addPartitions("orders-tx", next.producerId(), next.epoch(), Set.of(ORDERS),
        AddMode.ADD_FOR_PRODUCE));
    // A version-2 producer restarts its sequence with the bumped epoch.
    await(orders().append(transactional(next, 0, "second"), (short) -1));
    TransactionDescription before = await(coordinator.describe("orders-tx")).orElseThrow();
    assertThat(before.state()).isEqualTo("Ongoing");

    await(broker.close());
    broker = start();
    TransactionCoordinator restarted = broker.transactions();
    assertThat(await(restarted.describe("orders-tx"))).contains(before);
    assertThat(await(restarted.list())).containsExactly(before);

    ProducerIdAndEpoch afterAbort = await(restarted.endTransaction("orders-tx",
        next.producerId(), next.epoch(), false, (short) 2));
    assertThat(afterAbort.epoch()).isEqualTo((short) 2);
    List<RecordBatch> after = committedBatches();
    RecordBatch last = after.get(after.size() - 1);
    assertThat(control(last)).isEqualTo(ControlRecordType.ABORT);
    assertThat(last.producerEpoch()).isEqualTo((short) 2);
    assertThat(await(restarted.describe("orders-tx")).orElseThrow().state())
        .isEqualTo("CompleteAbort");
  }
}
