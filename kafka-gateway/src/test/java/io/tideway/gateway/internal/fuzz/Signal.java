package io.tideway.gateway.internal.fuzz;

import java.util.concurrent.TimeUnit;

/**
 * Wakes the fuzz test's thread when something it waits for may have changed (a write, a close, a
 * handler call completing), so it re-checks its condition instead of sleeping.
 *
 * <p>Thread-safe: fired from any thread.
 */
final class Signal {

    private long version;

    /** Notes a change and wakes the waiter. */
    synchronized void fire() {
        version++;
        notifyAll();
    }

    /** The current change count, to pass to {@link #awaitChange}. */
    synchronized long version() {
        return version;
    }

    /** Waits until a change after {@code seen}, or {@code nanos} pass. */
    synchronized void awaitChange(long seen, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (version == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
