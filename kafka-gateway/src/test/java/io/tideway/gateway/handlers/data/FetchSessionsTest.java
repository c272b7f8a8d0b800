package io.tideway.gateway.handlers.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.TopicInfo;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.apache.kafka.common.TopicPartition;
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

/** KIP-227 incremental fetch sessions as clients see them through the Fetch handler. */
class FetchSessionsTest {

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

    @Test
    void incrementalFetchesOmitPartitionsWithNothingNew() throws Exception {
        fixture.broker.partition("orders", 0).appendDirect(Batches.batch(2, 8));
        FetchResponse full = fixture.fetch(fixture.request((short) 12).session(0, 0)
                .partition(orders, 0, 0, 1000).partition(orders, 1, 0, 1000).build());
        int session = full.sessionId();
        assertThat(session).isPositive();
        assertThat(FetchFixture.partitions(full)).hasSize(2);

        // The client moved partition 0's offset on; nothing else changed.
        FetchResponse quiet = fixture.fetch(fixture.request((short) 12).session(session, 1)
                .partition(orders, 0, 2, 1000).build());
        assertThat(quiet.error()).isEqualTo(Errors.NONE);
        assertThat(quiet.sessionId()).isEqualTo(session);
        assertThat(FetchFixture.partitions(quiet)).isEmpty();

        fixture.broker.partition("orders", 1).appendDirect(Batches.batch(1, 8));
        FetchResponse news = fixture.fetch(fixture.request((short) 12).session(session, 2)
                .build());
        assertThat(FetchFixture.partitions(news)).singleElement()
                .satisfies(data -> {
                    assertThat(data.partitionIndex()).isEqualTo(1);
                    assertThat(FetchFixture.values(data)).containsExactly("v0");
                });
    }

    @Test
    void aChangedHighWatermarkIsSentEvenWithoutRecords() throws Exception {
        FetchResponse full = fixture.fetch(fixture.request((short) 12).session(0, 0)
                .partition(orders, 0, 0, 0).build());
        fixture.broker.partition("orders", 0).appendDirect(Batches.batch(1, 8));

        // Partition max bytes 0 and a record budget spent elsewhere would still move the HW.
        FetchResponse next = fixture.fetch(fixture.request((short) 12)
                .session(full.sessionId(), 1).maxBytes(0).build());

        PartitionData data = FetchFixture.partitions(next).get(0);
        assertThat(data.highWatermark()).isEqualTo(1);
    }

    @Test
    void sessionErrorsAreTopLevel() throws Exception {
        FetchResponse full = fixture.fetch(fixture.request((short) 13).session(0, 0)
                .partition(orders, 0, 0, 1000).build());

        FetchResponse wrongEpoch = fixture.fetch(fixture.request((short) 13)
                .session(full.sessionId(), 5).build());
        FetchResponse unknown = fixture.fetch(fixture.request((short) 13)
                .session(full.sessionId() + 1, 1).build());
        FetchResponse byName = fixture.fetch(fixture.request((short) 12)
                .session(full.sessionId(), 1).build());

        assertThat(wrongEpoch.error()).isEqualTo(Errors.INVALID_FETCH_SESSION_EPOCH);
        assertThat(unknown.error()).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND);
        assertThat(byName.error()).isEqualTo(Errors.FETCH_SESSION_TOPIC_ID_ERROR);
        assertThat(FetchFixture.partitions(wrongEpoch)).isEmpty();
        assertThat(wrongEpoch.sessionId()).isZero();
    }

    @Test
    void forgettingEveryPartitionClosesTheSession() throws Exception {
        FetchResponse full = fixture.fetch(fixture.request((short) 13).session(0, 0)
                .partition(orders, 0, 0, 1000).partition(orders, 1, 0, 1000).build());
        int session = full.sessionId();

        FetchResponse one = fixture.fetch(fixture.request((short) 13).session(session, 1)
                .forget(orders, 1).build());
        fixture.broker.partition("orders", 1).appendDirect(Batches.batch(1, 8));
        FetchResponse still = fixture.fetch(fixture.request((short) 13).session(session, 2)
                .build());
        FetchResponse none = fixture.fetch(fixture.request((short) 13).session(session, 3)
                .forget(orders, 0).build());

        assertThat(one.sessionId()).isEqualTo(session);
        assertThat(FetchFixture.partitions(still)).isEmpty();
        assertThat(none.sessionId()).isZero();
        assertThat(fixture.sessions.get(session)).isEmpty();
    }

    @Test
    void aFullRequestClosesItsSessionAndTheFinalEpochOpensNone() throws Exception {
        FetchResponse first = fixture.fetch(fixture.request((short) 12).session(0, 0)
                .partition(orders, 0, 0, 1000).build());
        FetchResponse second = fixture.fetch(fixture.request((short) 12)
                .session(first.sessionId(), 0).partition(orders, 0, 0, 1000).build());
        FetchResponse last = fixture.fetch(fixture.request((short) 12)
                .session(second.sessionId(), -1).partition(orders, 0, 0, 1000).build());

        assertThat(second.sessionId()).isPositive().isNotEqualTo(first.sessionId());
        assertThat(last.sessionId()).isZero();
        assertThat(fixture.sessions.size()).isZero();
        assertThat(FetchFixture.partitions(last)).hasSize(1);
    }

    @Test
    void errorsAreAlwaysSentAndTheirPartitionAgainOnceTheyClear() throws Exception {
        FetchResponse full = fixture.fetch(fixture.request((short) 12).session(0, 0)
                .partition(orders, 0, 0, 1000).build());
        fixture.broker.partition("orders", 0).failReads(new KafkaStorageException("disk"));

        FetchResponse failing = fixture.fetch(fixture.request((short) 12)
                .session(full.sessionId(), 1).build());
        FetchResponse again = fixture.fetch(fixture.request((short) 12)
                .session(full.sessionId(), 2).build());
        fixture.broker.partition("orders", 0).failReads(null);
        FetchResponse cleared = fixture.fetch(fixture.request((short) 12)
                .session(full.sessionId(), 3).build());

        assertThat(FetchFixture.error(FetchFixture.partitions(failing).get(0)))
                .isEqualTo(Errors.KAFKA_STORAGE_ERROR);
        assertThat(FetchFixture.partitions(again)).hasSize(1);
        assertThat(FetchFixture.partitions(cleared)).singleElement()
                .satisfies(data -> assertThat(FetchFixture.error(data)).isEqualTo(Errors.NONE));
    }

    @Test
    void partitionsThatReturnedRecordsMoveToTheBack() throws Exception {
        FetchResponse full = fixture.fetch(fixture.request((short) 12).session(0, 0)
                .partition(orders, 0, 0, 1000).partition(orders, 1, 0, 1000).build());
        assertThat(FetchFixture.partitions(full)).extracting(PartitionData::partitionIndex)
                .containsExactly(0, 1);

        fixture.broker.partition("orders", 0).appendDirect(Batches.batch(1, 8));
        FetchResponse first = fixture.fetch(fixture.request((short) 12)
                .session(full.sessionId(), 1).build());
        fixture.broker.partition("orders", 0).appendDirect(Batches.batch(1, 8));
        fixture.broker.partition("orders", 1).appendDirect(Batches.batch(1, 8));
        FetchResponse second = fixture.fetch(fixture.request((short) 12)
                .session(full.sessionId(), 2).partition(orders, 0, 1, 1000).build());

        assertThat(FetchFixture.partitions(first)).extracting(PartitionData::partitionIndex)
                .containsExactly(0);
        // Partition 0 had records last time and went behind partition 1.
        assertThat(FetchFixture.partitions(second)).extracting(PartitionData::partitionIndex)
                .containsExactly(1, 0);
    }

    @Test
    void noSessionsBeforeV7OrWithoutSlots() throws Exception {
        FetchResponse v6 = fixture.fetch(fixture.request((short) 6)
                .partition(orders, 0, 0, 1000).build());
        fixture.close();
        fixture = new FetchFixture(vertx, dir.resolve("no-slots"), 0, 1 << 20);
        orders = fixture.broker.createTopic("orders", 1);
        FetchResponse noSlots = fixture.fetch(fixture.request((short) 12).session(0, 0)
                .partition(orders, 0, 0, 1000).build());

        assertThat(v6.sessionId()).isZero();
        assertThat(noSlots.sessionId()).isZero();
        assertThat(FetchFixture.partitions(noSlots)).hasSize(1);
    }

    @Test
    void anOfflinePartitionInASessionKeepsItsError() throws Exception {
        FetchResponse full = fixture.fetch(fixture.request((short) 12).session(0, 0)
                .partition(orders, 0, 0, 1000).partition(orders, 1, 0, 1000).build());
        fixture.broker.takeOffline(new TopicPartition("orders", 1),
                new KafkaStorageException("disk"));

        FetchResponse next = fixture.fetch(fixture.request((short) 12)
                .session(full.sessionId(), 1).build());

        assertThat(FetchFixture.partitions(next)).singleElement().satisfies(data -> {
            assertThat(data.partitionIndex()).isEqualTo(1);
            assertThat(FetchFixture.error(data)).isEqualTo(Errors.KAFKA_STORAGE_ERROR);
        });
    }
}
