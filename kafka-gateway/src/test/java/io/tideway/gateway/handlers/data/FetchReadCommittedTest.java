package io.tideway.gateway.handlers.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tideway.broker.TopicInfo;
import io.tideway.gateway.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.FetchResponseData.AbortedTransaction;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fetch under READ_COMMITTED: the last stable offset, aborted transactions, long polls. */
class FetchReadCommittedTest {

    private static final long PRODUCER = 9L;

    private static Vertx vertx;

    @TempDir
    Path dir;

    private FetchFixture fixture;
    private TopicInfo orders;
    private FakePartition partition;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        HandlerCalls.await(vertx.close());
    }

    @BeforeEach
    void createTopic() throws Exception {
        fixture = new FetchFixture(vertx, dir, 1000,
                DataHandlerOptions.DEFAULT_FETCH_MAX_BYTES);
        orders = fixture.broker.createTopic("orders", 1);
        partition = fixture.broker.partition("orders", 0);
        partition.appendDirect(Batches.batch(2, 8)); // offsets 0-1
        partition.appendDirect(Batches.transactional(PRODUCER, (short) 0, 3)); // 2-4, ongoing
    }

    @AfterEach
    void closeFixture() {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(shorts = {4, 11, 18})
    void readCommittedStopsAtTheLastStableOffset(short version) throws Exception {
        PartitionData committed = fetch(version, true, 0);
        PartitionData uncommitted = fetch(version, false, 0);

        assertThat(FetchFixture.values(committed)).containsExactly("v0", "v1");
        assertThat(committed.highWatermark()).isEqualTo(5);
        assertThat(committed.lastStableOffset()).isEqualTo(2);
        assertThat(committed.abortedTransactions()).isEmpty();
        assertThat(FetchFixture.values(uncommitted)).containsExactly("v0", "v1", "v0", "v1",
                "v2");
        assertThat(uncommitted.lastStableOffset()).isEqualTo(2);
        assertThat(uncommitted.abortedTransactions()).isNull();
    }

    @Test
    void anAbortedTransactionIsListedWithTheRecordsItMayHold() throws Exception {
        HandlerCalls.await(partition.appendTxnMarker(PRODUCER, (short) 0, 0, false));

        PartitionData fromStart = fetch((short) 12, true, 0);
        PartitionData afterMarker = fetch((short) 12, true, 6);

        assertThat(fromStart.lastStableOffset()).isEqualTo(6);
        assertThat(baseOffsets(fromStart)).containsExactly(0L, 2L, 5L);
        assertThat(fromStart.abortedTransactions()).singleElement().satisfies(aborted -> {
            assertThat(aborted.producerId()).isEqualTo(PRODUCER);
            assertThat(aborted.firstOffset()).isEqualTo(2L);
        });
        assertThat(afterMarker.abortedTransactions()).isEmpty();
    }

    @Test
    void aCommittedTransactionBecomesReadableWithoutAbortedTransactions() throws Exception {
        HandlerCalls.await(partition.appendTxnMarker(PRODUCER, (short) 0, 0, true));

        PartitionData data = fetch((short) 12, true, 2);

        assertThat(data.lastStableOffset()).isEqualTo(6);
        assertThat(baseOffsets(data)).containsExactly(2L, 5L);
        assertThat(data.abortedTransactions()).extracting(AbortedTransaction::producerId)
                .isEmpty();
    }

    @Test
    void uncommittedDataDoesNotCountTowardsMinBytes() throws Exception {
        FetchResponse response = fixture.fetch(fixture.request((short) 12)
                .partition(orders, 0, 2, 1 << 20).wait(300, 1).readCommitted().build());

        PartitionData data = FetchFixture.partition(response, "orders", orders.id(), 0);
        assertThat(data.records().sizeInBytes()).isZero();
        assertThat(data.lastStableOffset()).isEqualTo(2);
    }

    @Test
    void aLongPollWakesWhenTheTransactionCommits() throws Exception {
        Future<Reply> waiting = fixture.start(fixture.request((short) 12)
                .partition(orders, 0, 2, 1 << 20).wait(10_000, 1).readCommitted().build(), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> partition.listenerCount() == 1);
        assertThat(waiting.isComplete()).isFalse();

        HandlerCalls.await(partition.appendTxnMarker(PRODUCER, (short) 0, 0, true));

        FetchResponse response = FetchFixture.decode(HandlerCalls.await(waiting), (short) 12);
        PartitionData data = FetchFixture.partition(response, "orders", orders.id(), 0);
        assertThat(baseOffsets(data)).containsExactly(2L, 5L);
        assertThat(partition.listenerCount()).isZero();
    }

    private PartitionData fetch(short version, boolean readCommitted, long offset)
            throws Exception {
        FetchFixture.Request request = fixture.request(version)
                .partition(orders, 0, offset, 1 << 20);
        if (readCommitted) {
            request.readCommitted();
        }
        return FetchFixture.partition(fixture.fetch(request.build()), "orders", orders.id(), 0);
    }

    private static List<Long> baseOffsets(PartitionData data) {
        List<Long> offsets = new ArrayList<>();
        for (RecordBatch batch : FetchResponse.recordsOrFail(data).batches()) {
            offsets.add(batch.baseOffset());
        }
        return offsets;
    }
}
