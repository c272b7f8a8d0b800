package io.tideway.metadata.internal.fdb;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.FDBException;
import com.apple.foundationdb.Transaction;
import io.tideway.metadata.internal.RetryPolicy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FoundationDB's {@code runAsync}/{@code onError} retry loop with the store's retry limit: the
 * body runs, the transaction commits (unless read-only), and a retryable error goes through
 * {@code onError} (FoundationDB's own backoff, capped by {@code metadata.transaction.retry.backoff.max.ms})
 * until the limit is reached. Errors are then mapped by {@link FdbErrors}; the body's own
 * non-FoundationDB failures are returned as-is.
 *
 * <p>Thread-safe; continuations run on FoundationDB's executor threads.
 *
 * @param <T> the body's result
 */
final class FdbOperation<T> {

    private static final Logger log = LoggerFactory.getLogger(FdbOperation.class);

    private final Function<Transaction, ? extends CompletionStage<T>> body;
    private final boolean commit;
    private final RetryPolicy policy;
    private final CompletableFuture<T> result = new CompletableFuture<>();

    private FdbOperation(Function<Transaction, ? extends CompletionStage<T>> body, boolean commit, RetryPolicy policy) {
        this.body = body;
        this.commit = commit;
        this.policy = policy;
    }

    /**
     * Runs {@code body} with retries.
     *
     * @param db the database
     * @param body the attempt body
     * @param commit whether to commit (false for read-only bodies)
     * @param policy retry limit and timeout
     * @param <T> the result
     * @return the result of the successful attempt
     */
    static <T> CompletableFuture<T> run(Database db, Function<Transaction, ? extends CompletionStage<T>> body,
            boolean commit, RetryPolicy policy) {
        FdbOperation<T> operation = new FdbOperation<>(body, commit, policy);
        Transaction tr;
        try {
            tr = db.createTransaction();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(FdbErrors.toStoreError(e, 0, policy));
        }
        operation.attempt(tr, 1);
        return operation.result;
    }

    private void attempt(Transaction tr, int attempt) {
        CompletableFuture<T> stage;
        try {
            CompletionStage<T> returned = body.apply(tr);
            stage = returned == null
                    ? CompletableFuture.failedFuture(new NullPointerException("Transaction body returned null instead of a stage"))
                    : returned.toCompletableFuture();
        } catch (Throwable t) {
            stage = CompletableFuture.failedFuture(t);
        }
        CompletableFuture<T> committed = commit ? stage.thenCompose(value -> tr.commit().thenApply(ignored -> value)) : stage;
        committed.whenComplete((value, error) -> {
            if (error == null) {
                tr.close();
                result.complete(value);
                return;
            }
            Throwable cause = FdbErrors.unwrap(error);
            if (cause instanceof FDBException fdb && fdb.isRetryable() && policy.mayRetry(attempt)) {
                log.atDebug().setMessage("FoundationDB transaction failed, retrying").addKeyValue("attempt", attempt)
                        .addKeyValue("code", fdb.getCode()).log();
                tr.onError(fdb).whenComplete((reset, resetError) -> {
                    if (resetError != null) {
                        tr.close();
                        result.completeExceptionally(FdbErrors.toStoreError(FdbErrors.unwrap(resetError), attempt, policy));
                    } else {
                        attempt(reset, attempt + 1);
                    }
                });
                return;
            }
            tr.close();
            result.completeExceptionally(FdbErrors.toStoreError(cause, attempt, policy));
        });
    }
}
