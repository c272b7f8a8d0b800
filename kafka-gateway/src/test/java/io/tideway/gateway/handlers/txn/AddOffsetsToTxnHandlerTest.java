package io.tideway.gateway.handlers.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.txn.ProducerIdAndEpoch;
import io.tideway.broker.txn.TransactionCoordinator;
import org.apache.kafka.common.errors.ConcurrentTransactionsException;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AddOffsetsToTxnResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddOffsetsToTxnHandlerTest extends TxnHandlerTestBase {

    private AddOffsetsToTxnHandler handler;

    @BeforeEach
    void createHandler() {
        handler = new AddOffsetsToTxnHandler(broker::transactions);
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 3, 4})
    void addsTheGroupsOffsetsPartition(short version) throws Exception {
        ProducerIdAndEpoch producer = init("tx");

        AddOffsetsToTxnResponse response = add(version, "tx", producer, "word-count");

        assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.NONE);
        assertThat(coordinator().describe("tx").result().orElseThrow().partitions())
                .containsExactly(TransactionCoordinator.offsetsPartitionFor("word-count"));
    }

    @Test
    void producerFencedIsInvalidProducerEpochBeforeV2() throws Exception {
        ProducerIdAndEpoch producer = init("tx");
        ProducerIdAndEpoch stale = new ProducerIdAndEpoch(producer.producerId(),
                (short) (producer.epoch() - 1));

        assertThat(add((short) 1, "tx", stale, "g").data().errorCode())
                .isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
        assertThat(add((short) 2, "tx", stale, "g").data().errorCode())
                .isEqualTo(Errors.PRODUCER_FENCED.code());
    }

    @Test
    void coordinatorErrorsKeepTheirCodeAndEmptyIdsAreInvalid() throws Exception {
        ProducerIdAndEpoch producer = init("tx");

        assertThat(add((short) 3, "", producer, "g").data().errorCode())
                .isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(add((short) 3, "unknown", producer, "g").data().errorCode())
                .isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING.code());
        coordinator().failWith(new ConcurrentTransactionsException("completing"));
        assertThat(add((short) 3, "tx", producer, "g").data().errorCode())
                .isEqualTo(Errors.CONCURRENT_TRANSACTIONS.code());
    }

    private AddOffsetsToTxnResponse add(short version, String transactionalId,
            ProducerIdAndEpoch producer, String group) throws Exception {
        return call(handler, new AddOffsetsToTxnRequestData().setTransactionalId(transactionalId)
                .setProducerId(producer.producerId()).setProducerEpoch(producer.epoch())
                .setGroupId(group), version);
    }
}
