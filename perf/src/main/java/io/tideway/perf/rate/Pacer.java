package io.tideway.perf.rate;

/**
 * Paces one producer thread: {@link #awaitNext()} blocks until the next send is due and returns
 * its <em>intended</em> time, the time latency is measured from. When the producer falls behind
 * (a blocked {@code send}, a GC pause) the due sends are returned at once, each with its own
 * past intended time, so the delay is charged to every send it held up. Without a rate
 * ({@link #unlimited}) it never waits and the intended time is the current time.
 *
 * <p>Thread contract: owned by one producer thread; not thread-safe.
 */
public final class Pacer {

    private final NanoClock clock;
    private final SendSchedule schedule;
    private long next;

    private Pacer(NanoClock clock, SendSchedule schedule) {
        this.clock = clock;
        this.schedule = schedule;
    }

    /**
     * A pacer at {@code ratePerSecond}, send 0 due at {@code startNanos}.
     *
     * @throws IllegalArgumentException when the rate is not positive and finite
     */
    public static Pacer fixedRate(NanoClock clock, long startNanos, double ratePerSecond) {
        return new Pacer(clock, new SendSchedule(startNanos, ratePerSecond));
    }

    /** A pacer that never waits. */
    public static Pacer unlimited(NanoClock clock) {
        return new Pacer(clock, null);
    }

    /** Waits until the next send is due; returns its intended time in nanos. */
    public long awaitNext() {
        if (schedule == null) {
            next++;
            return clock.nanoTime();
        }
        long intended = schedule.intendedNanos(next++);
        if (clock.nanoTime() < intended) {
            clock.sleepUntil(intended);
        }
        return intended;
    }

    /** Sends handed out so far. */
    public long sent() {
        return next;
    }
}
