package io.tideway.perf.crash.check;

/**
 * The anomalies the checker names: Jepsen's queue anomalies (its Kafka workload's names) and the
 * group-offset and transaction checks of the crash harness.
 *
 * <p>Immutable; thread-safe.
 */
public enum Anomaly {
    /** An acknowledged send, or a record of a committed transaction, that no reader finds. */
    LOST_WRITE("lost write"),
    /** A send present more than once in the log. */
    DUPLICATE("duplicate"),
    /** A client's writes to a partition out of their send order. */
    REORDERING("reordering"),
    /** Offsets missing from the log or from a read_uncommitted read, not in a control batch. */
    OFFSET_GAP("offset gap"),
    /** A read_committed consumer saw a record of an aborted transaction. */
    ABORTED_READ("aborted read"),
    /** Offsets going backwards, or repeating, within one consumer's polls of an assignment. */
    NONMONOTONIC_POLL("nonmonotonic poll"),
    /** The acknowledged offset holds another record, though the write is in the log. */
    WRONG_OFFSET("acknowledged offset moved"),
    /** A committed group offset past the partition's high watermark. */
    OFFSET_BEYOND_LOG_END("committed offset beyond log end"),
    /** A committed group offset lower than one committed (and seen) before. */
    OFFSET_REGRESSION("committed offset went backwards"),
    /** A transaction still open, or the last stable offset stuck, past the transaction timeout. */
    UNRESOLVED_TRANSACTION("unresolved transaction");

    private final String label;

    Anomaly(String label) {
        this.label = label;
    }

    /** The human name, as in Jepsen's reports where it has one. */
    public String label() {
        return label;
    }
}
