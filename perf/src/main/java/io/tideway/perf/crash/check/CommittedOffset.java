package io.tideway.perf.crash.check;

/**
 * One observation of the group's committed offset for a partition: from the Admin client after a
 * restart, or the position the group consumer resumed from after an assignment.
 *
 * <p>Immutable; thread-safe.
 *
 * @param cycle the kill cycle it was taken in (0 before the first kill)
 * @param source {@code admin} or {@code resume}, for examples
 * @param partition the partition
 * @param committed the offset seen, -1 when none is committed
 * @param logEnd the partition's high watermark just after, -1 when not measured
 * @param acknowledged the highest offset whose commit the consumer had seen succeed before the
 *     observation, -1 when none
 */
public record CommittedOffset(int cycle, String source, int partition, long committed,
        long logEnd, long acknowledged) {
}
