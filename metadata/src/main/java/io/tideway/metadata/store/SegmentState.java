package io.tideway.metadata.store;

/**
 * The lifecycle of a log segment, in order; a segment only moves forwards. Stored by name, so
 * the constants may be reordered in code without changing stored data (but not renamed).
 * Immutable and thread-safe.
 */
public enum SegmentState {
    /** Being appended to. */
    ACTIVE,
    /** Rolled: complete and immutable, on local disk. */
    SEALED,
    /** Uploaded to the tier; the tier copy is authoritative. */
    TIERED,
    /** Removed by retention; the record remains until the index entry is removed. */
    DELETED;

    /**
     * @param next the proposed next state
     * @return whether moving from this state to {@code next} keeps the lifecycle order
     */
    public boolean canMoveTo(SegmentState next) {
        return next.compareTo(this) >= 0;
    }
}
