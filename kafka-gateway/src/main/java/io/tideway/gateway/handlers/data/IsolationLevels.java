package io.tideway.gateway.handlers.data;

import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.errors.InvalidRequestException;

/**
 * Reads the isolation level byte of Fetch and ListOffsets requests. kafka-clients' accessors throw
 * {@link IllegalArgumentException} for an id other than 0 or 1, which a handler would answer with
 * UNKNOWN_SERVER_ERROR; a client sending one gets INVALID_REQUEST with the offending id instead.
 *
 * <p>Thread-safe: stateless.
 */
final class IsolationLevels {

    private IsolationLevels() {
    }

    /**
     * The isolation level with id {@code id}.
     *
     * @throws InvalidRequestException when the id is neither READ_UNCOMMITTED (0) nor
     *     READ_COMMITTED (1)
     */
    static IsolationLevel of(byte id) {
        if (id == IsolationLevel.READ_UNCOMMITTED.id()) {
            return IsolationLevel.READ_UNCOMMITTED;
        }
        if (id == IsolationLevel.READ_COMMITTED.id()) {
            return IsolationLevel.READ_COMMITTED;
        }
        throw new InvalidRequestException("Unknown isolation level " + id
                + "; expected 0 (READ_UNCOMMITTED) or 1 (READ_COMMITTED)");
    }
}
