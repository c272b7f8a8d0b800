package io.tideway.server.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Real kafka-clients 4.4.0 clients for a {@link RunningBroker}, configured as a user would, with
 * timeouts short enough that a broken broker fails a test in seconds, not minutes.
 *
 * <p>Consumers made here have no {@code group.id}: tests {@code assign} and {@code seek}, and
 * nothing is committed (group tests configure their own consumers).
 *
 * <p>Thread-safe: stateless. The clients it makes are as thread-safe as Kafka's.
 */
public final class KafkaClients {

    /** How long any single admin call or record wait may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private KafkaClients() {
    }

    /** An admin client. */
    public static Admin admin(RunningBroker broker) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        return Admin.create(config);
    }

    /** A String producer with the client's defaults (idempotent, acks=all) plus {@code overrides}. */
    public static KafkaProducer<String, String> producer(RunningBroker broker,
            Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        config.putAll(overrides);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** A String producer with the client's defaults. */
    public static KafkaProducer<String, String> producer(RunningBroker broker) {
        return producer(broker, Map.of());
    }

    /** A group-less String consumer (auto commit off, earliest reset) plus {@code overrides}. */
    public static KafkaConsumer<String, String> consumer(RunningBroker broker,
            Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.putAll(overrides);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** A group-less String consumer. */
    public static KafkaConsumer<String, String> consumer(RunningBroker broker) {
        return consumer(broker, Map.of());
    }

    /** Creates topics and waits for the broker to confirm. */
    public static void createTopics(Admin admin, NewTopic... topics) {
        get(admin.createTopics(List.of(topics)).all());
    }

    /** Creates a topic of {@code partitions} partitions with {@code configs} overrides. */
    public static void createTopic(Admin admin, String name, int partitions,
            Map<String, String> configs) {
        createTopics(admin, new NewTopic(name, partitions, (short) 1).configs(configs));
    }

    /**
     * Assigns {@code partitions}, seeks each to {@code offset} and polls until {@code count}
     * records arrived (more may arrive: all are returned), or fails after {@link #TIMEOUT}.
     */
    public static <K, V> List<ConsumerRecord<K, V>> readFrom(KafkaConsumer<K, V> consumer,
            Collection<TopicPartition> partitions, long offset, int count) {
        consumer.assign(partitions);
        partitions.forEach(partition -> consumer.seek(partition, offset));
        return poll(consumer, count);
    }

    /** Polls the current assignment until {@code count} records arrived, or fails. */
    public static <K, V> List<ConsumerRecord<K, V>> poll(KafkaConsumer<K, V> consumer, int count) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (records.size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Received " + records.size() + " of " + count
                        + " records within " + TIMEOUT + " from " + consumer.assignment());
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    /** Reads every record of one partition from offset 0 up to its current end offset. */
    public static <K, V> List<ConsumerRecord<K, V>> readAll(KafkaConsumer<K, V> consumer,
            TopicPartition partition) {
        long end = consumer.endOffsets(Set.of(partition)).get(partition);
        long start = consumer.beginningOffsets(Set.of(partition)).get(partition);
        return readFrom(consumer, Set.of(partition), start, (int) (end - start));
    }

    /** Waits for a client future (admin, producer) with {@link #TIMEOUT}; unwraps its failure. */
    public static <T> T get(java.util.concurrent.Future<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ClientCallException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("No answer within " + TIMEOUT, e);
        }
    }

    /**
     * A client call failed; {@link #getCause()} is the Kafka exception (for example {@code
     * TopicExistsException}), so tests assert with {@code .cause().isInstanceOf(...)}.
     */
    public static final class ClientCallException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClientCallException(Throwable cause) {
            super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }
}
