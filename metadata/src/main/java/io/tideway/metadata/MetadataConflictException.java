package io.tideway.metadata;

/**
 * A transaction could not commit because concurrent transactions kept changing what it read,
 * and the configured retry limit ({@code metadata.transaction.retry.limit}) ran out.
 *
 * <p>Retrying the whole operation later is safe: nothing of the failed attempts was committed.
 * Immutable and thread-safe.
 */
public class MetadataConflictException extends MetadataException {

    private final int attempts;

    /**
     * @param attempts how many times the transaction body ran (first try plus retries)
     * @param retryLimit the retry limit that was exhausted
     * @param cause the last conflict, if the backend reported one as an exception; may be null
     */
    public MetadataConflictException(int attempts, int retryLimit, Throwable cause) {
        super("Transaction did not commit after " + attempts + " attempts: it conflicted with "
                + "concurrent transactions every time (metadata.transaction.retry.limit=" + retryLimit + ")",
                cause);
        this.attempts = attempts;
    }

    /** @return how many times the transaction body ran before giving up */
    public int attempts() {
        return attempts;
    }
}
