package io.tideway.perf.crash.check;

/**
 * One record returned to the group consumer (read_committed) while the broker was being killed
 * and restarted.
 *
 * <p>Immutable; thread-safe.
 *
 * @param generation counts the consumer's partition assignments: after a new assignment the
 *     position legitimately restarts from the committed offset
 * @param record what it returned
 */
public record Poll(int generation, ReadRecord record) {
}
