package io.tideway.metadata;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An async, transactional, ordered key-value store for all cluster metadata, modelled on
 * FoundationDB. Obtain one from {@link MetadataStores#open(MetadataConfig)}.
 *
 * <p><b>Transactions</b>: {@link #run} executes a body in a serializable transaction and commits
 * it, retrying the whole body on conflicts up to {@code metadata.transaction.retry.limit} times with
 * exponential backoff. Bodies may therefore run more than once and must not have side effects
 * outside the transaction (compute, read and write through the transaction; act on the result).
 * A body that fails (throws, or returns a failed stage) is not retried: its exception is
 * returned as-is. When retries run out the future fails with {@link MetadataConflictException};
 * when {@code metadata.transaction.timeout.ms} passes first, with {@link MetadataTimeoutException}.
 *
 * <p><b>Threads</b>: implementations are thread-safe. Bodies run on, and returned futures
 * complete on, the backend's own threads: the embedded backend's bounded {@code tideway-metadata-N}
 * pool, or FoundationDB's network and executor threads. Nothing here blocks the caller, so it
 * may be called from a Vert.x event loop; such callers must hop back to their own context (for
 * example with {@code context.runOnContext}) before touching context-owned state in callbacks.
 * {@link #close()} blocks and must not be called on an event loop.
 */
public interface MetadataStore extends AutoCloseable {

    /**
     * Runs {@code body} in a read-write transaction and commits it.
     *
     * @param body builds the transaction's work; may run several times
     * @param <T> the body's result
     * @return the result of the attempt that committed
     */
    <T> CompletableFuture<T> run(Function<? super Transaction, ? extends CompletionStage<T>> body);

    /**
     * Runs {@code body} in a read-only transaction (a consistent snapshot; nothing to commit).
     *
     * @param body the reads to perform
     * @param <T> the body's result
     * @return the body's result
     */
    <T> CompletableFuture<T> read(Function<? super ReadTransaction, ? extends CompletionStage<T>> body);

    /**
     * Convenience for a transaction that only sets a watch on {@code key}: the future completes
     * once the key's value differs from its value when the watch was set. Cancelling the returned
     * future releases the watch.
     *
     * @param key the key to watch
     * @return completes when the value changes
     */
    default CompletableFuture<Void> watch(byte[] key) {
        CompletableFuture<Void> fired = new CompletableFuture<>();
        this.<CompletableFuture<Void>>run(tx -> CompletableFuture.completedFuture(tx.watch(key))).whenComplete((watch, error) -> {
            if (error != null) {
                fired.completeExceptionally(error);
                return;
            }
            fired.whenComplete((ignored, cancelled) -> {
                if (fired.isCancelled()) {
                    watch.cancel(false);
                }
            });
            watch.whenComplete((ignored, watchError) -> {
                if (watchError != null) {
                    fired.completeExceptionally(watchError);
                } else {
                    fired.complete(null);
                }
            });
        });
        return fired;
    }

    /** @return the backend's name: {@code "embedded"} or {@code "fdb"} */
    String backend();

    /**
     * Closes the store: later calls fail with {@link MetadataUnavailableException}, pending watches
     * fail with it too, and resources are released. Blocks until in-flight work stops (bounded);
     * do not call it on an event loop. Idempotent.
     */
    @Override
    void close();
}
