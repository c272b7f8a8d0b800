package io.tideway.perf.compare;

import java.nio.file.Path;

/**
 * Starts one kind of broker on 127.0.0.1 with a fresh data directory and waits until it answers
 * Metadata.
 *
 * <p>Implementations are immutable and thread-safe; {@link #start} blocks the caller.
 */
public interface BrokerLauncher {

    /** {@code tideway} or {@code kafka}. */
    String label();

    /** One line on how it is configured, for the reports. */
    String describe();

    /**
     * Starts a broker whose files all live under {@code workDir} (created, empty).
     *
     * @throws BrokerStartException when it exits or does not become ready in time; the process
     *     is stopped then
     */
    BrokerProcess start(Path workDir);
}
