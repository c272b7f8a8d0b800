package io.tideway.perf.crash;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces a worker's operations at a fixed rate. After a stall (the broker was down) it does not
 * catch up with a burst: the schedule restarts from now, so every restart sees the same load.
 *
 * <p>Thread contract: owned by one worker thread; not thread-safe.
 */
final class Pace {

    private static final long MAX_LAG_NANOS = 100_000_000L;

    private final long intervalNanos;
    private long next = System.nanoTime();

    Pace(double perSecond) {
        this.intervalNanos = (long) (1e9 / perSecond);
    }

    /** Parks the calling thread until the next operation is due. */
    void await() {
        long now = System.nanoTime();
        if (now - next > MAX_LAG_NANOS) {
            next = now;
        }
        if (next - now > 0) {
            LockSupport.parkNanos(next - now);
        }
        next += intervalNanos;
    }
}
