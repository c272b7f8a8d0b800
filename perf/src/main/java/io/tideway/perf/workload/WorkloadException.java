package io.tideway.perf.workload;

/**
 * A workload file or value is unusable. The message names the file (when known), the key and
 * what is wrong with its value, so the user can fix it without reading code.
 *
 * <p>Immutable; thread-safe.
 */
public final class WorkloadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the key */
    public WorkloadException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file
     * @param cause the underlying I/O or syntax error
     */
    public WorkloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
