package io.tideway.broker.log;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for one log directory: a single named thread that batches flush requests from every
 * partition in the directory into rounds, fsyncs each distinct file once per round, and completes
 * all the round's futures together.
 *
 * <p>A round takes everything queued when the thread wakes up; requests arriving while a round's
 * fsyncs run wait for the next round, so under load N concurrent appends cost about one fsync per
 * file per round instead of N. Within a round: first the fsyncs; then each flush request's
 * optional follow-up action (only if its fsync succeeded) and the completion of its future; then
 * the tasks submitted with {@link #execute}, in submission order. The partition log writes its
 * recovery-point checkpoint only through these actions and tasks, so that file has one writer and
 * its updates apply in submission order.
 *
 * <p>The flusher is also the handle of its log directory for the logs in it: their file writes go
 * through its {@link FileWrites}, and its {@link LogDirWriteGuard} decides whether they may append.
 * A failed fsync makes that guard refuse appends until restart, since the kernel may have dropped
 * the dirty pages and a later fsync that succeeds would prove nothing.
 *
 * <p>Thread contract: thread-safe; any thread may submit. Futures complete on the flusher thread,
 * so callers must hop back to their own context (e.g. Vert.x
 * {@code Future.fromCompletionStage(future, context)}) and never block in a callback. Blocking:
 * {@link #close()} waits for queued work. Invariants: every request submitted before
 * {@link #close()} is completed (normally or exceptionally); one flusher per log directory.
 */
public final class LogDirFlusher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LogDirFlusher.class);

  private final Path logDir;
  private final Fsync fsync;
  private final FileWrites writes;
  private final LogDirWriteGuard guard;
  private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Object submitLock = new Object();
  private final Thread thread;
  private final AtomicLong rounds = new AtomicLong();
  private final AtomicLong syncedTargets = new AtomicLong();
  private boolean closed; // guarded by submitLock

  /** Starts a flusher using {@link Fsync#DATASYNC}. */
  public LogDirFlusher(Path logDir) {
    this(logDir, Fsync.DATASYNC);
  }

  /** Starts a flusher with the given fsync, direct writes and the file store's free space. */
  public LogDirFlusher(Path logDir, Fsync fsync) {
    this(logDir, fsync, FileWrites.DIRECT,
        new LogDirWriteGuard(logDir, DiskSpace.of(logDir), LogDirWriteGuard.DEFAULT_HEADROOM_BYTES));
  }

  /**
   * Starts a flusher thread named {@code tideway-log-flusher-<dir name>}.
   *
   * @param writes how the logs of this directory write their files
   * @param guard whether appends to this directory may be attempted; told about failed fsyncs
   */
  public LogDirFlusher(Path logDir, Fsync fsync, FileWrites writes, LogDirWriteGuard guard) {
    this.logDir = Objects.requireNonNull(logDir, "logDir");
    this.fsync = Objects.requireNonNull(fsync, "fsync");
    this.writes = Objects.requireNonNull(writes, "writes");
    this.guard = Objects.requireNonNull(guard, "guard");
    this.thread = new Thread(this::run, "tideway-log-flusher-" + logDir.getFileName());
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** The log directory this flusher serves. */
  public Path logDir() {
    return logDir;
  }

  /** The fsync implementation, shared with the logs of this directory for their checkpoints. */
  Fsync fsync() {
    return fsync;
  }

  /** How the logs of this directory write their files. */
  FileWrites writes() {
    return writes;
  }

  /** Whether appends to this directory may be attempted (full disk, failed fsync). */
  public LogDirWriteGuard guard() {
    return guard;
  }

  /** Rounds completed so far (each round fsyncs every distinct requested file once). */
  public long rounds() {
    return rounds.get();
  }

  /** Flush targets synced so far, summed over rounds. */
  public long syncedTargets() {
    return syncedTargets.get();
  }

  /** Requests that {@code target} be synced; the future completes after the fsync. */
  CompletableFuture<Void> flush(FlushTarget target) {
    return submit(new Request(Objects.requireNonNull(target, "target"), null));
  }

  /**
   * Requests that {@code target} be synced and, if that succeeds, runs {@code onSynced} on the
   * flusher thread before the future completes (and before the round's tasks run).
   */
  CompletableFuture<Void> flush(FlushTarget target, Runnable onSynced) {
    return submit(new Request(Objects.requireNonNull(target, "target"),
        Objects.requireNonNull(onSynced, "onSynced")));
  }

  /** Runs {@code task} on the flusher thread after the fsyncs of the round that picks it up. */
  CompletableFuture<Void> execute(Runnable task) {
    return submit(new Request(null, Objects.requireNonNull(task, "task")));
  }

  private CompletableFuture<Void> submit(Request request) {
    synchronized (submitLock) {
      if (closed) {
        request.future.completeExceptionally(closedException());
      } else {
        queue.add(request);
      }
    }
    return request.future;
  }

  /** Processes everything already queued, then stops the thread. Blocking. Idempotent. */
  @Override
  public void close() {
    synchronized (submitLock) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(Request.POISON);
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaStorageException("Interrupted while closing the flusher of " + logDir, e);
    }
  }

  private void run() {
    List<Request> round = new ArrayList<>();
    boolean stop = false;
    while (!stop) {
      try {
        round.add(queue.take());
      } catch (InterruptedException e) {
        log.atWarn().setMessage("Flusher thread interrupted; continuing until closed")
            .addKeyValue("logDir", logDir).log();
        continue;
      }
      queue.drainTo(round);
      stop = round.remove(Request.POISON);
      process(round);
      round.clear();
    }
    log.atDebug().setMessage("Flusher stopped").addKeyValue("logDir", logDir)
        .addKeyValue("rounds", rounds.get()).log();
  }

  private void process(List<Request> round) {
    Map<FlushTarget, Throwable> outcomes = new IdentityHashMap<>();
    for (Request request : round) {
      if (request.target != null && !outcomes.containsKey(request.target)) {
        outcomes.put(request.target, syncQuietly(request.target));
      }
    }
    rounds.incrementAndGet();
    for (Request request : round) {
      if (request.target != null) {
        complete(request, outcomes.get(request.target));
      }
    }
    for (Request request : round) {
      if (request.target == null) {
        complete(request, null);
      }
    }
  }

  /** Runs the request's action if the sync (if any) succeeded, then completes its future. */
  private void complete(Request request, Throwable syncFailure) {
    if (syncFailure != null) {
      request.future.completeExceptionally(syncFailure);
      return;
    }
    try {
      if (request.action != null) {
        request.action.run();
      }
      request.future.complete(null);
    } catch (RuntimeException e) {
      log.atError().setMessage("Flusher task failed").addKeyValue("logDir", logDir)
          .setCause(e).log();
      request.future.completeExceptionally(e);
    }
  }

  private Throwable syncQuietly(FlushTarget target) {
    try {
      target.sync(fsync);
      syncedTargets.incrementAndGet();
      return null;
    } catch (Exception e) {
      log.atError().setMessage("Fsync failed").addKeyValue("logDir", logDir)
          .addKeyValue("target", target).setCause(e).log();
      guard.onFsyncFailure(target.toString(), e);
      return new KafkaStorageException("Fsync of " + target + " failed: " + e.getMessage(), e);
    }
  }

  private KafkaStorageException closedException() {
    return new KafkaStorageException("The flusher of log directory " + logDir + " is closed");
  }

  /**
   * A flush of {@code target} (with an optional action after a successful sync), or a task
   * ({@code target == null}, {@code action} set).
   */
  private static final class Request {
    static final Request POISON = new Request(null, null);

    final FlushTarget target;
    final Runnable action;
    final CompletableFuture<Void> future = new CompletableFuture<>();

    Request(FlushTarget target, Runnable action) {
      this.target = target;
      this.action = action;
    }
  }
}
