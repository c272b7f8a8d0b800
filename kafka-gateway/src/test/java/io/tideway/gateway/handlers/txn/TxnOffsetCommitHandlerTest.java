package io.tideway.gateway.handlers.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.TopicInfo;
import io.tideway.broker.txn.ProducerIdAndEpoch;
import io.tideway.broker.txn.TransactionCoordinator;
import io.tideway.gateway.handlers.data.PartitionResolver;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.TxnOffsetCommitResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TxnOffsetCommitHandlerTest extends TxnHandlerTestBase {

    private TxnOffsetCommitHandler handler;
    private ProducerIdAndEpoch producer;

    @BeforeEach
    void createHandler() throws Exception {
        handler = new TxnOffsetCommitHandler(broker::transactions, broker.groups(),
                broker.topics(), new PartitionResolver(broker));
        producer = init("tx");
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 2, 3, 4})
    void transactionVersionOneOnlyStoresPendingOffsets(short version) throws Exception {
        TxnOffsetCommitResponse response = commit(version, "word-count",
                named("orders", 0, 1), named("payments", 0));

        assertThat(errors(response)).containsOnly(
                Map.entry("orders-0", Errors.NONE),
                Map.entry("orders-1", Errors.NONE),
                Map.entry("payments-0", Errors.NONE));
        assertThat(broker.groups().pendingOffsets("word-count", producer.producerId()))
                .containsOnlyKeys("orders/0", "orders/1", "payments/0");
        assertThat(broker.groups().committedOffset("word-count", "orders", 0)).isEqualTo(-1L);
        assertThat(coordinator().describe("tx").result().orElseThrow().partitions()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(shorts = {5, 6})
    void transactionVersionTwoAddsTheOffsetsPartitionFirst(short version) throws Exception {
        TopicInfo orders = broker.topics().byName("orders").orElseThrow();

        TxnOffsetCommitResponse response = commit(version, "word-count", version >= 6
                ? byId(orders.id(), 2) : named("orders", 2));

        assertThat(errors(response)).containsOnly(
                Map.entry((version >= 6 ? orders.id().toString() : "orders") + "-2", Errors.NONE));
        if (version >= 6) {
            assertThat(response.data().topics()).singleElement()
                    .extracting(TxnOffsetCommitResponseTopic::topicId).isEqualTo(orders.id());
        }
        assertThat(coordinator().describe("tx").result().orElseThrow().partitions())
                .containsExactly(TransactionCoordinator.offsetsPartitionFor("word-count"));
        assertThat(broker.groups().pendingOffsets("word-count", producer.producerId()))
                .containsOnlyKeys("orders/2");
    }

    @Test
    void aFailedImplicitAddAnswersEveryPartitionAsTheGroupCoordinatorTranslatesIt()
            throws Exception {
        ProducerIdAndEpoch stale = new ProducerIdAndEpoch(producer.producerId(),
                (short) (producer.epoch() - 1));

        TxnOffsetCommitResponse fenced = commit((short) 5, stale, "g", named("orders", 0, 1));
        coordinator().failWith(new NetworkException("lost"));
        TxnOffsetCommitResponse network = commit((short) 5, "g", named("orders", 0));
        coordinator().failWith(new NotEnoughReplicasException("slow"));
        TxnOffsetCommitResponse replicas = commit((short) 5, "g", named("orders", 0));

        assertThat(errors(fenced)).containsOnly(
                Map.entry("orders-0", Errors.INVALID_PRODUCER_EPOCH),
                Map.entry("orders-1", Errors.INVALID_PRODUCER_EPOCH));
        assertThat(errors(network).values()).containsOnly(Errors.COORDINATOR_LOAD_IN_PROGRESS);
        assertThat(errors(replicas).values()).containsOnly(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(broker.groups().pendingOffsets("g", producer.producerId())).isEmpty();
    }

    @Test
    void unknownTopicsAndPartitionsAreAnsweredWithoutTheCoordinators() throws Exception {
        TxnOffsetCommitResponse byName = commit((short) 5, "g", named("missing", 0),
                named("orders", 9));
        TxnOffsetCommitResponse byUnknownId = commit((short) 6, "g", byId(Uuid.randomUuid(), 0));

        assertThat(errors(byName)).containsOnly(
                Map.entry("missing-0", Errors.UNKNOWN_TOPIC_OR_PARTITION),
                Map.entry("orders-9", Errors.UNKNOWN_TOPIC_OR_PARTITION));
        assertThat(errors(byUnknownId).values()).containsOnly(Errors.UNKNOWN_TOPIC_ID);
        assertThat(coordinator().describe("tx").result().orElseThrow().partitions()).isEmpty();
        assertThat(broker.groups().lastRequest()).isNull();
    }

    @Test
    void knownPartitionsAreCommittedNextToRefusedOnes() throws Exception {
        TxnOffsetCommitResponse response = commit((short) 3, "g", named("orders", 0, 5));

        assertThat(errors(response)).containsOnly(
                Map.entry("orders-0", Errors.NONE),
                Map.entry("orders-5", Errors.UNKNOWN_TOPIC_OR_PARTITION));
        assertThat(broker.groups().pendingOffsets("g", producer.producerId()))
                .containsOnlyKeys("orders/0");
    }

    @Test
    void emptyGroupIdsAndGroupCoordinatorFailures() throws Exception {
        TxnOffsetCommitResponse empty = commit((short) 5, "", named("orders", 0));
        broker.groups().failWith(new NotEnoughReplicasException("store"));
        TxnOffsetCommitResponse failed = commit((short) 3, "g", named("orders", 0));

        assertThat(errors(empty).values()).containsOnly(Errors.INVALID_GROUP_ID);
        assertThat(coordinator().describe("tx").result().orElseThrow().partitions()).isEmpty();
        assertThat(errors(failed).values()).containsOnly(Errors.COORDINATOR_NOT_AVAILABLE);
    }

    private TxnOffsetCommitResponse commit(short version, String group,
            TxnOffsetCommitRequestTopic... topics) throws Exception {
        return commit(version, producer, group, topics);
    }

    private TxnOffsetCommitResponse commit(short version, ProducerIdAndEpoch producer,
            String group, TxnOffsetCommitRequestTopic... topics) throws Exception {
        TxnOffsetCommitRequestData data = new TxnOffsetCommitRequestData()
                .setTransactionalId("tx").setGroupId(group)
                .setProducerId(producer.producerId()).setProducerEpoch(producer.epoch())
                .setTopics(List.of(topics));
        return call(handler, data, version);
    }

    /** Errors by "topic-partition", the topic by name (v0-v5) or by id (v6). */
    private static Map<String, Errors> errors(TxnOffsetCommitResponse response) {
        Map<String, Errors> errors = new java.util.LinkedHashMap<>();
        for (TxnOffsetCommitResponseTopic topic : response.data().topics()) {
            String name = topic.name().isEmpty() ? topic.topicId().toString() : topic.name();
            topic.partitions().forEach(partition -> errors.put(name + "-"
                    + partition.partitionIndex(), Errors.forCode(partition.errorCode())));
        }
        return errors;
    }

    private static TxnOffsetCommitRequestTopic named(String topic, Integer... partitions) {
        return new TxnOffsetCommitRequestTopic().setName(topic).setPartitions(
                partitions(partitions));
    }

    private static TxnOffsetCommitRequestTopic byId(Uuid id, Integer... partitions) {
        return new TxnOffsetCommitRequestTopic().setTopicId(id).setPartitions(
                partitions(partitions));
    }

    private static List<TxnOffsetCommitRequestPartition> partitions(Integer... indexes) {
        return java.util.Arrays.stream(indexes).map(index -> new TxnOffsetCommitRequestPartition()
                .setPartitionIndex(index).setCommittedOffset(42L)).toList();
    }
}
