package io.tideway.perf.run;

import java.time.Duration;

/**
 * The phases of one run in {@link System#nanoTime()} terms: warm-up from {@code startNanos} to
 * {@code measureStartNanos}, the measured window to {@code measureEndNanos}.
 *
 * <p>Immutable; thread-safe. Invariant: {@code start <= measureStart < measureEnd}.
 *
 * @param startNanos first send is due
 * @param measureStartNanos end of warm-up, start of the measured window
 * @param measureEndNanos end of the measured window and of sending
 */
public record RunClock(long startNanos, long measureStartNanos, long measureEndNanos) {

    /** Validates the order of the phases. */
    public RunClock {
        if (measureStartNanos < startNanos || measureEndNanos <= measureStartNanos) {
            throw new IllegalArgumentException("phases out of order: start=" + startNanos
                    + " measureStart=" + measureStartNanos + " measureEnd=" + measureEndNanos);
        }
    }

    /** Phases starting at {@code startNanos}. */
    public static RunClock starting(long startNanos, Duration warmup, Duration measured) {
        long measureStart = startNanos + warmup.toNanos();
        return new RunClock(startNanos, measureStart, measureStart + measured.toNanos());
    }

    /** Whether an event at {@code nanos} falls in the measured window. */
    public boolean inWindow(long nanos) {
        return nanos - measureStartNanos >= 0 && nanos - measureEndNanos < 0;
    }

    /** Seconds in the measured window. */
    public double measuredSeconds() {
        return (measureEndNanos - measureStartNanos) / 1e9;
    }
}
