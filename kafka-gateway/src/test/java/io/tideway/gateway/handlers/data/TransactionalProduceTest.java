package io.tideway.gateway.handlers.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tideway.broker.TopicInfo;
import io.tideway.broker.txn.ProducerIdAndEpoch;
import io.tideway.broker.txn.TransactionCoordinator.AddMode;
import io.tideway.gateway.Reply;
import io.tideway.gateway.RequestContext;
import io.tideway.gateway.handlers.txn.FakeTransactionCoordinator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Produce with transactional batches: verification (v3-v11) and implicit adds (v12+). */
class TransactionalProduceTest extends EngineTestBase {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

    private TopicInfo orders;
    private ProduceHandler handler;
    private ProducerIdAndEpoch producer;

    @BeforeEach
    void createTopic() throws Exception {
        orders = broker.createTopic("orders", 2);
        handler = new ProduceHandler(broker, vertx);
        producer = HandlerCalls.await(coordinator().initProducerId("tx", 60_000, -1L,
                (short) -1));
    }

    @ParameterizedTest
    @ValueSource(shorts = {3, 9, 11})
    void beforeV12APartitionNotAddedToTheTransactionIsRefused(short version) throws Exception {
        ProduceResponse response = produce(version, transactional(0), plain(1));

        PartitionProduceResponse refused = partition(response, 0);
        assertThat(Errors.forCode(refused.errorCode())).isEqualTo(Errors.INVALID_TXN_STATE);
        // error_message exists from Produce v8.
        assertThat(refused.errorMessage()).isEqualTo(version >= 8
                ? "Partition was not added to the transaction" : null);
        assertThat(Errors.forCode(partition(response, 1).errorCode())).isEqualTo(Errors.NONE);
        assertThat(broker.partition("orders", 0).logEndOffset()).isZero();
        assertThat(coordinator().addCalls()).singleElement().satisfies(call -> {
            assertThat(call.mode()).isEqualTo(AddMode.VERIFY);
            assertThat(call.partitions()).containsExactly(ORDERS_0);
            assertThat(call.producerId()).isEqualTo(producer.producerId());
        });
    }

    @Test
    void beforeV12AnAddedPartitionIsVerifiedAndAppended() throws Exception {
        HandlerCalls.await(coordinator().addPartitions("tx", producer.producerId(),
                producer.epoch(), Set.of(ORDERS_0), AddMode.ADD));

        ProduceResponse response = produce((short) 11, transactional(0));

        assertThat(Errors.forCode(partition(response, 0).errorCode())).isEqualTo(Errors.NONE);
        assertThat(broker.partition("orders", 0).logEndOffset()).isEqualTo(2);
        assertThat(broker.partition("orders", 0).lastStableOffset()).isZero();
    }

    @ParameterizedTest
    @ValueSource(shorts = {12, 13})
    void fromV12PartitionsAreAddedImplicitly(short version) throws Exception {
        ProduceResponse response = produce(version, transactional(0));

        assertThat(Errors.forCode(partition(response, 0).errorCode())).isEqualTo(Errors.NONE);
        assertThat(coordinator().addCalls()).singleElement()
                .satisfies(call -> assertThat(call.mode()).isEqualTo(AddMode.ADD_FOR_PRODUCE));
        assertThat(coordinator().describe("tx").result().orElseThrow().partitions())
                .containsExactly(ORDERS_0);
        assertThat(broker.partition("orders", 0).logEndOffset()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(shorts = {11, 12})
    void anUnavailableCoordinatorIsNotEnoughReplicasWhichClientsRetry(short version)
            throws Exception {
        coordinator().failWith(new CoordinatorNotAvailableException("moving"));

        PartitionProduceResponse refused = partition(produce(version, transactional(0)), 0);

        assertThat(Errors.forCode(refused.errorCode())).isEqualTo(Errors.NOT_ENOUGH_REPLICAS);
        assertThat(refused.errorMessage()).isEqualTo("Unable to verify the partition has been"
                + " added to the transaction. Underlying error: COORDINATOR_NOT_AVAILABLE");
    }

    @Test
    void concurrentTransactionsAreRetriedFromV12AndNotEnoughReplicasBefore() throws Exception {
        coordinator().answerConcurrently(2);
        PartitionProduceResponse v12 = partition(produce((short) 12, transactional(0)), 0);
        coordinator().answerConcurrently(1);
        PartitionProduceResponse v11 = partition(produce((short) 11, transactional(1)), 1);

        assertThat(Errors.forCode(v12.errorCode())).isEqualTo(Errors.NONE);
        assertThat(coordinator().addCalls()).hasSize(4);
        assertThat(Errors.forCode(v11.errorCode())).isEqualTo(Errors.NOT_ENOUGH_REPLICAS);
        assertThat(v11.errorMessage()).endsWith("Underlying error: CONCURRENT_TRANSACTIONS");
    }

    @Test
    void fromV12ConcurrentTransactionsIsReturnedOnceTheRetriesRunOut() throws Exception {
        coordinator().answerConcurrently(1_000);

        PartitionProduceResponse refused = partition(produce((short) 12, transactional(0)), 0);

        assertThat(Errors.forCode(refused.errorCode())).isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(coordinator().addCalls().size()).isBetween(2,
                (int) (TransactionVerifier.RETRY_TIMEOUT_MS / TransactionVerifier.RETRY_BACKOFF_MS)
                        + 1);
    }

    @ParameterizedTest
    @ValueSource(shorts = {10, 11, 12})
    void fencedProducersGetInvalidProducerEpoch(short version) throws Exception {
        HandlerCalls.await(coordinator().initProducerId("tx", 60_000, -1L, (short) -1));

        PartitionProduceResponse refused = partition(produce(version, transactional(0)), 0);

        assertThat(Errors.forCode(refused.errorCode())).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
        assertThat(broker.partition("orders", 0).logEndOffset()).isZero();
    }

    @ParameterizedTest
    @ValueSource(shorts = {10, 11})
    void transactionAbortableIsInvalidTxnStateForClientsThatDoNotKnowIt(short version)
            throws Exception {
        coordinator().answerFor(ORDERS_0, Errors.TRANSACTION_ABORTABLE);

        PartitionProduceResponse refused = partition(produce(version, transactional(0)), 0);

        assertThat(Errors.forCode(refused.errorCode())).isEqualTo(version >= 11
                ? Errors.TRANSACTION_ABORTABLE : Errors.INVALID_TXN_STATE);
    }

    @Test
    void aProducersPipelinedRequestsAreAppendedInArrivalOrder() throws Exception {
        // The first request's verification is slow; the second's partition is then already in
        // the transaction and answers at once, on the event loop. Its batch (sequence 2) must
        // still be appended after the first's (sequence 0).
        Promise<Void> slowStore = coordinator().holdNextAdd();
        RequestContext context = HandlerCalls.context(vertx.getOrCreateContext(),
                ApiKeys.PRODUCE, (short) 12, "producer-1", true);
        Future<Reply> first = HandlerCalls.start(handler, context,
                request((short) 12, transactional(0, 0)));
        Future<Reply> second = HandlerCalls.start(handler, context,
                request((short) 12, transactional(0, 2)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> coordinator().addCalls().size() == 2);
        slowStore.complete();

        PartitionProduceResponse firstAnswer = partition(decode(first), 0);
        PartitionProduceResponse secondAnswer = partition(decode(second), 0);
        assertThat(Errors.forCode(firstAnswer.errorCode())).isEqualTo(Errors.NONE);
        assertThat(Errors.forCode(secondAnswer.errorCode())).isEqualTo(Errors.NONE);
        assertThat(firstAnswer.baseOffset()).isZero();
        assertThat(secondAnswer.baseOffset()).isEqualTo(2);
    }

    @Test
    void requestsWithoutTransactionalBatchesNeverAskTheCoordinator() throws Exception {
        MemoryRecords idempotent = MemoryRecords.withIdempotentRecords(Compression.NONE, 3L,
                (short) 0, 0, new SimpleRecord("v".getBytes()));

        ProduceResponse response = produce((short) 12, plain(0), topic(1, idempotent));

        assertThat(Errors.forCode(partition(response, 0).errorCode())).isEqualTo(Errors.NONE);
        assertThat(Errors.forCode(partition(response, 1).errorCode())).isEqualTo(Errors.NONE);
        assertThat(coordinator().addCalls()).isEmpty();
    }

    @Test
    void aPartitionThatIsNotOpenIsAnsweredWithoutTheCoordinator() throws Exception {
        broker.closePartition(ORDERS_0);

        PartitionProduceResponse refused = partition(produce((short) 12, transactional(0)), 0);

        assertThat(Errors.forCode(refused.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(coordinator().addCalls()).isEmpty();
    }

    private FakeTransactionCoordinator coordinator() {
        return broker.transactions();
    }

    private TopicProduceData transactional(int partition) {
        return transactional(partition, 0);
    }

    private TopicProduceData transactional(int partition, int baseSequence) {
        return topic(partition, MemoryRecords.withTransactionalRecords(Compression.NONE,
                producer.producerId(), producer.epoch(), baseSequence,
                new SimpleRecord("a".getBytes()), new SimpleRecord("b".getBytes())));
    }

    private TopicProduceData plain(int partition) {
        return topic(partition, Batches.batch(1, 8));
    }

    private TopicProduceData topic(int partition, MemoryRecords records) {
        TopicProduceData topic = new TopicProduceData().setName(orders.name())
                .setTopicId(orders.id());
        topic.partitionData().add(new PartitionProduceData().setIndex(partition)
                .setRecords(records));
        return topic;
    }

    private ProduceResponse produce(short version, TopicProduceData... topics) throws Exception {
        RequestContext context = HandlerCalls.context(vertx.getOrCreateContext(),
                ApiKeys.PRODUCE, version, "producer-1", true);
        return (ProduceResponse) HandlerCalls.decode(HandlerCalls.await(
                HandlerCalls.start(handler, context, request(version, topics))), ApiKeys.PRODUCE,
                version);
    }

    private static ProduceResponse decode(Future<Reply> reply) throws Exception {
        return (ProduceResponse) HandlerCalls.decode(HandlerCalls.await(reply), ApiKeys.PRODUCE,
                (short) 12);
    }

    private static ProduceRequest request(short version, TopicProduceData... topics) {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) 1)
                .setTimeoutMs(30_000).setTransactionalId("tx");
        for (TopicProduceData topic : topics) {
            TopicProduceData existing = data.topicData().find(topic.name(), topic.topicId());
            if (existing == null) {
                data.topicData().add(topic);
            } else {
                existing.partitionData().addAll(topic.partitionData());
            }
        }
        return HandlerCalls.wire(new ProduceRequest(data, version));
    }

    private static PartitionProduceResponse partition(ProduceResponse response, int index) {
        return response.data().responses().stream()
                .flatMap(topic -> topic.partitionResponses().stream())
                .filter(partition -> partition.index() == index)
                .findFirst().orElseThrow();
    }
}
