package io.tideway.gateway.handlers.txn;

import io.tideway.broker.txn.ProducerIdAndEpoch;
import io.tideway.gateway.handlers.data.EngineTestBase;
import io.tideway.gateway.handlers.data.HandlerCalls;
import org.junit.jupiter.api.BeforeEach;

/**
 * The transaction handler tests' shared set-up: a {@link io.tideway.gateway.handlers.data.FakeBroker}
 * with topics {@code orders} (3 partitions) and {@code payments} (1), whose fake coordinators
 * the handlers talk to, and requests that go through the wire codec at their version.
 */
abstract class TxnHandlerTestBase extends EngineTestBase {

    @BeforeEach
    void createTopics() throws Exception {
        broker.createTopic("orders", 3);
        broker.createTopic("payments", 1);
    }

    FakeTransactionCoordinator coordinator() {
        return broker.transactions();
    }

    /** InitProducerId for {@code transactionalId} on the fake coordinator. */
    ProducerIdAndEpoch init(String transactionalId) throws Exception {
        return HandlerCalls.await(coordinator().initProducerId(transactionalId, 60_000, -1L,
                (short) -1));
    }
}
