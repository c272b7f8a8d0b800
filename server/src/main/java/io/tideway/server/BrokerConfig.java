package io.tideway.server;

import static io.tideway.server.BrokerConfigDef.*;

import io.tideway.gateway.ConnectionLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validated broker configuration, with typed accessors that resolve Kafka's precedence rules
 * ({@code log.dirs} over {@code log.dir}, {@code log.retention.ms} over minutes over hours, ...).
 *
 * <p>Loading warns once per unknown key and refuses invalid values with a {@link
 * ConfigurationException} listing every problem: key, value, origin and the accepted values.
 *
 * <p>Thread-safe: immutable after construction.
 */
public final class BrokerConfig {

    private static final Logger log = LoggerFactory.getLogger(BrokerConfig.class);
    private static final int DEFAULT_NODE_ID = 1;

    /** {@code log.flush.policy}. */
    public enum FlushPolicy {
        /** Never fsync; durability from the page cache (Apache Kafka's default). */
        NONE,
        /** Batch fsyncs per log directory and complete acknowledgements after them. */
        GROUP_COMMIT
    }

    /** {@code metadata.store}. */
    public enum MetadataStoreKind {
        /** RocksDB in the first data directory. */
        EMBEDDED,
        /** FoundationDB through {@code metadata.fdb.cluster.file}. */
        FDB
    }

    private final Map<String, Object> values;
    private final Set<String> explicitKeys;

    private BrokerConfig(Map<String, Object> values, Set<String> explicitKeys) {
        this.values = Collections.unmodifiableMap(values);
        this.explicitKeys = Set.copyOf(explicitKeys);
    }

    /**
     * Loads a properties file (optional) overridden by {@code TIDEWAY_*} variables.
     *
     * @param file the properties file, or null for defaults plus environment
     * @param environment the process environment
     * @throws ConfigurationException when a source is unreadable or a value invalid
     */
    public static BrokerConfig load(Path file, Map<String, String> environment) {
        ConfigSources sources = new ConfigSources();
        if (file != null) {
            sources.addFile(file);
        }
        sources.addEnvironment(environment);
        return from(sources);
    }

    /** Validates raw key-values (for tests and embedding). */
    public static BrokerConfig fromMap(Map<String, String> properties) {
        ConfigSources sources = new ConfigSources();
        properties.forEach((k, v) -> sources.put(k, v, "map"));
        return from(sources);
    }

    /** Validates collected sources. */
    public static BrokerConfig from(ConfigSources sources) {
        for (String key : sources.values().keySet()) {
            if (!DEFINITION.names().contains(key)) {
                log.atWarn().setMessage("Ignoring unknown configuration key")
                        .addKeyValue("key", key)
                        .addKeyValue("origin", sources.originOf(key))
                        .log();
            }
        }
        List<String> problems = new ArrayList<>();
        for (ConfigValue checked : DEFINITION.validate(sources.values())) {
            for (String error : checked.errorMessages()) {
                problems.add(describe(sources, checked.name()) + ": " + error);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid configuration:\n  "
                    + String.join("\n  ", problems));
        }
        Set<String> explicit = new TreeSet<>(sources.values().keySet());
        explicit.retainAll(DEFINITION.names());
        BrokerConfig config = new BrokerConfig(DEFINITION.parse(sources.values()), explicit);
        config.checkCombinations(sources);
        return config;
    }

    private static String describe(ConfigSources sources, String key) {
        String value = sources.values().get(key);
        return value == null ? key + " (default)"
                : key + "=" + value + " (from " + sources.originOf(key) + ")";
    }

    private void checkCombinations(ConfigSources sources) {
        Integer nodeId = (Integer) values.get(NODE_ID);
        Integer brokerId = (Integer) values.get(BROKER_ID);
        if (nodeId != null && brokerId != null && !nodeId.equals(brokerId)) {
            throw new ConfigurationException("Invalid configuration: " + describe(sources, NODE_ID)
                    + " and " + describe(sources, BROKER_ID) + " disagree; set one, or both equal");
        }
        if (maxConnectionsPerIp() == 0 && maxConnectionsPerIpOverrides().isEmpty()) {
            throw new ConfigurationException("Invalid configuration: "
                    + describe(sources, MAX_CONNECTIONS_PER_IP) + ": can be 0 only when "
                    + MAX_CONNECTIONS_PER_IP_OVERRIDES + " names the addresses allowed to connect");
        }
        if (metadataStore() == MetadataStoreKind.FDB) {
            String clusterFile = (String) values.get(METADATA_FDB_CLUSTER_FILE);
            if (clusterFile == null || clusterFile.isBlank()) {
                throw new ConfigurationException("Invalid configuration: " + METADATA_STORE
                        + "=fdb needs " + METADATA_FDB_CLUSTER_FILE + " (the FoundationDB cluster"
                        + " file)");
            }
            if (!Files.isReadable(Path.of(clusterFile))) {
                throw new ConfigurationException("Invalid configuration: "
                        + describe(sources, METADATA_FDB_CLUSTER_FILE)
                        + ": the file does not exist or is not readable");
            }
        }
    }

    /** Addresses to listen on. */
    public List<Endpoint> listeners() {
        return endpoints(LISTENERS);
    }

    /** Addresses for clients: {@code advertised.listeners}, else {@link #listeners()}. */
    public List<Endpoint> advertisedListeners() {
        return values.get(ADVERTISED_LISTENERS) == null ? listeners()
                : endpoints(ADVERTISED_LISTENERS);
    }

    /** {@code node.id}, else {@code broker.id}, else 1. */
    public int nodeId() {
        Integer nodeId = (Integer) values.get(NODE_ID);
        Integer brokerId = (Integer) values.get(BROKER_ID);
        return nodeId != null ? nodeId : brokerId != null ? brokerId : DEFAULT_NODE_ID;
    }

    /** {@code log.dirs}, else {@code log.dir}, as absolute normalized paths. */
    public List<Path> logDirs() {
        @SuppressWarnings("unchecked")
        List<String> dirs = (List<String>) values.get(LOG_DIRS);
        List<String> chosen = dirs != null ? dirs : List.of((String) values.get(LOG_DIR));
        return chosen.stream().map(d -> Path.of(d.trim()).toAbsolutePath().normalize()).toList();
    }

    /** {@code broker.rack}, when set. */
    public Optional<String> rack() {
        return Optional.ofNullable((String) values.get(BROKER_RACK));
    }

    public int numPartitions() {
        return (Integer) values.get(NUM_PARTITIONS);
    }

    public int defaultReplicationFactor() {
        return (Integer) values.get(DEFAULT_REPLICATION_FACTOR);
    }

    public boolean autoCreateTopicsEnable() {
        return (Boolean) values.get(AUTO_CREATE_TOPICS_ENABLE);
    }

    public int messageMaxBytes() {
        return (Integer) values.get(MESSAGE_MAX_BYTES);
    }

    public int logSegmentBytes() {
        return (Integer) values.get(LOG_SEGMENT_BYTES);
    }

    /** {@code log.roll.ms}, else {@code log.roll.hours}. */
    public Duration logRoll() {
        Long ms = (Long) values.get(LOG_ROLL_MS);
        return ms != null ? Duration.ofMillis(ms)
                : Duration.ofHours((Integer) values.get(LOG_ROLL_HOURS));
    }

    /** {@code log.retention.ms}, else minutes, else hours; empty means keep forever (-1). */
    public Optional<Duration> logRetention() {
        Long ms = (Long) values.get(LOG_RETENTION_MS);
        Integer minutes = (Integer) values.get(LOG_RETENTION_MINUTES);
        long millis = ms != null ? ms
                : minutes != null ? (minutes < 0 ? -1 : Duration.ofMinutes(minutes).toMillis())
                : hoursToMillis((Integer) values.get(LOG_RETENTION_HOURS));
        return millis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
    }

    private static long hoursToMillis(int hours) {
        return hours < 0 ? -1 : Duration.ofHours(hours).toMillis();
    }

    /** {@code log.retention.bytes}; -1 for no limit. */
    public long logRetentionBytes() {
        return (Long) values.get(LOG_RETENTION_BYTES);
    }

    public int logIndexIntervalBytes() {
        return (Integer) values.get(LOG_INDEX_INTERVAL_BYTES);
    }

    public int logIndexSizeMaxBytes() {
        return (Integer) values.get(LOG_INDEX_SIZE_MAX_BYTES);
    }

    /** {@code log.message.timestamp.type}: {@code CreateTime} or {@code LogAppendTime}. */
    public String logMessageTimestampType() {
        return (String) values.get(LOG_MESSAGE_TIMESTAMP_TYPE);
    }

    /** {@code log.retention.check.interval.ms}. */
    public Duration logRetentionCheckInterval() {
        return Duration.ofMillis((Long) values.get(LOG_RETENTION_CHECK_INTERVAL_MS));
    }

    public FlushPolicy logFlushPolicy() {
        return FlushPolicy.valueOf(enumName(LOG_FLUSH_POLICY));
    }

    public MetadataStoreKind metadataStore() {
        return MetadataStoreKind.valueOf(enumName(METADATA_STORE));
    }

    /** {@code metadata.fdb.cluster.file}, when set. */
    public Optional<Path> metadataFdbClusterFile() {
        return Optional.ofNullable((String) values.get(METADATA_FDB_CLUSTER_FILE)).map(Path::of);
    }

    public int socketRequestMaxBytes() {
        return (Integer) values.get(SOCKET_REQUEST_MAX_BYTES);
    }

    /**
     * {@code queued.max.requests}, applied per connection: the requests one connection may have
     * in flight before reading from it pauses.
     */
    public int queuedMaxRequests() {
        return (Integer) values.get(QUEUED_MAX_REQUESTS);
    }

    /** {@code max.connections}: open connections over all listeners. */
    public int maxConnections() {
        return (Integer) values.get(MAX_CONNECTIONS);
    }

    /** {@code max.connections.per.ip}: open connections from one client address. */
    public int maxConnectionsPerIp() {
        return (Integer) values.get(MAX_CONNECTIONS_PER_IP);
    }

    /** {@code max.connections.per.ip.overrides}: host (name or address) to its own limit. */
    public Map<String, Integer> maxConnectionsPerIpOverrides() {
        return ConnectionLimits.parseOverrides((String) values.get(MAX_CONNECTIONS_PER_IP_OVERRIDES));
    }

    /** Idle time after which a connection closes; zero never closes. */
    public Duration connectionsMaxIdle() {
        return Duration.ofMillis((Long) values.get(CONNECTIONS_MAX_IDLE_MS));
    }

    /**
     * Event loops serving connections and owning partitions; defaults to the available processors
     * (one loop per core: with twice as many, requests handed between loops woke more threads and
     * cost 10-20 % more broker CPU per produced byte on two cores).
     */
    public int numNetworkThreads() {
        Integer threads = (Integer) values.get(NUM_NETWORK_THREADS);
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** {@code transaction.max.timeout.ms}: the largest timeout InitProducerId accepts. */
    public int transactionMaxTimeoutMs() {
        return (Integer) values.get(TRANSACTION_MAX_TIMEOUT_MS);
    }

    /** {@code transaction.version}: the finalized transaction.version feature level (1 or 2). */
    public short transactionVersion() {
        return (Short) values.get(TRANSACTION_VERSION);
    }

    /** Whether {@code key} was set by a source (file, environment, map), not defaulted. */
    public boolean isExplicit(String key) {
        return explicitKeys.contains(key);
    }

    /** Every value after parsing, sorted by key (defaults included), for diagnostics. */
    public Map<String, Object> values() {
        return new TreeMap<>(values);
    }

    private String enumName(String key) {
        return ((String) values.get(key)).trim().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private List<Endpoint> endpoints(String key) {
        @SuppressWarnings("unchecked")
        List<String> entries = (List<String>) values.get(key);
        return entries.stream().map(Endpoint::parse).toList();
    }
}
