package io.tideway.metadata;

/**
 * The store's bounded work queue is full, so a request was refused instead of queued without
 * bound. Retriable: callers map it to a retriable protocol error (Kafka) or 503 (REST).
 * Immutable and thread-safe.
 */
public class MetadataOverloadedException extends MetadataException {

    /** @param message which queue is full and its capacity */
    public MetadataOverloadedException(String message) {
        super(message);
    }
}
