package io.tideway.gateway.handlers.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.txn.TransactionDescription;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TopicData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TransactionState;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeTransactionsResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DescribeTransactionsHandlerTest extends TxnHandlerTestBase {

    private DescribeTransactionsHandler handler;

    @BeforeEach
    void createHandler() {
        handler = new DescribeTransactionsHandler(broker::transactions);
        coordinator().put(new TransactionDescription("ongoing", 11L, (short) 3, "Ongoing",
                30_000, 1_000L, 1_500L, Set.of(new TopicPartition("payments", 0),
                        new TopicPartition("orders", 2), new TopicPartition("orders", 0))));
        coordinator().put(new TransactionDescription("expiring", 12L, (short) 0, "Dead",
                30_000, -1L, 1_500L, Set.of()));
    }

    @Test
    void describesEachIdInRequestOrder() throws Exception {
        DescribeTransactionsResponse response = describe("ongoing", "unknown", "", "expiring");

        List<TransactionState> states = response.data().transactionStates();
        assertThat(states).extracting(TransactionState::transactionalId)
                .containsExactly("ongoing", "unknown", "", "expiring");
        TransactionState ongoing = states.get(0);
        assertThat(ongoing.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(ongoing.producerId()).isEqualTo(11L);
        assertThat(ongoing.producerEpoch()).isEqualTo((short) 3);
        assertThat(ongoing.transactionState()).isEqualTo("Ongoing");
        assertThat(ongoing.transactionTimeoutMs()).isEqualTo(30_000);
        assertThat(ongoing.transactionStartTimeMs()).isEqualTo(1_000L);
        assertThat(ongoing.topics()).extracting(TopicData::topic)
                .containsExactly("orders", "payments");
        assertThat(ongoing.topics().find("orders").partitions()).containsExactly(0, 2);
        assertThat(states.subList(1, 4)).allSatisfy(state -> assertThat(state.errorCode())
                .isEqualTo(Errors.TRANSACTIONAL_ID_NOT_FOUND.code()));
    }

    @Test
    void coordinatorFailuresAreAnsweredPerId() throws Exception {
        coordinator().failWith(new CoordinatorLoadInProgressException("recovering"));

        assertThat(describe("ongoing").data().transactionStates()).singleElement()
                .satisfies(state -> assertThat(state.errorCode())
                        .isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS.code()));
    }

    private DescribeTransactionsResponse describe(String... ids) throws Exception {
        return call(handler, new DescribeTransactionsRequestData()
                .setTransactionalIds(List.of(ids)), (short) 0);
    }
}
