package io.tideway.server;

/**
 * The broker cannot start for a reason outside the configuration's syntax (a locked data
 * directory, a port already bound, ...). The message is written for an operator.
 *
 * <p>Thread-safe: immutable.
 */
public final class StartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the operator-facing explanation */
    public StartupException(String message) {
        super(message);
    }

    /**
     * @param message the operator-facing explanation
     * @param cause the underlying failure
     */
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
