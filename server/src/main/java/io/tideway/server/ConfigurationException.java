package io.tideway.server;

/**
 * The configuration cannot start a broker: the message names the key, the value given, where it
 * came from and what is accepted, ready to print to an operator.
 *
 * <p>Thread-safe: immutable.
 */
public final class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the operator-facing explanation */
    public ConfigurationException(String message) {
        super(message);
    }
}
