package io.tideway.broker.internal.group;

/**
 * Time and timers of the groups of one owner context: session expiry, join and sync deadlines and
 * the initial rebalance delay. Production uses {@link VertxGroupScheduler}; unit tests drive a
 * manual clock.
 *
 * <p>Thread contract: called only on the owning context; tasks run on it too.
 */
public interface GroupScheduler {

  /** The current time in epoch milliseconds. */
  long nowMs();

  /** Runs {@code task} once after {@code delayMs}, unless cancelled first. */
  Timer schedule(long delayMs, Runnable task);

  /** A scheduled task. */
  interface Timer {
    /** Cancels the task; does nothing once it ran or was cancelled. */
    void cancel();
  }
}
