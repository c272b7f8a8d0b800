package io.tideway.perf.metrics;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency distribution, in microseconds.
 *
 * <p>Immutable; thread-safe. Invariant: {@code p50 <= p99 <= p999 <= max} when {@code count > 0};
 * all zero when {@code count == 0}.
 *
 * @param count recorded values
 * @param meanMicros mean
 * @param p50Micros median
 * @param p99Micros 99th percentile
 * @param p999Micros 99.9th percentile
 * @param maxMicros largest value
 */
public record LatencySummary(long count, double meanMicros, long p50Micros, long p99Micros,
        long p999Micros, long maxMicros) {

    /** Summarises a histogram whose values are nanoseconds. */
    public static LatencySummary ofNanos(Histogram nanos) {
        if (nanos.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(nanos.getTotalCount(), nanos.getMean() / 1000.0,
                nanos.getValueAtPercentile(50) / 1000, nanos.getValueAtPercentile(99) / 1000,
                nanos.getValueAtPercentile(99.9) / 1000, nanos.getMaxValue() / 1000);
    }
}
