package io.tideway.perf.compare;

/**
 * A broker the harness launched did not become ready: it exited, did not answer in time, or its
 * files could not be prepared. The message names the broker and its log file.
 *
 * <p>Immutable; thread-safe.
 */
public final class BrokerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the broker and its log */
    public BrokerStartException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause the underlying error
     */
    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
