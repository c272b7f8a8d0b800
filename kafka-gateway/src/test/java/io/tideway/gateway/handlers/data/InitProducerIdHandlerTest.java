package io.tideway.gateway.handlers.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.txn.TransactionDescription;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InitProducerIdHandlerTest extends EngineTestBase {

    private InitProducerIdHandler handler;

    @BeforeEach
    void createHandler() {
        handler = new InitProducerIdHandler(broker.producerIds(), broker::transactions, 900_000);
    }

    @Test
    void advertisesKafkasStableRangeButAnswersV6() {
        assertThat(handler.advertisedMaxVersion()).isEqualTo((short) 5);
        assertThat(handler.maxVersion()).isEqualTo((short) 6);
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 2, 3, 5, 6})
    void idempotentProducersGetFreshIdsAtEpochZero(short version) throws Exception {
        InitProducerIdResponse first = init(version, null, 60_000, -1L, (short) -1);
        InitProducerIdResponse second = init(version, null, 60_000, -1L, (short) -1);

        assertThat(first.error()).isEqualTo(Errors.NONE);
        assertThat(first.data().producerEpoch()).isZero();
        assertThat(second.data().producerId()).isEqualTo(first.data().producerId() + 1);
        assertThat(broker.transactions().addCalls()).isEmpty();
    }

    @Test
    void anExistingIdAndEpochStillGetAFreshIdWithoutTransactionalId() throws Exception {
        InitProducerIdResponse response = init((short) 4, null, 60_000, 1000L, (short) 3);

        assertThat(response.error()).isEqualTo(Errors.NONE);
        assertThat(response.data().producerEpoch()).isZero();
    }

    @Test
    void idWithoutEpochOrEpochWithoutIdIsInvalid() throws Exception {
        assertThat(init((short) 4, null, 60_000, 1000L, (short) -1).error())
                .isEqualTo(Errors.INVALID_REQUEST);
        assertThat(init((short) 4, "tx", 60_000, -1L, (short) 2).error())
                .isEqualTo(Errors.INVALID_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 3, 5, 6})
    void transactionalIdsGetTheCoordinatorsIdAndABumpedEpochOnReinit(short version)
            throws Exception {
        InitProducerIdResponse first = init(version, "orders-tx", 60_000, -1L, (short) -1);
        InitProducerIdResponse again = init(version, "orders-tx", 60_000, -1L, (short) -1);

        assertThat(first.error()).isEqualTo(Errors.NONE);
        assertThat(first.data().producerId()).isEqualTo(5000L);
        assertThat(first.data().producerEpoch()).isZero();
        assertThat(again.data().producerId()).isEqualTo(5000L);
        assertThat(again.data().producerEpoch()).isEqualTo((short) 1);
    }

    @Test
    void anOngoingTransactionIsAbortedAndTheClientRetries() throws Exception {
        init((short) 5, "tx", 60_000, -1L, (short) -1);
        broker.transactions().addPartitions("tx", 5000L, (short) 0,
                Set.of(new TopicPartition("orders", 0)),
                io.tideway.broker.txn.TransactionCoordinator.AddMode.ADD);

        assertThat(init((short) 5, "tx", 60_000, -1L, (short) -1).error())
                .isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(init((short) 5, "tx", 60_000, -1L, (short) -1).error())
                .isEqualTo(Errors.NONE);
    }

    @Test
    void aStaleExpectedEpochIsFencedAndOldClientsSeeInvalidProducerEpoch() throws Exception {
        broker.transactions().put(new TransactionDescription("tx", 77L, (short) 4, "Empty",
                60_000, -1L, 0L, Set.of()));

        InitProducerIdResponse v4 = init((short) 4, "tx", 60_000, 77L, (short) 2);
        InitProducerIdResponse v3 = init((short) 3, "tx", 60_000, 77L, (short) 2);
        InitProducerIdResponse current = init((short) 4, "tx", 60_000, 77L, (short) 4);

        assertThat(v4.error()).isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(v4.data().producerId()).isEqualTo(-1L);
        assertThat(v4.data().producerEpoch()).isEqualTo((short) -1);
        assertThat(v3.error()).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
        assertThat(current.error()).isEqualTo(Errors.NONE);
        assertThat(current.data().producerEpoch()).isEqualTo((short) 5);
    }

    @Test
    void coordinatorFailuresKeepTheirCode() throws Exception {
        broker.transactions().failWith(new CoordinatorLoadInProgressException("recovering"));

        assertThat(init((short) 5, "tx", 60_000, -1L, (short) -1).error())
                .isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
    }

    @Test
    void twoPhaseCommitIsRefusedAsKafkaDoesWhileItIsDisabled() throws Exception {
        InitProducerIdResponse enable = init6("tx", true, false);
        InitProducerIdResponse keep = init6("tx", false, true);

        assertThat(enable.error()).isEqualTo(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
        assertThat(keep.error()).isEqualTo(Errors.UNSUPPORTED_VERSION);
        assertThat(init6(null, true, true).error()).isEqualTo(Errors.NONE);
        assertThat(broker.transactions().list().result()).isEmpty();
    }

    @Test
    void emptyTransactionalIdAndBadTimeouts() throws Exception {
        assertThat(init((short) 5, "", 60_000, -1L, (short) -1).error())
                .isEqualTo(Errors.INVALID_REQUEST);
        assertThat(init((short) 5, "tx", 0, -1L, (short) -1).error())
                .isEqualTo(Errors.INVALID_TRANSACTION_TIMEOUT);
        assertThat(init((short) 5, "tx", 900_001, -1L, (short) -1).error())
                .isEqualTo(Errors.INVALID_TRANSACTION_TIMEOUT);
    }

    @Test
    void allocationFailuresKeepTheirCode() throws Exception {
        broker.failProducerIds(new CoordinatorLoadInProgressException("loading"));

        assertThat(init((short) 5, null, 60_000, -1L, (short) -1).error())
                .isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
    }

    private InitProducerIdResponse init(short version, String transactionalId, int timeoutMs,
            long producerId, short epoch) throws Exception {
        InitProducerIdRequestData data = new InitProducerIdRequestData()
                .setTransactionalId(transactionalId).setTransactionTimeoutMs(timeoutMs);
        if (version >= 3) {
            data.setProducerId(producerId).setProducerEpoch(epoch);
        }
        return call(handler, data, version);
    }

    private InitProducerIdResponse init6(String transactionalId, boolean enable2Pc,
            boolean keepPreparedTxn) throws Exception {
        return call(handler, new InitProducerIdRequestData().setTransactionalId(transactionalId)
                .setTransactionTimeoutMs(60_000).setEnable2Pc(enable2Pc)
                .setKeepPreparedTxn(keepPreparedTxn), (short) 6);
    }
}
