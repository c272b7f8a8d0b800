package io.tideway.broker.internal.partition;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention timer ({@code log.retention.check.interval.ms}): every interval, each open
 * partition runs one retention pass on its own context (roll past {@code segment.ms}, then delete
 * expired segments on the worker pool). A partition whose previous pass is still running skips the
 * round.
 *
 * <p>Thread contract: thread-safe; {@link #start} and {@link #stop} may be called from any thread.
 * The timer fires on a Vert.x event loop and only submits work to the partitions.
 */
public final class RetentionScheduler {

  private static final Logger log = LoggerFactory.getLogger(RetentionScheduler.class);

  private final Vertx vertx;
  private final Duration interval;
  private final Supplier<Collection<LocalPartition>> partitions;
  private long timerId = -1; // guarded by this

  public RetentionScheduler(Vertx vertx, Duration interval,
      Supplier<Collection<LocalPartition>> partitions) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("The retention check interval must be positive, got "
          + interval);
    }
    this.vertx = vertx;
    this.interval = interval;
    this.partitions = partitions;
  }

  /** Starts the timer; idempotent. */
  public synchronized void start() {
    if (timerId < 0) {
      timerId = vertx.setPeriodic(interval.toMillis(), ignored -> runOnce());
    }
  }

  /** Stops the timer; passes already submitted complete. Idempotent. */
  public synchronized void stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  /** Runs one pass over every partition now; completes when all have finished. */
  public Future<Integer> runOnce() {
    List<Future<Integer>> passes = new ArrayList<>();
    for (LocalPartition partition : partitions.get()) {
      passes.add(partition.runRetention().recover(error -> {
        log.atWarn().setMessage("Retention pass failed")
            .addKeyValue("partition", partition.topicPartition())
            .addKeyValue("reason", error.toString()).log();
        return Future.succeededFuture(0);
      }));
    }
    return Future.all(passes).map(all -> {
      int deleted = passes.stream().mapToInt(Future::result).sum();
      if (deleted > 0) {
        log.atInfo().setMessage("Retention deleted segments").addKeyValue("segments", deleted)
            .log();
      }
      return deleted;
    });
  }
}
