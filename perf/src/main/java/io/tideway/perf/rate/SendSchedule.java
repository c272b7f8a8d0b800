package io.tideway.perf.rate;

/**
 * The intended send times of one producer at a fixed rate: send {@code i} is due at
 * {@code start + i * 1e9 / rate} nanoseconds, whatever happened to earlier sends. Latency is
 * measured from these times, not from when a send actually happened, so a stall of the broker
 * (or of the harness) shows up in every send it delayed instead of in one (no coordinated
 * omission).
 *
 * <p>Immutable; thread-safe. Invariant: {@code intendedNanos(i)} is non-decreasing in {@code i}
 * and exact to within a nanosecond for any run shorter than a day.
 */
public final class SendSchedule {

    private final long startNanos;
    private final double periodNanos;

    /**
     * @param startNanos {@link System#nanoTime()} of send 0
     * @param ratePerSecond sends per second, positive and finite
     * @throws IllegalArgumentException when the rate is not positive and finite
     */
    public SendSchedule(long startNanos, double ratePerSecond) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be positive and finite: "
                    + ratePerSecond);
        }
        this.startNanos = startNanos;
        this.periodNanos = 1e9 / ratePerSecond;
    }

    /** Nanoseconds between two sends. */
    public double periodNanos() {
        return periodNanos;
    }

    /** When send {@code index} (0-based) is due, in {@link System#nanoTime()} terms. */
    public long intendedNanos(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0: " + index);
        }
        return startNanos + Math.round(index * periodNanos);
    }

    /**
     * How many sends are due at {@code nowNanos}: the count of indexes {@code i} with
     * {@code intendedNanos(i) <= nowNanos}.
     */
    public long dueCount(long nowNanos) {
        if (nowNanos < startNanos) {
            return 0;
        }
        // Estimate, then correct for the rounding in intendedNanos so both agree exactly.
        long n = (long) Math.floor((nowNanos - startNanos) / periodNanos) + 1;
        while (intendedNanos(n) <= nowNanos) {
            n++;
        }
        while (n > 0 && intendedNanos(n - 1) > nowNanos) {
            n--;
        }
        return n;
    }
}
