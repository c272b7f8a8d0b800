package io.tideway.gateway.handlers.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.txn.ProducerIdAndEpoch;
import io.tideway.broker.txn.TransactionCoordinator.AddMode;
import io.tideway.gateway.handlers.data.PartitionResolver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddPartitionsToTxnHandlerTest extends TxnHandlerTestBase {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_2 = new TopicPartition("orders", 2);
    private static final TopicPartition PAYMENTS_0 = new TopicPartition("payments", 0);

    private AddPartitionsToTxnHandler handler;

    @BeforeEach
    void createHandler() {
        handler = new AddPartitionsToTxnHandler(broker::transactions,
                new PartitionResolver(broker));
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3})
    void clientVersionsAddTheirPartitions(short version) throws Exception {
        ProducerIdAndEpoch producer = init("tx");

        AddPartitionsToTxnResponse response = call(handler, single("tx", producer,
                topic("orders", 0, 2), topic("payments", 0)), version);

        assertThat(response.errors().get(AddPartitionsToTxnResponse.V3_AND_BELOW_TXN_ID))
                .containsOnly(Map.entry(ORDERS_0, Errors.NONE), Map.entry(ORDERS_2, Errors.NONE),
                        Map.entry(PAYMENTS_0, Errors.NONE));
        assertThat(coordinator().addCalls()).singleElement().satisfies(add -> {
            assertThat(add.mode()).isEqualTo(AddMode.ADD);
            assertThat(add.partitions()).containsExactlyInAnyOrder(ORDERS_0, ORDERS_2,
                    PAYMENTS_0);
        });
        assertThat(coordinator().describe("tx").result().orElseThrow().state())
                .isEqualTo("Ongoing");
    }

    @Test
    void unknownTopicsOrPartitionsFailTheTransactionWithoutAttemptingTheRest()
            throws Exception {
        ProducerIdAndEpoch producer = init("tx");

        AddPartitionsToTxnResponse response = call(handler, single("tx", producer,
                topic("orders", 0, 7), topic("missing", 0)), (short) 3);

        assertThat(response.errors().get(AddPartitionsToTxnResponse.V3_AND_BELOW_TXN_ID))
                .containsOnly(Map.entry(ORDERS_0, Errors.OPERATION_NOT_ATTEMPTED),
                        Map.entry(new TopicPartition("orders", 7),
                                Errors.UNKNOWN_TOPIC_OR_PARTITION),
                        Map.entry(new TopicPartition("missing", 0),
                                Errors.UNKNOWN_TOPIC_OR_PARTITION));
        assertThat(coordinator().addCalls()).isEmpty();
    }

    @Test
    void clientsCannotAddInternalTopicPartitions() throws Exception {
        broker.createTopic("__consumer_offsets", 1, true);
        ProducerIdAndEpoch producer = init("tx");

        AddPartitionsToTxnResponse response = call(handler, single("tx", producer,
                topic("__consumer_offsets", 0), topic("orders", 0)), (short) 3);

        assertThat(response.errors().get(AddPartitionsToTxnResponse.V3_AND_BELOW_TXN_ID))
                .containsOnly(Map.entry(new TopicPartition("__consumer_offsets", 0),
                                Errors.TOPIC_AUTHORIZATION_FAILED),
                        Map.entry(ORDERS_0, Errors.OPERATION_NOT_ATTEMPTED));
    }

    @Test
    void producerFencedIsInvalidProducerEpochBeforeV2() throws Exception {
        ProducerIdAndEpoch producer = init("tx");
        ProducerIdAndEpoch stale = new ProducerIdAndEpoch(producer.producerId(),
                (short) (producer.epoch() - 1));

        AddPartitionsToTxnResponse v1 = call(handler, single("tx", stale, topic("orders", 0)),
                (short) 1);
        AddPartitionsToTxnResponse v2 = call(handler, single("tx", stale, topic("orders", 0)),
                (short) 2);

        assertThat(v1.errors().get(AddPartitionsToTxnResponse.V3_AND_BELOW_TXN_ID))
                .containsOnly(Map.entry(ORDERS_0, Errors.INVALID_PRODUCER_EPOCH));
        assertThat(v2.errors().get(AddPartitionsToTxnResponse.V3_AND_BELOW_TXN_ID))
                .containsOnly(Map.entry(ORDERS_0, Errors.PRODUCER_FENCED));
    }

    @Test
    void coordinatorFailuresApplyToEveryPartitionOfTheTransaction() throws Exception {
        ProducerIdAndEpoch producer = init("tx");
        coordinator().failWith(new CoordinatorLoadInProgressException("recovering"));

        AddPartitionsToTxnResponse response = call(handler, single("tx", producer,
                topic("orders", 0, 2)), (short) 3);

        assertThat(response.errors().get(AddPartitionsToTxnResponse.V3_AND_BELOW_TXN_ID))
                .containsOnly(Map.entry(ORDERS_0, Errors.COORDINATOR_LOAD_IN_PROGRESS),
                        Map.entry(ORDERS_2, Errors.COORDINATOR_LOAD_IN_PROGRESS));
    }

    @Test
    void anEmptyTransactionalIdIsAnInvalidRequest() throws Exception {
        AddPartitionsToTxnResponse response = call(handler, single("",
                new ProducerIdAndEpoch(1, (short) 0), topic("orders", 0)), (short) 3);

        assertThat(response.errors().get(AddPartitionsToTxnResponse.V3_AND_BELOW_TXN_ID))
                .containsOnly(Map.entry(ORDERS_0, Errors.INVALID_REQUEST));
    }

    @ParameterizedTest
    @ValueSource(shorts = {4, 5})
    void batchedVersionsAnswerEachTransactionAndVerifyOnlyChecks(short version)
            throws Exception {
        ProducerIdAndEpoch a = init("tx-a");
        ProducerIdAndEpoch b = init("tx-b");
        coordinator().addPartitions("tx-a", a.producerId(), a.epoch(), Set.of(ORDERS_0),
                AddMode.ADD);
        AddPartitionsToTxnTransactionCollection transactions =
                new AddPartitionsToTxnTransactionCollection();
        transactions.add(transaction("tx-a", a, true, topic("orders", 0, 2)));
        transactions.add(transaction("tx-b", b, false, topic("payments", 0)));
        transactions.add(transaction("tx-c", b, false, topic("missing", 1)));

        AddPartitionsToTxnResponse response = call(handler,
                new AddPartitionsToTxnRequestData().setTransactions(transactions), version);

        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.errors().get("tx-a")).containsOnly(
                Map.entry(ORDERS_0, Errors.NONE), Map.entry(ORDERS_2, Errors.INVALID_TXN_STATE));
        assertThat(response.errors().get("tx-b")).containsOnly(
                Map.entry(PAYMENTS_0, Errors.NONE));
        assertThat(response.errors().get("tx-c")).containsOnly(
                Map.entry(new TopicPartition("missing", 1), Errors.UNKNOWN_TOPIC_OR_PARTITION));
        assertThat(coordinator().addCalls()).extracting(FakeTransactionCoordinator.AddCall::mode)
                .containsExactly(AddMode.ADD, AddMode.VERIFY, AddMode.ADD);
        assertThat(coordinator().describe("tx-a").result().orElseThrow().partitions())
                .containsExactly(ORDERS_0);
    }

    private static AddPartitionsToTxnRequestData single(String transactionalId,
            ProducerIdAndEpoch producer, AddPartitionsToTxnTopic... topics) {
        AddPartitionsToTxnTopicCollection collection = new AddPartitionsToTxnTopicCollection();
        for (AddPartitionsToTxnTopic topic : topics) {
            collection.add(topic);
        }
        return new AddPartitionsToTxnRequestData().setV3AndBelowTransactionalId(transactionalId)
                .setV3AndBelowProducerId(producer.producerId())
                .setV3AndBelowProducerEpoch(producer.epoch())
                .setV3AndBelowTopics(collection);
    }

    private static AddPartitionsToTxnTransaction transaction(String transactionalId,
            ProducerIdAndEpoch producer, boolean verifyOnly, AddPartitionsToTxnTopic... topics) {
        AddPartitionsToTxnTopicCollection collection = new AddPartitionsToTxnTopicCollection();
        for (AddPartitionsToTxnTopic topic : topics) {
            collection.add(topic);
        }
        return new AddPartitionsToTxnTransaction().setTransactionalId(transactionalId)
                .setProducerId(producer.producerId()).setProducerEpoch(producer.epoch())
                .setVerifyOnly(verifyOnly).setTopics(collection);
    }

    private static AddPartitionsToTxnTopic topic(String name, Integer... partitions) {
        return new AddPartitionsToTxnTopic().setName(name).setPartitions(List.of(partitions));
    }
}
