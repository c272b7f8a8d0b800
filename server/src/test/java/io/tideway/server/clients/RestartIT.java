package io.tideway.server.clients;

import static io.tideway.server.testing.KafkaClients.createTopic;
import static io.tideway.server.testing.KafkaClients.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/** What a broker restart on the same data directory keeps: topics, ids, configs, records. */
@TidewayBrokerTest(config = "log.segment.bytes=65536")
class RestartIT {

    @Test
    void everythingWrittenIsReadBackAfterARestart(RunningBroker broker) {
        Map<String, Uuid> ids = new HashMap<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        try (Admin admin = KafkaClients.admin(broker);
                KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
            createTopic(admin, "kept-a", 3, Map.of("retention.ms", "86400000"));
            createTopic(admin, "kept-b", 1, Map.of());
            for (int i = 0; i < 3000; i++) { // several 64 KiB segments per partition
                producer.send(new ProducerRecord<>("kept-a", i % 3, "k" + i, "value-" + i));
            }
            producer.send(new ProducerRecord<>("kept-b", "only", "record"));
            producer.flush();
            get(admin.describeTopics(List.of("kept-a", "kept-b")).allTopicNames())
                    .forEach((name, description) -> ids.put(name, description.topicId()));
            for (int p = 0; p < 3; p++) {
                TopicPartition partition = new TopicPartition("kept-a", p);
                ends.put(partition, get(admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                        .partitionResult(partition)).offset());
            }
        }

        broker.restart();

        try (Admin admin = KafkaClients.admin(broker);
                KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker)) {
            Map<String, TopicDescription> described = get(admin.describeTopics(
                    List.of("kept-a", "kept-b")).allTopicNames());
            assertThat(described.get("kept-a").topicId()).isEqualTo(ids.get("kept-a"));
            assertThat(described.get("kept-b").topicId()).isEqualTo(ids.get("kept-b"));
            assertThat(described.get("kept-a").partitions()).hasSize(3);
            var config = get(admin.describeConfigs(List.of(new org.apache.kafka.common.config
                    .ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC,
                    "kept-a"))).all()).values().iterator().next();
            assertThat(config.get("retention.ms").value()).isEqualTo("86400000");
            for (int p = 0; p < 3; p++) {
                TopicPartition partition = new TopicPartition("kept-a", p);
                assertThat(get(admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                        .partitionResult(partition)).offset()).isEqualTo(ends.get(partition));
                int q = p;
                assertThat(KafkaClients.readAll(consumer, partition))
                        .extracting(ConsumerRecord::value)
                        .containsExactlyElementsOf(IntStream.range(0, 3000).filter(i -> i % 3 == q)
                                .mapToObj(i -> "value-" + i).toList());
            }
            assertThat(KafkaClients.readAll(consumer, new TopicPartition("kept-b", 0)))
                    .extracting(ConsumerRecord::value).containsExactly("record");
        }
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
            RecordMetadata next = get(producer.send(new ProducerRecord<>("kept-b", "k", "after")));
            assertThat(next.offset()).isEqualTo(1);
        }
    }

    @Test
    void anIdempotentProducerSurvivesARestartWithoutDuplicates(RunningBroker broker) {
        try (Admin admin = KafkaClients.admin(broker)) {
            createTopic(admin, "through-restart", 1, Map.of());
        }
        int count = 2000;
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker, Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.BATCH_SIZE_CONFIG, 1024,
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 50,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(new ProducerRecord<>("through-restart", "k",
                        Integer.toString(i))));
                if (i == count / 2) {
                    broker.restart(); // in-flight batches are retried against the new broker
                }
            }
            producer.flush();
            sent.forEach(KafkaClients::get);
        }
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker)) {
            assertThat(KafkaClients.readAll(consumer, new TopicPartition("through-restart", 0)))
                    .extracting(record -> Integer.parseInt(record.value()))
                    .containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
        }
    }
}
