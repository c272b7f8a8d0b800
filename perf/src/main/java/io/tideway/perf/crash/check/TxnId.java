package io.tideway.perf.crash.check;

/**
 * One transaction: the logical producer and its transaction counter. Immutable; thread-safe.
 *
 * @param producer logical producer name
 * @param txn the producer's transaction counter
 */
public record TxnId(String producer, long txn) {

    @Override
    public String toString() {
        return producer + " txn " + txn;
    }
}
