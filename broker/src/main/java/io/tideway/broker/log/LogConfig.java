package io.tideway.broker.log;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;

/**
 * The per-partition settings of a {@link PartitionLog}, named and defaulted as Kafka's topic
 * configs are (plus {@code log.flush.policy}).
 *
 * <p>Parsing and validation use kafka-clients' {@link ConfigDef}, so a bad value fails with a
 * {@link ConfigException} naming the key and the accepted range. Keys this class does not know
 * (e.g. {@code cleanup.policy}) are ignored, so a whole topic config map can be passed in.
 *
 * <p>Thread contract: immutable and therefore thread-safe. Invariants: every value is within the
 * range declared in {@link #CONFIG_DEF}.
 */
public final class LogConfig {

  public static final String SEGMENT_BYTES = "segment.bytes";
  public static final String SEGMENT_MS = "segment.ms";
  public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
  public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
  public static final String RETENTION_MS = "retention.ms";
  public static final String RETENTION_BYTES = "retention.bytes";
  public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
  public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
  public static final String FLUSH_POLICY = "log.flush.policy";
  public static final String FILE_DELETE_DELAY_MS = "file.delete.delay.ms";

  /** When an append counts as durable. */
  public enum FlushPolicy {
    /** Appends stay in the page cache; segments are fsynced on roll and close (Kafka's way). */
    NONE("none"),
    /** An append is durable once the log directory's flusher has fsynced it (batched). */
    GROUP_COMMIT("group-commit");

    private final String configValue;

    FlushPolicy(String configValue) {
      this.configValue = configValue;
    }

    /** The value used in configuration, e.g. {@code group-commit}. */
    public String configValue() {
      return configValue;
    }

    static FlushPolicy fromConfig(String value) {
      for (FlushPolicy policy : values()) {
        if (policy.configValue.equals(value)) {
          return policy;
        }
      }
      throw new ConfigException(FLUSH_POLICY, value, "must be one of none, group-commit");
    }
  }

  /** The definition of every key: type, default, valid range and documentation. */
  public static final ConfigDef CONFIG_DEF = new ConfigDef()
      .define(SEGMENT_BYTES, Type.INT, 1024 * 1024 * 1024,
          Range.atLeast(DefaultRecordBatch.RECORD_BATCH_OVERHEAD), Importance.HIGH,
          "Maximum size of one segment file; the active segment rolls before it would exceed it.")
      .define(SEGMENT_MS, Type.LONG, 7L * 24 * 60 * 60 * 1000, Range.atLeast(1), Importance.MEDIUM,
          "Roll the active segment once its first batch's max timestamp is this old.")
      .define(SEGMENT_INDEX_BYTES, Type.INT, 10 * 1024 * 1024,
          Range.atLeast(2 * TimeIndex.ENTRY_SIZE), Importance.MEDIUM,
          "Preallocated size of each index file; a full index rolls the segment.")
      .define(INDEX_INTERVAL_BYTES, Type.INT, 4096, Range.atLeast(0), Importance.MEDIUM,
          "Bytes of batches between two sparse index entries.")
      .define(RETENTION_MS, Type.LONG, 7L * 24 * 60 * 60 * 1000, Range.atLeast(-1), Importance.HIGH,
          "Delete sealed segments whose newest timestamp is older than this; -1: keep forever.")
      .define(RETENTION_BYTES, Type.LONG, -1L, Range.atLeast(-1), Importance.HIGH,
          "Delete the oldest sealed segments while the log is larger than this; -1 means no limit.")
      .define(MAX_MESSAGE_BYTES, Type.INT, 1024 * 1024 + 12, Range.atLeast(0), Importance.HIGH,
          "Largest record batch (including its 12-byte log overhead) an append accepts.")
      .define(MESSAGE_TIMESTAMP_TYPE, Type.STRING, TimestampType.CREATE_TIME.name,
          ValidString.in(TimestampType.CREATE_TIME.name, TimestampType.LOG_APPEND_TIME.name),
          Importance.MEDIUM, "CreateTime keeps the producer's timestamps; LogAppendTime stamps "
              + "each batch with the broker's clock on append.")
      .define(FLUSH_POLICY, Type.STRING, FlushPolicy.NONE.configValue(),
          ValidString.in(FlushPolicy.NONE.configValue(), FlushPolicy.GROUP_COMMIT.configValue()),
          Importance.HIGH, "none: page cache, fsync on roll and close. group-commit: an append's "
              + "durability future completes after the log directory's flusher fsynced it.")
      .define(FILE_DELETE_DELAY_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.LOW,
          "How long a deleted segment's files stay open (renamed *.deleted) so that in-flight "
              + "zero-copy reads of them complete.");

  private static final LogConfig DEFAULTS = from(Map.of());

  private final Map<String, Object> values;
  private final int segmentBytes;
  private final long segmentMs;
  private final int segmentIndexBytes;
  private final int indexIntervalBytes;
  private final long retentionMs;
  private final long retentionBytes;
  private final int maxMessageBytes;
  private final TimestampType timestampType;
  private final FlushPolicy flushPolicy;
  private final long fileDeleteDelayMs;

  private LogConfig(Map<String, Object> values) {
    this.values = Map.copyOf(values);
    this.segmentBytes = (Integer) values.get(SEGMENT_BYTES);
    this.segmentMs = (Long) values.get(SEGMENT_MS);
    this.segmentIndexBytes = (Integer) values.get(SEGMENT_INDEX_BYTES);
    this.indexIntervalBytes = (Integer) values.get(INDEX_INTERVAL_BYTES);
    this.retentionMs = (Long) values.get(RETENTION_MS);
    this.retentionBytes = (Long) values.get(RETENTION_BYTES);
    this.maxMessageBytes = (Integer) values.get(MAX_MESSAGE_BYTES);
    this.timestampType = TimestampType.forName((String) values.get(MESSAGE_TIMESTAMP_TYPE));
    this.flushPolicy = FlushPolicy.fromConfig((String) values.get(FLUSH_POLICY));
    this.fileDeleteDelayMs = (Long) values.get(FILE_DELETE_DELAY_MS);
  }

  /** Kafka's defaults for every key. */
  public static LogConfig defaults() {
    return DEFAULTS;
  }

  /**
   * Parses Kafka-style properties (values may be strings or numbers).
   *
   * @throws ConfigException naming the key when a value has the wrong type or is out of range
   */
  public static LogConfig from(Map<String, ?> props) {
    Objects.requireNonNull(props, "props");
    return new LogConfig(CONFIG_DEF.parse(props));
  }

  /** This config with {@code overrides} applied on top (e.g. a topic's dynamic config). */
  public LogConfig with(Map<String, ?> overrides) {
    Map<String, Object> merged = new java.util.HashMap<>(values);
    merged.putAll(overrides);
    return from(merged);
  }

  public int segmentBytes() {
    return segmentBytes;
  }

  public long segmentMs() {
    return segmentMs;
  }

  public int segmentIndexBytes() {
    return segmentIndexBytes;
  }

  public int indexIntervalBytes() {
    return indexIntervalBytes;
  }

  /** Retention by age in milliseconds, or -1 for none. */
  public long retentionMs() {
    return retentionMs;
  }

  /** Retention by size in bytes, or -1 for none. */
  public long retentionBytes() {
    return retentionBytes;
  }

  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /** {@link TimestampType#CREATE_TIME} or {@link TimestampType#LOG_APPEND_TIME}. */
  public TimestampType timestampType() {
    return timestampType;
  }

  public FlushPolicy flushPolicy() {
    return flushPolicy;
  }

  public long fileDeleteDelayMs() {
    return fileDeleteDelayMs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogConfig other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "LogConfig" + new java.util.TreeMap<>(values);
  }
}
