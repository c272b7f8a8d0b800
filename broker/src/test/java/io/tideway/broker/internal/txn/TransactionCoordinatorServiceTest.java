package io.tideway.broker.internal.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.broker.ProducerIdService;
import io.tideway.broker.internal.MutableClock;
import io.tideway.broker.internal.txn.TransactionCoordinatorService.ProducerIdAndEpoch;
import io.tideway.metadata.KeyLayout;
import io.tideway.metadata.MetadataConfig;
import io.tideway.metadata.MetadataStore;
import io.tideway.metadata.MetadataStores;
import io.tideway.metadata.store.TransactionStateStore;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ConcurrentTransactionsException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionCoordinatorServiceTest {

    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);

    /** One written marker. */
    record Marker(long producerId, short epoch, boolean commit, Set<TopicPartition> partitions) {
    }

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(1_000_000);
    private final AtomicLong ids = new AtomicLong(5000);
    private final ProducerIdService producerIds = () -> Future.succeededFuture(ids.getAndIncrement());
    private final List<Marker> markers = new CopyOnWriteArrayList<>();
    private volatile boolean failMarkers;
    private MetadataStore metadata;
    private TransactionCoordinatorService coordinator;

    @BeforeEach
    void open() {
        metadata = MetadataStores.open(MetadataConfig.embedded(dir));
        coordinator = newCoordinator();
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    private TransactionCoordinatorService newCoordinator() {
        TransactionMarkerWriter writer = (producerId, epoch, commit, partitions) -> {
            if (failMarkers) {
                return CompletableFuture.failedFuture(new IllegalStateException("marker write failed"));
            }
            markers.add(new Marker(producerId, epoch, commit, partitions));
            return CompletableFuture.completedFuture(null);
        };
        return new TransactionCoordinatorService(new TransactionStateStore(metadata, new KeyLayout("test")), producerIds,
                writer, new TransactionStateMachine(900_000), clock);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Test
    void commitWritesMarkersToEveryPartitionAndCompletes() throws Exception {
        ProducerIdAndEpoch producer = await(coordinator.initProducerId("tx", 60_000, -1, (short) -1));
        assertThat(producer).isEqualTo(new ProducerIdAndEpoch(5000, (short) 0));
        await(coordinator.addPartitions("tx", 5000, (short) 0, Set.of(A0)));
        await(coordinator.addPartitions("tx", 5000, (short) 0, Set.of(A1)));
        assertThat(await(coordinator.verifyPartitions("tx", 5000, (short) 0, Set.of(A0)))).containsEntry(A0, Errors.NONE);
        await(coordinator.endTransaction("tx", 5000, (short) 0, true));
        assertThat(markers).containsExactly(new Marker(5000, (short) 0, true, Set.of(A0, A1)));
        assertThat(await(coordinator.describe("tx")).orElseThrow().state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        await(coordinator.endTransaction("tx", 5000, (short) 0, true));
        assertThat(markers).hasSize(1);
    }

    @Test
    void aSecondProducerFencesTheFirstAndAbortsItsTransaction() throws Exception {
        await(coordinator.initProducerId("tx", 60_000, -1, (short) -1));
        await(coordinator.addPartitions("tx", 5000, (short) 0, Set.of(A0)));
        assertThatThrownBy(() -> await(coordinator.initProducerId("tx", 60_000, -1, (short) -1)))
                .isInstanceOf(ConcurrentTransactionsException.class);
        assertThat(markers).containsExactly(new Marker(5000, (short) 1, false, Set.of(A0)));
        assertThat(await(coordinator.initProducerId("tx", 60_000, -1, (short) -1)))
                .isEqualTo(new ProducerIdAndEpoch(5000, (short) 2));
        assertThatThrownBy(() -> await(coordinator.addPartitions("tx", 5000, (short) 0, Set.of(A0))))
                .isInstanceOf(ProducerFencedException.class);
    }

    @Test
    void timedOutTransactionsAreAbortedUnderANewEpoch() throws Exception {
        await(coordinator.initProducerId("tx", 10_000, -1, (short) -1));
        await(coordinator.addPartitions("tx", 5000, (short) 0, Set.of(A0)));
        assertThat(await(coordinator.abortTimedOut())).isZero();
        clock.advance(Duration.ofSeconds(11));
        assertThat(await(coordinator.abortTimedOut())).isEqualTo(1);
        assertThat(markers).containsExactly(new Marker(5000, (short) 1, false, Set.of(A0)));
        assertThatThrownBy(() -> await(coordinator.endTransaction("tx", 5000, (short) 0, true)))
                .isInstanceOf(ProducerFencedException.class);
        assertThat(await(coordinator.list())).extracting(TransactionSnapshot::state)
                .containsExactly(TransactionState.COMPLETE_ABORT);
    }

    @Test
    void inDoubtTransactionsAreCompletedOnRecovery() throws Exception {
        await(coordinator.initProducerId("tx", 60_000, -1, (short) -1));
        await(coordinator.addPartitions("tx", 5000, (short) 0, Set.of(A0, A1)));
        failMarkers = true;
        assertThatThrownBy(() -> await(coordinator.endTransaction("tx", 5000, (short) 0, true)))
                .hasMessageContaining("marker write failed");
        assertThat(await(coordinator.describe("tx")).orElseThrow().state()).isEqualTo(TransactionState.PREPARE_COMMIT);
        metadata.close();
        metadata = MetadataStores.open(MetadataConfig.embedded(dir));
        failMarkers = false;
        coordinator = newCoordinator();
        assertThat(await(coordinator.recover())).isEqualTo(1);
        assertThat(markers).containsExactly(new Marker(5000, (short) 0, true, Set.of(A0, A1)));
        assertThat(await(coordinator.describe("tx")).orElseThrow().state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(await(coordinator.recover())).isZero();
    }

    @Test
    void concurrentRequestsForOneIdAreSerialised() throws Exception {
        await(coordinator.initProducerId("tx", 60_000, -1, (short) -1));
        List<CompletableFuture<Void>> adds = List.of(coordinator.addPartitions("tx", 5000, (short) 0, Set.of(A0)),
                coordinator.addPartitions("tx", 5000, (short) 0, Set.of(A1)));
        await(CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new)));
        assertThat(await(coordinator.describe("tx")).orElseThrow().partitions()).containsExactly(A0, A1);
    }
}
