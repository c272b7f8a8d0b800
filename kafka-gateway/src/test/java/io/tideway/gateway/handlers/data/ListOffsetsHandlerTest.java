package io.tideway.gateway.handlers.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.broker.TopicInfo;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListOffsetsHandlerTest extends EngineTestBase {

    private static final long T0 = 1_700_000_000_000L;

    private ListOffsetsHandler handler;
    private FakePartition partition;

    @BeforeEach
    void fillALog() throws Exception {
        TopicInfo topic = broker.createTopic("events", 2);
        handler = new ListOffsetsHandler(broker);
        partition = broker.partition("events", 0);
        partition.appendDirect(Batches.timed(3, T0));          // offsets 0-2, T0..T0+2
        partition.bumpLeaderEpoch(1);
        partition.appendDirect(Batches.timed(2, T0 + 100));    // offsets 3-4, T0+100..
        assertThat(topic.partitionCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(shorts = {1, 3, 4, 11})
    void latestIsTheHighWatermarkWithItsEpochFromV4(short version) throws Exception {
        ListOffsetsPartitionResponse latest = one(version, -1, -1L, -1);

        assertThat(latest.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(latest.offset()).isEqualTo(5);
        assertThat(latest.timestamp()).isEqualTo(-1);
        assertThat(latest.leaderEpoch()).isEqualTo(version >= 4 ? 1 : -1);
    }

    @Test
    void earliestAndTimestampsFindTheirOffsetAndItsEpoch() throws Exception {
        ListOffsetsPartitionResponse earliest = one((short) 11, -1,
                ListOffsetsRequest.EARLIEST_TIMESTAMP, -1);
        ListOffsetsPartitionResponse atOne = one((short) 11, -1, T0 + 1, -1);
        ListOffsetsPartitionResponse later = one((short) 11, -1, T0 + 50, -1);

        assertThat(earliest.offset()).isZero();
        assertThat(earliest.leaderEpoch()).isZero();
        assertThat(atOne.offset()).isEqualTo(1);
        assertThat(atOne.timestamp()).isEqualTo(T0 + 1);
        assertThat(atOne.leaderEpoch()).isZero();
        assertThat(later.offset()).isEqualTo(3);
        assertThat(later.leaderEpoch()).isEqualTo(1);
    }

    @Test
    void maxTimestampAndTimestampsAfterEveryRecord() throws Exception {
        ListOffsetsPartitionResponse max = one((short) 7, -1, ListOffsetsRequest.MAX_TIMESTAMP,
                -1);
        ListOffsetsPartitionResponse none = one((short) 7, -1, T0 + 10_000, -1);

        assertThat(max.offset()).isEqualTo(4);
        assertThat(max.timestamp()).isEqualTo(T0 + 101);
        assertThat(none.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(none.offset()).isEqualTo(-1);
        assertThat(none.timestamp()).isEqualTo(-1);
    }

    @Test
    void consumersSeeUpToTheHighWatermarkReplicasUpToTheLogEnd() throws Exception {
        partition.capHighWatermark(2);

        ListOffsetsPartitionResponse consumerLatest = one((short) 9, -1, -1L, -1);
        ListOffsetsPartitionResponse replicaLatest = one((short) 9, 1, -1L, -1);
        ListOffsetsPartitionResponse consumerLate = one((short) 9, -1, T0 + 100, -1);
        ListOffsetsPartitionResponse replicaLate = one((short) 9, 1, T0 + 100, -1);

        assertThat(consumerLatest.offset()).isEqualTo(2);
        assertThat(replicaLatest.offset()).isEqualTo(5);
        assertThat(consumerLate.offset()).isEqualTo(-1);
        assertThat(replicaLate.offset()).isEqualTo(3);
    }

    @Test
    void earliestFollowsDeletedRecords() throws Exception {
        HandlerCalls.await(partition.deleteRecordsBefore(2));

        assertThat(one((short) 11, -1, ListOffsetsRequest.EARLIEST_TIMESTAMP, -1).offset())
                .isEqualTo(2);
    }

    @Test
    void duplicatesUnknownPartitionsAndEpochMismatchesFailAlone() throws Exception {
        ListOffsetsResponse response = listOffsets((short) 11,
                -1, List.of(
                        topic("events", partition(0, -1, -1), partition(0, -1, -2),
                                partition(1, -1, -1), partition(2, -1, -1),
                                partition(1, 0, -1)),
                        topic("missing", partition(0, -1, -1))));

        List<ListOffsetsPartitionResponse> events = response.topics().get(0).partitions();
        assertThat(events).extracting(ListOffsetsPartitionResponse::errorCode).containsExactly(
                Errors.INVALID_REQUEST.code(), Errors.INVALID_REQUEST.code(),
                Errors.INVALID_REQUEST.code(), Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
                Errors.INVALID_REQUEST.code());
        assertThat(response.topics().get(1).partitions().get(0).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void leaderEpochMismatches() throws Exception {
        assertThat(one((short) 11, -1, -1L, 0).errorCode())
                .isEqualTo(Errors.FENCED_LEADER_EPOCH.code());
        assertThat(one((short) 11, -1, -1L, 2).errorCode())
                .isEqualTo(Errors.UNKNOWN_LEADER_EPOCH.code());
        assertThat(one((short) 11, -1, -1L, 1).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void offlinePartitionsAreStorageErrors() throws Exception {
        broker.takeOffline(new TopicPartition("events", 1), new KafkaStorageException("disk"));
        ListOffsetsResponse offline = listOffsets((short) 11,
                -1, List.of(topic("events", partition(1, -1, -1))));

        assertThat(offline.topics().get(0).partitions().get(0).errorCode())
                .isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
    }

    @ParameterizedTest
    @ValueSource(shorts = {2, 4, 11})
    void readCommittedStopsAtTheLastStableOffset(short version) throws Exception {
        partition.appendDirect(Batches.transactional(9L, (short) 0, 2)); // 5-6, ongoing

        ListOffsetsPartitionResponse committed = isolated(version, (byte) 1,
                ListOffsetsRequest.LATEST_TIMESTAMP);
        ListOffsetsPartitionResponse uncommitted = isolated(version, (byte) 0,
                ListOffsetsRequest.LATEST_TIMESTAMP);
        ListOffsetsPartitionResponse maxCommitted = isolated(version, (byte) 1,
                ListOffsetsRequest.MAX_TIMESTAMP);

        assertThat(committed.offset()).isEqualTo(5);
        assertThat(uncommitted.offset()).isEqualTo(7);
        // The newest batch is not stable yet: READ_COMMITTED finds no max timestamp offset.
        assertThat(maxCommitted.offset()).isEqualTo(-1);
        HandlerCalls.await(partition.appendTxnMarker(9L, (short) 0, 0, true));
        assertThat(isolated(version, (byte) 1, ListOffsetsRequest.LATEST_TIMESTAMP).offset())
                .isEqualTo(8);
    }

    @Test
    void replicasAndVersionsBeforeTwoIgnoreTheIsolationLevel() throws Exception {
        partition.appendDirect(Batches.transactional(9L, (short) 0, 2));

        assertThat(one((short) 1, -1, ListOffsetsRequest.LATEST_TIMESTAMP, -1).offset())
                .isEqualTo(7);
        ListOffsetsResponse replica = call(handler, new ListOffsetsRequestData().setReplicaId(3)
                .setIsolationLevel((byte) 1).setTopics(List.of(topic("events",
                        partition(0, -1, ListOffsetsRequest.LATEST_TIMESTAMP)))), (short) 11);
        assertThat(replica.topics().get(0).partitions().get(0).offset()).isEqualTo(7);
    }

    @Test
    void unknownIsolationLevelIsAnInvalidRequest() {
        assertThatThrownBy(() -> isolated((short) 11, (byte) 4,
                ListOffsetsRequest.LATEST_TIMESTAMP))
                .hasRootCauseInstanceOf(InvalidRequestException.class)
                .hasRootCauseMessage("Unknown isolation level 4; expected 0 (READ_UNCOMMITTED)"
                        + " or 1 (READ_COMMITTED)");
    }

    private ListOffsetsPartitionResponse isolated(short version, byte isolation, long timestamp)
            throws Exception {
        ListOffsetsResponse response = call(handler, new ListOffsetsRequestData()
                .setReplicaId(-1).setIsolationLevel(isolation)
                .setTopics(List.of(topic("events", partition(0, -1, timestamp)))), version);
        return response.topics().get(0).partitions().get(0);
    }

    private ListOffsetsPartitionResponse one(short version, int replicaId, long timestamp,
            int currentLeaderEpoch) throws Exception {
        ListOffsetsResponse response = listOffsets(version,
                replicaId, List.of(topic("events", partition(0, currentLeaderEpoch, timestamp))));
        return response.topics().get(0).partitions().get(0);
    }

    static ListOffsetsTopic topic(String name, ListOffsetsPartition... partitions) {
        return new ListOffsetsTopic().setName(name)
                .setPartitions(new ArrayList<>(List.of(partitions)));
    }

    static ListOffsetsPartition partition(int index, int currentLeaderEpoch, long timestamp) {
        return new ListOffsetsPartition().setPartitionIndex(index)
                .setCurrentLeaderEpoch(currentLeaderEpoch).setTimestamp(timestamp);
    }

    private ListOffsetsResponse listOffsets(short version, int replicaId,
            List<ListOffsetsTopic> topics) throws Exception {
        return call(handler, new ListOffsetsRequestData().setReplicaId(replicaId)
                .setTopics(topics), version);
    }
}
