package io.tideway.broker.internal.group;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** A {@link GroupScheduler} whose time moves only when a test advances it. Single-threaded. */
final class ManualScheduler implements GroupScheduler {

  private record Task(long due, long seq, Runnable run, boolean[] cancelled) {
  }

  private final PriorityQueue<Task> tasks = new PriorityQueue<>(
      Comparator.comparingLong(Task::due).thenComparingLong(Task::seq));
  private long now = 1_000_000;
  private long seq;

  @Override
  public long nowMs() {
    return now;
  }

  @Override
  public Timer schedule(long delayMs, Runnable task) {
    boolean[] cancelled = {false};
    tasks.add(new Task(now + delayMs, seq++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Moves time forward by {@code ms}, running every task that falls due, in order. */
  void advance(long ms) {
    long target = now + ms;
    while (!tasks.isEmpty() && tasks.peek().due() <= target) {
      Task task = tasks.poll();
      now = task.due();
      if (!task.cancelled()[0]) {
        task.run().run();
      }
    }
    now = target;
  }

  List<Long> pendingDueTimes() {
    List<Long> due = new ArrayList<>();
    tasks.stream().filter(t -> !t.cancelled()[0]).forEach(t -> due.add(t.due()));
    return due;
  }
}
