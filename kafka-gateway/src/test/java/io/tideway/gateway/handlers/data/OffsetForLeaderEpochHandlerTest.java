package io.tideway.gateway.handlers.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OffsetForLeaderEpochHandlerTest extends EngineTestBase {

    private OffsetForLeaderEpochHandler handler;

    @BeforeEach
    void writeTwoEpochs() throws Exception {
        broker.createTopic("events", 3);
        FakePartition partition = broker.partition("events", 0);
        partition.bumpLeaderEpoch(1);
        partition.appendDirect(Batches.batch(4, 8));
        partition.bumpLeaderEpoch(3);
        partition.appendDirect(Batches.batch(2, 8));
        handler = new OffsetForLeaderEpochHandler(broker);
    }

    @ParameterizedTest
    @ValueSource(shorts = {2, 3, 4})
    void endOffsetsOfPastCurrentAndMissingEpochs(short version) throws Exception {
        OffsetsForLeaderEpochResponse response = request(version, -1,
                partition(0, -1, 1), partition(0, -1, 2), partition(0, -1, 3));

        List<EpochEndOffset> results = results(response);
        assertThat(results.get(0).leaderEpoch()).isEqualTo(1);
        assertThat(results.get(0).endOffset()).isEqualTo(4);
        assertThat(results.get(1).leaderEpoch()).isEqualTo(1);
        assertThat(results.get(1).endOffset()).isEqualTo(4);
        assertThat(results.get(2).leaderEpoch()).isEqualTo(3);
        assertThat(results.get(2).endOffset()).isEqualTo(6);
    }

    @Test
    void anEpochBeforeTheLogIsUnknownWithoutError() throws Exception {
        broker.createTopic("fresh", 1);
        broker.partition("fresh", 0).resetEpochs(2);
        EpochEndOffset before = results(handlerCall("fresh", partition(0, -1, 1))).get(0);

        assertThat(before.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(before.leaderEpoch()).isEqualTo(-1);
        assertThat(before.endOffset()).isEqualTo(-1);
    }

    @Test
    void epochMismatchesAndMissingPartitions() throws Exception {
        broker.takeOffline(new TopicPartition("events", 1), new KafkaStorageException("disk"));
        broker.closePartition(new TopicPartition("events", 2));

        List<EpochEndOffset> results = results(request((short) 4, -1, partition(0, 2, 1),
                partition(0, 4, 1), partition(1, -1, 1), partition(2, -1, 1),
                partition(9, -1, 1)));

        assertThat(results).extracting(EpochEndOffset::errorCode).containsExactly(
                Errors.FENCED_LEADER_EPOCH.code(), Errors.UNKNOWN_LEADER_EPOCH.code(),
                Errors.KAFKA_STORAGE_ERROR.code(), Errors.NOT_LEADER_OR_FOLLOWER.code(),
                Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(results.get(0).endOffset()).isEqualTo(-1);
    }

    @Test
    void replicaIdsGetTheSameAnswer() throws Exception {
        EpochEndOffset consumer = results(request((short) 4, -1, partition(0, 3, 1))).get(0);
        EpochEndOffset follower = results(request((short) 4, 2, partition(0, 3, 1))).get(0);

        assertThat(follower).isEqualTo(consumer);
    }

    private OffsetsForLeaderEpochResponse handlerCall(String topic,
            OffsetForLeaderPartition partition) throws Exception {
        OffsetForLeaderEpochRequestData data = new OffsetForLeaderEpochRequestData();
        data.topics().add(new OffsetForLeaderTopic().setTopic(topic)
                .setPartitions(new ArrayList<>(List.of(partition))));
        return call(handler, data, (short) 4);
    }

    private OffsetsForLeaderEpochResponse request(short version, int replicaId,
            OffsetForLeaderPartition... partitions) throws Exception {
        OffsetForLeaderEpochRequestData data = new OffsetForLeaderEpochRequestData();
        if (version >= 3) {
            data.setReplicaId(replicaId);
        }
        data.topics().add(new OffsetForLeaderTopic().setTopic("events")
                .setPartitions(new ArrayList<>(List.of(partitions))));
        return call(handler, data, version);
    }

    private static List<EpochEndOffset> results(OffsetsForLeaderEpochResponse response) {
        return response.data().topics().iterator().next().partitions();
    }

    private static OffsetForLeaderPartition partition(int index, int currentLeaderEpoch,
            int leaderEpoch) {
        return new OffsetForLeaderPartition().setPartition(index)
                .setCurrentLeaderEpoch(currentLeaderEpoch).setLeaderEpoch(leaderEpoch);
    }
}
