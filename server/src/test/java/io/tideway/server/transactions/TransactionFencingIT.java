package io.tideway.server.transactions;

import static io.tideway.server.testing.KafkaClients.createTopic;
import static io.tideway.server.transactions.TransactionalClients.awaitState;
import static io.tideway.server.transactions.TransactionalClients.describe;
import static io.tideway.server.transactions.TransactionalClients.fenced;
import static io.tideway.server.transactions.TransactionalClients.highWatermark;
import static io.tideway.server.transactions.TransactionalClients.lastStableOffset;
import static io.tideway.server.transactions.TransactionalClients.unique;
import static io.tideway.server.transactions.TransactionalClients.valuesToEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tideway.server.testing.KafkaClients;
import io.tideway.server.testing.RunningBroker;
import io.tideway.server.testing.TidewayBrokerTest;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Zombie fencing: a second producer with the same transactional id bumps the epoch, which aborts
 * the first producer's open transaction and makes every later request of the first fail with
 * {@code ProducerFencedException} (or {@code InvalidProducerEpochException}, as the 4.4 client
 * reports a stale epoch on some paths). Nothing the fenced producer wrote becomes visible to
 * read_committed readers.
 */
@TidewayBrokerTest
class TransactionFencingIT {

    @Test
    void aSecondProducerFencesTheFirstAndAbortsItsOpenTransaction(RunningBroker broker) {
        String topic = unique("fenced");
        String transactionalId = unique("fenced-app");
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = KafkaClients.admin(broker);
                KafkaProducer<String, String> zombie = TransactionalClients.initialisedProducer(
                        broker, transactionalId)) {
            createTopic(admin, topic, 1, Map.of());
            zombie.beginTransaction();
            for (int i = 0; i < 5; i++) {
                zombie.send(new ProducerRecord<>(topic, 0, "k", "zombie-" + i));
            }
            zombie.flush();
            TransactionDescription open = describe(admin, transactionalId);
            assertThat(open.state()).isEqualTo(TransactionState.ONGOING);
            assertThat(lastStableOffset(admin, partition)).isZero();

            try (KafkaProducer<String, String> successor = TransactionalClients
                    .initialisedProducer(broker, transactionalId)) {
                TransactionDescription fencedOff = describe(admin, transactionalId);
                assertThat(fencedOff.producerId()).isEqualTo(open.producerId());
                assertThat(fencedOff.producerEpoch()).isGreaterThan(open.producerEpoch());
                assertThat(fencedOff.state()).isIn(TransactionState.COMPLETE_ABORT,
                        TransactionState.EMPTY);
                assertThat(lastStableOffset(admin, partition))
                        .as("the zombie's transaction was aborted: nothing holds the LSO back")
                        .isEqualTo(highWatermark(admin, partition)).isEqualTo(6);

                Throwable failure = catchThrowable(() -> {
                    zombie.send(new ProducerRecord<>(topic, 0, "k", "zombie-late"));
                    zombie.commitTransaction();
                });
                assertThat(failure).as("the zombie's commit").isNotNull();
                assertThat(fenced(failure)).as("fenced: %s", failure).isTrue();

                successor.beginTransaction();
                for (int i = 0; i < 3; i++) {
                    successor.send(new ProducerRecord<>(topic, 0, "k", "successor-" + i));
                }
                successor.commitTransaction();
                awaitState(admin, transactionalId, TransactionState.COMPLETE_COMMIT);
            }
            try (KafkaConsumer<String, String> committed = TransactionalClients.consumer(broker,
                    IsolationLevel.READ_COMMITTED);
                    KafkaConsumer<String, String> everything = TransactionalClients.consumer(
                            broker, IsolationLevel.READ_UNCOMMITTED)) {
                assertThat(valuesToEnd(committed, List.of(partition)).get(partition))
                        .containsExactly("successor-0", "successor-1", "successor-2");
                assertThat(valuesToEnd(everything, List.of(partition)).get(partition))
                        .as("the fenced producer wrote nothing after being fenced")
                        .containsExactly("zombie-0", "zombie-1", "zombie-2", "zombie-3",
                                "zombie-4", "successor-0", "successor-1", "successor-2");
            }
        }
    }

    @Test
    void aFencedProducerCannotStartAnotherTransaction(RunningBroker broker) {
        String topic = unique("fenced-idle");
        String transactionalId = unique("fenced-idle-app");
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = KafkaClients.admin(broker);
                KafkaProducer<String, String> zombie = TransactionalClients.initialisedProducer(
                        broker, transactionalId);
                KafkaProducer<String, String> successor = TransactionalClients
                        .initialisedProducer(broker, transactionalId)) {
            createTopic(admin, topic, 1, Map.of());
            Throwable failure = catchThrowable(() -> {
                zombie.beginTransaction();
                zombie.send(new ProducerRecord<>(topic, 0, "k", "zombie"));
                zombie.commitTransaction();
            });
            assertThat(fenced(failure)).as("fenced: %s", failure).isTrue();
            try (KafkaConsumer<String, String> everything = TransactionalClients.consumer(broker,
                    IsolationLevel.READ_UNCOMMITTED)) {
                assertThat(valuesToEnd(everything, List.of(partition)).get(partition)).isEmpty();
            }
        }
    }
}
