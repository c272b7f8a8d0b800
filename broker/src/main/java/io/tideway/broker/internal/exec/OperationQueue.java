package io.tideway.broker.internal.exec;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs the operations of one partition on its owning context, one at a time, in submission order.
 * An operation is a function returning a future: most complete at once (an append, a read), some
 * later (a blocking log call on the worker pool); the next operation starts only when the previous
 * one's future has completed, so the partition log is never touched by two threads at once (the
 * contract of {@code PartitionLog}'s blocking calls).
 *
 * <p>Thread contract: {@link #submit} is thread-safe; operations run on the owning context and the
 * returned futures complete there (their handlers run there even when added later). The queue
 * itself is only touched on that context. A submission made on the owning context while the queue
 * is idle runs at once, without a hop.
 */
public final class OperationQueue {

  private final Context context;
  private final ArrayDeque<Task<?>> pending = new ArrayDeque<>();
  private boolean busy;
  private boolean draining;

  public OperationQueue(Context context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /** The owning context. */
  public Context context() {
    return context;
  }

  /**
   * Queues {@code operation}; it runs on the owning context after every operation submitted
   * before it has completed. An exception thrown by it fails the returned future.
   */
  public <T> Future<T> submit(Supplier<Future<T>> operation) {
    Task<T> task = new Task<>(Objects.requireNonNull(operation, "operation"),
        new CompletableFuture<>());
    if (Vertx.currentContext() == context) {
      enqueue(task);
    } else {
      context.runOnContext(ignored -> enqueue(task));
    }
    // Bound to the context: handlers run there even when registered after completion.
    return Future.fromCompletionStage(task.result, context);
  }

  private void enqueue(Task<?> task) {
    pending.add(task);
    drain();
  }

  private void drain() {
    if (draining) {
      return; // the loop below picks up what was added
    }
    draining = true;
    try {
      while (!busy && !pending.isEmpty()) {
        busy = true;
        run(pending.poll());
      }
    } finally {
      draining = false;
    }
  }

  private <T> void run(Task<T> task) {
    Future<T> result;
    try {
      result = Objects.requireNonNull(task.operation.get(), "operation returned null");
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(outcome -> {
      if (Vertx.currentContext() == context) {
        finish(task, outcome);
      } else {
        context.runOnContext(ignored -> finish(task, outcome));
      }
    });
  }

  private <T> void finish(Task<T> task, AsyncResult<T> outcome) {
    busy = false;
    if (outcome.succeeded()) {
      task.result.complete(outcome.result());
    } else {
      task.result.completeExceptionally(outcome.cause());
    }
    drain();
  }

  private record Task<T>(Supplier<Future<T>> operation, CompletableFuture<T> result) {
  }
}
