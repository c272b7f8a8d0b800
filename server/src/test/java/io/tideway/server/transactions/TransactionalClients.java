package io.tideway.server.transactions;

import static io.tideway.server.testing.KafkaClients.get;
import static org.awaitility.Awaitility.await;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Transactional kafka-clients 4.4.0 clients and the reads the transaction tests share: a
 * transactional producer, consumers per isolation level, "read everything up to the end this
 * isolation level may see", ListOffsets per isolation level, DescribeTransactions and
 * DescribeProducers, and the test for "this failure means the producer was fenced".
 *
 * <p>Stateless and thread-safe; the clients it makes are as thread-safe as Kafka's (consumers
 * are polled from the test thread only).
 */
final class TransactionalClients {

    /** The longest any test waits for a condition on the broker. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private TransactionalClients() {
    }

    /** A name no other test (or earlier run on the same data) uses: {@code prefix-<random>}. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    }

    /** A String producer with {@code transactional.id} and {@code overrides}, not yet initialised. */
    static KafkaProducer<String, String> transactionalProducer(RunningBroker broker,
            String transactionalId, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.putAll(overrides);
        return KafkaClients.producer(broker, config);
    }

    /** A transactional producer with the client's defaults, already initialised. */
    static KafkaProducer<String, String> initialisedProducer(RunningBroker broker,
            String transactionalId) {
        KafkaProducer<String, String> producer = transactionalProducer(broker, transactionalId,
                Map.of());
        producer.initTransactions();
        return producer;
    }

    /** A group-less consumer reading with {@code isolation}. */
    static KafkaConsumer<String, String> consumer(RunningBroker broker, IsolationLevel isolation) {
        return KafkaClients.consumer(broker, Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation.toString().toLowerCase(Locale.ROOT)));
    }

    /**
     * Reads {@code partitions} from their beginning up to the end offset the consumer's isolation
     * level allows (the last stable offset for read_committed, the high watermark otherwise) as
     * of the call, and returns the records per partition in offset order. Control records and
     * aborted records are skipped by the client, so the consumer's position, not a record count,
     * says when it is done.
     */
    static Map<TopicPartition, List<ConsumerRecord<String, String>>> readToEnd(
            KafkaConsumer<String, String> consumer, Collection<TopicPartition> partitions) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, List<ConsumerRecord<String, String>>> records = new HashMap<>();
        partitions.forEach(partition -> records.put(partition, new ArrayList<>()));
        await().atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(record -> records.get(
                    new TopicPartition(record.topic(), record.partition())).add(record));
            return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
        });
        return records;
    }

    /** The values of {@link #readToEnd}, per partition. */
    static Map<TopicPartition, List<String>> valuesToEnd(KafkaConsumer<String, String> consumer,
            Collection<TopicPartition> partitions) {
        return readToEnd(consumer, partitions).entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().stream().map(ConsumerRecord::value).toList()));
    }

    /** The partitions {@code 0..count-1} of {@code topic}. */
    static List<TopicPartition> partitions(String topic, int count) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        return partitions;
    }

    /** ListOffsets: the offset {@code spec} resolves to under {@code isolation}. */
    static long listOffset(Admin admin, TopicPartition partition, OffsetSpec spec,
            IsolationLevel isolation) {
        return get(admin.listOffsets(Map.of(partition, spec), new ListOffsetsOptions(isolation))
                .partitionResult(partition)).offset();
    }

    /** The last stable offset: ListOffsets latest under read_committed. */
    static long lastStableOffset(Admin admin, TopicPartition partition) {
        return listOffset(admin, partition, OffsetSpec.latest(), IsolationLevel.READ_COMMITTED);
    }

    /** The high watermark: ListOffsets latest under read_uncommitted. */
    static long highWatermark(Admin admin, TopicPartition partition) {
        return listOffset(admin, partition, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED);
    }

    /** DescribeTransactions of one transactional id. */
    static TransactionDescription describe(Admin admin, String transactionalId) {
        return get(admin.describeTransactions(List.of(transactionalId))
                .description(transactionalId));
    }

    /**
     * Waits until the transactional id's last transaction is in {@code state} and returns its
     * description. A commit or abort returns to the client once the decision is durable; the
     * markers (and so the last stable offset) and the completed state may follow a moment later,
     * as in Kafka, so tests wait for them before reading.
     */
    static TransactionDescription awaitState(Admin admin, String transactionalId,
            TransactionState state) {
        return await().atMost(WAIT).until(() -> describe(admin, transactionalId),
                description -> description.state() == state);
    }

    /** DescribeProducers of one partition: its active producers. */
    static List<ProducerState> activeProducers(Admin admin, TopicPartition partition) {
        return get(admin.describeProducers(List.of(partition)).partitionResult(partition))
                .activeProducers();
    }

    /**
     * Whether {@code failure} (or a cause) says the producer was fenced: {@code
     * ProducerFencedException}, or {@code InvalidProducerEpochException}, which 4.x clients
     * report when a produce or commit carries an epoch the broker has moved past.
     */
    static boolean fenced(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }
}
