package io.tideway.perf.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Records and bytes per one-second bucket since a start time, for throughput over time.
 * Events before the start or after the last bucket are counted in {@link #dropped()}.
 *
 * <p>Thread-safe: {@link #record} is lock-free and called from any thread; readers see a
 * consistent-enough snapshot (each bucket is read atomically).
 */
public final class ThroughputSeries {

    private static final long SECOND = 1_000_000_000L;

    private final long startNanos;
    private final AtomicLongArray records;
    private final AtomicLongArray bytes;
    private final java.util.concurrent.atomic.LongAdder dropped =
            new java.util.concurrent.atomic.LongAdder();

    /**
     * @param startNanos {@link System#nanoTime()} of second 0
     * @param seconds number of buckets (the run's length plus slack)
     */
    public ThroughputSeries(long startNanos, int seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("seconds must be > 0: " + seconds);
        }
        this.startNanos = startNanos;
        this.records = new AtomicLongArray(seconds);
        this.bytes = new AtomicLongArray(seconds);
    }

    /** Adds {@code count} records of {@code byteCount} bytes in total at {@code nowNanos}. */
    public void record(long nowNanos, long count, long byteCount) {
        long offset = nowNanos - startNanos;
        int bucket = offset < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, offset / SECOND);
        if (bucket < 0 || bucket >= records.length()) {
            dropped.add(count);
            return;
        }
        records.addAndGet(bucket, count);
        bytes.addAndGet(bucket, byteCount);
    }

    /** Number of buckets. */
    public int seconds() {
        return records.length();
    }

    /** Records in second {@code second}. */
    public long recordsAt(int second) {
        return records.get(second);
    }

    /** Bytes in second {@code second}. */
    public long bytesAt(int second) {
        return bytes.get(second);
    }

    /** Records in seconds {@code [from, to)} (clamped to the buckets). */
    public long recordsBetween(int from, int to) {
        long sum = 0;
        for (int s = Math.max(0, from); s < Math.min(to, records.length()); s++) {
            sum += records.get(s);
        }
        return sum;
    }

    /** Bytes in seconds {@code [from, to)} (clamped to the buckets). */
    public long bytesBetween(int from, int to) {
        long sum = 0;
        for (int s = Math.max(0, from); s < Math.min(to, bytes.length()); s++) {
            sum += bytes.get(s);
        }
        return sum;
    }

    /** Records outside every bucket. */
    public long dropped() {
        return dropped.sum();
    }
}
