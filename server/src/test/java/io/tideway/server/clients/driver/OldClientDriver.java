package io.tideway.server.clients.driver;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The basic round trip run by an older Apache Kafka client (2.8, 3.x) in its own JVM: create a
 * topic with Admin, produce 100 records, read them back with assign and seek, list offsets.
 *
 * <p>Compiled against kafka-clients 4.4.0 but calls only APIs that exist unchanged since 2.8, so
 * the class links against any of those jars. Prints one {@code OK ...} line and exits 0, or prints
 * the failure and exits 1; the calling test shows the whole output.
 *
 * <p>Usage: {@code java -cp <client jars>:<test classes> OldClientDriver <bootstrap> <topic>}.
 * Thread contract: single-threaded program.
 */
public final class OldClientDriver {

    private static final int RECORDS = 100;
    private static final long TIMEOUT_MS = 30_000;

    private OldClientDriver() {
    }

    /** Runs the round trip; see the class documentation. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: OldClientDriver <bootstrap servers> <topic>");
            System.exit(2);
        }
        try {
            run(args[0], args[1]);
        } catch (Exception | AssertionError e) {
            System.out.println("FAILED: " + e);
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static void run(String bootstrap, String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        Properties common = new Properties();
        common.put("bootstrap.servers", bootstrap);
        common.put("request.timeout.ms", "15000");

        try (Admin admin = Admin.create(common)) {
            admin.createTopics(Collections.singletonList(new NewTopic(topic, 1, (short) 1)))
                    .all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }

        Properties producerConfig = new Properties();
        producerConfig.putAll(common);
        producerConfig.put("acks", "all");
        producerConfig.put("max.block.ms", "15000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig,
                new StringSerializer(), new StringSerializer())) {
            RecordMetadata last = null;
            for (int i = 0; i < RECORDS; i++) {
                last = producer.send(new ProducerRecord<>(topic, 0, "key-" + i, "value-" + i))
                        .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
            check(last.offset() == RECORDS - 1, "last offset " + last.offset());
        }

        Properties consumerConfig = new Properties();
        consumerConfig.putAll(common);
        consumerConfig.put("enable.auto.commit", "false");
        consumerConfig.put("auto.offset.reset", "none");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig,
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(Collections.singletonList(partition));
            consumer.seek(partition, 0);
            Instant deadline = Instant.now().plusMillis(TIMEOUT_MS);
            while (records.size() < RECORDS && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            check(records.size() == RECORDS, "consumed " + records.size() + " records");
            for (int i = 0; i < RECORDS; i++) {
                ConsumerRecord<String, String> record = records.get(i);
                check(record.offset() == i && record.key().equals("key-" + i)
                        && record.value().equals("value-" + i), "record " + i + " is " + record);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(
                    Collections.singletonList(partition));
            check(end.get(partition) == RECORDS, "consumer end offset " + end);
        }

        try (Admin admin = Admin.create(common)) {
            ListOffsetsResult.ListOffsetsResultInfo earliest = admin.listOffsets(
                    Collections.singletonMap(partition, OffsetSpec.earliest()))
                    .partitionResult(partition).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            ListOffsetsResult.ListOffsetsResultInfo latest = admin.listOffsets(
                    Collections.singletonMap(partition, OffsetSpec.latest()))
                    .partitionResult(partition).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            check(earliest.offset() == 0 && latest.offset() == RECORDS,
                    "listOffsets earliest " + earliest.offset() + " latest " + latest.offset());
        }
        System.out.println("OK produced and consumed " + RECORDS + " records of " + topic);
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("unexpected: " + what);
        }
    }
}
