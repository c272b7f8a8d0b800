package io.tideway.gateway.handlers.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.gateway.handlers.data.Batches;
import io.tideway.gateway.handlers.data.FakePartition;
import io.tideway.gateway.handlers.data.HandlerCalls;
import io.tideway.gateway.handlers.data.PartitionResolver;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.ProducerState;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.DescribeProducersResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DescribeProducersHandlerTest extends TxnHandlerTestBase {

    private DescribeProducersHandler handler;

    @BeforeEach
    void createHandler() {
        handler = new DescribeProducersHandler(broker.topics(), new PartitionResolver(broker));
    }

    @Test
    void listsIdempotentAndTransactionalProducersWithTheOngoingTransactionStart()
            throws Exception {
        FakePartition orders = broker.partition("orders", 0);
        orders.appendDirect(MemoryRecords.withIdempotentRecords(Compression.NONE, 7L,
                (short) 1, 0, new SimpleRecord("a".getBytes()), new SimpleRecord("b".getBytes())));
        orders.appendDirect(Batches.transactional(9L, (short) 4, 3));
        HandlerCalls.await(orders.appendTxnMarker(9L, (short) 4, 2, true));
        orders.appendDirect(Batches.transactional(9L, (short) 4, 1));

        PartitionResponse partition = only(describe(topic("orders", 0)));

        assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partition.activeProducers()).extracting(ProducerState::producerId)
                .containsExactly(7L, 9L);
        ProducerState idempotent = partition.activeProducers().get(0);
        assertThat(idempotent.producerEpoch()).isEqualTo(1);
        assertThat(idempotent.lastSequence()).isEqualTo(1);
        assertThat(idempotent.currentTxnStartOffset()).isEqualTo(-1L);
        ProducerState transactional = partition.activeProducers().get(1);
        assertThat(transactional.coordinatorEpoch()).isEqualTo(2);
        assertThat(transactional.currentTxnStartOffset()).isEqualTo(6L);
    }

    @Test
    void invalidUnknownAndUnavailablePartitionsAnswerKafkasErrors() throws Exception {
        broker.takeOffline(new TopicPartition("orders", 1), new KafkaStorageException("disk"));
        broker.closePartition(new TopicPartition("orders", 2));

        DescribeProducersResponse response = describe(topic("orders", 1, 2, 5),
                topic("missing", 0, 1), topic("bad/name", 0));

        assertThat(errors(response, "orders")).containsExactly(Errors.KAFKA_STORAGE_ERROR,
                Errors.NOT_LEADER_OR_FOLLOWER, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(errors(response, "missing")).containsExactly(
                Errors.UNKNOWN_TOPIC_OR_PARTITION, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        PartitionResponse invalid = response.data().topics().stream()
                .filter(t -> t.name().equals("bad/name")).findFirst().orElseThrow()
                .partitions().get(0);
        assertThat(invalid.errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(invalid.errorMessage()).contains("bad/name");
    }

    private DescribeProducersResponse describe(TopicRequest... topics) throws Exception {
        DescribeProducersRequestData data = new DescribeProducersRequestData();
        for (TopicRequest topic : topics) {
            data.topics().add(topic);
        }
        return call(handler, data, (short) 0);
    }

    private static TopicRequest topic(String name, Integer... partitions) {
        return new TopicRequest().setName(name).setPartitionIndexes(List.of(partitions));
    }

    private static PartitionResponse only(DescribeProducersResponse response) {
        assertThat(response.data().topics()).hasSize(1);
        assertThat(response.data().topics().get(0).partitions()).hasSize(1);
        return response.data().topics().get(0).partitions().get(0);
    }

    private static List<Errors> errors(DescribeProducersResponse response, String topic) {
        return response.data().topics().stream().filter(t -> t.name().equals(topic))
                .flatMap(t -> t.partitions().stream())
                .map(p -> Errors.forCode(p.errorCode())).toList();
    }
}
