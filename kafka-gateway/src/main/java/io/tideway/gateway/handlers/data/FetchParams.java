package io.tideway.gateway.handlers.data;

import org.apache.kafka.common.IsolationLevel;

/**
 * The request-wide parameters of one Fetch (Kafka's {@code FetchParams}).
 *
 * <p>Thread contract: immutable value.
 *
 * @param version the request version
 * @param fromFollower whether a broker replica asks ({@code replica_id >= 0})
 * @param maxWaitMs how long to wait for {@code minBytes}; 0 or less answers at once
 * @param minBytes bytes to accumulate before answering, capped at {@code maxBytes}
 * @param maxBytes the response's soft record budget (KIP-74), capped by {@code fetch.max.bytes}
 * @param isolation the isolation level
 */
record FetchParams(short version, boolean fromFollower, int maxWaitMs, int minBytes, int maxBytes,
        IsolationLevel isolation) {
}
