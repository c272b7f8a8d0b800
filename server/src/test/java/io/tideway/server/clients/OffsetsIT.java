package io.tideway.server.clients;

import static io.tideway.server.testing.KafkaClients.createTopic;
import static io.tideway.server.testing.KafkaClients.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DeletedRecords;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ListOffsets (every special timestamp and real ones) and DeleteRecords. */
@TidewayBrokerTest
class OffsetsIT {

    private static final long T0 = 1_700_000_000_000L;

    private static Admin admin;
    private static RunningBroker broker;

    @BeforeAll
    static void connect(RunningBroker running) {
        broker = running;
        admin = KafkaClients.admin(running);
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    /** Ten records, one batch each, with timestamps T0, T0+1s, ... except a maximum at 6. */
    private static TopicPartition tenRecords(String topic) {
        createTopic(admin, topic, 1, Map.of());
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
            for (int i = 0; i < 10; i++) {
                long timestamp = i == 6 ? T0 + 60_000 : T0 + i * 1000L;
                get(producer.send(new ProducerRecord<>(topic, 0, timestamp, "k", "v" + i)));
            }
        }
        return new TopicPartition(topic, 0);
    }

    private static ListOffsetsResultInfo offset(TopicPartition partition, OffsetSpec spec) {
        return get(admin.listOffsets(Map.of(partition, spec)).partitionResult(partition));
    }

    @Test
    void listsEarliestLatestMaxTimestampAndByTimestamp() {
        TopicPartition partition = tenRecords("listed");
        assertThat(offset(partition, OffsetSpec.earliest()).offset()).isZero();
        assertThat(offset(partition, OffsetSpec.latest()).offset()).isEqualTo(10);

        ListOffsetsResultInfo max = offset(partition, OffsetSpec.maxTimestamp());
        assertThat(max.offset()).isEqualTo(6);
        assertThat(max.timestamp()).isEqualTo(T0 + 60_000);

        ListOffsetsResultInfo exact = offset(partition, OffsetSpec.forTimestamp(T0 + 3000));
        assertThat(exact.offset()).isEqualTo(3);
        assertThat(exact.timestamp()).isEqualTo(T0 + 3000);
        assertThat(offset(partition, OffsetSpec.forTimestamp(T0 + 3500)).offset()).isEqualTo(4);
        assertThat(offset(partition, OffsetSpec.forTimestamp(T0 - 1)).offset()).isZero();
        // After every timestamp: no offset (-1), as Kafka answers.
        assertThat(offset(partition, OffsetSpec.forTimestamp(T0 + 3_600_000)).offset())
                .isEqualTo(-1);
        assertThat(offset(partition, OffsetSpec.earliestLocal()).offset()).isZero();

        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker)) {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(
                    Map.of(partition, T0 + 5000));
            assertThat(found.get(partition).offset()).isEqualTo(5);
            assertThat(consumer.beginningOffsets(Set.of(partition))).containsEntry(partition, 0L);
            assertThat(consumer.endOffsets(Set.of(partition))).containsEntry(partition, 10L);
        }
    }

    @Test
    void unknownPartitionsAreReported() {
        TopicPartition missing = new TopicPartition("not-there", 0);
        assertThatThrownBy(() -> offset(missing, OffsetSpec.latest()))
                .cause().isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void deleteRecordsMovesTheLogStartOffset() {
        TopicPartition partition = tenRecords("trimmed");
        DeletedRecords deleted = get(admin.deleteRecords(
                Map.of(partition, RecordsToDelete.beforeOffset(4))).lowWatermarks().get(partition));
        assertThat(deleted.lowWatermark()).isEqualTo(4);
        assertThat(offset(partition, OffsetSpec.earliest()).offset()).isEqualTo(4);
        assertThat(offset(partition, OffsetSpec.latest()).offset()).isEqualTo(10);

        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker)) {
            List<ConsumerRecord<String, String>> records = KafkaClients.readAll(consumer,
                    partition);
            assertThat(records).extracting(ConsumerRecord::offset)
                    .containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
        }
        try (KafkaConsumer<String, String> strict = KafkaClients.consumer(broker,
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"))) {
            strict.assign(Set.of(partition));
            strict.seek(partition, 1);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) {
                    strict.poll(Duration.ofMillis(200));
                }
            }).isInstanceOf(OffsetOutOfRangeException.class);
        }
        // Past the high watermark is refused.
        assertThatThrownBy(() -> get(admin.deleteRecords(
                Map.of(partition, RecordsToDelete.beforeOffset(11))).all()))
                .cause().isInstanceOf(org.apache.kafka.common.errors.OffsetOutOfRangeException.class);
        // -1 (everything written so far).
        get(admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(-1))).all());
        assertThat(offset(partition, OffsetSpec.earliest()).offset()).isEqualTo(10);
    }
}
