package io.tideway.gateway.handlers.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ConcurrentTransactionsException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class CoordinatorCallsTest {

    private static final TopicPartition A = new TopicPartition("a", 0);
    private static final TopicPartition B = new TopicPartition("b", 0);

    @Test
    void thrownExceptionsAndNullFuturesBecomeFailedFutures() {
        assertThat(CoordinatorCalls.call(() -> {
            throw new IllegalStateException("broken");
        }).cause()).hasMessage("broken");
        assertThat(CoordinatorCalls.call(() -> null).failed()).isTrue();
    }

    @Test
    void kafkaErrorsKeepTheirCodeAndOthersAreUnknownServerErrors() {
        assertThat(CoordinatorCalls.error(ApiKeys.END_TXN, "tx",
                new CompletionException(new ConcurrentTransactionsException("busy"))))
                .isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(CoordinatorCalls.error(ApiKeys.END_TXN, "tx", new NullPointerException()))
                .isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
    }

    @Test
    void producerFencedIsInvalidProducerEpochOnlyBeforeItsFirstVersion() {
        assertThat(CoordinatorCalls.beforeFencedError(Errors.PRODUCER_FENCED, (short) 1, 2))
                .isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
        assertThat(CoordinatorCalls.beforeFencedError(Errors.PRODUCER_FENCED, (short) 2, 2))
                .isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(CoordinatorCalls.beforeFencedError(Errors.NONE, (short) 0, 2))
                .isEqualTo(Errors.NONE);
    }

    @Test
    void aPartitionTheCoordinatorLeftOutIsAnUnknownServerError() {
        Map<TopicPartition, Errors> errors = CoordinatorCalls.perPartition(
                ApiKeys.ADD_PARTITIONS_TO_TXN, "tx", new LinkedHashSet<>(List.of(A, B)),
                Map.of(A, Errors.NONE));

        assertThat(errors).containsExactly(Map.entry(A, Errors.NONE),
                Map.entry(B, Errors.UNKNOWN_SERVER_ERROR));
    }
}
