package io.tideway.metadata.internal.embedded;

import io.tideway.metadata.MetadataOverloadedException;
import io.tideway.metadata.MetadataUnavailableException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The embedded store's threads: a bounded pool of {@code tideway-metadata-N} workers that run
 * all blocking RocksDB work and complete all futures, and one {@code tideway-metadata-timer}
 * thread that only hands timed tasks (retry backoff, timeouts) to the workers.
 *
 * <p>Thread-safe. A full queue is refused with {@link MetadataOverloadedException} instead of
 * queueing without bound; after {@link #shutdown} work is refused with
 * {@link MetadataUnavailableException}.
 */
final class StoreExecutor {

    /** Numbers workers across stores, so thread names stay unique when a process opens several. */
    private static final AtomicInteger WORKER_IDS = new AtomicInteger();

    /** Worker thread type, so work can tell whether it already runs on this store's pool. */
    private static final class StoreThread extends Thread {
        private final StoreExecutor owner;

        StoreThread(StoreExecutor owner, Runnable task, String name) {
            super(task, name);
            this.owner = owner;
            setDaemon(true);
        }
    }

    private final String description;
    private final int queueCapacity;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor timer;

    StoreExecutor(String description, int threads, int queueCapacity) {
        this.description = description;
        this.queueCapacity = queueCapacity;
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                task -> new StoreThread(this, task, "tideway-metadata-" + WORKER_IDS.incrementAndGet()));
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "tideway-metadata-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** @return whether the calling thread is one of this store's workers */
    boolean isWorkerThread() {
        return Thread.currentThread() instanceof StoreThread thread && thread.owner == this;
    }

    /**
     * Queues a task on a worker.
     *
     * @throws MetadataOverloadedException when the queue is full
     * @throws MetadataUnavailableException after shutdown
     */
    void execute(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            throw refusal();
        }
    }

    /** Runs the task at once when already on a worker, else queues it; refusals go to {@code onRefused}. */
    void runOnWorker(Runnable task, Consumer<RuntimeException> onRefused) {
        if (isWorkerThread()) {
            task.run();
            return;
        }
        try {
            execute(task);
        } catch (MetadataOverloadedException | MetadataUnavailableException e) {
            onRefused.accept(e);
        }
    }

    /** Runs {@code task} on a worker after {@code delay}; refusals go to {@code onRefused} (on any thread). */
    ScheduledFuture<?> schedule(Duration delay, Runnable task, Consumer<RuntimeException> onRefused) {
        try {
            return timer.schedule(() -> {
                try {
                    execute(task);
                } catch (MetadataOverloadedException | MetadataUnavailableException e) {
                    onRefused.accept(e);
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            onRefused.accept(refusal());
            return null;
        }
    }

    /**
     * Stops accepting work and waits for running and queued tasks to finish.
     *
     * @return whether all workers stopped within {@code wait}
     */
    boolean shutdown(Duration wait) {
        timer.shutdownNow();
        workers.shutdown();
        try {
            return workers.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private RuntimeException refusal() {
        if (workers.isShutdown()) {
            return new MetadataUnavailableException("Metadata store " + description + " is closed");
        }
        return new MetadataOverloadedException("Metadata store " + description + " is overloaded: its work queue is full ("
                + queueCapacity + " tasks, metadata.embedded.queue.capacity)");
    }
}
