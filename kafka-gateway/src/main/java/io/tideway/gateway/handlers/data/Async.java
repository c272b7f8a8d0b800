package io.tideway.gateway.handlers.data;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Small future helpers shared by the data-path handlers.
 *
 * <p>Thread contract: stateless; safe from any thread.
 */
final class Async {

    private Async() {
    }

    /**
     * Calls an engine method, turning a thrown exception or a null future into a failed future,
     * so one misbehaving call fails its own partition only.
     */
    static <T> Future<T> call(Supplier<Future<T>> call) {
        try {
            Future<T> future = call.get();
            return future != null ? future : Future.failedFuture(
                    new IllegalStateException("Engine returned a null future"));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /**
     * {@code future}, completing on {@code context}: request-scoped state is confined to the
     * requesting connection's event loop, while engine futures complete on partition contexts or
     * store threads.
     */
    static <T> Future<T> on(Context context, Future<T> future) {
        Promise<T> promise = Promise.promise();
        future.onComplete(result -> {
            if (Vertx.currentContext() == context) {
                promise.handle(result);
            } else {
                context.runOnContext(v -> promise.handle(result));
            }
        });
        return promise.future();
    }
}
