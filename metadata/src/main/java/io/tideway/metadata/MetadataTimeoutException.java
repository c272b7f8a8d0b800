package io.tideway.metadata;

/**
 * A transaction (all its attempts together) did not finish within
 * {@code metadata.transaction.timeout.ms}.
 *
 * <p>With the embedded backend a timed-out transaction is guaranteed not to have committed. With
 * FoundationDB a timeout that strikes while the commit is in flight leaves the outcome unknown,
 * exactly as FoundationDB documents for {@code transaction_timed_out}. Immutable and thread-safe.
 */
public class MetadataTimeoutException extends MetadataException {

    /** @param message which limit was exceeded */
    public MetadataTimeoutException(String message) {
        super(message);
    }

    /**
     * @param message which limit was exceeded
     * @param cause the backend's timeout error
     */
    public MetadataTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
