package io.tideway.server;

import io.tideway.metadata.MetadataConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metadata store settings of a broker: {@code metadata.store} selects the backend; the
 * embedded store lives in {@value #EMBEDDED_DIR_NAME} under the first data directory (locked with
 * it), FoundationDB is reached through {@code metadata.fdb.cluster.file}.
 *
 * <p>Thread-safe: stateless.
 */
final class MetadataSettings {

    /** The embedded store's directory name inside the first log directory. */
    static final String EMBEDDED_DIR_NAME = "metadata";

    private MetadataSettings() {
    }

    /**
     * The metadata configuration of {@code config}.
     *
     * @throws ConfigurationException when the metadata layer refuses a value
     */
    static MetadataConfig from(BrokerConfig config) {
        Map<String, String> raw = new TreeMap<>();
        raw.put(MetadataConfig.STORE, config.metadataStore().name().toLowerCase(java.util.Locale.ROOT));
        raw.put(MetadataConfig.DIR, embeddedDirectory(config).toString());
        config.metadataFdbClusterFile()
                .ifPresent(file -> raw.put(MetadataConfig.FDB_CLUSTER_FILE, file.toString()));
        try {
            return MetadataConfig.from(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid configuration: " + e.getMessage());
        }
    }

    /** Where the embedded store lives: {@code <first log dir>/metadata}. */
    static Path embeddedDirectory(BrokerConfig config) {
        return config.logDirs().get(0).resolve(EMBEDDED_DIR_NAME);
    }
}
