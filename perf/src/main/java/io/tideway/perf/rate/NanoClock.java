package io.tideway.perf.rate;

/**
 * A monotonic clock that can also wait; {@link #SYSTEM} in production, a manual clock in tests.
 *
 * <p>Implementations are thread-safe.
 */
public interface NanoClock {

    /** {@link System#nanoTime()} and {@link java.util.concurrent.locks.LockSupport#parkNanos}. */
    NanoClock SYSTEM = new NanoClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepUntil(long deadlineNanos) {
            long remaining;
            while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(remaining);
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        }
    };

    /** The current time in nanoseconds from an arbitrary origin. */
    long nanoTime();

    /** Blocks the calling thread until {@code deadlineNanos}, or returns early on interrupt. */
    void sleepUntil(long deadlineNanos);
}
