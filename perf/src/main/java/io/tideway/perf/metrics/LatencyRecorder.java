package io.tideway.perf.metrics;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records latencies (nanoseconds, 3 significant digits, 1 ns .. 1 hour) from many threads into
 * an HdrHistogram {@link Recorder}, always measured from a send's <em>intended</em> time (see
 * {@link io.tideway.perf.rate.Pacer}). {@link #intervalHistogram()} hands out what was recorded
 * since the previous call (for progress lines); {@link #total()} accumulates every interval.
 *
 * <p>Thread-safe: {@link #recordFromIntended} is wait-free and may be called from any thread
 * (producer callbacks, consumer threads); the interval and total methods are for one reporting
 * thread at a time (they synchronise on this recorder).
 */
public final class LatencyRecorder {

    private static final long MAX_NANOS = TimeUnit.HOURS.toNanos(1);

    private final Recorder recorder = new Recorder(MAX_NANOS, 3);
    private final Histogram total = new Histogram(MAX_NANOS, 3);
    private Histogram recycled; // guarded by this

    /**
     * Records {@code completedNanos - intendedNanos}; a negative difference (clock skew cannot
     * happen with one {@code nanoTime} source, but be safe) counts as 0, one above an hour as an
     * hour.
     */
    public void recordFromIntended(long intendedNanos, long completedNanos) {
        long latency = Math.max(0, completedNanos - intendedNanos);
        recorder.recordValue(Math.min(latency, MAX_NANOS));
    }

    /** Values recorded since the previous call (a fresh copy the caller owns). */
    public synchronized Histogram intervalHistogram() {
        Histogram interval = recorder.getIntervalHistogram(recycled);
        total.add(interval);
        Histogram copy = interval.copy();
        recycled = interval;
        return copy;
    }

    /** Every value recorded so far (a copy the caller owns). */
    public synchronized Histogram total() {
        intervalHistogram();
        return total.copy();
    }

    /** Forgets everything recorded so far (the end of a warm-up). */
    public synchronized void reset() {
        recorder.reset();
        total.reset();
    }
}
