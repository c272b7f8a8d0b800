package io.tideway.gateway.handlers.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.tideway.broker.txn.TransactionDescription;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData.TransactionState;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListTransactionsResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListTransactionsHandlerTest extends TxnHandlerTestBase {

    private static final long NOW = 100_000L;

    private ListTransactionsHandler handler;

    @BeforeEach
    void createHandler() {
        handler = new ListTransactionsHandler(broker::transactions, () -> NOW);
        put("orders-tx-1", 1L, "Ongoing", NOW - 60_000);
        put("orders-tx-2", 2L, "Ongoing", NOW - 1_000);
        put("payments-tx", 3L, "CompleteCommit", NOW - 90_000);
        put("idle-tx", 4L, "Empty", -1L);
        put("expiring-tx", 5L, "Dead", NOW - 90_000);
    }

    @Test
    void listsEveryLiveTransactionWithoutFilters() throws Exception {
        ListTransactionsResponse response = list(new ListTransactionsRequestData(), (short) 0);

        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(ids(response)).containsExactly("idle-tx", "orders-tx-1", "orders-tx-2",
                "payments-tx");
        assertThat(response.data().transactionStates().get(1).producerId()).isEqualTo(1L);
        assertThat(response.data().transactionStates().get(1).transactionState())
                .isEqualTo("Ongoing");
    }

    @Test
    void statesAndProducerIdsFilter() throws Exception {
        ListTransactionsResponse byState = list(new ListTransactionsRequestData()
                .setStateFilters(List.of("Ongoing", "CompleteCommit")), (short) 0);
        ListTransactionsResponse byProducer = list(new ListTransactionsRequestData()
                .setProducerIdFilters(List.of(2L, 3L, 99L)), (short) 0);

        assertThat(ids(byState)).containsExactly("orders-tx-1", "orders-tx-2", "payments-tx");
        assertThat(ids(byProducer)).containsExactly("orders-tx-2", "payments-tx");
    }

    @Test
    void unknownStateNamesAreReportedAndOtherwiseIgnoredAsKafkaDoes() throws Exception {
        ListTransactionsResponse mixed = list(new ListTransactionsRequestData()
                .setStateFilters(List.of("Ongoing", "Running", "Running")), (short) 1);
        ListTransactionsResponse unknownOnly = list(new ListTransactionsRequestData()
                .setStateFilters(List.of("Running")), (short) 1);

        assertThat(mixed.data().unknownStateFilters()).containsExactly("Running");
        assertThat(ids(mixed)).containsExactly("orders-tx-1", "orders-tx-2");
        assertThat(unknownOnly.data().unknownStateFilters()).containsExactly("Running");
        assertThat(ids(unknownOnly)).hasSize(4);
    }

    @Test
    void durationFilterKeepsTransactionsRunningLongerThanIt() throws Exception {
        ListTransactionsResponse response = list(new ListTransactionsRequestData()
                .setDurationFilter(30_000L), (short) 1);

        // Kafka compares against the start timestamp whatever the state; -1 is long ago.
        assertThat(ids(response)).containsExactly("idle-tx", "orders-tx-1", "payments-tx");
    }

    @Test
    void transactionalIdPatternMatchesWholeIds() throws Exception {
        ListTransactionsResponse response = list(new ListTransactionsRequestData()
                .setTransactionalIdPattern("orders-tx-\\d"), (short) 2);
        ListTransactionsResponse partial = list(new ListTransactionsRequestData()
                .setTransactionalIdPattern("orders"), (short) 2);
        ListTransactionsResponse empty = list(new ListTransactionsRequestData()
                .setTransactionalIdPattern(""), (short) 2);

        assertThat(ids(response)).containsExactly("orders-tx-1", "orders-tx-2");
        assertThat(ids(partial)).isEmpty();
        assertThat(ids(empty)).hasSize(4);
    }

    @Test
    void anInvalidPatternAndCoordinatorFailuresAreTopLevelErrors() throws Exception {
        ListTransactionsResponse invalid = list(new ListTransactionsRequestData()
                .setTransactionalIdPattern("orders-(tx"), (short) 2);
        coordinator().failWith(new CoordinatorLoadInProgressException("recovering"));
        ListTransactionsResponse loading = list(new ListTransactionsRequestData(), (short) 2);

        assertThat(invalid.data().errorCode())
                .isEqualTo(Errors.INVALID_REGULAR_EXPRESSION.code());
        assertThat(loading.data().errorCode())
                .isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS.code());
        assertThat(loading.data().transactionStates()).isEmpty();
    }

    private void put(String id, long producerId, String state, long start) {
        coordinator().put(new TransactionDescription(id, producerId, (short) 0, state, 60_000,
                start, NOW, Set.of()));
    }

    private ListTransactionsResponse list(ListTransactionsRequestData data, short version)
            throws Exception {
        return call(handler, data, version);
    }

    private static List<String> ids(ListTransactionsResponse response) {
        return response.data().transactionStates().stream()
                .map(TransactionState::transactionalId).toList();
    }
}
