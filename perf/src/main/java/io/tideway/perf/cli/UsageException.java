package io.tideway.perf.cli;

/**
 * The command line is wrong; the message says what to change. The CLI prints it with the usage
 * text and exits with status 2.
 *
 * <p>Immutable; thread-safe.
 */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
