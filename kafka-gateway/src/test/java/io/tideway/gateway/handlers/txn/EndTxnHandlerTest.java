package io.tideway.gateway.handlers.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.txn.ProducerIdAndEpoch;
import io.tideway.broker.txn.TransactionCoordinator.AddMode;
import io.tideway.gateway.handlers.data.HandlerCalls;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.EndTxnResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndTxnHandlerTest extends TxnHandlerTestBase {

    private EndTxnHandler handler;
    private ProducerIdAndEpoch producer;

    @BeforeEach
    void startTransaction() throws Exception {
        handler = new EndTxnHandler(broker::transactions);
        producer = init("tx");
        HandlerCalls.await(coordinator().addPartitions("tx", producer.producerId(),
                producer.epoch(), Set.of(new TopicPartition("orders", 0)), AddMode.ADD));
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 2, 4})
    void transactionVersionOneCommitsAndKeepsTheEpoch(short version) throws Exception {
        EndTxnResponse response = end(version, producer, true);

        assertThat(response.error()).isEqualTo(Errors.NONE);
        assertThat(coordinator().describe("tx").result().orElseThrow().state())
                .isEqualTo("CompleteCommit");
        assertThat(coordinator().describe("tx").result().orElseThrow().producerEpoch())
                .isEqualTo(producer.epoch());
    }

    @Test
    void v5IsTransactionVersionTwoAndReturnsTheBumpedEpoch() throws Exception {
        EndTxnResponse response = end((short) 5, producer, false);

        assertThat(response.error()).isEqualTo(Errors.NONE);
        assertThat(response.data().producerId()).isEqualTo(producer.producerId());
        assertThat(response.data().producerEpoch()).isEqualTo((short) (producer.epoch() + 1));
        assertThat(coordinator().describe("tx").result().orElseThrow().state())
                .isEqualTo("CompleteAbort");
    }

    @Test
    void aRetriedEndTxnSucceedsAgain() throws Exception {
        end((short) 4, producer, true);

        assertThat(end((short) 4, producer, true).error()).isEqualTo(Errors.NONE);
        assertThat(end((short) 4, producer, false).error()).isEqualTo(Errors.INVALID_TXN_STATE);
    }

    @Test
    void producerFencedIsInvalidProducerEpochBeforeV2() throws Exception {
        HandlerCalls.await(coordinator().endTransaction("tx", producer.producerId(),
                producer.epoch(), true, (short) 2));
        ProducerIdAndEpoch stale = producer;

        EndTxnResponse v1 = end((short) 1, stale, true);
        EndTxnResponse v2 = end((short) 2, stale, false);

        assertThat(v1.error()).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
        assertThat(v2.error()).isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(v2.data().producerId()).isEqualTo(-1L);
    }

    @Test
    void coordinatorErrorsAndEmptyIds() throws Exception {
        EndTxnResponse empty = call(handler, new EndTxnRequestData().setTransactionalId("")
                .setProducerId(1).setProducerEpoch((short) 0).setCommitted(true), (short) 5);
        coordinator().failWith(new CoordinatorNotAvailableException("moving"));
        EndTxnResponse unavailable = end((short) 5, producer, true);

        assertThat(empty.error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(unavailable.error()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(unavailable.data().producerEpoch()).isEqualTo((short) -1);
    }

    private EndTxnResponse end(short version, ProducerIdAndEpoch producer, boolean commit)
            throws Exception {
        return call(handler, new EndTxnRequestData().setTransactionalId("tx")
                .setProducerId(producer.producerId()).setProducerEpoch(producer.epoch())
                .setCommitted(commit), version);
    }
}
