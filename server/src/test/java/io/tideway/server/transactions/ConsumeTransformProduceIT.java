package io.tideway.server.transactions;

import static io.tideway.server.testing.KafkaClients.createTopic;
import static io.tideway.server.testing.KafkaClients.get;
import static io.tideway.server.transactions.TransactionalClients.WAIT;
import static io.tideway.server.transactions.TransactionalClients.awaitState;
import static io.tideway.server.transactions.TransactionalClients.partitions;
import static io.tideway.server.transactions.TransactionalClients.unique;
import static io.tideway.server.transactions.TransactionalClients.valuesToEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The consume-transform-produce loop of exactly-once applications: a read_committed consumer in a
 * group feeds a transactional producer that writes the transformed records and commits the
 * consumer's offsets in the same transaction ({@code sendOffsetsToTransaction} with the group's
 * metadata). The first instance "crashes" in the middle of a transaction (its records and offsets
 * sent, nothing committed, the producer closed at once); a second instance with the same
 * transactional id and group takes over. Every input record must be transformed exactly once in
 * what read_committed readers see, and the group's committed offsets must be the input's end.
 */
@TidewayBrokerTest(config = "group.initial.rebalance.delay.ms=0")
class ConsumeTransformProduceIT {

    private static final int PARTITIONS = 3;
    private static final int RECORDS = 300;

    private static String transform(String value) {
        return value.toUpperCase(Locale.ROOT) + "-out";
    }

    @Test
    void everyInputRecordIsTransformedExactlyOnceAcrossACrash(RunningBroker broker) {
        String input = unique("ctp-in");
        String output = unique("ctp-out");
        String group = unique("ctp-group");
        String transactionalId = unique("ctp-app");
        List<TopicPartition> inputs = partitions(input, PARTITIONS);
        List<TopicPartition> outputs = partitions(output, PARTITIONS);
        try (Admin admin = KafkaClients.admin(broker)) {
            createTopic(admin, input, PARTITIONS, Map.of());
            createTopic(admin, output, PARTITIONS, Map.of());
            try (KafkaProducer<String, String> producer = KafkaClients.producer(broker)) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>(input, i % PARTITIONS, "k" + i, "v" + i));
                }
                producer.flush();
            }

            int crashedBatch;
            try (App first = new App(broker, input, output, group, transactionalId)) {
                await().atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                        .until(() -> first.processOnce(true) >= 0 && first.processed >= 120);
                crashedBatch = await().atMost(WAIT).pollInSameThread()
                        .pollInterval(Duration.ZERO)
                        .until(() -> first.processOnce(false), count -> count > 0);
                first.crash();
            }
            try (App second = new App(broker, input, output, group, transactionalId)) {
                await().atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                        .until(() -> second.processOnce(true) >= 0 && second.caughtUp(inputs));
            }
            awaitState(admin, transactionalId, TransactionState.COMPLETE_COMMIT);

            Map<TopicPartition, List<String>> expected = new HashMap<>();
            try (KafkaConsumer<String, String> reader = TransactionalClients.consumer(broker,
                    IsolationLevel.READ_UNCOMMITTED)) {
                valuesToEnd(reader, inputs).forEach((partition, values) -> expected.put(
                        new TopicPartition(output, partition.partition()),
                        values.stream().map(ConsumeTransformProduceIT::transform).toList()));
                assertThat(valuesToEnd(reader, outputs).values().stream().mapToInt(List::size)
                        .sum()).as("read_uncommitted also sees the crashed transaction's records")
                        .isEqualTo(RECORDS + crashedBatch);
            }
            try (KafkaConsumer<String, String> reader = TransactionalClients.consumer(broker,
                    IsolationLevel.READ_COMMITTED)) {
                assertThat(valuesToEnd(reader, outputs))
                        .as("each input record transformed exactly once, in order")
                        .isEqualTo(expected);
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = get(admin
                    .listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
            assertThat(offsets).isEqualTo(inputs.stream().collect(Collectors.toMap(p -> p,
                    p -> new OffsetAndMetadata(RECORDS / PARTITIONS))));
        }
    }

    /** One instance of the application: a group consumer and a transactional producer. */
    private static final class App implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final KafkaProducer<String, String> producer;
        private final String output;
        private int processed;
        private boolean crashed;

        App(RunningBroker broker, String input, String output, String group,
                String transactionalId) {
            this.output = output;
            // The producer first: its InitProducerId aborts what a crashed predecessor left
            // open, so the consumer's offset fetch (require_stable) is not held up by it.
            this.producer = TransactionalClients.transactionalProducer(broker, transactionalId,
                    Map.of());
            producer.initTransactions();
            this.consumer = KafkaClients.consumer(broker, Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, group,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 25,
                    ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000,
                    ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500));
            consumer.subscribe(List.of(input));
        }

        /**
         * Polls once and, when records came, transforms them in one transaction with the
         * consumer's offsets; commits it, or only flushes it when {@code commit} is false.
         *
         * @return how many records the transaction holds
         */
        int processOnce(boolean commit) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
            if (records.isEmpty()) {
                return 0;
            }
            producer.beginTransaction();
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ConsumerRecord<String, String> record : records) {
                sent.add(producer.send(new ProducerRecord<>(output, record.partition(),
                        record.key(), transform(record.value()))));
                next.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
            }
            producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
            if (commit) {
                producer.commitTransaction();
                processed += records.count();
            } else {
                producer.flush();
                sent.forEach(KafkaClients::get); // the crashed transaction's records are written
            }
            return records.count();
        }

        /** Whether the consumer has read every input partition to its end. */
        boolean caughtUp(List<TopicPartition> inputs) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(inputs);
            return consumer.assignment().containsAll(inputs)
                    && inputs.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
        }

        /** Stops without committing: the producer is closed at once, its transaction left open. */
        void crash() {
            crashed = true;
            producer.close(Duration.ZERO);
        }

        @Override
        public void close() {
            if (!crashed) {
                producer.close();
            }
            consumer.close(); // auto commit is off: leaving the group commits nothing
        }
    }
}
