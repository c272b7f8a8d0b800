package io.tideway.server.clients;

import static io.tideway.server.testing.KafkaClients.createTopic;
import static io.tideway.server.testing.KafkaClients.get;
import static io.tideway.server.testing.KafkaClients.readFrom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Records written with KafkaProducer and read back with KafkaConsumer (assign and seek). */
@TidewayBrokerTest
class ProduceConsumeIT {

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

    private static List<ConsumerRecord<String, String>> read(String topic, int partition,
            int count) {
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker)) {
            return readFrom(consumer, Set.of(new TopicPartition(topic, partition)), 0, count);
        }
    }

    @ParameterizedTest(name = "compression.type={0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void roundTripsEveryCompressionType(String compression) {
        String topic = "compressed-" + compression;
        createTopic(admin, topic, 1, Map.of());
        List<String> values = new ArrayList<>();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker, Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, compression,
                ProducerConfig.LINGER_MS_CONFIG, 5))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                String value = "value " + i + " " + "compressible ".repeat(i % 20);
                values.add(value);
                sent.add(producer.send(new ProducerRecord<>(topic, "key-" + i, value)));
            }
            for (int i = 0; i < sent.size(); i++) {
                assertThat(get(sent.get(i)).offset()).isEqualTo(i);
            }
        }
        List<ConsumerRecord<String, String>> records = read(topic, 0, 500);
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyElementsOf(values);
        assertThat(records).extracting(ConsumerRecord::offset)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 500).boxed()
                        .toList());
        assertThat(records.get(7).key()).isEqualTo("key-7");
    }

    @Test
    void keepsHeadersAndNullKeysAndValues() {
        createTopic(admin, "headers", 1, Map.of());
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
            get(producer.send(new ProducerRecord<String, String>("headers", 0, (String) null, "no key", List.of(
                    new RecordHeader("trace", "abc".getBytes(StandardCharsets.UTF_8)),
                    new RecordHeader("empty", new byte[0]),
                    new RecordHeader("null", (byte[]) null)))));
            get(producer.send(new ProducerRecord<>("headers", "tombstone", null)));
            get(producer.send(new ProducerRecord<>("headers", null, null)));
        }
        List<ConsumerRecord<String, String>> records = read("headers", 0, 3);
        ConsumerRecord<String, String> first = records.get(0);
        assertThat(first.key()).isNull();
        assertThat(first.value()).isEqualTo("no key");
        assertThat(first.headers().toArray()).extracting(Header::key)
                .containsExactly("trace", "empty", "null");
        assertThat(first.headers().lastHeader("trace").value())
                .isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
        assertThat(first.headers().lastHeader("empty").value()).isEmpty();
        assertThat(first.headers().lastHeader("null").value()).isNull();
        assertThat(records.get(1).key()).isEqualTo("tombstone");
        assertThat(records.get(1).value()).isNull();
        assertThat(records.get(2).key()).isNull();
        assertThat(records.get(2).value()).isNull();
    }

    @Test
    void createTimeTopicsKeepTheProducersTimestamps() {
        createTopic(admin, "create-time", 1, Map.of("message.timestamp.type", "CreateTime"));
        long timestamp = 1_600_000_000_000L;
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
            RecordMetadata written = get(producer.send(
                    new ProducerRecord<>("create-time", 0, timestamp, "k", "v")));
            assertThat(written.timestamp()).isEqualTo(timestamp);
        }
        ConsumerRecord<String, String> record = read("create-time", 0, 1).get(0);
        assertThat(record.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(record.timestamp()).isEqualTo(timestamp);
    }

    @Test
    void logAppendTimeTopicsStampTheBrokersClock() {
        createTopic(admin, "append-time", 1, Map.of("message.timestamp.type", "LogAppendTime"));
        long before = System.currentTimeMillis();
        RecordMetadata written;
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
            written = get(producer.send(
                    new ProducerRecord<>("append-time", 0, 1_000L, "k", "v")));
        }
        long after = System.currentTimeMillis();
        assertThat(written.timestamp()).isBetween(before, after);
        ConsumerRecord<String, String> record = read("append-time", 0, 1).get(0);
        assertThat(record.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(record.timestamp()).isEqualTo(written.timestamp());
    }

    @Test
    void acceptsAOneMegabyteRecordWhenTheLimitsAreRaised() {
        createTopic(admin, "large", 1, Map.of("max.message.bytes", "2097152"));
        String big = "x".repeat(1024 * 1024);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker,
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024))) {
            get(producer.send(new ProducerRecord<>("large", "big", big)));
            get(producer.send(new ProducerRecord<>("large", "small", "after")));
        }
        // KIP-74: the consumer gets the batch even though it exceeds max.partition.fetch.bytes.
        List<ConsumerRecord<String, String>> records = read("large", 0, 2);
        assertThat(records.get(0).value()).isEqualTo(big);
        assertThat(records.get(1).value()).isEqualTo("after");
    }

    @Test
    void refusesARecordOverTheTopicsMaxMessageBytes() {
        createTopic(admin, "limited", 1, Map.of("max.message.bytes", "100000"));
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker,
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024))) {
            assertThatThrownBy(() -> get(producer.send(
                    new ProducerRecord<>("limited", "k", "y".repeat(200_000)))))
                    .cause().isInstanceOf(RecordTooLargeException.class);
            // The partition still works, and nothing of the refused batch was written.
            assertThat(get(producer.send(new ProducerRecord<>("limited", 0, "k", "fits")))
                    .offset()).isZero();
        }
    }

    @ParameterizedTest(name = "acks={0}")
    @ValueSource(strings = {"0", "1", "all"})
    void deliversWithEveryAcksSetting(String acks) {
        String topic = "acks-" + acks;
        createTopic(admin, topic, 1, Map.of());
        Map<String, Object> config = Map.of(ProducerConfig.ACKS_CONFIG, acks,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, acks.equals("all"));
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker, config)) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i));
            }
            producer.flush();
        }
        assertThat(read(topic, 0, 100)).extracting(ConsumerRecord::value)
                .startsWith("v0", "v1", "v2").endsWith("v99").hasSize(100);
    }

    @Test
    void idempotentProducerWritesEachRecordOnceInOrder() {
        createTopic(admin, "idempotent", 3, Map.of());
        int count = 3000;
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker, Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 2048,
                ProducerConfig.LINGER_MS_CONFIG, 0))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>("idempotent", i % 3, "k", Integer.toString(i)));
            }
            producer.flush();
        }
        for (int partition = 0; partition < 3; partition++) {
            List<ConsumerRecord<String, String>> records = read("idempotent", partition, count / 3);
            int p = partition;
            assertThat(records).extracting(r -> Integer.parseInt(r.value()))
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, count)
                            .filter(i -> i % 3 == p).boxed().toList());
        }
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker,
                Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000))) {
            TopicPartition zero = new TopicPartition("idempotent", 0);
            assertThat(consumer.endOffsets(Set.of(zero)).get(zero)).isEqualTo(count / 3);
        }
    }
}
