package io.tideway.server.transactions;

import static io.tideway.server.testing.KafkaClients.createTopic;
import static io.tideway.server.transactions.TransactionalClients.WAIT;
import static io.tideway.server.transactions.TransactionalClients.awaitState;
import static io.tideway.server.transactions.TransactionalClients.describe;
import static io.tideway.server.transactions.TransactionalClients.fenced;
import static io.tideway.server.transactions.TransactionalClients.highWatermark;
import static io.tideway.server.transactions.TransactionalClients.lastStableOffset;
import static io.tideway.server.transactions.TransactionalClients.unique;
import static io.tideway.server.transactions.TransactionalClients.valuesToEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A transaction left open past its {@code transaction.timeout.ms} is aborted by the coordinator
 * (which checks every {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}, 500 ms
 * here): the last stable offset moves past it, a read_committed consumer that was held at it
 * goes on to the records committed after it, and the abandoned producer is fenced.
 */
@TidewayBrokerTest(config = "transaction.abort.timed.out.transaction.cleanup.interval.ms=500")
class TransactionTimeoutIT {

    /** Long enough for the checks made while it is open on a slow machine, short for the test. */
    private static final int TIMEOUT_MS = 5000;

    @Test
    void aTimedOutTransactionIsAbortedAndItsProducerFenced(RunningBroker broker) {
        String topic = unique("timeout");
        String abandonedId = unique("timeout-abandoned");
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = KafkaClients.admin(broker);
                KafkaProducer<String, String> abandoned = TransactionalClients
                        .transactionalProducer(broker, abandonedId,
                                Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TIMEOUT_MS));
                KafkaConsumer<String, String> reader = TransactionalClients.consumer(broker,
                        IsolationLevel.READ_COMMITTED)) {
            createTopic(admin, topic, 1, Map.of());
            abandoned.initTransactions();
            abandoned.beginTransaction();
            for (int i = 0; i < 5; i++) {
                abandoned.send(new ProducerRecord<>(topic, 0, "k", "abandoned-" + i));
            }
            abandoned.flush();
            short epoch = (short) describe(admin, abandonedId).producerEpoch();
            String otherId = unique("timeout-other");
            try (KafkaProducer<String, String> other = TransactionalClients.initialisedProducer(
                    broker, otherId)) {
                other.beginTransaction();
                for (int i = 0; i < 3; i++) {
                    other.send(new ProducerRecord<>(topic, 0, "k", "after-" + i));
                }
                other.commitTransaction();
            }
            awaitState(admin, otherId, TransactionState.COMPLETE_COMMIT);
            // Offsets 0-4 open, 5-7 committed, 8 their COMMIT marker.
            assertThat(highWatermark(admin, partition)).isEqualTo(9);
            assertThat(lastStableOffset(admin, partition)).as("held at the open transaction")
                    .isZero();
            reader.assign(List.of(partition));
            reader.seekToBeginning(List.of(partition));
            assertThat(reader.poll(Duration.ofMillis(200))).as("nothing below the LSO").isEmpty();

            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(Duration.ofMillis(TIMEOUT_MS).plus(WAIT)).pollInSameThread()
                    .pollInterval(Duration.ZERO).until(() -> {
                        reader.poll(Duration.ofMillis(100)).forEach(seen::add);
                        return seen.size() >= 3;
                    });
            assertThat(seen).extracting(ConsumerRecord::value)
                    .containsExactly("after-0", "after-1", "after-2");
            assertThat(highWatermark(admin, partition)).as("the ABORT marker").isEqualTo(10);
            assertThat(lastStableOffset(admin, partition)).isEqualTo(10);
            TransactionDescription aborted = awaitState(admin, abandonedId,
                    TransactionState.COMPLETE_ABORT);
            assertThat(aborted.producerEpoch()).as("bumped to fence the producer")
                    .isGreaterThan(epoch);

            Throwable failure = catchThrowable(() -> {
                abandoned.send(new ProducerRecord<>(topic, 0, "k", "too-late"));
                abandoned.commitTransaction();
            });
            assertThat(fenced(failure)).as("fenced: %s", failure).isTrue();
            try (KafkaConsumer<String, String> everything = TransactionalClients.consumer(broker,
                    IsolationLevel.READ_UNCOMMITTED)) {
                assertThat(valuesToEnd(everything, List.of(partition)).get(partition))
                        .containsExactly("abandoned-0", "abandoned-1", "abandoned-2",
                                "abandoned-3", "abandoned-4", "after-0", "after-1", "after-2");
            }
            assertThat(valuesToEnd(reader, List.of(partition)).get(partition))
                    .containsExactly("after-0", "after-1", "after-2");
        }
    }
}
