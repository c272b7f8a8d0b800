package io.tideway.gateway.handlers.data;

import static org.assertj.core.api.Assertions.assertThat;

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
        handler = new InitProducerIdHandler(broker.producerIds(), 900_000);
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 2, 3, 5})
    void idempotentProducersGetFreshIdsAtEpochZero(short version) throws Exception {
        InitProducerIdResponse first = init(version, null, 60_000, -1L, (short) -1);
        InitProducerIdResponse second = init(version, null, 60_000, -1L, (short) -1);

        assertThat(first.error()).isEqualTo(Errors.NONE);
        assertThat(first.data().producerEpoch()).isZero();
        assertThat(second.data().producerId()).isEqualTo(first.data().producerId() + 1);
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

    @Test
    void transactionalIdsNeedATransactionCoordinator() throws Exception {
        InitProducerIdResponse response = init((short) 5, "orders-tx", 60_000, -1L, (short) -1);

        assertThat(response.error()).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(response.data().producerId()).isEqualTo(-1);
        assertThat(response.data().producerEpoch()).isEqualTo((short) -1);
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
}
