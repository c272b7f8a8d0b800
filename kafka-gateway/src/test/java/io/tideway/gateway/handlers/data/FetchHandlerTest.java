package io.tideway.gateway.handlers.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tideway.broker.TopicInfo;
import io.tideway.gateway.Reply;
import io.tideway.gateway.ResponsePart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FetchHandlerTest {

    private static Vertx vertx;

    @TempDir
    Path dir;

    private FetchFixture fixture;
    private TopicInfo orders;

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
        fixture = new FetchFixture(vertx, dir, 1000, DataHandlerOptions.DEFAULT_FETCH_MAX_BYTES);
        orders = fixture.broker.createTopic("orders", 2);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(shorts = {4, 11, 12, 13, 16, 18})
    void fetchesRecordsZeroCopyWithOffsets(short version) throws Exception {
        FakePartition partition = fixture.broker.partition("orders", 0);
        partition.appendDirect(Batches.batch(2, 10));
        partition.appendDirect(Batches.batch(3, 10));

        FetchResponse response = fixture.fetch(fixture.request(version)
                .partition(orders, 0, 0, 1 << 20).build());

        PartitionData data = FetchFixture.partition(response, "orders", orders.id(), 0);
        assertThat(FetchFixture.error(data)).isEqualTo(Errors.NONE);
        assertThat(FetchFixture.values(data)).containsExactly("v0", "v1", "v0", "v1", "v2");
        assertThat(data.highWatermark()).isEqualTo(5);
        assertThat(data.lastStableOffset()).isEqualTo(5);
        // log_start_offset exists from v5 on; v4 responses decode it as -1.
        assertThat(data.logStartOffset()).isEqualTo(version >= 5 ? 0L : -1L);
        assertThat(data.preferredReadReplica()).isEqualTo(-1);
        assertThat(data.abortedTransactions()).isNull();
        assertThat(response.error()).isEqualTo(Errors.NONE);
    }

    @Test
    void zeroCopyRepliesCarryFileRegionsAndTlsRepliesOnlyBytes() throws Exception {
        fixture.broker.partition("orders", 0).appendDirect(Batches.batch(4, 100));
        var request = fixture.request((short) 12).partition(orders, 0, 0, 1 << 20).build();

        Reply zeroCopy = HandlerCalls.await(fixture.start(request, true));
        Reply copied = HandlerCalls.await(fixture.start(request, false));

        assertThat(zeroCopy.parts()).anyMatch(part -> part instanceof ResponsePart.ChannelRegion);
        assertThat(copied.parts()).hasSize(1).allMatch(part -> part instanceof ResponsePart.Bytes);
        assertThat(HandlerCalls.concat(copied)).isEqualTo(HandlerCalls.concat(zeroCopy));
        PartitionData data = FetchFixture.partition(FetchFixture.decode(copied, (short) 12),
                "orders", orders.id(), 0);
        assertThat(FetchFixture.values(data)).containsExactly("v0", "v1", "v2", "v3");
    }

    @Test
    void withoutRecordsTheGatewayEncodesTheResponse() throws Exception {
        Reply reply = HandlerCalls.await(fixture.start(fixture.request((short) 12)
                .partition(orders, 0, 0, 1 << 20).build(), true));

        assertThat(reply.response()).isPresent();
    }

    @Test
    void readCommittedReportsNoAbortedTransactions() throws Exception {
        fixture.broker.partition("orders", 0).appendDirect(Batches.batch(1, 8));

        FetchResponse response = fixture.fetch(fixture.request((short) 12).readCommitted()
                .partition(orders, 0, 0, 1 << 20).build());

        assertThat(FetchFixture.partition(response, "orders", orders.id(), 0)
                .abortedTransactions()).isEmpty();
    }

    @Test
    void offsetOutOfRangeFailsItsPartitionWithUnknownOffsets() throws Exception {
        fixture.broker.partition("orders", 1).appendDirect(Batches.batch(1, 8));

        FetchResponse response = fixture.fetch(fixture.request((short) 12)
                .partition(orders, 0, 100, 1 << 20).partition(orders, 1, 0, 1 << 20).build());

        PartitionData failed = FetchFixture.partition(response, "orders", orders.id(), 0);
        assertThat(FetchFixture.error(failed)).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
        assertThat(failed.highWatermark()).isEqualTo(-1);
        assertThat(failed.logStartOffset()).isEqualTo(-1);
        assertThat(FetchFixture.values(FetchFixture.partition(response, "orders", orders.id(),
                1))).containsExactly("v0");
    }

    @Test
    void unknownTopicsAndPartitionsAreListedLast() throws Exception {
        FetchResponse response = fixture.fetch(fixture.request((short) 12)
                .partition("missing", Uuid.ZERO_UUID, 0, 0, 1000, -1, -1)
                .partition(orders, 5, 0, 1000)
                .partition(orders, 0, 0, 1000).build());

        List<PartitionData> partitions = FetchFixture.partitions(response);
        assertThat(partitions).extracting(PartitionData::errorCode).containsExactly(
                Errors.NONE.code(), Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
                Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(response.data().responses().get(0).topic()).isEqualTo("orders");
    }

    @Test
    void unknownTopicIdAtV13() throws Exception {
        Uuid unknown = Uuid.randomUuid();
        FetchResponse response = fixture.fetch(fixture.request((short) 13)
                .partition("", unknown, 0, 0, 1000, -1, -1).build());

        PartitionData data = FetchFixture.partition(response, "?", unknown, 0);
        assertThat(FetchFixture.error(data)).isEqualTo(Errors.UNKNOWN_TOPIC_ID);
    }

    @ParameterizedTest
    @ValueSource(shorts = {12, 16})
    void staleOrFutureLeaderEpochs(short version) throws Exception {
        fixture.broker.partition("orders", 0).bumpLeaderEpoch(2);
        fixture.broker.partition("orders", 1).bumpLeaderEpoch(2);

        FetchResponse response = fixture.fetch(fixture.request(version)
                .partition("orders", orders.id(), 0, 0, 1000, 1, -1)
                .partition("orders", orders.id(), 1, 0, 1000, 3, -1).build());

        PartitionData fenced = FetchFixture.partition(response, "orders", orders.id(), 0);
        assertThat(FetchFixture.error(fenced)).isEqualTo(Errors.FENCED_LEADER_EPOCH);
        assertThat(FetchFixture.error(FetchFixture.partition(response, "orders", orders.id(), 1)))
                .isEqualTo(Errors.UNKNOWN_LEADER_EPOCH);
        if (version >= 16) {
            assertThat(fenced.currentLeader().leaderId()).isEqualTo(FakeBroker.NODE_ID);
            assertThat(fenced.currentLeader().leaderEpoch()).isEqualTo(2);
            assertThat(response.data().nodeEndpoints()).hasSize(1);
        } else {
            assertThat(fenced.currentLeader().leaderId()).isEqualTo(-1);
        }
    }

    @ParameterizedTest
    @ValueSource(shorts = {12, 15})
    void replicaFetchesAreRefusedAsFromANonReplica(short version) throws Exception {
        FetchResponse response = fixture.fetch(fixture.request(version).replica(3)
                .partition("orders", orders.id(), 0, 0, 1000, -1, -1)
                .partition("orders", orders.id(), 1, 0, 1000, 0, -1).build());

        assertThat(FetchFixture.error(FetchFixture.partition(response, "orders", orders.id(), 0)))
                .isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(FetchFixture.error(FetchFixture.partition(response, "orders", orders.id(), 1)))
                .isEqualTo(Errors.UNKNOWN_LEADER_EPOCH);
    }

    @Test
    void theFirstBatchIsReturnedEvenWhenLargerThanMaxBytes() throws Exception {
        fixture.broker.partition("orders", 0).appendDirect(Batches.batch(1, 500));
        fixture.broker.partition("orders", 0).appendDirect(Batches.batch(1, 500));
        fixture.broker.partition("orders", 1).appendDirect(Batches.batch(1, 10));

        FetchResponse response = fixture.fetch(fixture.request((short) 12).maxBytes(100)
                .partition(orders, 0, 0, 100).partition(orders, 1, 0, 100).build());

        assertThat(FetchFixture.values(FetchFixture.partition(response, "orders", orders.id(), 0)))
                .hasSize(1);
        PartitionData second = FetchFixture.partition(response, "orders", orders.id(), 1);
        assertThat(FetchFixture.values(second)).isEmpty();
        assertThat(second.highWatermark()).isEqualTo(1);
    }

    @Test
    void maxBytesIsSharedInOrderAndTrimmedReadsAreReadAgain() throws Exception {
        FakePartition first = fixture.broker.partition("orders", 0);
        FakePartition second = fixture.broker.partition("orders", 1);
        for (int i = 0; i < 3; i++) {
            first.appendDirect(Batches.batch(1, 100));
            second.appendDirect(Batches.batch(1, 100));
        }
        int batch = Batches.batch(1, 100).sizeInBytes();

        FetchResponse response = fixture.fetch(fixture.request((short) 12)
                .maxBytes(batch * 3).partition(orders, 0, 0, batch * 2)
                .partition(orders, 1, 0, 1 << 20).build());

        assertThat(FetchFixture.values(FetchFixture.partition(response, "orders", orders.id(), 0)))
                .hasSize(2);
        assertThat(FetchFixture.values(FetchFixture.partition(response, "orders", orders.id(), 1)))
                .hasSize(1);
        assertThat(second.reads()).isEqualTo(2);
    }

    @Test
    void fetchMaxBytesCapsTheRequest() throws Exception {
        fixture.close();
        fixture = new FetchFixture(vertx, dir.resolve("capped"), 1000, 1);
        orders = fixture.broker.createTopic("orders", 1);
        fixture.broker.partition("orders", 0).appendDirect(Batches.batch(1, 50));
        fixture.broker.partition("orders", 0).appendDirect(Batches.batch(1, 50));

        FetchResponse response = fixture.fetch(fixture.request((short) 12)
                .partition(orders, 0, 0, 1 << 20).build());

        assertThat(FetchFixture.values(FetchFixture.partition(response, "orders", orders.id(), 0)))
                .hasSize(1);
    }

    @Test
    void longPollCompletesWhenDataArrivesAndReleasesListeners() throws Exception {
        FakePartition partition = fixture.broker.partition("orders", 0);
        Future<Reply> pending = fixture.start(fixture.request((short) 12).wait(30_000, 1)
                .partition(orders, 0, 0, 1 << 20).build(), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> partition.listenerCount() == 1);
        assertThat(pending.isComplete()).isFalse();

        partition.appendDirect(Batches.batch(2, 10));

        FetchResponse response = FetchFixture.decode(HandlerCalls.await(pending), (short) 12);
        assertThat(FetchFixture.values(FetchFixture.partition(response, "orders", orders.id(), 0)))
                .containsExactly("v0", "v1");
        assertThat(partition.listenerCount()).isZero();
    }

    @Test
    void longPollAnswersEmptyAfterMaxWait() throws Exception {
        FakePartition partition = fixture.broker.partition("orders", 0);
        long start = System.nanoTime();

        FetchResponse response = FetchFixture.decode(HandlerCalls.await(fixture.start(
                fixture.request((short) 12).wait(200, 1).partition(orders, 0, 0, 1 << 20).build(),
                true)), (short) 12);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
                Duration.ofMillis(200));
        assertThat(FetchFixture.values(FetchFixture.partition(response, "orders", orders.id(), 0)))
                .isEmpty();
        assertThat(partition.listenerCount()).isZero();
    }

    @Test
    void minBytesKeepsWaitingUntilEnoughArrived() throws Exception {
        FakePartition partition = fixture.broker.partition("orders", 0);
        int batch = Batches.batch(1, 100).sizeInBytes();
        Future<Reply> pending = fixture.start(fixture.request((short) 12)
                .wait(30_000, batch * 2).partition(orders, 0, 0, 1 << 20).build(), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> partition.listenerCount() == 1);

        partition.appendDirect(Batches.batch(1, 100));
        await().atMost(Duration.ofSeconds(10)).until(() -> partition.reads() >= 2);
        assertThat(pending.isComplete()).isFalse();
        partition.appendDirect(Batches.batch(1, 100));

        FetchResponse response = FetchFixture.decode(HandlerCalls.await(pending), (short) 12);
        assertThat(FetchFixture.values(FetchFixture.partition(response, "orders", orders.id(), 0)))
                .hasSize(2);
    }

    @Test
    void aFailingPartitionEndsTheWaitAtOnce() throws Exception {
        fixture.broker.partition("orders", 1).failReads(new KafkaStorageException("disk"));

        FetchResponse response = fixture.fetch(fixture.request((short) 12).wait(30_000, 1)
                .partition(orders, 0, 0, 1000).partition(orders, 1, 0, 1000).build());

        assertThat(FetchFixture.error(FetchFixture.partition(response, "orders", orders.id(), 1)))
                .isEqualTo(Errors.KAFKA_STORAGE_ERROR);
    }

    @ParameterizedTest
    @ValueSource(shorts = {5, 6})
    void storageErrorsBecomeNotLeaderBelowV6(short version) throws Exception {
        fixture.broker.takeOffline(new TopicPartition("orders", 0),
                new KafkaStorageException("disk"));
        fixture.broker.closePartition(new TopicPartition("orders", 1));

        FetchResponse response = fixture.fetch(fixture.request(version)
                .partition(orders, 0, 0, 1000).partition(orders, 1, 0, 1000).build());

        assertThat(FetchFixture.error(FetchFixture.partition(response, "orders", orders.id(), 0)))
                .isEqualTo(version <= 5 ? Errors.NOT_LEADER_OR_FOLLOWER
                        : Errors.KAFKA_STORAGE_ERROR);
        assertThat(FetchFixture.error(FetchFixture.partition(response, "orders", orders.id(), 1)))
                .isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void aDivergingLastFetchedEpochIsReportedWithoutRecords() throws Exception {
        FakePartition partition = fixture.broker.partition("orders", 0);
        partition.appendDirect(Batches.batch(2, 8));
        partition.bumpLeaderEpoch(1);
        partition.appendDirect(Batches.batch(3, 8));

        FetchResponse response = fixture.fetch(fixture.request((short) 12)
                .partition("orders", orders.id(), 0, 4, 1000, 1, 0).build());

        PartitionData data = FetchFixture.partition(response, "orders", orders.id(), 0);
        assertThat(FetchFixture.error(data)).isEqualTo(Errors.NONE);
        assertThat(data.divergingEpoch().epoch()).isZero();
        assertThat(data.divergingEpoch().endOffset()).isEqualTo(2);
        assertThat(data.highWatermark()).isEqualTo(5);
        assertThat(FetchFixture.values(data)).isEmpty();
    }

    @Test
    void theCurrentLastFetchedEpochNeedsNoEpochLookup() throws Exception {
        FakePartition partition = fixture.broker.partition("orders", 0);
        partition.appendDirect(Batches.batch(2, 8));

        FetchResponse response = fixture.fetch(fixture.request((short) 12)
                .partition("orders", orders.id(), 0, 1, 1000, 0, 0).build());

        assertThat(FetchFixture.values(FetchFixture.partition(response, "orders", orders.id(), 0)))
                .containsExactly("v0", "v1");
        assertThat(partition.epochQueries()).isZero();
    }

    @Test
    void aRecreatedTopicIsInconsistentForAnIdSession() throws Exception {
        FetchResponse created = fixture.fetch(fixture.request((short) 13).session(0, 0)
                .partition(orders, 0, 0, 1000).build());
        fixture.broker.recreateTopic("orders", 2);

        FetchResponse response = fixture.fetch(fixture.request((short) 13)
                .session(created.sessionId(), 1).build());

        assertThat(FetchFixture.error(FetchFixture.partitions(response).get(0)))
                .isEqualTo(Errors.INCONSISTENT_TOPIC_ID);
    }
}
