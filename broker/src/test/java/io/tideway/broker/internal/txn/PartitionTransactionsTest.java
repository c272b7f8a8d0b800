package io.tideway.broker.internal.txn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionTransactionsTest {

    @Test
    void lastStableOffsetStopsAtTheOldestOngoingTransaction() {
        PartitionTransactions txns = new PartitionTransactions();
        assertThat(txns.lastStableOffset(5)).isEqualTo(5);
        txns.onTransactionalAppend(1, 5);
        txns.onTransactionalAppend(2, 6);
        txns.onTransactionalAppend(1, 7);
        assertThat(txns.hasOngoing(1)).isTrue();
        assertThat(txns.lastStableOffset(8)).isEqualTo(5);
        assertThat(txns.onMarker(1, 8, true)).isNull();
        assertThat(txns.lastStableOffset(9)).isEqualTo(6);
        AbortedTransaction aborted = txns.onMarker(2, 9, false);
        assertThat(aborted).isEqualTo(new AbortedTransaction(2, 6, 9, 10));
        assertThat(txns.lastStableOffset(10)).isEqualTo(10);
        assertThat(txns.abortedTransactions(0, 10)).containsExactly(aborted);
        assertThat(txns.abortedTransactions(10, 20)).isEmpty();
        assertThat(txns.abortedTransactions(0, 6)).isEmpty();
        txns.retainFrom(10);
        assertThat(txns.abortedTransactions(0, 10)).isEmpty();
    }

    @Test
    void entriesLoadedFromTheIndexAreReported() {
        PartitionTransactions txns = new PartitionTransactions();
        txns.loadAborted(new AbortedTransaction(3, 0, 4, 5));
        assertThat(txns.abortedTransactions(2, 3)).containsExactly(new AbortedTransaction(3, 0, 4, 5));
    }
}
