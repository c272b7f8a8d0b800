package io.tideway.server.transactions;

import io.tideway.server.testing.TidewayBrokerTest;

/**
 * {@link TransactionSemantics} under transaction version 2 (KIP-890, the broker's default): the
 * 4.4 client adds partitions implicitly through Produce v12+ and TxnOffsetCommit v5+, and every
 * EndTxn bumps the producer epoch.
 */
@TidewayBrokerTest
class TransactionsIT extends TransactionSemantics {

    @Override
    int transactionVersion() {
        return 2;
    }
}
