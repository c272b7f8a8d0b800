package io.tideway.metadata;

import io.tideway.metadata.internal.embedded.EmbeddedMetadataStore;
import io.tideway.metadata.internal.fdb.FdbMetadataStore;

/**
 * Opens the metadata store that a {@link MetadataConfig} selects. Stateless and thread-safe.
 */
public final class MetadataStores {

    private MetadataStores() {
    }

    /**
     * Opens the configured backend. Blocking (opens files or connects to a cluster): call it at
     * start-up or on a worker thread, never on an event loop.
     *
     * @param config validated settings
     * @return an open store; the caller closes it
     * @throws MetadataUnavailableException when the backend cannot start (for example the
     *         embedded directory is already open, or {@code libfdb_c} is not installed)
     */
    public static MetadataStore open(MetadataConfig config) {
        return switch (config.backend()) {
            case EMBEDDED -> EmbeddedMetadataStore.open(config);
            case FDB -> FdbMetadataStore.open(config);
        };
    }
}
