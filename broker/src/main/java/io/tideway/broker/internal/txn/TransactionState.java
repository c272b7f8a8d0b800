package io.tideway.broker.internal.txn;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of one transactional id at the coordinator, as in Kafka's {@code TransactionState}.
 * {@code PREPARE_COMMIT} and {@code PREPARE_ABORT} are the in-doubt states: the decision is durable
 * but the markers may not all be written, so recovery completes them.
 *
 * <p>Immutable and thread-safe.
 */
public enum TransactionState {
    /** Producer id assigned, no transaction in progress. */
    EMPTY,
    /** Partitions have been added; records may be written. */
    ONGOING,
    /** Commit decided; commit markers are being written. */
    PREPARE_COMMIT,
    /** Abort decided; abort markers are being written. */
    PREPARE_ABORT,
    /** Every commit marker is written. */
    COMPLETE_COMMIT,
    /** Every abort marker is written. */
    COMPLETE_ABORT;

    private static final Set<TransactionState> IN_DOUBT = EnumSet.of(PREPARE_COMMIT, PREPARE_ABORT);
    private static final Set<TransactionState> IDLE = EnumSet.of(EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);

    /** @return whether the decision is taken but its markers may be missing */
    public boolean inDoubt() {
        return IN_DOUBT.contains(this);
    }

    /** @return whether no transaction is in progress, so a new one may start */
    public boolean idle() {
        return IDLE.contains(this);
    }

    /**
     * @param name a stored state name
     * @return the state
     * @throws IllegalArgumentException naming the unknown state
     */
    public static TransactionState parse(String name) {
        for (TransactionState state : values()) {
            if (state.name().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("Unknown transaction state '" + name + "'");
    }
}
