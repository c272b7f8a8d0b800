package io.tideway.broker.internal.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.broker.ProducerIdService;
import io.tideway.broker.internal.MutableClock;
import io.tideway.broker.txn.ProducerIdAndEpoch;
import io.tideway.broker.txn.TransactionCoordinator;
import io.tideway.broker.txn.TransactionCoordinator.AddMode;
import io.tideway.broker.txn.TransactionDescription;
import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.MetadataConfig;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.MetadataStores;
import io.tideway.metadata.store.TransactionStateStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ConcurrentTransactionsException;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTxnTimeoutException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.protocol.Errors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator against the embedded metadata store and a recording marker writer. */
class TransactionCoordinatorServiceTest {

  private static final TopicPartition A0 = new TopicPartition("a", 0);
  private static final TopicPartition A1 = new TopicPartition("a", 1);
  private static final short TV1 = 1;
  private static final short TV2 = 2;

  /** One written set of markers. */
  record Marker(long producerId, short epoch, boolean commit, Set<TopicPartition> partitions) {
  }

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final MutableClock clock = new MutableClock(1_000_000);
  private final AtomicLong ids = new AtomicLong(5000);
  private final ProducerIdService producerIds =
      () -> Future.succeededFuture(ids.getAndIncrement());
  private final List<Marker> markers = new CopyOnWriteArrayList<>();
  private volatile boolean failMarkers;
  private volatile Promise<Void> hangMarkers;
  private TransactionSettings settings = TransactionSettings.defaults();
  private MetadataStore metadata;
  private TransactionCoordinatorService coordinator;
  private TransactionMaintenance maintenance;

  @BeforeEach
  void open() throws Exception {
    metadata = MetadataStores.open(MetadataConfig.embedded(dir));
    startCoordinator();
    await(maintenance.recover());
  }

  @AfterEach
  void close() throws Exception {
    maintenance.stop();
    metadata.close();
    await(vertx.close());
  }

  private void startCoordinator() {
    TransactionMarkerWriter writer = (producerId, epoch, commit, partitions) -> {
      if (hangMarkers != null) {
        return hangMarkers.future();
      }
      if (failMarkers) {
        return Future.failedFuture(new KafkaStorageException("partition offline"));
      }
      markers.add(new Marker(producerId, epoch, commit, partitions));
      return Future.succeededFuture();
    };
    coordinator = new TransactionCoordinatorService(
        new TransactionStateStore(metadata, new KeyLayout("test")), producerIds, writer,
        settings.maxTimeoutMs(), clock);
    maintenance = new TransactionMaintenance(vertx, coordinator, settings);
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private ProducerIdAndEpoch init(String id) throws Exception {
    return await(coordinator.initProducerId(id, 60_000, -1, (short) -1));
  }

  private void add(String id, ProducerIdAndEpoch producer, TopicPartition... partitions)
      throws Exception {
    await(coordinator.addPartitions(id, producer.producerId(), producer.epoch(),
        Set.of(partitions), AddMode.ADD));
  }

  private String state(String id) throws Exception {
    return await(coordinator.describe(id)).orElseThrow().state();
  }

  @Test
  void commitWritesMarkersToEveryPartitionAndCompletes() throws Exception {
    ProducerIdAndEpoch producer = init("tx");
    assertThat(producer).isEqualTo(new ProducerIdAndEpoch(5000, (short) 0));
    add("tx", producer, A0);
    add("tx", producer, A1);
    assertThat(await(coordinator.addPartitions("tx", 5000, (short) 0, Set.of(A0),
        AddMode.VERIFY))).containsEntry(A0, Errors.NONE);
    assertThat(await(coordinator.endTransaction("tx", 5000, (short) 0, true, TV1)))
        .isEqualTo(producer);
    assertThat(markers).containsExactly(new Marker(5000, (short) 0, true, Set.of(A0, A1)));
    assertThat(state("tx")).isEqualTo("CompleteCommit");
    assertThat(await(coordinator.endTransaction("tx", 5000, (short) 0, true, TV1)))
        .isEqualTo(producer);
    assertThat(markers).hasSize(1);
  }

  @Test
  void versionTwoEndsBumpTheEpochAndRetriesGetTheSameAnswer() throws Exception {
    ProducerIdAndEpoch producer = init("tx");
    await(coordinator.addPartitions("tx", 5000, (short) 0, Set.of(A0), AddMode.ADD_FOR_PRODUCE));
    ProducerIdAndEpoch next = await(coordinator.endTransaction("tx", 5000, (short) 0, true, TV2));
    assertThat(next).isEqualTo(new ProducerIdAndEpoch(producer.producerId(), (short) 1));
    assertThat(markers).containsExactly(new Marker(5000, (short) 1, true, Set.of(A0)));
    assertThat(await(coordinator.endTransaction("tx", 5000, (short) 0, true, TV2)))
        .isEqualTo(next);
    assertThat(markers).hasSize(1);
    assertThatThrownBy(() -> add("tx", producer, A0)).isInstanceOf(ProducerFencedException.class);
    add("tx", next, A1);
    assertThat(await(coordinator.describe("tx")).orElseThrow().partitions()).containsExactly(A1);
  }

  @Test
  void aSecondProducerFencesTheFirstAndAbortsItsTransaction() throws Exception {
    ProducerIdAndEpoch first = init("tx");
    add("tx", first, A0);
    assertThatThrownBy(() -> init("tx")).isInstanceOf(ConcurrentTransactionsException.class);
    assertThat(markers).containsExactly(new Marker(5000, (short) 2, false, Set.of(A0)));
    assertThat(init("tx")).isEqualTo(new ProducerIdAndEpoch(5000, (short) 3));
    assertThatThrownBy(() -> add("tx", first, A0)).isInstanceOf(ProducerFencedException.class);
    assertThatThrownBy(() -> await(coordinator.endTransaction("tx", 5000, (short) 0, false, TV1)))
        .isInstanceOf(ProducerFencedException.class);
  }

  @Test
  void failedMarkersLeaveTheTransactionInDoubtUntilARetryWritesThem() throws Exception {
    ProducerIdAndEpoch producer = init("tx");
    add("tx", producer, A0, A1);
    failMarkers = true;
    // The decision is durable, so the commit is answered: the markers are retried.
    assertThat(await(coordinator.endTransaction("tx", 5000, (short) 0, true, TV1)))
        .isEqualTo(producer);
    assertThat(state("tx")).isEqualTo("PrepareCommit");
    assertThatThrownBy(() -> add("tx", producer, A0))
        .isInstanceOf(ConcurrentTransactionsException.class);
    assertThatThrownBy(() -> await(coordinator.endTransaction("tx", 5000, (short) 0, true, TV1)))
        .isInstanceOf(ConcurrentTransactionsException.class);
    assertThat(await(maintenance.retryInDoubt())).isZero();
    failMarkers = false;
    assertThat(await(maintenance.retryInDoubt())).isEqualTo(1);
    assertThat(markers).containsExactly(new Marker(5000, (short) 0, true, Set.of(A0, A1)));
    assertThat(state("tx")).isEqualTo("CompleteCommit");
    assertThat(await(maintenance.retryInDoubt())).isZero();
  }

  @Test
  void aCrashBetweenDecisionAndMarkersIsCompletedByRecoveryBeforeRequestsAreServed()
      throws Exception {
    ProducerIdAndEpoch producer = init("tx");
    add("tx", producer, A0, A1);
    hangMarkers = Promise.promise();
    Future<ProducerIdAndEpoch> lost = coordinator.endTransaction("tx", 5000, (short) 0, true,
        TV1);
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> state("tx").equals("PrepareCommit"));
    assertThat(lost.isComplete()).isFalse();
    // The node dies while the markers are in flight: a new coordinator on the reopened store.
    maintenance.stop();
    metadata.close();
    metadata = MetadataStores.open(MetadataConfig.embedded(dir));
    hangMarkers = null;
    startCoordinator();
    assertThatThrownBy(() -> init("tx")).isInstanceOf(CoordinatorLoadInProgressException.class);
    assertThatThrownBy(() -> await(coordinator.list()))
        .isInstanceOf(CoordinatorLoadInProgressException.class);
    assertThat(await(maintenance.recover())).isEqualTo(1);
    assertThat(coordinator.loaded()).isTrue();
    assertThat(markers).containsExactly(new Marker(5000, (short) 0, true, Set.of(A0, A1)));
    assertThat(state("tx")).isEqualTo("CompleteCommit");
    assertThat(await(coordinator.endTransaction("tx", 5000, (short) 0, true, TV1)))
        .isEqualTo(producer);
  }

  @Test
  void recoveryLeavesTransactionsWhoseMarkersStillFailForTheTimer() throws Exception {
    ProducerIdAndEpoch producer = init("tx");
    add("tx", producer, A0);
    failMarkers = true;
    await(coordinator.endTransaction("tx", 5000, (short) 0, false, TV1));
    startCoordinator();
    assertThat(await(maintenance.recover())).isZero();
    assertThat(coordinator.loaded()).isTrue();
    assertThat(state("tx")).isEqualTo("PrepareAbort");
  }

  @Test
  void aClosedCoordinatorRefusesRequests() {
    coordinator.close();
    assertThatThrownBy(() -> init("tx")).isInstanceOf(CoordinatorNotAvailableException.class);
  }

  @Test
  void timedOutTransactionsAreAbortedUnderAFencingEpoch() throws Exception {
    ProducerIdAndEpoch producer = await(coordinator.initProducerId("tx", 10_000, -1, (short) -1));
    add("tx", producer, A0);
    assertThat(await(maintenance.abortTimedOut())).isZero();
    clock.advance(Duration.ofSeconds(11));
    assertThat(await(maintenance.abortTimedOut())).isEqualTo(1);
    assertThat(markers).containsExactly(new Marker(5000, (short) 2, false, Set.of(A0)));
    assertThatThrownBy(() -> await(coordinator.endTransaction("tx", 5000, (short) 0, true, TV1)))
        .isInstanceOf(ProducerFencedException.class);
    assertThatThrownBy(() -> await(coordinator.endTransaction("tx", 5000, (short) 0, false, TV2)))
        .isInstanceOf(ProducerFencedException.class);
    assertThat(await(coordinator.list())).extracting(TransactionDescription::state)
        .containsExactly("CompleteAbort");
  }

  @Test
  void theTimerAbortsTimedOutTransactions() throws Exception {
    maintenance.stop();
    settings = new TransactionSettings(900_000, 20, 604_800_000L, 3_600_000L);
    startCoordinator();
    await(maintenance.recover());
    ProducerIdAndEpoch producer = await(coordinator.initProducerId("tx", 1_000, -1, (short) -1));
    add("tx", producer, A0);
    clock.advance(Duration.ofSeconds(2));
    maintenance.start();
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> state("tx").equals("CompleteAbort"));
    maintenance.stop();
  }

  @Test
  void idleTransactionalIdsExpire() throws Exception {
    maintenance.stop();
    settings = new TransactionSettings(900_000, 10_000, 60_000, 3_600_000L);
    startCoordinator();
    await(maintenance.recover());
    init("idle");
    ProducerIdAndEpoch busy = init("busy");
    add("busy", busy, A0);
    clock.advance(Duration.ofSeconds(59));
    assertThat(await(maintenance.removeExpired())).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(await(maintenance.removeExpired())).isEqualTo(1);
    assertThat(await(coordinator.describe("idle"))).isEmpty();
    assertThat(await(coordinator.describe("busy"))).isPresent();
  }

  @Test
  void offsetsJoinTheTransactionAsTheGroupsOffsetsPartition() throws Exception {
    ProducerIdAndEpoch producer = init("tx");
    await(coordinator.addOffsets("tx", 5000, (short) 0, "group-1"));
    await(coordinator.endTransaction("tx", 5000, (short) 0, true, TV1));
    assertThat(markers).containsExactly(new Marker(producer.producerId(), (short) 0, true,
        Set.of(TransactionCoordinator.offsetsPartitionFor("group-1"))));
  }

  @Test
  void badRequestsFailAloneWithKafkasErrors() throws Exception {
    assertThatThrownBy(() -> init("")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> await(coordinator.initProducerId("tx", 900_001, -1, (short) -1)))
        .isInstanceOf(InvalidTxnTimeoutException.class);
    assertThat(ids.get()).as("no producer id spent on a refused request").isEqualTo(5000);
    assertThatThrownBy(() -> await(coordinator.initProducerId("tx", 1000, 5, (short) -1)))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> await(coordinator.endTransaction("unknown", 1, (short) 0, true, TV1)))
        .isInstanceOf(InvalidPidMappingException.class);
    assertThatThrownBy(() -> await(coordinator.addPartitions("unknown", 1, (short) 0, Set.of(A0),
        AddMode.VERIFY))).isInstanceOf(InvalidPidMappingException.class);
    ProducerIdAndEpoch producer = init("tx");
    assertThatThrownBy(() -> await(coordinator.endTransaction("tx", 5000, (short) 0, true,
        (short) 3))).isInstanceOf(InvalidRequestException.class);
    assertThat(await(coordinator.addPartitions("tx", producer.producerId(), producer.epoch(),
        Set.of(A0), AddMode.VERIFY))).containsEntry(A0, Errors.TRANSACTION_ABORTABLE);
    assertThat(await(coordinator.describe("nobody"))).isEmpty();
  }

  @Test
  void concurrentRequestsForOneIdAreSerialised() throws Exception {
    init("tx");
    Future<?> first = coordinator.addPartitions("tx", 5000, (short) 0, Set.of(A0), AddMode.ADD);
    Future<?> second = coordinator.addPartitions("tx", 5000, (short) 0, Set.of(A1), AddMode.ADD);
    await(Future.all(first, second));
    assertThat(await(coordinator.describe("tx")).orElseThrow().partitions())
        .containsExactlyInAnyOrder(A0, A1);
  }
}
