package io.tideway.perf.run;

/**
 * A workload run could not complete: topics could not be created, a client thread failed or the
 * run was interrupted. The message names what failed.
 *
 * <p>Immutable; thread-safe.
 */
public final class RunFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     * @param cause the underlying error
     */
    public RunFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
