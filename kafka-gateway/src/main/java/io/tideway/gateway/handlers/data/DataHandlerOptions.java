package io.tideway.gateway.handlers.data;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.Node;

/**
 * Settings of the data-path handlers, with Kafka's defaults.
 *
 * <p>Thread contract: immutable value; the supplier must be thread-safe.
 *
 * @param fetchSessionCacheSlots {@code max.incremental.fetch.session.cache.slots} (1000); 0
 *     disables incremental fetch sessions
 * @param fetchSessionEviction how long a fetch session is protected from eviction by a larger one
 *     after its creation, and how long it may idle before any new session evicts it (Kafka's
 *     fixed 120 s)
 * @param fetchMaxBytes {@code fetch.max.bytes} (55 MiB): caps a Fetch's {@code max_bytes}
 * @param transactionMaxTimeoutMs {@code transaction.max.timeout.ms} (15 minutes), checked by
 *     InitProducerId
 * @param fetchCopyThreads threads of the {@code tideway-fetch-copy} pool that copies records for
 *     TLS connections
 * @param advertisedNodes this node's advertised endpoints, named in Fetch v16+ responses when a
 *     client's leader epoch is stale; empty before the listener has bound
 */
public record DataHandlerOptions(int fetchSessionCacheSlots, Duration fetchSessionEviction,
        int fetchMaxBytes, int transactionMaxTimeoutMs, int fetchCopyThreads,
        Supplier<List<Node>> advertisedNodes) {

    /** Kafka's {@code fetch.max.bytes} default. */
    public static final int DEFAULT_FETCH_MAX_BYTES = 55 * 1024 * 1024;
    /** Kafka's {@code transaction.max.timeout.ms} default. */
    public static final int DEFAULT_TRANSACTION_MAX_TIMEOUT_MS = 900_000;
    /** Default size of the record-copying pool. */
    public static final int DEFAULT_FETCH_COPY_THREADS = 4;

    /** Validates ranges. */
    public DataHandlerOptions {
        Objects.requireNonNull(fetchSessionEviction, "fetchSessionEviction");
        Objects.requireNonNull(advertisedNodes, "advertisedNodes");
        if (fetchSessionCacheSlots < 0) {
            throw new IllegalArgumentException(
                    "fetchSessionCacheSlots must be >= 0, got " + fetchSessionCacheSlots);
        }
        if (fetchSessionEviction.isNegative()) {
            throw new IllegalArgumentException(
                    "fetchSessionEviction must not be negative, got " + fetchSessionEviction);
        }
        if (fetchMaxBytes < 0) {
            throw new IllegalArgumentException("fetchMaxBytes must be >= 0, got " + fetchMaxBytes);
        }
        if (transactionMaxTimeoutMs < 1) {
            throw new IllegalArgumentException(
                    "transactionMaxTimeoutMs must be >= 1, got " + transactionMaxTimeoutMs);
        }
        if (fetchCopyThreads < 1) {
            throw new IllegalArgumentException(
                    "fetchCopyThreads must be >= 1, got " + fetchCopyThreads);
        }
    }

    /** Kafka's defaults, with no advertised endpoints. */
    public static DataHandlerOptions defaults() {
        return new DataHandlerOptions(FetchSessionCache.DEFAULT_SLOTS,
                Duration.ofMillis(FetchSessionCache.DEFAULT_EVICTION_MS), DEFAULT_FETCH_MAX_BYTES,
                DEFAULT_TRANSACTION_MAX_TIMEOUT_MS, DEFAULT_FETCH_COPY_THREADS, List::of);
    }

    /** A copy with another number of fetch session slots. */
    public DataHandlerOptions withFetchSessionCacheSlots(int slots) {
        return new DataHandlerOptions(slots, fetchSessionEviction, fetchMaxBytes,
                transactionMaxTimeoutMs, fetchCopyThreads, advertisedNodes);
    }

    /** A copy with another {@code fetch.max.bytes}. */
    public DataHandlerOptions withFetchMaxBytes(int bytes) {
        return new DataHandlerOptions(fetchSessionCacheSlots, fetchSessionEviction, bytes,
                transactionMaxTimeoutMs, fetchCopyThreads, advertisedNodes);
    }

    /** A copy with another {@code transaction.max.timeout.ms}. */
    public DataHandlerOptions withTransactionMaxTimeoutMs(int timeoutMs) {
        return new DataHandlerOptions(fetchSessionCacheSlots, fetchSessionEviction, fetchMaxBytes,
                timeoutMs, fetchCopyThreads, advertisedNodes);
    }

    /** A copy with another source of advertised endpoints. */
    public DataHandlerOptions withAdvertisedNodes(Supplier<List<Node>> nodes) {
        return new DataHandlerOptions(fetchSessionCacheSlots, fetchSessionEviction, fetchMaxBytes,
                transactionMaxTimeoutMs, fetchCopyThreads, nodes);
    }
}
