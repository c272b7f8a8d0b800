package io.tideway.perf.crash;

/**
 * A check could not be completed: a reader stalled, the broker answered a raw fetch with an
 * error, or the admin client kept failing. The message says which partition and offsets.
 * Distinct from an anomaly: nothing was concluded.
 *
 * <p>Immutable; thread-safe.
 */
public final class CheckFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what could not be read, and where */
    public CheckFailedException(String message) {
        super(message);
    }

    /**
     * @param message what could not be read, and where
     * @param cause the underlying error
     */
    public CheckFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
