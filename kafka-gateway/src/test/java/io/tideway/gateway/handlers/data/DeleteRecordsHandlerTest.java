package io.tideway.gateway.handlers.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeleteRecordsHandlerTest extends EngineTestBase {

    private DeleteRecordsHandler handler;

    @BeforeEach
    void fillLogs() throws Exception {
        broker.createTopic("events", 3);
        for (int partition = 0; partition < 3; partition++) {
            broker.partition("events", partition).appendDirect(Batches.batch(5, 8));
        }
        handler = new DeleteRecordsHandler(broker, vertx);
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2})
    void movesTheLowWatermark(short version) throws Exception {
        DeleteRecordsResponse response = delete(version, 30_000,
                topic("events", partition(0, 3), partition(1, -1), partition(2, 0)));

        assertThat(result(response, 0).lowWatermark()).isEqualTo(3);
        assertThat(result(response, 1).lowWatermark()).isEqualTo(5);
        assertThat(result(response, 2).lowWatermark()).isZero();
        assertThat(broker.partition("events", 0).logStartOffset()).isEqualTo(3);
    }

    @Test
    void offsetsOutOfRange() throws Exception {
        DeleteRecordsResponse response = delete((short) 2, 30_000,
                topic("events", partition(0, 6), partition(1, -2)));

        assertThat(result(response, 0).errorCode()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
        assertThat(result(response, 0).lowWatermark()).isEqualTo(-1);
        assertThat(result(response, 1).errorCode()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
        assertThat(broker.partition("events", 0).logStartOffset()).isZero();
    }

    @Test
    void compactedTopicsRefuseDeletion() throws Exception {
        broker.setCleanupPolicy("events", "compact");
        DeleteRecordsResponse compacted = delete((short) 2, 30_000,
                topic("events", partition(0, 1)));
        broker.setCleanupPolicy("events", "compact, delete");
        DeleteRecordsResponse both = delete((short) 2, 30_000, topic("events", partition(0, 1)));

        assertThat(result(compacted, 0).errorCode()).isEqualTo(Errors.POLICY_VIOLATION.code());
        assertThat(result(both, 0).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void unknownOfflineAndUnopenedPartitions() throws Exception {
        broker.takeOffline(new TopicPartition("events", 1), new KafkaStorageException("disk"));
        broker.closePartition(new TopicPartition("events", 2));

        DeleteRecordsResponse response = delete((short) 2, 30_000,
                topic("events", partition(1, 1), partition(2, 1), partition(3, 1)),
                topic("missing", partition(0, 1)));

        assertThat(result(response, 1).errorCode()).isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
        assertThat(result(response, 2).errorCode())
                .isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER.code());
        assertThat(result(response, 3).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(response.data().topics().find("missing").partitions().find(0).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void aPartitionListedTwiceIsAnsweredOnceWithItsLastOffset() throws Exception {
        DeleteRecordsResponse response = delete((short) 2, 30_000,
                topic("events", partition(0, 1), partition(0, 4)));

        assertThat(response.data().topics().find("events").partitions()).hasSize(1);
        assertThat(result(response, 0).lowWatermark()).isEqualTo(4);
    }

    private DeleteRecordsResponse delete(short version, int timeoutMs,
            DeleteRecordsTopic... topics) throws Exception {
        return call(handler, new DeleteRecordsRequestData().setTimeoutMs(timeoutMs)
                .setTopics(new ArrayList<>(List.of(topics))), version);
    }

    private static DeleteRecordsPartitionResult result(DeleteRecordsResponse response,
            int partition) {
        return response.data().topics().find("events").partitions().find(partition);
    }

    private static DeleteRecordsTopic topic(String name, DeleteRecordsPartition... partitions) {
        return new DeleteRecordsTopic().setName(name)
                .setPartitions(new ArrayList<>(List.of(partitions)));
    }

    private static DeleteRecordsPartition partition(int index, long offset) {
        return new DeleteRecordsPartition().setPartitionIndex(index).setOffset(offset);
    }
}
