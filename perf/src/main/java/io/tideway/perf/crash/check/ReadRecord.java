package io.tideway.perf.crash.check;

/**
 * One record a consumer returned. Immutable; thread-safe.
 *
 * @param partition its partition
 * @param offset its offset
 * @param tag the tag parsed from its key
 */
public record ReadRecord(int partition, long offset, RecordTag tag) {

    /** {@code partition/offset}, for examples. */
    public String where() {
        return partition + "/" + offset;
    }
}
