package io.tideway.metadata.internal.fdb;

import com.apple.foundationdb.FDBException;
import io.tideway.metadata.MetadataConflictException;
import io.tideway.metadata.MetadataException;
import io.tideway.metadata.MetadataTimeoutException;
import io.tideway.metadata.internal.RetryPolicy;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps FoundationDB errors to the store's exceptions once the retry loop gives up. Error codes
 * are FoundationDB's (see its {@code error_definitions.h}). Stateless and thread-safe.
 */
final class FdbErrors {

    /** {@code not_committed}: a read conflict at commit. */
    static final int NOT_COMMITTED = 1020;
    /** {@code transaction_timed_out}. */
    static final int TRANSACTION_TIMED_OUT = 1031;

    private FdbErrors() {
    }

    /**
     * @param error the last failure (unwrapped)
     * @param attempts how many attempts ran
     * @param policy the retry policy in force
     * @return what the caller's future fails with; non-FoundationDB errors are returned as-is
     */
    static Throwable toStoreError(Throwable error, int attempts, RetryPolicy policy) {
        if (!(error instanceof FDBException fdb)) {
            return error;
        }
        if (fdb.getCode() == NOT_COMMITTED) {
            return new MetadataConflictException(attempts, policy.retryLimit(), fdb);
        }
        if (fdb.getCode() == TRANSACTION_TIMED_OUT) {
            return new MetadataTimeoutException("FoundationDB transaction did not complete within "
                    + policy.timeout().toMillis() + " ms (metadata.transaction.timeout.ms); if the timeout struck "
                    + "during commit, the outcome is unknown", fdb);
        }
        String retried = fdb.isRetryable() ? " after " + attempts + " attempts (metadata.transaction.retry.limit="
                + policy.retryLimit() + ")" : "";
        String maybe = fdb.isMaybeCommitted() ? "; the last commit may or may not have been applied" : "";
        return new MetadataException("FoundationDB error " + fdb.getCode() + " (" + fdb.getMessage() + ")" + retried + maybe, fdb);
    }

    /** @return the failure inside completion wrappers */
    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
