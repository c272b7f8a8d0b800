package io.tideway.server;

import static io.tideway.server.BrokerConfigDef.LOG_FLUSH_POLICY;
import static io.tideway.server.BrokerConfigDef.LOG_INDEX_INTERVAL_BYTES;
import static io.tideway.server.BrokerConfigDef.LOG_INDEX_SIZE_MAX_BYTES;
import static io.tideway.server.BrokerConfigDef.LOG_MESSAGE_TIMESTAMP_TYPE;
import static io.tideway.server.BrokerConfigDef.LOG_RETENTION_BYTES;
import static io.tideway.server.BrokerConfigDef.LOG_RETENTION_MS;
import static io.tideway.server.BrokerConfigDef.LOG_ROLL_MS;
import static io.tideway.server.BrokerConfigDef.LOG_SEGMENT_BYTES;
import static io.tideway.server.BrokerConfigDef.MESSAGE_MAX_BYTES;

import io.tideway.broker.log.LogConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * The log configuration of a topic without overrides, derived from the broker's {@code log.*} and
 * {@code message.max.bytes} keys as Apache Kafka derives it: {@code log.segment.bytes} becomes
 * {@code segment.bytes}, {@code log.roll.ms} (or hours) {@code segment.ms}, and so on (see {@link
 * #BROKER_TO_TOPIC_KEY}).
 *
 * <p>Thread-safe: stateless.
 */
final class TopicDefaults {

    /** Broker key to the topic key whose default it sets, in reference order. */
    static final Map<String, String> BROKER_TO_TOPIC_KEY = brokerToTopicKey();

    private TopicDefaults() {
    }

    private static Map<String, String> brokerToTopicKey() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(LOG_SEGMENT_BYTES, LogConfig.SEGMENT_BYTES);
        keys.put(LOG_ROLL_MS, LogConfig.SEGMENT_MS);
        keys.put(LOG_RETENTION_MS, LogConfig.RETENTION_MS);
        keys.put(LOG_RETENTION_BYTES, LogConfig.RETENTION_BYTES);
        keys.put(LOG_INDEX_INTERVAL_BYTES, LogConfig.INDEX_INTERVAL_BYTES);
        keys.put(LOG_INDEX_SIZE_MAX_BYTES, LogConfig.SEGMENT_INDEX_BYTES);
        keys.put(MESSAGE_MAX_BYTES, LogConfig.MAX_MESSAGE_BYTES);
        keys.put(LOG_MESSAGE_TIMESTAMP_TYPE, LogConfig.MESSAGE_TIMESTAMP_TYPE);
        keys.put(LOG_FLUSH_POLICY, LogConfig.FLUSH_POLICY);
        return java.util.Collections.unmodifiableMap(keys);
    }

    /**
     * The topic defaults of {@code config}.
     *
     * @throws ConfigurationException when the log layer refuses a value the broker definition
     *     accepted (its ranges are stricter for a few keys), naming the broker key
     */
    static LogConfig from(BrokerConfig config) {
        Map<String, Object> topic = new LinkedHashMap<>();
        topic.put(LogConfig.SEGMENT_BYTES, config.logSegmentBytes());
        topic.put(LogConfig.SEGMENT_MS, config.logRoll().toMillis());
        topic.put(LogConfig.RETENTION_MS, config.logRetention().map(Duration::toMillis).orElse(-1L));
        topic.put(LogConfig.RETENTION_BYTES, config.logRetentionBytes());
        topic.put(LogConfig.INDEX_INTERVAL_BYTES, config.logIndexIntervalBytes());
        topic.put(LogConfig.SEGMENT_INDEX_BYTES, config.logIndexSizeMaxBytes());
        topic.put(LogConfig.MAX_MESSAGE_BYTES, config.messageMaxBytes());
        topic.put(LogConfig.MESSAGE_TIMESTAMP_TYPE, config.logMessageTimestampType());
        topic.put(LogConfig.FLUSH_POLICY,
                config.logFlushPolicy().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        try {
            return LogConfig.from(topic);
        } catch (ConfigException e) {
            throw new ConfigurationException("Invalid configuration: " + brokerKeyOf(e) + ": "
                    + e.getMessage());
        }
    }

    /** The broker key behind a topic key named in {@code e}'s message, for the operator. */
    private static String brokerKeyOf(ConfigException e) {
        String message = String.valueOf(e.getMessage());
        return BROKER_TO_TOPIC_KEY.entrySet().stream()
                .filter(entry -> message.contains(" " + entry.getValue() + ":")
                        || message.contains(" " + entry.getValue() + " "))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("log configuration");
    }
}
