package io.tideway.gateway.handlers.admin;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Future plumbing shared by the admin handlers: engine calls that cannot throw past the handler,
 * and "wait for every entry, then assemble" so that one failed topic or resource never fails the
 * whole request.
 *
 * <p>Thread contract: stateless static helpers. {@link #settle} completes once every input future
 * has completed; its result list is built after the last completion, so reading the outcomes there
 * is safe whatever threads completed the inputs.
 */
final class Outcomes {

    private Outcomes() {
    }

    /**
     * Calls an engine method, turning a synchronous throw (or a null future) into a failed future
     * so that the failure is reported for that entry alone.
     */
    static <T> Future<T> call(Supplier<Future<T>> engineCall) {
        try {
            Future<T> future = engineCall.get();
            if (future == null) {
                return Future.failedFuture(
                        new IllegalStateException("The engine returned a null future"));
            }
            return future;
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /**
     * Completes, never failing, with the outcome of every future in input order once all of them
     * have completed.
     */
    static <T> Future<List<AsyncResult<T>>> settle(List<Future<T>> futures) {
        List<Future<T>> inputs = List.copyOf(futures);
        if (inputs.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return Future.join(inputs).transform(ignored -> {
            List<AsyncResult<T>> outcomes = new ArrayList<>(inputs.size());
            outcomes.addAll(inputs);
            return Future.succeededFuture(outcomes);
        });
    }
}
