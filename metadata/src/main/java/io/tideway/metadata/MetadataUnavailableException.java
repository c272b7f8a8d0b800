package io.tideway.metadata;

/**
 * The metadata backend cannot be used: it failed to start (missing native library, directory
 * already open elsewhere, unreadable cluster file) or it has been closed.
 *
 * <p>Not retryable by the store itself; the message names the directory, file or library and
 * what to do about it. Immutable and thread-safe.
 */
public class MetadataUnavailableException extends MetadataException {

    /** @param message what is unavailable and why */
    public MetadataUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what is unavailable and why
     * @param cause the underlying failure
     */
    public MetadataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
