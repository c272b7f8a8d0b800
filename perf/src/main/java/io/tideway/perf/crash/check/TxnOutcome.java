package io.tideway.perf.crash.check;

/**
 * What a transactional producer knows about the end of one of its transactions.
 *
 * <p>Immutable; thread-safe.
 */
public enum TxnOutcome {
    /** Still running when the history was taken: no claim either way. */
    OPEN(false),
    /** {@code commitTransaction} returned: every record must be visible to read_committed. */
    COMMITTED(true),
    /** {@code abortTransaction} returned: no record may be visible to read_committed. */
    ABORTED(true),
    /**
     * Ended without a commit ever being requested (a send or the abort failed and the client was
     * replaced; the broker aborts it): no record may be visible to read_committed.
     */
    ABANDONED(true),
    /**
     * {@code commitTransaction} was called and failed: committed or aborted, but all or nothing.
     */
    UNKNOWN(true);

    private final boolean finished;

    TxnOutcome(boolean finished) {
        this.finished = finished;
    }

    /** Whether the producer is done with the transaction. */
    public boolean finished() {
        return finished;
    }

    /** Whether read_committed must never show the transaction's records. */
    public boolean neverVisible() {
        return this == ABORTED || this == ABANDONED;
    }
}
