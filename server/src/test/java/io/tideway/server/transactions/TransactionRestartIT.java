package io.tideway.server.transactions;

import static io.tideway.server.testing.KafkaClients.createTopic;
import static io.tideway.server.transactions.TransactionalClients.awaitState;
import static io.tideway.server.transactions.TransactionalClients.highWatermark;
import static io.tideway.server.transactions.TransactionalClients.lastStableOffset;
import static io.tideway.server.transactions.TransactionalClients.partitions;
import static io.tideway.server.transactions.TransactionalClients.unique;
import static io.tideway.server.transactions.TransactionalClients.valuesToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Transactions across a broker restart on the same data directory: the coordinator's state and
 * each partition's producer state (ongoing transactions, last stable offset, aborted-transaction
 * index) are recovered. An open transaction whose producer is gone is aborted when it times out,
 * so read_committed readers are not stuck; one whose producer is still there can be committed;
 * transactions completed before the restart read back as before.
 */
@TidewayBrokerTest(config = "transaction.abort.timed.out.transaction.cleanup.interval.ms=500")
class TransactionRestartIT {

    private static final int PARTITIONS = 2;

    /** Sends one record per partition, values {@code <label>-<partition>}, and flushes. */
    private static void sendToEach(KafkaProducer<String, String> producer, String topic,
            String label, Map<TopicPartition, List<String>> log) {
        for (int p = 0; p < PARTITIONS; p++) {
            String value = label + "-" + p;
            producer.send(new ProducerRecord<>(topic, p, "k", value));
            log.get(new TopicPartition(topic, p)).add(value);
        }
        producer.flush();
    }

    private static Map<TopicPartition, List<String>> emptyLog(List<TopicPartition> partitions) {
        Map<TopicPartition, List<String>> log = new HashMap<>();
        partitions.forEach(p -> log.put(p, new ArrayList<>()));
        return log;
    }

    @Test
    void anAbandonedOpenTransactionIsAbortedAfterARestart(RunningBroker broker) {
        String topic = unique("restart-abandoned");
        String transactionalId = unique("restart-abandoned-app");
        List<TopicPartition> partitions = partitions(topic, PARTITIONS);
        Map<TopicPartition, List<String>> committed = emptyLog(partitions);
        Map<TopicPartition, List<String>> written = emptyLog(partitions);
        Map<TopicPartition, Long> openStart = new HashMap<>();
        try (Admin admin = KafkaClients.admin(broker)) {
            createTopic(admin, topic, PARTITIONS, Map.of());
        }
        KafkaProducer<String, String> producer = TransactionalClients.transactionalProducer(
                broker, transactionalId, Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 6000));
        try {
            producer.initTransactions();
            producer.beginTransaction();
            sendToEach(producer, topic, "committed", written);
            producer.commitTransaction();
            committed.forEach((p, values) -> values.addAll(written.get(p)));
            producer.beginTransaction();
            sendToEach(producer, topic, "aborted", written);
            producer.abortTransaction();
            producer.beginTransaction();
            sendToEach(producer, topic, "open", written);
            try (Admin admin = KafkaClients.admin(broker)) {
                for (TopicPartition p : partitions) {
                    openStart.put(p, lastStableOffset(admin, p));
                }
            }
            // Offsets per partition: record, COMMIT, record, ABORT, open record.
            assertThat(openStart).containsOnlyKeys(partitions).allSatisfy((p, lso) ->
                    assertThat(lso).isEqualTo(4));
        } finally {
            producer.close(Duration.ZERO); // gone without ending its transaction
        }

        broker.restart();

        try (Admin admin = KafkaClients.admin(broker);
                KafkaConsumer<String, String> reader = TransactionalClients.consumer(broker,
                        IsolationLevel.READ_COMMITTED)) {
            // Aborted once its timeout passes (measured from its start, before the restart).
            awaitState(admin, transactionalId, TransactionState.COMPLETE_ABORT);
            for (TopicPartition p : partitions) {
                assertThat(highWatermark(admin, p)).as("the ABORT marker of %s", p).isEqualTo(6);
                assertThat(lastStableOffset(admin, p)).isEqualTo(6);
            }
            assertThat(valuesToEnd(reader, partitions))
                    .as("the transaction committed before the restart, nothing else")
                    .isEqualTo(committed);
            String nextId = unique("restart-next");
            try (KafkaProducer<String, String> next = TransactionalClients.initialisedProducer(
                    broker, nextId)) {
                next.beginTransaction();
                sendToEach(next, topic, "later", written);
                next.commitTransaction();
            }
            awaitState(admin, nextId, TransactionState.COMPLETE_COMMIT);
            partitions.forEach(p -> committed.get(p).add("later-" + p.partition()));
            assertThat(valuesToEnd(reader, partitions)).isEqualTo(committed);
        }
        try (KafkaConsumer<String, String> everything = TransactionalClients.consumer(broker,
                IsolationLevel.READ_UNCOMMITTED)) {
            assertThat(valuesToEnd(everything, partitions)).isEqualTo(written);
        }
    }

    @Test
    void aTransactionOpenAcrossARestartCanBeCommitted(RunningBroker broker) {
        String topic = unique("restart-open");
        List<TopicPartition> partitions = partitions(topic, PARTITIONS);
        Map<TopicPartition, List<String>> written = emptyLog(partitions);
        String transactionalId = unique("restart-open-app");
        try (Admin admin = KafkaClients.admin(broker);
                KafkaProducer<String, String> producer = TransactionalClients.initialisedProducer(
                        broker, transactionalId)) {
            createTopic(admin, topic, PARTITIONS, Map.of());
            producer.beginTransaction();
            sendToEach(producer, topic, "before", written);

            broker.restart();

            for (TopicPartition p : partitions) {
                assertThat(lastStableOffset(admin, p)).as("LSO of %s, recovered", p).isZero();
                assertThat(highWatermark(admin, p)).isEqualTo(1);
            }
            sendToEach(producer, topic, "after", written);
            producer.commitTransaction();
            awaitState(admin, transactionalId, TransactionState.COMPLETE_COMMIT);
            for (TopicPartition p : partitions) {
                assertThat(lastStableOffset(admin, p)).isEqualTo(3);
            }
            try (KafkaConsumer<String, String> reader = TransactionalClients.consumer(broker,
                    IsolationLevel.READ_COMMITTED)) {
                assertThat(valuesToEnd(reader, partitions)).isEqualTo(written);
            }
        }
    }
}
