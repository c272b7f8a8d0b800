package io.tideway.server;

import io.tideway.gateway.ConnectionLimits;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * The broker's configuration keys, declared once: name, type, default, validator, importance and
 * documentation, in a kafka-clients {@link ConfigDef}. {@link BrokerConfig} parses against it and
 * {@link ConfigReference} renders it as the configuration reference.
 *
 * <p>Names are Apache Kafka's where the meaning is the same; Tideway-only keys say so in their
 * documentation.
 *
 * <p>Thread-safe: the definition is built once in the static initializer and never modified.
 */
public final class BrokerConfigDef {

    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String NODE_ID = "node.id";
    public static final String BROKER_ID = "broker.id";
    public static final String BROKER_RACK = "broker.rack";
    public static final String LOG_DIR = "log.dir";
    public static final String LOG_DIRS = "log.dirs";
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String AUTO_CREATE_TOPICS_ENABLE = "auto.create.topics.enable";
    public static final String MESSAGE_MAX_BYTES = "message.max.bytes";
    public static final String LOG_SEGMENT_BYTES = "log.segment.bytes";
    public static final String LOG_ROLL_MS = "log.roll.ms";
    public static final String LOG_ROLL_HOURS = "log.roll.hours";
    public static final String LOG_RETENTION_MS = "log.retention.ms";
    public static final String LOG_RETENTION_MINUTES = "log.retention.minutes";
    public static final String LOG_RETENTION_HOURS = "log.retention.hours";
    public static final String LOG_RETENTION_BYTES = "log.retention.bytes";
    public static final String LOG_INDEX_INTERVAL_BYTES = "log.index.interval.bytes";
    public static final String LOG_INDEX_SIZE_MAX_BYTES = "log.index.size.max.bytes";
    public static final String LOG_MESSAGE_TIMESTAMP_TYPE = "log.message.timestamp.type";
    public static final String LOG_RETENTION_CHECK_INTERVAL_MS = "log.retention.check.interval.ms";
    public static final String LOG_FLUSH_POLICY = "log.flush.policy";
    public static final String PRODUCER_ID_EXPIRATION_MS = "producer.id.expiration.ms";
    public static final String METADATA_STORE = "metadata.store";
    public static final String METADATA_FDB_CLUSTER_FILE = "metadata.fdb.cluster.file";
    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String QUEUED_MAX_REQUESTS = "queued.max.requests";
    public static final String CONNECTIONS_MAX_IDLE_MS = "connections.max.idle.ms";
    public static final String MAX_CONNECTIONS = "max.connections";
    public static final String MAX_CONNECTIONS_PER_IP = "max.connections.per.ip";
    public static final String MAX_CONNECTIONS_PER_IP_OVERRIDES = "max.connections.per.ip.overrides";
    public static final String NUM_NETWORK_THREADS = "num.network.threads";
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String GROUP_MIN_SESSION_TIMEOUT_MS = "group.min.session.timeout.ms";
    public static final String GROUP_MAX_SESSION_TIMEOUT_MS = "group.max.session.timeout.ms";
    public static final String GROUP_MAX_SIZE = "group.max.size";
    public static final String OFFSETS_RETENTION_MINUTES = "offsets.retention.minutes";
    public static final String OFFSETS_RETENTION_CHECK_INTERVAL_MS =
            "offsets.retention.check.interval.ms";
    public static final String OFFSET_METADATA_MAX_BYTES = "offset.metadata.max.bytes";
    public static final String GROUP_CONSUMER_SESSION_TIMEOUT_MS =
            "group.consumer.session.timeout.ms";
    public static final String GROUP_CONSUMER_MIN_SESSION_TIMEOUT_MS =
            "group.consumer.min.session.timeout.ms";
    public static final String GROUP_CONSUMER_MAX_SESSION_TIMEOUT_MS =
            "group.consumer.max.session.timeout.ms";
    public static final String GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS =
            "group.consumer.heartbeat.interval.ms";
    public static final String GROUP_CONSUMER_MIN_HEARTBEAT_INTERVAL_MS =
            "group.consumer.min.heartbeat.interval.ms";
    public static final String GROUP_CONSUMER_MAX_HEARTBEAT_INTERVAL_MS =
            "group.consumer.max.heartbeat.interval.ms";
    public static final String GROUP_CONSUMER_MAX_SIZE = "group.consumer.max.size";
    public static final String GROUP_CONSUMER_ASSIGNORS = "group.consumer.assignors";
    public static final String TRANSACTION_MAX_TIMEOUT_MS = "transaction.max.timeout.ms";
    public static final String TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS =
            "transaction.abort.timed.out.transaction.cleanup.interval.ms";
    public static final String TRANSACTIONAL_ID_EXPIRATION_MS = "transactional.id.expiration.ms";
    public static final String TRANSACTION_REMOVE_EXPIRED_TRANSACTION_CLEANUP_INTERVAL_MS =
            "transaction.remove.expired.transaction.cleanup.interval.ms";
    public static final String TRANSACTION_VERSION = "transaction.version";

    /** Listener names (security protocols) the gateway serves today. */
    static final Set<String> SUPPORTED_LISTENER_NAMES = Set.of("PLAINTEXT");

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(LISTENERS, Type.LIST, "PLAINTEXT://127.0.0.1:9092", endpoints(false),
                    Importance.HIGH, "Comma-separated NAME://host:port addresses to listen on."
                    + " An empty host binds every interface; port 0 binds a free port. Only the"
                    + " PLAINTEXT listener exists so far.")
            .define(ADVERTISED_LISTENERS, Type.LIST, null, endpoints(true), Importance.HIGH,
                    "Addresses given to clients in metadata, same form as listeners; defaults"
                    + " to listeners. Wildcard hosts (empty, 0.0.0.0) are not allowed here.")
            .define(NODE_ID, Type.INT, null, nullOrAtLeast(0), Importance.HIGH,
                    "This broker's id. Defaults to broker.id, else 1.")
            .define(BROKER_ID, Type.INT, null, nullOrAtLeast(0), Importance.LOW,
                    "Legacy name of node.id; when both are set they must be equal.")
            .define(BROKER_RACK, Type.STRING, null, Importance.MEDIUM,
                    "This broker's rack, reported to clients in metadata; unset for none.")
            .define(LOG_DIR, Type.STRING, "/tmp/tideway-logs", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "The data directory, used when log.dirs is not set.")
            .define(LOG_DIRS, Type.LIST, null, nullOrNonEmptyList(), Importance.HIGH,
                    "Comma-separated data directories (segment logs, and the embedded metadata"
                    + " store in the first). Each is locked by one running broker. Overrides"
                    + " log.dir.")
            .define(NUM_PARTITIONS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                    "Partitions of an automatically created topic.")
            .define(DEFAULT_REPLICATION_FACTOR, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                    "Replication factor of an automatically created topic.")
            .define(AUTO_CREATE_TOPICS_ENABLE, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Create a topic on first Metadata or Produce request naming it.")
            .define(MESSAGE_MAX_BYTES, Type.INT, 1_048_588, Range.atLeast(0), Importance.MEDIUM,
                    "Largest record batch, after compression, a topic accepts by default.")
            .define(LOG_SEGMENT_BYTES, Type.INT, 1_073_741_824, Range.atLeast(1024),
                    Importance.MEDIUM, "Segment size at which a log rolls to a new segment."
                    + " (Kafka's minimum is 1 MiB; Tideway allows 1 KiB for tests.)")
            .define(LOG_ROLL_MS, Type.LONG, null, nullOrAtLeast(1), Importance.LOW,
                    "Segment age at which a log rolls, in ms; overrides log.roll.hours.")
            .define(LOG_ROLL_HOURS, Type.INT, 168, Range.atLeast(1), Importance.MEDIUM,
                    "Segment age at which a log rolls, in hours.")
            .define(LOG_RETENTION_MS, Type.LONG, null, nullOrAtLeast(-1), Importance.MEDIUM,
                    "How long to keep a segment, in ms; -1 keeps it forever. Overrides"
                    + " log.retention.minutes and log.retention.hours.")
            .define(LOG_RETENTION_MINUTES, Type.INT, null, nullOrAtLeast(-1), Importance.MEDIUM,
                    "How long to keep a segment, in minutes; overrides log.retention.hours.")
            .define(LOG_RETENTION_HOURS, Type.INT, 168, Range.atLeast(-1), Importance.HIGH,
                    "How long to keep a segment, in hours; -1 keeps it forever.")
            .define(LOG_RETENTION_BYTES, Type.LONG, -1L, Range.atLeast(-1), Importance.MEDIUM,
                    "Largest size a partition's log may reach before old segments go; -1 for no"
                    + " limit.")
            .define(LOG_INDEX_INTERVAL_BYTES, Type.INT, 4096, Range.atLeast(0), Importance.MEDIUM,
                    "Bytes of log between two entries of the sparse offset index.")
            .define(LOG_INDEX_SIZE_MAX_BYTES, Type.INT, 10_485_760, Range.atLeast(4),
                    Importance.MEDIUM, "Largest offset index file; a full index rolls the segment.")
            .define(LOG_MESSAGE_TIMESTAMP_TYPE, Type.STRING, "CreateTime",
                    ValidString.in("CreateTime", "LogAppendTime"), Importance.MEDIUM,
                    "Default message.timestamp.type of topics: CreateTime keeps the producer's"
                    + " timestamps, LogAppendTime stamps batches with the broker's clock.")
            .define(LOG_RETENTION_CHECK_INTERVAL_MS, Type.LONG, 300_000L, Range.atLeast(1),
                    Importance.MEDIUM, "How often, in ms, logs are checked for segments to delete"
                    + " (retention) or to roll (segment age).")
            .define(LOG_FLUSH_POLICY, Type.STRING, "none",
                    ValidString.in("none", "group-commit"), Importance.HIGH,
                    "Tideway-only. none (the default, like Apache Kafka): no fsync per append;"
                    + " segments are flushed on roll and close. group-commit: one flusher per log"
                    + " directory fsyncs batches of appends and completes acks=all produce requests"
                    + " after the fsync.")
            .define(PRODUCER_ID_EXPIRATION_MS, Type.INT, 86_400_000, Range.atLeast(1),
                    Importance.LOW, "How long, in ms, a partition keeps the state of an"
                    + " idempotent producer that stopped writing to it (its sequence numbers for"
                    + " deduplication).")
            .define(METADATA_STORE, Type.STRING, "embedded", ValidString.in("embedded", "fdb"),
                    Importance.HIGH, "Tideway-only. Where cluster metadata lives: embedded"
                    + " (RocksDB in the first data directory, one machine) or fdb (FoundationDB).")
            .define(METADATA_FDB_CLUSTER_FILE, Type.STRING, null, Importance.MEDIUM,
                    "Tideway-only. FoundationDB cluster file; required when metadata.store=fdb.")
            .define(SOCKET_REQUEST_MAX_BYTES, Type.INT, 104_857_600, Range.atLeast(1),
                    Importance.MEDIUM, "Largest request frame; a larger one closes its connection.")
            .define(QUEUED_MAX_REQUESTS, Type.INT, 100, Range.atLeast(1), Importance.MEDIUM,
                    "Requests a connection may have in flight before Tideway stops reading from"
                    + " it until one is answered. Kafka counts this broker-wide (default 500);"
                    + " Tideway counts it per connection, since each connection is served by its"
                    + " own event loop.")
            .define(CONNECTIONS_MAX_IDLE_MS, Type.LONG, 600_000L, Range.atLeast(0),
                    Importance.MEDIUM, "Close connections idle this long; 0 never closes them.")
            .define(MAX_CONNECTIONS, Type.INT, Integer.MAX_VALUE, Range.atLeast(0),
                    Importance.MEDIUM, "Most client connections open at once over all"
                    + " listeners, on top of the per-address limits. A connection beyond it is"
                    + " closed as soon as it is accepted, with a WARN line (at most one per 10 s"
                    + " per listener) naming the peer and the limit. Kafka instead stops accepting"
                    + " until a connection closes.")
            .define(MAX_CONNECTIONS_PER_IP, Type.INT, Integer.MAX_VALUE, Range.atLeast(0),
                    Importance.MEDIUM, "Most connections open at once from one client address;"
                    + " a new one beyond it is closed when accepted, logged as for"
                    + " max.connections. May be 0 only when max.connections.per.ip.overrides"
                    + " names the addresses allowed to connect.")
            .define(MAX_CONNECTIONS_PER_IP_OVERRIDES, Type.STRING, null, perIpOverrides(),
                    Importance.MEDIUM, "Comma-separated host:count exceptions to"
                    + " max.connections.per.ip, for example hostName:100,127.0.0.1:200. Host names"
                    + " are resolved once, at start-up.")
            .define(NUM_NETWORK_THREADS, Type.INT, null, nullOrAtLeast(1), Importance.MEDIUM,
                    "Event loops serving connections (each listener accepts on all of them)."
                    + " Defaults to the number of available processors.")
            .define(GROUP_INITIAL_REBALANCE_DELAY_MS, Type.INT, 3000, Range.atLeast(0),
                    Importance.MEDIUM, "How long the first rebalance of an empty classic group"
                    + " waits for more members to join (extended while they keep joining, up to"
                    + " the rebalance timeout).")
            .define(GROUP_MIN_SESSION_TIMEOUT_MS, Type.INT, 6000, Range.atLeast(1),
                    Importance.MEDIUM, "Smallest session timeout a classic group member may ask"
                    + " for; smaller ones get INVALID_SESSION_TIMEOUT.")
            .define(GROUP_MAX_SESSION_TIMEOUT_MS, Type.INT, 1_800_000, Range.atLeast(1),
                    Importance.MEDIUM, "Largest session timeout a classic group member may ask"
                    + " for; larger ones get INVALID_SESSION_TIMEOUT.")
            .define(GROUP_MAX_SIZE, Type.INT, Integer.MAX_VALUE, Range.atLeast(1),
                    Importance.MEDIUM, "Most members of one classic group; further joins get"
                    + " GROUP_MAX_SIZE_REACHED.")
            .define(OFFSETS_RETENTION_MINUTES, Type.INT, 10_080, Range.atLeast(1),
                    Importance.HIGH, "How long committed offsets of an empty group are kept after"
                    + " the group became empty (or after the commit, for groups that never had"
                    + " members since the broker started).")
            .define(OFFSETS_RETENTION_CHECK_INTERVAL_MS, Type.LONG, 600_000L, Range.atLeast(1),
                    Importance.HIGH, "How often expired committed offsets are looked for.")
            .define(OFFSET_METADATA_MAX_BYTES, Type.INT, 4096, Range.atLeast(0),
                    Importance.HIGH, "Largest metadata string of a committed offset; larger ones"
                    + " get OFFSET_METADATA_TOO_LARGE.")
            .define(GROUP_CONSUMER_SESSION_TIMEOUT_MS, Type.INT, 45_000, Range.atLeast(1),
                    Importance.MEDIUM, "Session timeout of consumer group (KIP-848) members: a"
                    + " member without a heartbeat for this long is removed. Must lie between"
                    + " group.consumer.min.session.timeout.ms and"
                    + " group.consumer.max.session.timeout.ms.")
            .define(GROUP_CONSUMER_MIN_SESSION_TIMEOUT_MS, Type.INT, 45_000, Range.atLeast(1),
                    Importance.MEDIUM, "Smallest allowed group.consumer.session.timeout.ms.")
            .define(GROUP_CONSUMER_MAX_SESSION_TIMEOUT_MS, Type.INT, 60_000, Range.atLeast(1),
                    Importance.MEDIUM, "Largest allowed group.consumer.session.timeout.ms.")
            .define(GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS, Type.INT, 5000, Range.atLeast(1),
                    Importance.MEDIUM, "Heartbeat interval given to consumer group (KIP-848)"
                    + " members; lower values spread new assignments faster. Must be lower than"
                    + " the session timeout and lie between"
                    + " group.consumer.min.heartbeat.interval.ms and"
                    + " group.consumer.max.heartbeat.interval.ms.")
            .define(GROUP_CONSUMER_MIN_HEARTBEAT_INTERVAL_MS, Type.INT, 5000, Range.atLeast(1),
                    Importance.MEDIUM, "Smallest allowed group.consumer.heartbeat.interval.ms.")
            .define(GROUP_CONSUMER_MAX_HEARTBEAT_INTERVAL_MS, Type.INT, 15_000, Range.atLeast(1),
                    Importance.MEDIUM, "Largest allowed group.consumer.heartbeat.interval.ms.")
            .define(GROUP_CONSUMER_MAX_SIZE, Type.INT, Integer.MAX_VALUE, Range.atLeast(1),
                    Importance.MEDIUM, "Most members of one consumer group (KIP-848); further"
                    + " joins get GROUP_MAX_SIZE_REACHED.")
            .define(GROUP_CONSUMER_ASSIGNORS, Type.LIST, "uniform,range", assignors(),
                    Importance.MEDIUM, "Server-side assignors of consumer groups (KIP-848),"
                    + " preferred first: uniform (sticky, balanced) and range (co-partitioned)."
                    + " Clients choose one with group.remote.assignor; otherwise the first is"
                    + " used.")
            .define(TRANSACTION_MAX_TIMEOUT_MS, Type.INT, 900_000, Range.atLeast(1),
                    Importance.HIGH, "The maximum allowed timeout for transactions. If a"
                    + " client's requested transaction time exceeds this, the broker returns"
                    + " INVALID_TRANSACTION_TIMEOUT to its InitProducerId. This prevents a client"
                    + " from using too large a timeout, which can stall consumers reading from"
                    + " topics included in the transaction.")
            .define(TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS, Type.INT, 10_000,
                    Range.atLeast(1), Importance.LOW, "The interval, in ms, at which to roll back"
                    + " transactions that have timed out.")
            .define(TRANSACTIONAL_ID_EXPIRATION_MS, Type.INT, 604_800_000, Range.atLeast(1),
                    Importance.HIGH, "The time in ms that the transaction coordinator waits"
                    + " without receiving any transaction status updates for the current"
                    + " transaction before expiring its transactional id. Transactional ids do not"
                    + " expire while the transaction is still ongoing.")
            .define(TRANSACTION_REMOVE_EXPIRED_TRANSACTION_CLEANUP_INTERVAL_MS, Type.INT,
                    3_600_000, Range.atLeast(1), Importance.LOW, "The interval, in ms, at which to"
                    + " remove transactional ids that have expired due to"
                    + " transactional.id.expiration.ms passing.")
            .define(TRANSACTION_VERSION, Type.SHORT, (short) 2, Range.between(1, 2),
                    Importance.MEDIUM, "Tideway-only (Kafka finalizes the transaction.version"
                    + " feature with kafka-features.sh). The level of the transaction.version"
                    + " feature advertised to clients in ApiVersions: 2 (the default, KIP-890)"
                    + " makes Kafka 4.x clients bump the producer epoch on every transaction and"
                    + " add partitions implicitly with Produce and TxnOffsetCommit; 1 makes them"
                    + " use the classic protocol (AddPartitionsToTxn, AddOffsetsToTxn). Older"
                    + " clients always use the classic protocol.");

    private BrokerConfigDef() {
    }

    /** Every key name. */
    public static Set<String> names() {
        return DEFINITION.names();
    }

    private static ConfigDef.Validator assignors() {
        Set<String> known = Set.of("uniform", "range",
                "org.apache.kafka.coordinator.group.assignor.UniformAssignor",
                "org.apache.kafka.coordinator.group.assignor.RangeAssignor");
        return ConfigDef.LambdaValidator.with((name, value) -> {
            @SuppressWarnings("unchecked")
            java.util.List<String> names = (java.util.List<String>) value;
            if (names == null || names.isEmpty()) {
                throw new ConfigException(name, value, "At least one assignor is required");
            }
            for (String assignor : names) {
                if (!known.contains(assignor.trim())) {
                    throw new ConfigException(name, value, "Unknown assignor " + assignor
                            + ": expected uniform or range");
                }
            }
        }, () -> "uniform, range");
    }

    private static ConfigDef.Validator nullOrAtLeast(long min) {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value != null && ((Number) value).longValue() < min) {
                throw new ConfigException(name, value, "Value must be at least " + min);
            }
        }, () -> "[" + min + ",...] or unset");
    }

    private static ConfigDef.Validator perIpOverrides() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            try {
                ConnectionLimits.parseOverrides((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }, () -> "host:count,... with counts >= 0, or unset");
    }

    private static ConfigDef.Validator nullOrNonEmptyList() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value == null) {
                return;
            }
            List<?> entries = (List<?>) value;
            if (entries.isEmpty() || entries.stream().anyMatch(e -> e.toString().isBlank())) {
                throw new ConfigException(name, value, "Must list at least one directory and no"
                        + " blank entries");
            }
        }, () -> "non-empty list of directories, or unset");
    }

    private static ConfigDef.Validator endpoints(boolean advertised) {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value == null && advertised) {
                return;
            }
            List<?> entries = (List<?>) value;
            if (entries == null || entries.isEmpty()) {
                throw new ConfigException(name, value, "At least one listener is required");
            }
            Set<String> names = new HashSet<>();
            for (Object entry : entries) {
                Endpoint endpoint;
                try {
                    endpoint = Endpoint.parse(entry.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
                if (!SUPPORTED_LISTENER_NAMES.contains(endpoint.listenerName())) {
                    throw new ConfigException(name, value, "Listener " + endpoint.listenerName()
                            + " is not supported; supported: " + SUPPORTED_LISTENER_NAMES);
                }
                if (!names.add(endpoint.listenerName())) {
                    throw new ConfigException(name, value, "Listener " + endpoint.listenerName()
                            + " appears twice");
                }
                if (advertised && endpoint.isWildcard()) {
                    throw new ConfigException(name, value, "Advertised host of "
                            + endpoint.listenerName() + " must be one clients can reach, not a"
                            + " wildcard");
                }
            }
        }, () -> "NAME://host:port,... with NAME in " + SUPPORTED_LISTENER_NAMES
                + (advertised ? ", no wildcard hosts, or unset" : ""));
    }
}
