package io.tideway.broker.internal.config;

import io.tideway.broker.log.LogConfig;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.internal.CompressionType;

/**
 * The topic configuration keys Tideway accepts, with Kafka's types, defaults and validation.
 *
 * <p><b>Acted on</b>: every {@link LogConfig} key ({@code segment.bytes}, {@code segment.ms},
 * {@code segment.index.bytes}, {@code index.interval.bytes}, {@code retention.ms},
 * {@code retention.bytes}, {@code max.message.bytes}, {@code message.timestamp.type},
 * {@code file.delete.delay.ms}, and Tideway's {@code log.flush.policy}), and
 * {@code cleanup.policy} in one respect: without {@code delete} in it, retention deletes nothing
 * (a compacted topic must not lose data to time or size retention; compaction itself does not run
 * yet).
 *
 * <p><b>Stored and reported, not acted on yet</b> (clients such as Kafka Streams, Connect and
 * Schema Registry send them when creating topics): {@code cleanup.policy} (compaction),
 * {@code compression.type}, {@code compression.gzip.level}, {@code compression.lz4.level},
 * {@code compression.zstd.level} (batches are stored as produced), {@code min.insync.replicas}
 * (a single node has one replica), {@code unclean.leader.election.enable},
 * {@code message.timestamp.before.max.ms}, {@code message.timestamp.after.max.ms} (default
 * {@code Long.MAX_VALUE}: no check is made), {@code min.compaction.lag.ms},
 * {@code max.compaction.lag.ms}, {@code min.cleanable.dirty.ratio}, {@code delete.retention.ms},
 * {@code flush.messages}, {@code flush.ms} (durability follows {@code log.flush.policy}),
 * {@code preallocate} and {@code segment.jitter.ms}. Any other key is refused.
 *
 * <p>Thread contract: stateless and immutable, thread-safe.
 */
public final class TopicConfigKeys {

  /** Every accepted topic key. */
  public static final ConfigDef DEFINITION = definition();

  private static final String NOT_ACTED_ON =
      " (Tideway stores and reports this setting but does not act on it yet.)";

  private TopicConfigKeys() {
  }

  /** Whether {@code name} is an accepted topic key. */
  public static boolean isKnown(String name) {
    return DEFINITION.configKeys().containsKey(name);
  }

  /** Every accepted key's name. */
  public static Set<String> names() {
    return DEFINITION.names();
  }

  /** The definition of one key; {@code name} must be known. */
  public static ConfigDef.ConfigKey key(String name) {
    return DEFINITION.configKeys().get(name);
  }

  /**
   * Checks topic overrides: every key known, every value of the right type and within range, and
   * the pairs Kafka checks together consistent.
   *
   * @throws InvalidConfigurationException naming the first offending key and value
   */
  public static void validate(Map<String, String> overrides) {
    for (Map.Entry<String, String> entry : overrides.entrySet()) {
      validateOne(entry.getKey(), entry.getValue());
    }
    Map<String, Object> parsed = DEFINITION.parse(overrides);
    long minLag = (Long) parsed.get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG);
    long maxLag = (Long) parsed.get(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG);
    if (minLag > maxLag) {
      throw new InvalidConfigurationException("conflict topic config setting "
          + TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG + " (" + minLag + ") > "
          + TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG + " (" + maxLag + ")");
    }
  }

  /**
   * Checks one key and value.
   *
   * @throws InvalidConfigurationException for an unknown key, a null value or an invalid value
   */
  public static void validateOne(String name, String value) {
    ConfigDef.ConfigKey key = name == null ? null : DEFINITION.configKeys().get(name);
    if (key == null) {
      throw new InvalidConfigurationException("Unknown topic config name: " + name);
    }
    if (value == null) {
      throw new InvalidConfigurationException("Null value not supported for topic config: " + name);
    }
    try {
      Object parsed = ConfigDef.parseType(name, value, key.type);
      if (key.validator != null) {
        key.validator.ensureValid(name, parsed);
      }
    } catch (ConfigException e) {
      throw new InvalidConfigurationException(e.getMessage());
    }
  }

  /** Whether the {@code cleanup.policy} value {@code policy} lets retention delete segments. */
  public static boolean retentionDeletes(String policy) {
    for (String part : policy.split(",")) {
      if (part.trim().equals(TopicConfig.CLEANUP_POLICY_DELETE)) {
        return true;
      }
    }
    return false;
  }

  private static ConfigDef definition() {
    ConfigDef def = new ConfigDef(LogConfig.CONFIG_DEF);
    return def
        .define(TopicConfig.CLEANUP_POLICY_CONFIG, Type.LIST, TopicConfig.CLEANUP_POLICY_DELETE,
            ValidList.in(TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.CLEANUP_POLICY_DELETE),
            Importance.MEDIUM, TopicConfig.CLEANUP_POLICY_DOC + " Tideway does not compact yet; "
                + "without \"delete\" it keeps every segment.")
        .define(TopicConfig.COMPRESSION_TYPE_CONFIG, Type.STRING, "producer",
            ValidString.in("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"),
            Importance.MEDIUM, TopicConfig.COMPRESSION_TYPE_DOC + NOT_ACTED_ON)
        .define(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG, Type.INT,
            CompressionType.GZIP.defaultLevel(), CompressionType.GZIP.levelValidator(),
            Importance.MEDIUM, TopicConfig.COMPRESSION_GZIP_LEVEL_DOC + NOT_ACTED_ON)
        .define(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG, Type.INT,
            CompressionType.LZ4.defaultLevel(), CompressionType.LZ4.levelValidator(),
            Importance.MEDIUM, TopicConfig.COMPRESSION_LZ4_LEVEL_DOC + NOT_ACTED_ON)
        .define(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, Type.INT,
            CompressionType.ZSTD.defaultLevel(), CompressionType.ZSTD.levelValidator(),
            Importance.MEDIUM, TopicConfig.COMPRESSION_ZSTD_LEVEL_DOC + NOT_ACTED_ON)
        .define(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Type.INT, 1, Range.atLeast(1),
            Importance.MEDIUM, TopicConfig.MIN_IN_SYNC_REPLICAS_DOC + NOT_ACTED_ON)
        .define(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, Type.BOOLEAN, false,
            Importance.MEDIUM, TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_DOC + NOT_ACTED_ON)
        .define(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, Type.LONG, Long.MAX_VALUE,
            Range.atLeast(0), Importance.MEDIUM,
            TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_DOC + NOT_ACTED_ON)
        .define(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Type.LONG, Long.MAX_VALUE,
            Range.atLeast(0), Importance.MEDIUM,
            TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_DOC + NOT_ACTED_ON)
        .define(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Type.LONG, 0L, Range.atLeast(0),
            Importance.MEDIUM, TopicConfig.MIN_COMPACTION_LAG_MS_DOC + NOT_ACTED_ON)
        .define(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Type.LONG, Long.MAX_VALUE,
            Range.atLeast(1), Importance.MEDIUM,
            TopicConfig.MAX_COMPACTION_LAG_MS_DOC + NOT_ACTED_ON)
        .define(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, Type.DOUBLE, 0.5,
            Range.between(0, 1), Importance.MEDIUM,
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_DOC + NOT_ACTED_ON)
        .define(TopicConfig.DELETE_RETENTION_MS_CONFIG, Type.LONG, 86_400_000L, Range.atLeast(0),
            Importance.MEDIUM, TopicConfig.DELETE_RETENTION_MS_DOC + NOT_ACTED_ON)
        .define(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, Type.LONG, Long.MAX_VALUE,
            Range.atLeast(1), Importance.MEDIUM,
            TopicConfig.FLUSH_MESSAGES_INTERVAL_DOC + NOT_ACTED_ON)
        .define(TopicConfig.FLUSH_MS_CONFIG, Type.LONG, Long.MAX_VALUE, Range.atLeast(0),
            Importance.MEDIUM, TopicConfig.FLUSH_MS_DOC + NOT_ACTED_ON)
        .define(TopicConfig.PREALLOCATE_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
            TopicConfig.PREALLOCATE_DOC + NOT_ACTED_ON)
        .define(TopicConfig.SEGMENT_JITTER_MS_CONFIG, Type.LONG, 0L, Range.atLeast(0),
            Importance.MEDIUM, TopicConfig.SEGMENT_JITTER_MS_DOC + NOT_ACTED_ON);
  }
}
