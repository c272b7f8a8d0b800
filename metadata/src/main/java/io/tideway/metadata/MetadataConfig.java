package io.tideway.metadata;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Validated metadata-store settings, read from Kafka-style properties.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@value #STORE}</td><td>embedded</td><td>backend: {@code embedded} or {@code fdb}</td></tr>
 * <tr><td>{@value #DIR}</td><td>(required for embedded)</td><td>embedded store directory
 *     (the broker passes {@code <data dir>/metadata})</td></tr>
 * <tr><td>{@value #FDB_CLUSTER_FILE}</td><td>FoundationDB's default lookup</td><td>cluster file</td></tr>
 * <tr><td>{@value #NAMESPACE}</td><td>default</td><td>cluster namespace under which {@link KeyLayout}
 *     roots every key</td></tr>
 * <tr><td>{@value #RETRY_LIMIT}</td><td>100</td><td>retries after the first attempt</td></tr>
 * <tr><td>{@value #RETRY_BACKOFF_MS}</td><td>2</td><td>first retry delay (doubles per retry)</td></tr>
 * <tr><td>{@value #RETRY_BACKOFF_MAX_MS}</td><td>1000</td><td>largest retry delay</td></tr>
 * <tr><td>{@value #TIMEOUT_MS}</td><td>10000</td><td>limit for a transaction with all its retries</td></tr>
 * <tr><td>{@value #EMBEDDED_THREADS}</td><td>4</td><td>embedded worker threads</td></tr>
 * <tr><td>{@value #EMBEDDED_QUEUE}</td><td>10000</td><td>embedded work-queue capacity</td></tr>
 * <tr><td>{@value #MAX_WATCHES}</td><td>10000</td><td>most outstanding watches</td></tr>
 * </table>
 *
 * <p>Keys outside {@code metadata.*} are ignored, so the broker may pass its whole configuration.
 * Invalid values throw {@link IllegalArgumentException} naming the key, the value and what is
 * accepted. Immutable and thread-safe.
 */
public final class MetadataConfig {

    /** Backend selector. */
    public static final String STORE = "metadata.store";
    /** Embedded store directory. */
    public static final String DIR = "metadata.dir";
    /** FoundationDB cluster file. */
    public static final String FDB_CLUSTER_FILE = "metadata.fdb.cluster.file";
    /** Cluster namespace for the key layout. */
    public static final String NAMESPACE = "metadata.namespace";
    /** The namespace used when {@value #NAMESPACE} is not set. */
    public static final String DEFAULT_NAMESPACE = "default";
    /** Conflict retries after the first attempt. */
    public static final String RETRY_LIMIT = "metadata.transaction.retry.limit";
    /** First retry backoff in milliseconds. */
    public static final String RETRY_BACKOFF_MS = "metadata.transaction.retry.backoff.ms";
    /** Largest retry backoff in milliseconds. */
    public static final String RETRY_BACKOFF_MAX_MS = "metadata.transaction.retry.backoff.max.ms";
    /** Time limit of one transaction including its retries, in milliseconds. */
    public static final String TIMEOUT_MS = "metadata.transaction.timeout.ms";
    /** Embedded backend worker threads. */
    public static final String EMBEDDED_THREADS = "metadata.embedded.threads";
    /** Embedded backend work-queue capacity. */
    public static final String EMBEDDED_QUEUE = "metadata.embedded.queue.capacity";
    /** Most watches outstanding at once. */
    public static final String MAX_WATCHES = "metadata.watches.max";

    /** The metadata backends. */
    public enum Backend {
        /** RocksDB in a local directory, for one machine. */
        EMBEDDED("embedded"),
        /** A FoundationDB cluster through {@code libfdb_c}. */
        FDB("fdb");

        private final String configName;

        Backend(String configName) {
            this.configName = configName;
        }

        /** @return the value of {@value MetadataConfig#STORE} that selects this backend */
        public String configName() {
            return configName;
        }

        static Backend parse(String value) {
            String normalized = value.trim().toLowerCase(Locale.ROOT);
            for (Backend backend : values()) {
                if (backend.configName.equals(normalized)) {
                    return backend;
                }
            }
            throw new IllegalArgumentException("Invalid value '" + value + "' for " + STORE
                    + ": accepted values are " + Arrays.stream(values()).map(Backend::configName)
                            .collect(Collectors.joining(", ")));
        }
    }

    private final Map<String, String> raw;
    private final Backend backend;
    private final Path dir;
    private final Path clusterFile;
    private final String namespace;
    private final int retryLimit;
    private final Duration retryBackoff;
    private final Duration retryBackoffMax;
    private final Duration timeout;
    private final int embeddedThreads;
    private final int embeddedQueueCapacity;
    private final int maxWatches;

    private MetadataConfig(Map<String, String> raw) {
        this.raw = Map.copyOf(raw);
        this.backend = Backend.parse(raw.getOrDefault(STORE, Backend.EMBEDDED.configName()));
        this.dir = optionalPath(DIR);
        this.clusterFile = optionalPath(FDB_CLUSTER_FILE);
        this.namespace = raw.getOrDefault(NAMESPACE, DEFAULT_NAMESPACE);
        if (namespace.isBlank()) {
            throw new IllegalArgumentException("Invalid value '" + namespace + "' for " + NAMESPACE
                    + ": expected a non-blank name");
        }
        this.retryLimit = intValue(RETRY_LIMIT, 100, 0, 100_000);
        this.retryBackoff = Duration.ofMillis(intValue(RETRY_BACKOFF_MS, 2, 0, 60_000));
        this.retryBackoffMax = Duration.ofMillis(intValue(RETRY_BACKOFF_MAX_MS, 1000, 0, 600_000));
        this.timeout = Duration.ofMillis(intValue(TIMEOUT_MS, 10_000, 1, Integer.MAX_VALUE));
        this.embeddedThreads = intValue(EMBEDDED_THREADS, 4, 1, 256);
        this.embeddedQueueCapacity = intValue(EMBEDDED_QUEUE, 10_000, 1, 10_000_000);
        this.maxWatches = intValue(MAX_WATCHES, 10_000, 1, 1_000_000);
        if (retryBackoffMax.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("Invalid value '" + raw.get(RETRY_BACKOFF_MAX_MS) + "' for "
                    + RETRY_BACKOFF_MAX_MS + ": must not be below " + RETRY_BACKOFF_MS + " (" + retryBackoff.toMillis() + ")");
        }
        if (backend == Backend.EMBEDDED && dir == null) {
            throw new IllegalArgumentException("Missing " + DIR + ": the embedded metadata store ("
                    + STORE + "=embedded) needs a directory");
        }
    }

    /**
     * Reads the {@code metadata.*} keys of a configuration map.
     *
     * @param properties configuration keys and values
     * @return the validated configuration
     * @throws IllegalArgumentException when a value is invalid or a required key is missing
     */
    public static MetadataConfig from(Map<String, String> properties) {
        Map<String, String> relevant = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("metadata.") && value != null) {
                relevant.put(key, value);
            }
        });
        return new MetadataConfig(relevant);
    }

    /**
     * Reads the {@code metadata.*} keys of a {@link Properties} object.
     *
     * @param properties configuration
     * @return the validated configuration
     */
    public static MetadataConfig from(Properties properties) {
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return from(map);
    }

    /**
     * The default embedded configuration in {@code dir}.
     *
     * @param dir the store directory
     * @return the configuration
     */
    public static MetadataConfig embedded(Path dir) {
        return from(Map.of(DIR, dir.toString()));
    }

    /**
     * A copy with one setting changed (validated like {@link #from(Map)}).
     *
     * @param key a {@code metadata.*} key
     * @param value its new value
     * @return the new configuration
     */
    public MetadataConfig with(String key, Object value) {
        Map<String, String> copy = new TreeMap<>(raw);
        copy.put(key, String.valueOf(value));
        return from(copy);
    }

    /** @return the selected backend */
    public Backend backend() {
        return backend;
    }

    /** @return the embedded store directory; present whenever the backend is embedded */
    public Optional<Path> dir() {
        return Optional.ofNullable(dir);
    }

    /** @return the FoundationDB cluster file, or empty for FoundationDB's default lookup */
    public Optional<Path> clusterFile() {
        return Optional.ofNullable(clusterFile);
    }

    /** @return the cluster namespace for {@link KeyLayout} */
    public String namespace() {
        return namespace;
    }

    /** @return conflict retries allowed after the first attempt */
    public int retryLimit() {
        return retryLimit;
    }

    /** @return the first retry's backoff */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /** @return the largest retry backoff */
    public Duration retryBackoffMax() {
        return retryBackoffMax;
    }

    /** @return the time limit of a transaction including all its retries */
    public Duration timeout() {
        return timeout;
    }

    /** @return the embedded backend's worker threads */
    public int embeddedThreads() {
        return embeddedThreads;
    }

    /** @return the embedded backend's work-queue capacity */
    public int embeddedQueueCapacity() {
        return embeddedQueueCapacity;
    }

    /** @return the most watches outstanding at once */
    public int maxWatches() {
        return maxWatches;
    }

    @Override
    public String toString() {
        return "MetadataConfig" + new TreeMap<>(raw);
    }

    private Path optionalPath(String key) {
        String value = raw.get(key);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException("Invalid value '" + value + "' for " + key + ": expected a path");
        }
        try {
            return Path.of(value.trim());
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("Invalid value '" + value + "' for " + key + ": " + e.getMessage(), e);
        }
    }

    private int intValue(String key, int defaultValue, int min, int max) {
        String value = raw.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // fall through to the common message
        }
        throw new IllegalArgumentException("Invalid value '" + value + "' for " + key
                + ": expected an integer from " + min + " to " + max);
    }
}
