package io.tideway.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log directory on a 6 MiB tmpfs (skipped where it cannot be mounted) fills up under an
 * unmodified Kafka producer with {@code acks=all}: a producer that does not retry gets
 * {@link KafkaStorageException} (KAFKA_STORAGE_ERROR), a retrying one waits, a consumer still
 * reads everything acknowledged, a topic in the other log directory still takes writes, and once
 * space is freed the waiting send completes without a restart; every record then reads back
 * exactly once, in order.
 */
class FullDiskProduceIT {

    private static final long FS_BYTES = 6L << 20;
    private static final int FILLER_BYTES = 3 << 20;
    private static final String VALUE = "v".repeat(16 * 1024);

    @TempDir
    Path root;

    private SmallFilesystem filesystem;
    private RunningBroker broker;

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            if (filesystem != null) {
                filesystem.close();
            }
        }
    }

    @Test
    void aFullLogDirectoryFailsProduceWithAStorageErrorUntilSpaceIsFreed() throws Exception {
        filesystem = SmallFilesystem.mount(root.resolve("small"), FS_BYTES);
        // The first directory (holding the metadata store) is on the normal disk.
        broker = RunningBroker.start(Map.of("log.dirs", root.resolve("disk") + "," + filesystem.path().resolve("data"),
                "log.flush.policy", "group-commit"));
        try (Admin admin = KafkaClients.admin(broker)) {
            KafkaClients.createTopic(admin, "roomy", 1, Map.of()); // placed in the first directory
            KafkaClients.createTopic(admin, "cramped", 1, Map.of("segment.bytes", "1048576"));
        }
        Path filler = Files.write(filesystem.path().resolve("filler"), new byte[FILLER_BYTES]);

        List<String> sent = new ArrayList<>();
        Future<RecordMetadata> waiting;
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker,
                Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000))) {
            int i = 0;
            while (true) {
                String value = i++ + "-" + VALUE;
                Future<RecordMetadata> send = producer.send(new ProducerRecord<>("cramped", value));
                sent.add(value);
                try {
                    send.get(5, TimeUnit.SECONDS);
                } catch (TimeoutException full) {
                    waiting = send; // the producer retries KAFKA_STORAGE_ERROR
                    break;
                }
                assertThat(i).as("the disk fills up").isLessThan(1000);
            }
            assertThat(sent.size()).isGreaterThan(10);

            try (KafkaProducer<String, String> impatient = KafkaClients.producer(broker,
                    Map.of(ProducerConfig.RETRIES_CONFIG, 0, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {
                assertThatThrownBy(() -> impatient.send(new ProducerRecord<>("cramped", "refused")).get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(KafkaStorageException.class);
                assertThat(impatient.send(new ProducerRecord<>("roomy", "fine")).get(30, TimeUnit.SECONDS).offset())
                        .isZero();
            }
            try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker)) {
                List<ConsumerRecord<String, String>> read = KafkaClients.readFrom(consumer,
                        List.of(new TopicPartition("cramped", 0)), 0, sent.size() - 1);
                assertThat(read).extracting(ConsumerRecord::value).containsExactlyElementsOf(sent.subList(0, sent.size() - 1));
            }

            Files.delete(filler);
            assertThat(waiting.get(30, TimeUnit.SECONDS).offset()).isEqualTo(sent.size() - 1);
            producer.send(new ProducerRecord<>("cramped", "after")).get(30, TimeUnit.SECONDS);
            sent.add("after");
        }
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker)) {
            List<ConsumerRecord<String, String>> read = KafkaClients.readFrom(consumer,
                    List.of(new TopicPartition("cramped", 0)), 0, sent.size());
            assertThat(read).extracting(ConsumerRecord::value).containsExactlyElementsOf(sent);
        }
    }
}
