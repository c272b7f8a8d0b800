package io.tideway.server.clients;

import static io.tideway.server.testing.KafkaClients.createTopic;
import static io.tideway.server.testing.KafkaClients.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Fetch as the Java consumer drives it: one incremental fetch session (KIP-227) over several
 * partitions whose assignment changes (added and forgotten partitions), and the long poll that
 * holds an empty fetch until a record arrives.
 */
@TidewayBrokerTest
class FetchSessionIT {

    private static final int PARTITIONS = 6;

    private static List<TopicPartition> partitions(String topic, int... numbers) {
        return IntStream.of(numbers).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    private static void produceRound(KafkaProducer<String, String> producer, String topic,
            int round, List<TopicPartition> to) {
        for (TopicPartition partition : to) {
            producer.send(new ProducerRecord<>(topic, partition.partition(), "k",
                    "round-" + round + "-p" + partition.partition()));
        }
        producer.flush();
    }

    /** Fetch responses the consumer has received so far. */
    private static double completedFetches(KafkaConsumer<?, ?> consumer) {
        return consumer.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("fetch-total")
                        && e.getKey().group().equals("consumer-fetch-manager-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow();
    }

    @Test
    void anIncrementalSessionFollowsAChangingAssignment(RunningBroker broker) {
        String topic = "sessions";
        try (Admin admin = KafkaClients.admin(broker)) {
            createTopic(admin, topic, PARTITIONS, Map.of());
        }
        List<TopicPartition> all = partitions(topic, 0, 1, 2, 3, 4, 5);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker);
                KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker,
                        Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100))) {
            consumer.assign(all);
            all.forEach(partition -> consumer.seek(partition, 0));
            // Several rounds to a different subset each time: each fetch after the first is an
            // incremental one naming only the partitions whose state changed.
            List<String> expected = new ArrayList<>();
            for (int round = 0; round < 6; round++) {
                List<TopicPartition> subset = List.of(all.get(round % PARTITIONS),
                        all.get((round + 2) % PARTITIONS));
                produceRound(producer, topic, round, subset);
                for (TopicPartition partition : subset) {
                    expected.add("round-" + round + "-p" + partition.partition());
                }
                List<ConsumerRecord<String, String>> got = KafkaClients.poll(consumer, 2);
                assertThat(got).extracting(ConsumerRecord::value)
                        .containsExactlyInAnyOrderElementsOf(expected.subList(
                                expected.size() - 2, expected.size()));
            }

            // Shrink the assignment (the session forgets partitions 3-5), write everywhere.
            consumer.assign(partitions(topic, 0, 1, 2));
            produceRound(producer, topic, 100, all);
            List<ConsumerRecord<String, String>> got = KafkaClients.poll(consumer, 3);
            assertThat(got).extracting(ConsumerRecord::partition).containsOnly(0, 1, 2);

            // Grow it again; the consumer has no position for partitions it dropped, so seek
            // them to their last record (what round 100 wrote).
            consumer.assign(all);
            List<TopicPartition> readded = partitions(topic, 3, 4, 5);
            consumer.endOffsets(readded).forEach((partition, end) ->
                    consumer.seek(partition, end - 1));
            List<ConsumerRecord<String, String>> resumed = KafkaClients.poll(consumer, 3);
            assertThat(resumed).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(
                    "round-100-p3", "round-100-p4", "round-100-p5");
        }
    }

    @Test
    void aConsumerWaitingOnAnEmptyPartitionGetsARecordProducedLater(RunningBroker broker) {
        String topic = "long-poll";
        try (Admin admin = KafkaClients.admin(broker)) {
            createTopic(admin, topic, 2, Map.of());
        }
        // The broker may hold an empty fetch 20 s: only an early wake-up delivers within 10 s.
        KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker, Map.of(
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20_000,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 40_000));
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
            List<TopicPartition> assigned = partitions(topic, 0, 1);
            consumer.assign(assigned);
            assigned.forEach(partition -> consumer.seek(partition, 0));
            // A second of polling an empty log: the broker parks the first fetch instead of
            // answering it (a broker without long poll would have answered many by now).
            assertThat(consumer.poll(Duration.ofSeconds(1))).isEmpty();
            assertThat(completedFetches(consumer)).isZero();

            get(producer.send(new ProducerRecord<>(topic, 1, "k", "woke you up")));

            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).pollInSameThread()
                    .pollInterval(Duration.ofMillis(10)).until(() -> {
                        consumer.poll(Duration.ofMillis(250)).forEach(received::add);
                        return !received.isEmpty();
                    });
            assertThat(received).extracting(ConsumerRecord::value).containsExactly("woke you up");
            assertThat(received.stream().map(ConsumerRecord::partition)
                    .collect(Collectors.toSet())).isEqualTo(Set.of(1));
        } finally {
            // Its next fetch is parked on the broker: do not wait for it.
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
        }
    }
}
