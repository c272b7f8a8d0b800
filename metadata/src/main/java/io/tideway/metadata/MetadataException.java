package io.tideway.metadata;

/**
 * Base class of every failure reported by the metadata store and its typed stores.
 *
 * <p>Unchecked, because failures arrive through {@link java.util.concurrent.CompletableFuture}s
 * where checked exceptions cannot travel. Immutable and therefore thread-safe.
 */
public class MetadataException extends RuntimeException {

    /**
     * @param message what went wrong, naming the key, record or setting involved
     */
    public MetadataException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the key, record or setting involved
     * @param cause the underlying failure (a RocksDB or FoundationDB error)
     */
    public MetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
