package io.tideway.broker.internal.group;

import io.vertx.core.Context;

/**
 * A {@link GroupScheduler} on Vert.x timers of one event-loop context, so timer tasks run on the
 * context that owns the groups.
 *
 * <p>Thread contract: {@link #schedule} must be called on the context (Vert.x binds a timer to
 * the caller's context); tasks run on it.
 */
final class VertxGroupScheduler implements GroupScheduler {

  private final Context context;

  VertxGroupScheduler(Context context) {
    this.context = context;
  }

  @Override
  public long nowMs() {
    return System.currentTimeMillis();
  }

  @Override
  public Timer schedule(long delayMs, Runnable task) {
    // Called on the context, so Vert.x binds the timer (and the task) to it.
    long id = context.owner().setTimer(Math.max(1, delayMs), ignored -> task.run());
    return () -> context.owner().cancelTimer(id);
  }
}
