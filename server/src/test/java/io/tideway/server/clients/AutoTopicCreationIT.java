package io.tideway.server.clients;

import static io.tideway.server.testing.KafkaClients.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code auto.create.topics.enable}: Metadata requests that allow auto-creation (producers, and
 * consumers with {@code allow.auto.create.topics}) create missing topics with the broker's
 * defaults; admin clients never do; with the setting off nothing is created.
 */
class AutoTopicCreationIT {

    @Nested
    @TidewayBrokerTest(config = "num.partitions=3")
    class Enabled {

        @Test
        void aProducerCreatesTheTopicItWritesTo(RunningBroker broker) {
            try (KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
                RecordMetadata written = get(producer.send(
                        new ProducerRecord<>("created-by-producer", 2, "k", "v")));
                assertThat(written.offset()).isZero();
            }
            try (Admin admin = KafkaClients.admin(broker)) {
                assertThat(get(admin.describeTopics(List.of("created-by-producer"))
                        .allTopicNames()).get("created-by-producer").partitions()).hasSize(3);
            }
        }

        @Test
        void aConsumerAllowedToCreateTopicsCreatesOne(RunningBroker broker) {
            try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker,
                    Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false))) {
                assertThat(consumer.partitionsFor("not-created-by-consumer")).isEmpty();
            }
            // As with Kafka 4 (KRaft), the first answer is UNKNOWN_TOPIC_OR_PARTITION while the
            // topic is being created; it exists on a later metadata request.
            try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker,
                    Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, true))) {
                await().atMost(Duration.ofSeconds(10)).pollInSameThread()
                        .untilAsserted(() -> assertThat(
                                consumer.partitionsFor("created-by-consumer")).hasSize(3));
            }
            try (Admin admin = KafkaClients.admin(broker)) {
                assertThat(get(admin.listTopics().names())).contains("created-by-consumer")
                        .doesNotContain("not-created-by-consumer");
            }
        }

        @Test
        void anAdminClientNeverCreatesTopics(RunningBroker broker) {
            try (Admin admin = KafkaClients.admin(broker)) {
                assertThatThrownBy(() -> get(admin.describeTopics(List.of("only-described"))
                        .allTopicNames()))
                        .cause().isInstanceOf(UnknownTopicOrPartitionException.class);
                assertThat(get(admin.listTopics().names())).doesNotContain("only-described");
            }
        }
    }

    @Nested
    @TidewayBrokerTest(config = "auto.create.topics.enable=false")
    class Disabled {

        @Test
        void aProducerToAMissingTopicTimesOutAndNothingIsCreated(RunningBroker broker) {
            try (KafkaProducer<String, String> producer = KafkaClients.producer(broker,
                    Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000))) {
                assertThatThrownBy(() -> producer.send(
                        new ProducerRecord<>("never-created", "k", "v")).get())
                        .hasCauseInstanceOf(TimeoutException.class)
                        .hasMessageContaining("never-created");
            }
            try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker,
                    Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, true))) {
                assertThat(consumer.partitionsFor("never-created")).isEmpty();
            }
            try (Admin admin = KafkaClients.admin(broker)) {
                assertThat(get(admin.listTopics().names())).doesNotContain("never-created");
            }
        }
    }
}
