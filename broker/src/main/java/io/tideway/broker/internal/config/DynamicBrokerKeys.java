package io.tideway.broker.internal.config;

import io.tideway.broker.log.LogConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The broker keys that set a topic key's default, as Kafka pairs them (its "synonyms"), and which
 * of them AlterConfigs may change at run time as cluster-wide defaults.
 *
 * <p>Dynamic: {@code log.segment.bytes}, {@code log.roll.ms}, {@code log.retention.ms},
 * {@code log.retention.bytes}, {@code message.max.bytes}, {@code log.flush.policy},
 * {@code log.index.interval.bytes}, {@code log.index.size.max.bytes} and
 * {@code log.message.timestamp.type} (the last three are dynamic in Kafka too, and the server
 * reports all nine as not read-only). Static-only synonyms, consulted when DescribeConfigs names
 * the source of a topic default: {@code log.roll.hours}, {@code log.retention.minutes},
 * {@code log.retention.hours}, {@code log.segment.delete.delay.ms}, {@code log.cleanup.policy}
 * and the few broker keys that share the topic key's name.
 *
 * <p>Thread contract: stateless and immutable, thread-safe.
 */
public final class DynamicBrokerKeys {

  private static final Map<String, String> DYNAMIC = dynamic();
  private static final Map<String, List<String>> SYNONYMS = synonyms();

  private DynamicBrokerKeys() {
  }

  /** The topic key whose default the dynamic broker key {@code brokerKey} sets, if it is one. */
  public static Optional<String> topicKeyOf(String brokerKey) {
    return Optional.ofNullable(DYNAMIC.get(brokerKey));
  }

  /** Every dynamic broker key, with the topic key it maps to. */
  public static Map<String, String> all() {
    return DYNAMIC;
  }

  /** The broker keys setting {@code topicKey}'s default (dynamic first, then static ones). */
  public static List<String> synonymsOf(String topicKey) {
    return SYNONYMS.getOrDefault(topicKey, List.of());
  }

  private static Map<String, String> dynamic() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("log.segment.bytes", LogConfig.SEGMENT_BYTES);
    keys.put("log.roll.ms", LogConfig.SEGMENT_MS);
    keys.put("log.retention.ms", LogConfig.RETENTION_MS);
    keys.put("log.retention.bytes", LogConfig.RETENTION_BYTES);
    keys.put("message.max.bytes", LogConfig.MAX_MESSAGE_BYTES);
    keys.put("log.flush.policy", LogConfig.FLUSH_POLICY);
    keys.put("log.index.interval.bytes", LogConfig.INDEX_INTERVAL_BYTES);
    keys.put("log.index.size.max.bytes", LogConfig.SEGMENT_INDEX_BYTES);
    keys.put("log.message.timestamp.type", LogConfig.MESSAGE_TIMESTAMP_TYPE);
    return Map.copyOf(keys);
  }

  private static Map<String, List<String>> synonyms() {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    keys.put(LogConfig.SEGMENT_BYTES, List.of("log.segment.bytes"));
    keys.put(LogConfig.SEGMENT_MS, List.of("log.roll.ms", "log.roll.hours"));
    keys.put(LogConfig.RETENTION_MS,
        List.of("log.retention.ms", "log.retention.minutes", "log.retention.hours"));
    keys.put(LogConfig.RETENTION_BYTES, List.of("log.retention.bytes"));
    keys.put(LogConfig.MAX_MESSAGE_BYTES, List.of("message.max.bytes"));
    keys.put(LogConfig.FLUSH_POLICY, List.of("log.flush.policy"));
    keys.put(LogConfig.INDEX_INTERVAL_BYTES, List.of("log.index.interval.bytes"));
    keys.put(LogConfig.SEGMENT_INDEX_BYTES, List.of("log.index.size.max.bytes"));
    keys.put(LogConfig.MESSAGE_TIMESTAMP_TYPE, List.of("log.message.timestamp.type"));
    keys.put(LogConfig.FILE_DELETE_DELAY_MS, List.of("log.segment.delete.delay.ms"));
    keys.put(TopicConfig.CLEANUP_POLICY_CONFIG, List.of("log.cleanup.policy"));
    keys.put(TopicConfig.COMPRESSION_TYPE_CONFIG, List.of("compression.type"));
    keys.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, List.of("min.insync.replicas"));
    keys.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG,
        List.of("unclean.leader.election.enable"));
    return Map.copyOf(keys);
  }
}
