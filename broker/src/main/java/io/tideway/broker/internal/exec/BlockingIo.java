package io.tideway.broker.internal.exec;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The named, bounded worker pool for blocking log I/O ({@value #POOL_NAME}): opening and recovering
 * logs, deleting segments and directories, writing snapshots and checkpoints, closing logs. Tasks
 * are unordered here; callers that need an order (a partition) serialize through their
 * {@link OperationQueue}.
 *
 * <p>Thread contract: thread-safe. A task submitted from a Vert.x context completes its future
 * on that context (Vert.x {@link WorkerExecutor} semantics); from any other thread, on a Vert.x
 * thread.
 */
public final class BlockingIo {

  /** The worker pool's name, as it appears in thread names and metrics. */
  public static final String POOL_NAME = "tideway-log-io";

  /** A task may legitimately run long (recovering a large segment); Vert.x only warns past it. */
  private static final long MAX_EXECUTE_MINUTES = 10;

  private final WorkerExecutor executor;
  private final int poolSize;

  /** Creates (or joins) the shared pool {@value #POOL_NAME} with {@code poolSize} threads. */
  public BlockingIo(Vertx vertx, int poolSize) {
    this.poolSize = poolSize;
    this.executor = vertx.createSharedWorkerExecutor(POOL_NAME, poolSize, MAX_EXECUTE_MINUTES,
        TimeUnit.MINUTES);
  }

  /** Runs {@code task} on the pool. */
  public <T> Future<T> run(Callable<T> task) {
    return executor.executeBlocking(task, false);
  }

  /** Threads in the pool. */
  public int poolSize() {
    return poolSize;
  }

  /** Releases the pool (running tasks complete). */
  public Future<Void> close() {
    return executor.close();
  }
}
