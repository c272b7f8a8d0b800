package io.tideway.server.transactions;

import static io.tideway.server.testing.KafkaClients.createTopic;
import static io.tideway.server.transactions.TransactionalClients.activeProducers;
import static io.tideway.server.transactions.TransactionalClients.awaitState;
import static io.tideway.server.transactions.TransactionalClients.describe;
import static io.tideway.server.transactions.TransactionalClients.highWatermark;
import static io.tideway.server.transactions.TransactionalClients.lastStableOffset;
import static io.tideway.server.transactions.TransactionalClients.listOffset;
import static io.tideway.server.transactions.TransactionalClients.partitions;
import static io.tideway.server.transactions.TransactionalClients.unique;
import static io.tideway.server.transactions.TransactionalClients.valuesToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * What read_committed and read_uncommitted readers, ListOffsets, DescribeTransactions and
 * DescribeProducers see of many committed and aborted transactions, for one transaction version
 * (each concrete subclass runs these tests against a broker with its {@code transaction.version}).
 *
 * <p>One producer runs 100 transactions of 10 records over a 3-partition topic, record {@code j}
 * to partition {@code j % 3}, and aborts every third. Each transaction writes one marker per
 * partition, so partition 0 ends at 100 × (4 + 1) = 500 and partitions 1 and 2 at 100 × (3 + 1) =
 * 400. Then a 101st transaction is left open while the last stable offset and the producer state
 * are checked, and committed.
 */
abstract class TransactionSemantics {

    private static final int TRANSACTIONS = 100;
    private static final int RECORDS_PER_TRANSACTION = 10;
    private static final int PARTITIONS = 3;

    /** The broker's {@code transaction.version} this class runs under. */
    abstract int transactionVersion();

    /**
     * The producer epoch after {@code completed} transactions of a new transactional id: it
     * starts at 0; transaction version 2 (KIP-890) bumps it at the end of every transaction,
     * version 1 only on InitProducerId and timeouts.
     */
    private short epochAfter(int completed) {
        return (short) (transactionVersion() >= 2 ? completed : 0);
    }

    private static boolean aborted(int transaction) {
        return transaction % 3 == 2;
    }

    private static String value(int transaction, int record) {
        return "t" + transaction + "-r" + record;
    }

    @Test
    void readCommittedSeesExactlyTheCommittedTransactions(RunningBroker broker) {
        String topic = unique("txn-hundred");
        String transactionalId = unique("txn-hundred-producer");
        List<TopicPartition> partitions = partitions(topic, PARTITIONS);
        Map<TopicPartition, List<String>> committed = new HashMap<>();
        Map<TopicPartition, List<String>> written = new HashMap<>();
        partitions.forEach(p -> {
            committed.put(p, new ArrayList<>());
            written.put(p, new ArrayList<>());
        });
        try (Admin admin = KafkaClients.admin(broker);
                KafkaProducer<String, String> producer = TransactionalClients.initialisedProducer(
                        broker, transactionalId)) {
            createTopic(admin, topic, PARTITIONS, Map.of());
            for (int t = 0; t < TRANSACTIONS; t++) {
                producer.beginTransaction();
                for (int r = 0; r < RECORDS_PER_TRANSACTION; r++) {
                    TopicPartition partition = partitions.get(r % PARTITIONS);
                    producer.send(new ProducerRecord<>(topic, partition.partition(), "t" + t,
                            value(t, r)));
                    written.get(partition).add(value(t, r));
                    if (!aborted(t)) {
                        committed.get(partition).add(value(t, r));
                    }
                }
                if (aborted(t)) {
                    producer.flush(); // the aborted records reach the log, as a crash would leave them
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                }
            }

            TransactionDescription done = awaitState(admin, transactionalId,
                    TransactionState.COMPLETE_COMMIT);
            Map<TopicPartition, Long> ends = Map.of(partitions.get(0), 500L,
                    partitions.get(1), 400L, partitions.get(2), 400L);
            for (TopicPartition partition : partitions) {
                assertThat(highWatermark(admin, partition)).as("high watermark of %s", partition)
                        .isEqualTo(ends.get(partition));
                assertThat(lastStableOffset(admin, partition)).as("LSO of %s", partition)
                        .isEqualTo(ends.get(partition));
                assertThat(listOffset(admin, partition, OffsetSpec.earliest(),
                        IsolationLevel.READ_COMMITTED)).isZero();
            }
            try (KafkaConsumer<String, String> readCommitted = TransactionalClients.consumer(
                    broker, IsolationLevel.READ_COMMITTED);
                    KafkaConsumer<String, String> readUncommitted = TransactionalClients.consumer(
                            broker, IsolationLevel.READ_UNCOMMITTED)) {
                assertThat(valuesToEnd(readCommitted, partitions))
                        .as("read_committed: the committed records, per partition in order")
                        .isEqualTo(committed);
                assertThat(valuesToEnd(readUncommitted, partitions))
                        .as("read_uncommitted: every record, per partition in order")
                        .isEqualTo(written);
            }
            assertThat(done.producerEpoch()).isEqualTo(epochAfter(TRANSACTIONS));
            assertThat(done.topicPartitions()).isEmpty();

            anOpenTransactionHoldsBackTheLastStableOffset(admin, producer, transactionalId, ends);
        }
    }

    /** The 101st transaction: one record per partition, with a timestamp after all others. */
    private void anOpenTransactionHoldsBackTheLastStableOffset(Admin admin,
            KafkaProducer<String, String> producer, String transactionalId,
            Map<TopicPartition, Long> ends) {
        long future = System.currentTimeMillis() + 3_600_000;
        producer.beginTransaction();
        ends.keySet().forEach(p -> producer.send(new ProducerRecord<>(p.topic(), p.partition(),
                future, "open", "open-" + p.partition())));
        producer.flush();

        TransactionDescription open = describe(admin, transactionalId);
        assertThat(open.state()).isEqualTo(TransactionState.ONGOING);
        assertThat(open.topicPartitions()).containsExactlyInAnyOrderElementsOf(ends.keySet());
        assertThat(open.transactionStartTimeMs()).isPresent();
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            TopicPartition partition = end.getKey();
            long start = end.getValue();
            assertThat(lastStableOffset(admin, partition)).as("LSO held at the open transaction")
                    .isEqualTo(start);
            assertThat(highWatermark(admin, partition)).isEqualTo(start + 1);
            // A timestamp only the open transaction has: not found below the LSO.
            assertThat(listOffset(admin, partition, OffsetSpec.forTimestamp(future),
                    IsolationLevel.READ_UNCOMMITTED)).isEqualTo(start);
            assertThat(listOffset(admin, partition, OffsetSpec.forTimestamp(future),
                    IsolationLevel.READ_COMMITTED)).isEqualTo(-1);
            List<ProducerState> producers = activeProducers(admin, partition);
            assertThat(producers).as("DescribeProducers of %s", partition).hasSize(1);
            assertThat(producers.get(0).producerId()).isEqualTo(open.producerId());
            assertThat(producers.get(0).producerEpoch()).isEqualTo(open.producerEpoch());
            assertThat(producers.get(0).currentTransactionStartOffset()).hasValue(start);
        }

        producer.commitTransaction();
        TransactionDescription done = awaitState(admin, transactionalId,
                TransactionState.COMPLETE_COMMIT);
        assertThat(done.producerEpoch()).isEqualTo(epochAfter(TRANSACTIONS + 1));
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            TopicPartition partition = end.getKey();
            long markerEnd = end.getValue() + 2; // the record and the COMMIT marker
            assertThat(highWatermark(admin, partition)).isEqualTo(markerEnd);
            assertThat(lastStableOffset(admin, partition)).isEqualTo(markerEnd);
            assertThat(listOffset(admin, partition, OffsetSpec.forTimestamp(future),
                    IsolationLevel.READ_COMMITTED)).isEqualTo(end.getValue());
            List<ProducerState> producers = activeProducers(admin, partition);
            assertThat(producers).hasSize(1);
            assertThat(producers.get(0).producerId()).isEqualTo(done.producerId());
            assertThat(producers.get(0).producerEpoch()).isEqualTo(done.producerEpoch());
            assertThat(producers.get(0).currentTransactionStartOffset()).isEmpty();
        }
    }
}
