package io.tideway.broker.internal.txn;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs asynchronous operations one at a time per key, in submission order; different keys run
 * concurrently. The coordinator uses it so that the read-modify-write of one transactional id's
 * state never interleaves with another request for the same id.
 *
 * <p>Thread-safe. Invariant: the map holds, per key, the tail of its chain until that tail is
 * done, so idle keys cost nothing.
 */
final class KeyedSerializer {

    private final ConcurrentHashMap<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

    /**
     * @param key the key to serialise on
     * @param operation started once every earlier operation of {@code key} is finished
     * @return the operation's result
     */
    <T> CompletableFuture<T> submit(String key, Supplier<CompletableFuture<T>> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<?> previous = tails.put(key, result);
        CompletableFuture<?> start = previous == null ? CompletableFuture.completedFuture(null) : previous;
        start.handle((ignored, error) -> null).thenCompose(ignored -> {
            try {
                return operation.get();
            } catch (RuntimeException e) {
                return CompletableFuture.<T>failedFuture(e);
            }
        }).whenComplete((value, error) -> {
            tails.remove(key, result);
            if (error != null) {
                result.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            } else {
                result.complete(value);
            }
        });
        return result;
    }
}
