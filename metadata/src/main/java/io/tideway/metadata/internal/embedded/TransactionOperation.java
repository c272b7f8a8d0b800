package io.tideway.metadata.internal.embedded;

import io.tideway.metadata.MetadataConflictException;
import io.tideway.metadata.MetadataTimeoutException;
import io.tideway.metadata.internal.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code run} or {@code read} call on the embedded store: runs the body in a fresh
 * transaction, commits, and on conflict retries after a backoff, within the retry limit and the
 * timeout.
 *
 * <p>Exactly one of commit, body failure, retry exhaustion, timeout and abort settles the result:
 * each must win {@link #settled} first, and a commit claims it under the commit lock before
 * writing, so a timed-out or aborted operation never commits afterwards. Thread-safe; attempts
 * run on store workers.
 *
 * @param <T> the body's result
 */
final class TransactionOperation<T> {

    private static final Logger log = LoggerFactory.getLogger(TransactionOperation.class);

    private final EmbeddedMetadataStore store;
    private final Function<EmbeddedTransaction, ? extends CompletionStage<T>> body;
    private final boolean readOnly;
    private final RetryPolicy policy;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile EmbeddedTransaction current;
    private volatile ScheduledFuture<?> timeoutTask;

    TransactionOperation(EmbeddedMetadataStore store, Function<EmbeddedTransaction, ? extends CompletionStage<T>> body,
            boolean readOnly, RetryPolicy policy) {
        this.store = store;
        this.body = body;
        this.readOnly = readOnly;
        this.policy = policy;
    }

    CompletableFuture<T> start() {
        timeoutTask = store.executor().schedule(policy.timeout(), this::timeOut, refused -> timeOut());
        store.executor().runOnWorker(() -> attempt(1), this::fail);
        return result;
    }

    /** Fails the operation unless it already settled (used when the store closes). */
    void abort(RuntimeException reason) {
        fail(reason);
    }

    CompletableFuture<T> result() {
        return result;
    }

    private void attempt(int attempt) {
        if (settled.get()) {
            return;
        }
        EmbeddedTransaction txn;
        try {
            txn = store.begin(readOnly);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        current = txn;
        if (settled.get()) {
            txn.abandon(new IllegalStateException("operation already settled"));
            return;
        }
        CompletionStage<T> stage;
        try {
            stage = body.apply(txn);
            if (stage == null) {
                stage = CompletableFuture.failedFuture(new NullPointerException("Transaction body returned null instead of a stage"));
            }
        } catch (Throwable t) {
            stage = CompletableFuture.failedFuture(t);
        }
        stage.whenComplete((value, error) -> store.executor().runOnWorker(
                () -> finishAttempt(txn, attempt, value, error),
                refused -> {
                    txn.abandon(refused);
                    fail(refused);
                }));
    }

    private void finishAttempt(EmbeddedTransaction txn, int attempt, T value, Throwable error) {
        if (error != null) {
            txn.abandon(error);
            fail(unwrap(error));
            return;
        }
        if (readOnly) {
            txn.committed(null);
            succeed(value);
            return;
        }
        AtomicBoolean claimed = new AtomicBoolean();
        Committer.Result commit;
        try {
            WriteBuffer writes = txn.beginCommit();
            commit = store.committer().commit(txn, writes, () -> {
                claimed.set(settled.compareAndSet(false, true));
                return claimed.get();
            });
        } catch (RuntimeException e) {
            txn.abandon(e);
            if (claimed.get()) {
                finish(e);
            } else {
                fail(e);
            }
            return;
        }
        switch (commit.outcome()) {
            case COMMITTED -> {
                txn.committed(commit.versionstamp());
                cancelTimeout();
                result.complete(value);
            }
            case CONFLICT -> retryAfterConflict(txn, attempt);
            case ABANDONED -> txn.abandon(new IllegalStateException("operation settled before commit"));
            default -> throw new IllegalStateException("Unknown commit outcome " + commit.outcome());
        }
    }

    private void retryAfterConflict(EmbeddedTransaction txn, int attempt) {
        MetadataConflictException exhausted = new MetadataConflictException(attempt, policy.retryLimit(), null);
        txn.abandon(exhausted);
        if (!policy.mayRetry(attempt)) {
            log.atDebug().setMessage("Transaction retries exhausted").addKeyValue("attempts", attempt).log();
            fail(exhausted);
            return;
        }
        long backoff = policy.backoffMillis(attempt);
        log.atDebug().setMessage("Transaction conflicted, retrying").addKeyValue("attempt", attempt)
                .addKeyValue("backoffMs", backoff).log();
        if (backoff == 0) {
            // Queue rather than recurse: an unlucky run of zero-backoff retries must not grow the stack.
            try {
                store.executor().execute(() -> attempt(attempt + 1));
            } catch (RuntimeException refused) {
                fail(refused);
            }
        } else {
            store.executor().schedule(Duration.ofMillis(backoff), () -> attempt(attempt + 1), this::fail);
        }
    }

    private void timeOut() {
        fail(new MetadataTimeoutException("Transaction did not complete within " + policy.timeout().toMillis()
                + " ms (metadata.transaction.timeout.ms); it was not committed"));
    }

    private void succeed(T value) {
        if (settled.compareAndSet(false, true)) {
            cancelTimeout();
            result.complete(value);
        }
    }

    private void fail(Throwable error) {
        if (settled.compareAndSet(false, true)) {
            finish(error);
        }
    }

    /** Completes exceptionally; the caller owns the settlement. */
    private void finish(Throwable error) {
        cancelTimeout();
        EmbeddedTransaction txn = current;
        if (txn != null) {
            txn.abandon(error);
        }
        result.completeExceptionally(error);
        store.forget(this);
    }

    private void cancelTimeout() {
        ScheduledFuture<?> task = timeoutTask;
        if (task != null) {
            task.cancel(false);
        }
        store.forget(this);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
