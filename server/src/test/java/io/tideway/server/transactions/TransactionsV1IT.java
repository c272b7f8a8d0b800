package io.tideway.server.transactions;

import io.tideway.server.testing.TidewayBrokerTest;

/**
 * {@link TransactionSemantics} under transaction version 1 ({@code transaction.version=1}): the
 * 4.4 client sends AddPartitionsToTxn and AddOffsetsToTxn explicitly, and the producer epoch stays
 * the same from one transaction to the next.
 */
@TidewayBrokerTest(config = "transaction.version=1")
class TransactionsV1IT extends TransactionSemantics {

    @Override
    int transactionVersion() {
        return 1;
    }
}
